//go:build !linux && !darwin

package ingest

import (
	"os"
	"time"
)

// changeTime is unknown here: size and modification time must do.
func changeTime(os.FileInfo) time.Time { return time.Time{} }
