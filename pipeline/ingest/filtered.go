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

// checked is Go's check of every row of a file, keeping what the filtered
// path needs: the rejects, the lines of the bad rows and the lines whose
// key hashes repeat (cands). The fast path makes it while DuckDB's reader
// loads the file; when the file has a few bad rows after all, the filtered
// path goes on from it instead of checking every row again.
type checked struct {
	v       *validator
	read    int64
	rejects []rejectRow
	bad     map[int]bool
	cands   []int
	tooMany bool // more than maxFilteredRejects bad rows: the check stopped there
	// badKeys are the keys of the bad rows whose key parsed and whose key
	// hash no good row has, as keyString writes them: DuckDB's reader may
	// load such a row all the same, and loadFast deletes it by its key.
	// (A bad row whose key a good row has is not among them: DuckDB's
	// reader must leave it out, or the load goes to the filtered path.)
	badKeys []string
	// misshapen: a bad row is not a row of the header's fields as both
	// readers see it (another number of fields in a record with quotes,
	// broken quoting, a record too long to read): DuckDB's reader may not
	// see it as one row
	misshapen bool
	// proved: the check read every row and their number styles prove the
	// locales it read them in (passCheck.evidence)
	proved bool
}

// clean reports whether DuckDB's reader may load the file as it is.
func (p *checked) clean() bool {
	return !p.tooMany && len(p.bad) == 0 && len(p.cands) == 0 && p.v.readable()
}

// checkAll checks every row of a file (checked), keeping the line of every
// good row's key hash to find the rows of repeated keys (cands). stop, when
// set, runs once, at the first sign that the file cannot load in DuckDB's
// one read (loadFast): a bad row not of the header's shape, a key repeated
// soon after its first row.
func (l *Loader) checkAll(ctx context.Context, fi *fileInfo, c passCheck, stop func()) (*checked, error) {
	signal := func() {
		if stop != nil {
			stop()
			stop = nil
		}
	}
	p := &checked{v: newValidator(c), bad: map[int]bool{}}
	p.v.keys = newKeySet(true, expectRows(fi))
	defer p.v.keys.close() // let the hashes go
	var badHashes []uint64
	err := l.scan(ctx, fi, c.h, func(rec *record) error {
		if c.evidence != nil {
			c.evidence.see(c.h, rec)
		}
		p.read++
		faults := p.v.row(rec, nil)
		if len(faults) == 0 {
			p.v.trackAt(rec.line)
			if p.v.keys.near {
				signal()
			}
			return nil
		}
		if len(p.bad) == maxFilteredRejects {
			return errTooManyRejects
		}
		p.bad[rec.line] = true
		if p.v.misshapen {
			p.misshapen = true
			signal()
		}
		for _, f := range faults {
			p.rejects = append(p.rejects, rejectOf(rec, f))
		}
		if key, keyed := p.v.keyOf(rec); keyed {
			// keyOf parsed the key as a good row's: its hash is the one
			// a good row with the same key has.
			p.badKeys, badHashes = append(p.badKeys, key), append(badHashes, p.v.keyHash.Sum64())
		}
		return nil
	})
	switch {
	case errors.Is(err, errTooManyRejects):
		p.tooMany = true
	case err != nil:
		return nil, err
	default:
		probe := map[uint64]bool{}
		for _, h := range badHashes {
			probe[h] = false
		}
		var err error
		if p.cands, err = p.v.keys.repeatedLines(probe); err != nil {
			return nil, err
		}
		// A bad row whose key a good row may have stays out of the keys
		// to delete: the delete would take the good row.
		alone := p.badKeys[:0]
		for i, h := range badHashes {
			if !probe[h] {
				alone = append(alone, p.badKeys[i])
			}
		}
		p.badKeys = alone
		p.proved = c.evidence != nil && c.evidence.proves(fi.path, c.h, c.locales)
	}
	return p, nil
}

// loadFiltered loads a file that has a few bad rows with DuckDB's reader
// all the same: Go checks every row and keeps the faults, finds the keys
// the file repeats, writes a copy of the file without those lines, and
// DuckDB reads the copy. The rejects are the same as Go's reader would
// write (the corpus test loads every case both ways). It returns
// errFastPathDisagrees when the file is not one for DuckDB's reader after
// all. prior, when not nil, is the check of every row the fast path made,
// in the same locales.
func (l *Loader) loadFiltered(ctx context.Context, fi *fileInfo, c passCheck, res Result, prior *checked) (Result, error) {
	if strings.ContainsAny(os.TempDir(), globChars) {
		// DuckDB's reader would take the copy's name for a pattern.
		return res, errFastPathDisagrees
	}
	p := prior
	if p == nil {
		var err error
		if p, err = l.checkAll(ctx, fi, c, nil); err != nil {
			return res, err
		}
	}
	if p.tooMany || !p.v.readable() {
		return res, errFastPathDisagrees
	}
	rejects, bad, read, cands := p.rejects, p.bad, p.read, p.cands
	if len(cands) > 2*maxFilteredRejects {
		return res, errFastPathDisagrees
	}
	forms := p.v.forms

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

	defer l.resetOptimizers(ctx)
	err = l.inLoad(ctx, fi, c.h, &res, func(conn *sql.Conn, id int64) ([]rejectRow, error) {
		n, err := l.insertRows(ctx, conn, fi, c, forms, copyPath, false, id)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errFastPathDisagrees, err)
		}
		if n != read-int64(len(bad)) {
			return nil, errFastPathDisagrees
		}
		res.RowsRead, res.RowsLoaded, res.RowsRejected, res.way = read, n, int64(len(bad)), wayCopy
		return rejects, nil
	})
	res.FastPath = err == nil
	if err != nil {
		res.way = "" // another path takes the file
	}
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
