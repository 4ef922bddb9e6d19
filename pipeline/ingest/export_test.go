package ingest

import (
	"context"
	"os"
)

// Way says how a load's rows came in: "Go's reader", or DuckDB's reader in
// "one read", "one read, bad rows deleted by key" or from "a copy without
// the bad rows".
func Way(r Result) string {
	if r.way == "" {
		return "Go's reader"
	}
	return r.way
}

// SetRowHook installs a hook called before each row the careful path
// appends; an error from it fails the load there. Tests use it to fail a
// load in the middle of writing.
func SetRowHook(l *Loader, hook func(row int64) error) { l.rowHook = hook }

// SetFinishHook installs a hook called after the rows are written and
// before load_log and COMMIT, on every path; an error from it fails the
// load there.
func SetFinishHook(l *Loader, hook func() error) { l.finishHook = hook }

// SetReplacedHook installs a hook called after the rows of earlier loads
// were replaced and their history written, before load_log and COMMIT; an
// error from it fails the load there.
func SetReplacedHook(l *Loader, hook func() error) { l.replacedHook = hook }

// SetReadHook installs a hook called before each read of a file's
// container that recovers the reader's panic, with the container's format
// (XLSX, Parquet, gzip, text) and the row about to be read (0 for bytes);
// a panic in it stands for a panic of that reader.
func SetReadHook(l *Loader, hook func(format string, row int)) { l.readHook = hook }

// CheckWorkbook runs the size checks inspect makes of a workbook before
// excelize opens it.
func CheckWorkbook(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	return checkWorkbook(path, f, st.Size())
}

// SetKeyRun sets how many key hashes a pass holds before writing them to a
// run on disk, and returns a function that puts it back.
func SetKeyRun(n int) (restore func()) {
	old := keyRun
	keyRun = n
	return func() { keyRun = old }
}

// SetParquetWindows sets how many rows the first and the later queries of
// a Parquet file read, and returns a function that puts them back.
func SetParquetWindows(first, later int64) (restore func()) {
	old := parquetWindows
	parquetWindows = [2]int64{first, later}
	return func() { parquetWindows = old }
}

// SetCarefulKeysInMemory sets the size of the largest file whose keys the
// careful path holds all in a map, and returns a function that puts it back.
func SetCarefulKeysInMemory(n int64) (restore func()) {
	old := carefulKeysInMemory
	carefulKeysInMemory = n
	return func() { carefulKeysInMemory = old }
}

// CheckEveryRow runs Go's check of every row of the file at path, as the
// load's one read makes it beside DuckDB's reader (loadFast), without
// loading anything, and returns the rows it read and the bad ones.
func CheckEveryRow(ctx context.Context, l *Loader, path string) (read, bad int64, err error) {
	fi, h, err := l.prepare(ctx, path)
	if err != nil {
		return 0, 0, err
	}
	c, err := l.newPassCheck(ctx, path, h)
	if err != nil {
		return 0, 0, err
	}
	if c.locales, err = l.decideLocales(ctx, fi, h, sampleRows); err != nil {
		return 0, 0, err
	}
	c.tentative, c.evidence = true, newLocaleEvidence(h, "auto")
	p, err := l.checkAll(ctx, fi, c, nil)
	if err != nil {
		return 0, 0, err
	}
	return p.read, int64(len(p.bad)), nil
}
