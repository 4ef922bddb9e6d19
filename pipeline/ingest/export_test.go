package ingest

// SetRowHook installs a hook called before each row the careful path
// appends; an error from it fails the load there. Tests use it to fail a
// load in the middle of writing.
func SetRowHook(l *Loader, hook func(row int64) error) { l.rowHook = hook }
