package ingest

import (
	"os"
	"syscall"
	"time"
)

// changeTime returns the file's status-change time (st_ctimespec), which
// every write sets and no program can set back; zero if unknown.
func changeTime(fi os.FileInfo) time.Time {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return time.Unix(st.Ctimespec.Sec, st.Ctimespec.Nsec)
	}
	return time.Time{}
}
