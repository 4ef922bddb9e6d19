package ingest

import (
	"bufio"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/bekasi/wfheval/pipeline"
)

// maxFilteredRejects is how many bad rows a file may have and still be
// loaded by DuckDB's reader (from a copy without them); a file with more
// goes through Go's reader.
const maxFilteredRejects = 10000

var errTooManyRejects = errors.New("ingest: too many bad rows for DuckDB's reader")

// loadFiltered loads a file that has a few bad rows with DuckDB's reader
// all the same: Go checks every row and keeps the faults, finds the keys
// the file repeats, writes a copy of the file without those lines, and
// DuckDB reads the copy. The rejects are the same as Go's reader would
// write (the corpus test loads every case both ways). It returns
// errFastPathDisagrees when the file is not one for DuckDB's reader after
// all.
func (l *Loader) loadFiltered(ctx context.Context, fi *fileInfo, c passCheck, res Result) (Result, error) {
	if strings.ContainsAny(os.TempDir(), globChars) {
		// DuckDB's reader would take the copy's name for a pattern.
		return res, errFastPathDisagrees
	}
	v := newValidator(c)
	v.trackLines = true
	var rejects []rejectRow
	bad := map[int]bool{}
	var read int64
	err := l.scan(ctx, fi, c.h, func(rec *record) error {
		read++
		faults := v.row(rec, nil)
		if len(faults) == 0 {
			v.trackAt(rec.line)
			return nil
		}
		if len(bad) == maxFilteredRejects {
			return errTooManyRejects
		}
		bad[rec.line] = true
		for _, f := range faults {
			rejects = append(rejects, rejectOf(rec, f))
		}
		return nil
	})
	switch {
	case errors.Is(err, errTooManyRejects):
		return res, errFastPathDisagrees
	case err != nil:
		return res, err
	case !v.readable():
		return res, errFastPathDisagrees
	}
	cands := v.repeatedLines()
	if len(cands) > 2*maxFilteredRejects {
		return res, errFastPathDisagrees
	}
	forms := v.forms
	v = nil // let the hashes go

	// One more pass writes the copy for DuckDB's reader, leaving out the
	// bad rows and the rows whose key an earlier row has.
	copyPath, dups, err := l.writeWithout(ctx, fi, c, bad, cands)
	if err != nil {
		return res, err
	}
	defer os.Remove(copyPath)
	for _, d := range dups {
		bad[d.line] = true
	}
	rejects = append(rejects, dups...)

	err = l.inLoad(ctx, fi, c.h, &res, func(conn *sql.Conn, id int64) ([]rejectRow, error) {
		n, err := execCount(ctx, conn, fastInsertSQL(c.h, forms, copyPath, false), id)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errFastPathDisagrees, err)
		}
		if n != read-int64(len(bad)) {
			return nil, errFastPathDisagrees
		}
		res.RowsRead, res.RowsLoaded, res.RowsRejected = read, n, int64(len(bad))
		return rejects, nil
	})
	res.FastPath = err == nil
	return res, err
}

// writeWithout copies a text file for DuckDB's reader, as UTF-8, leaving
// out the rows at the lines in bad, and among the rows at the lines in
// cands (whose key hashes repeat) each whose key an earlier one has: those
// it returns as rejects, as Go's reader would. Title and header lines stay,
// so the header stands at the same line. It returns the copy's path.
func (l *Loader) writeWithout(ctx context.Context, fi *fileInfo, c passCheck, bad map[int]bool, cands []int) (string, []rejectRow, error) {
	// The copy's name has the file's, without what DuckDB's reader would
	// take for a pattern (or a message would show oddly).
	base := strings.Map(func(r rune) rune {
		if strings.ContainsRune(globChars, r) || !unicode.IsPrint(r) || r == '/' || r == '\\' {
			return '_'
		}
		return r
	}, strings.TrimSuffix(filepath.Base(fi.path), ".gz"))
	out, err := os.CreateTemp("", "wfheval-"+base+"-*.csv")
	if err != nil {
		return "", nil, err
	}
	w := bufio.NewWriterSize(out, 1<<20)
	fail := func(err error) (string, []rejectRow, error) {
		out.Close()
		os.Remove(out.Name())
		var fe *pipeline.FileError
		if errors.As(err, &fe) {
			return "", nil, err // it names the file
		}
		return "", nil, fmt.Errorf("copying %s without its bad rows: %w", displayName(fi.path), err)
	}
	// The lines down to the header, as they are.
	rc, err := fi.openText(nil)
	if err != nil {
		return fail(err)
	}
	r := newCSVReader(rc, c.h.delim)
	for r.line < c.h.line {
		line, err := r.readLine()
		if err != nil {
			rc.Close()
			return fail(err)
		}
		w.Write(line)
		w.WriteByte('\n')
	}
	rc.Close()

	k := c.h.kind
	v := newValidator(c)
	keys := newExactKeys(k)
	vals := make([]driver.Value, len(k.columns))
	var dups []rejectRow
	err = l.scan(ctx, fi, c.h, func(rec *record) error {
		if bad[rec.line] {
			return nil
		}
		if _, cand := slices.BinarySearch(cands, rec.line); cand && len(v.row(rec, vals)) == 0 {
			if f, dup := keys.repeat(vals, rec.line); dup {
				dups = append(dups, rejectOf(rec, f))
				return nil
			}
		}
		w.Write(rec.raw)
		return w.WriteByte('\n')
	})
	if err != nil {
		return fail(err)
	}
	if err := errors.Join(w.Flush(), out.Close()); err != nil {
		os.Remove(out.Name())
		return "", nil, err
	}
	return out.Name(), dups, nil
}
