package ingest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/bekasi/wfheval/pipeline"
)

// DuckDB's file readers (read_csv, read_parquet, read_json, …) take no
// parameter for the file: its name goes into the SQL text, and they expand
// * ? and […] in it as a glob (and braces, in some readers and versions),
// so read_csv('m[12].csv') reads m1.csv and m2.csv. Every name handed to
// them comes from duckdbPath.

// globChars are the characters a DuckDB reader may take as a pattern.
const globChars = "*?[]{}"

// errGlobName means a file whose name DuckDB would read as a pattern, when
// no link with a plain name could be made for it.
var errGlobName = errors.New("the file's name has one of the characters * ? [ ] { } that DuckDB's reader takes as a pattern")

// duckdbPath returns a name under which DuckDB's readers find fi's file
// and nothing else, and a func that removes whatever it made for that: the
// file's absolute path when it has no glob character; else a symbolic link
// named "input" with its container's extension (containers) in a new
// directory of the system's temporary directory. It checks that the name leads to the very file inspect read
// (as fileInfo.open does); the load checks it again before it commits
// (fileInfo.unchanged).
func (fi *fileInfo) duckdbPath() (string, func(), error) {
	ext := containers[fi.container].ext
	none := func() {}
	abs, err := filepath.Abs(fi.path)
	if err != nil {
		return "", none, err
	}
	name := abs
	done := none
	if strings.ContainsAny(abs, globChars) {
		dir, err := os.MkdirTemp("", "wfheval-input-")
		if err != nil {
			return "", none, fmt.Errorf("making a link to %s for DuckDB's reader: %w", displayName(fi.path), err)
		}
		done = func() { os.RemoveAll(dir) }
		name = filepath.Join(dir, "input"+ext)
		if strings.ContainsAny(name, globChars) {
			done()
			return "", none, &pipeline.FileError{File: fi.path, Err: fmt.Errorf("%w, and so has the temporary directory %s: rename the file", errGlobName, displayName(dir))}
		}
		// A symbolic link: a hard link would change the file's
		// status-change time, which tells that the file changed.
		if err := os.Symlink(abs, name); err != nil {
			done()
			return "", none, &pipeline.FileError{File: fi.path, Err: fmt.Errorf("%w, and no link to it could be made: %v; rename the file", errGlobName, err)}
		}
	}
	st, err := os.Stat(name)
	if err != nil || !sameState(fi.stat, st) {
		done()
		return "", none, fi.changed()
	}
	return name, done, nil
}
