package ingest

import (
	"os"
	"syscall"
	"time"
)

// changeTime returns the file's status-change time (st_ctim), which every
// write sets and no program can set back; zero if unknown.
func changeTime(fi os.FileInfo) time.Time {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return time.Unix(int64(st.Ctim.Sec), int64(st.Ctim.Nsec)) // int32 on 32-bit systems
	}
	return time.Time{}
}
