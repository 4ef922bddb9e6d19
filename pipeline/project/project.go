// Package project is the folder of a monthly evaluation (docs/contract.md
// §8, docs/cycle.md): DIR/policy.yaml, DIR/inbox (the departments' exports
// as they arrive), DIR/archive/YYYY-MM (the files loaded in a month's run),
// DIR/reports/YYYY-MM (what a run publishes) and DIR/wfheval.duckdb. It
// knows paths and files only; the commands open the database.
package project

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The names inside a project folder.
const (
	PolicyFile   = "policy.yaml"
	ReadmeFile   = "README.md"
	DatabaseFile = "wfheval.duckdb"
	InboxDir     = "inbox"
	ArchiveDir   = "archive"
	ReportsDir   = "reports"
	ChangesFile  = "changes.md"
	// ErrorSuffix ends the file beside an inbox file that failed to load:
	// attendance.csv.error.txt holds its one-line error.
	ErrorSuffix = ".error.txt"
)

// ErrNotProject means a folder has no policy.yaml.
var ErrNotProject = errors.New("project: not a project folder")

// Dir is a project folder.
type Dir string

func (d Dir) Policy() string   { return filepath.Join(string(d), PolicyFile) }
func (d Dir) Database() string { return filepath.Join(string(d), DatabaseFile) }
func (d Dir) Inbox() string    { return filepath.Join(string(d), InboxDir) }
func (d Dir) Reports() string  { return filepath.Join(string(d), ReportsDir) }

// Archive returns the folder of the files loaded in month's run.
func (d Dir) Archive(month string) string { return filepath.Join(string(d), ArchiveDir, month) }

// Check returns ErrNotProject (with the path and what to do) unless d has a
// policy.yaml.
func (d Dir) Check() error {
	if _, err := os.Stat(d.Policy()); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: %w (no %s); create one with wfheval init %s", string(d), ErrNotProject, PolicyFile, string(d))
	} else if err != nil {
		return err
	}
	return nil
}

// InboxFiles returns the files waiting in the inbox, by name: regular
// files, not hidden ones (a name starting with '.') and not the
// FILE.error.txt notes.
func (d Dir) InboxFiles() ([]string, error) {
	entries, err := os.ReadDir(d.Inbox())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the inbox: %w", err)
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || strings.HasSuffix(name, ErrorSuffix) || !e.Type().IsRegular() {
			continue
		}
		out = append(out, filepath.Join(d.Inbox(), name))
	}
	slices.Sort(out)
	return out, nil
}

// SHA256 returns the hex sha256 of a file, as load_log records it.
func SHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("reading %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Fingerprint is the data fingerprint of a run: the sha256 over the ok
// loads' sha256s in load_id order, each followed by a newline.
func Fingerprint(loadSHA256s []string) string {
	h := sha256.New()
	for _, s := range loadSHA256s {
		io.WriteString(h, s+"\n")
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ArchiveFile moves an inbox file into the month's archive folder and
// returns its new path. A file of the same name archived before is kept:
// the new one gets a suffix before its extension
// (attendance_2026-02_2.csv). The FILE.error.txt of an earlier failed try
// is removed.
func (d Dir) ArchiveFile(path, month string) (string, error) {
	dir := d.Archive(month)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("archiving %s: %w", path, err)
	}
	name := filepath.Base(path)
	stem, ext := name, ""
	if i := strings.Index(name[1:], "."); i >= 0 {
		stem, ext = name[:i+1], name[i+1:]
	}
	dst := filepath.Join(dir, name)
	for n := 2; ; n++ {
		if _, err := os.Lstat(dst); errors.Is(err, fs.ErrNotExist) {
			break
		}
		dst = filepath.Join(dir, stem+"_"+strconv.Itoa(n)+ext)
	}
	if err := os.Rename(path, dst); err != nil {
		return "", fmt.Errorf("archiving %s: %w", path, err)
	}
	if err := os.Remove(path + ErrorSuffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return dst, fmt.Errorf("removing the old %s: %w", filepath.Base(path)+ErrorSuffix, err)
	}
	return dst, nil
}

// WriteError writes FILE.error.txt beside an inbox file that failed: the
// error on one line.
func WriteError(path, msg string) error {
	return os.WriteFile(path+ErrorSuffix, []byte(strings.Join(strings.Fields(msg), " ")+"\n"), 0o644)
}

var monthForm = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)

// ParseMonth reads YYYY-MM and returns the month's first day (UTC).
func ParseMonth(s string) (time.Time, error) {
	if !monthForm.MatchString(s) {
		return time.Time{}, fmt.Errorf("month %q: want YYYY-MM, e.g. 2026-01", s)
	}
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("month %q: want YYYY-MM, e.g. 2026-01", s)
	}
	return t, nil
}

// MonthEnd returns the last day of the month of t.
func MonthEnd(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC)
}

// ReportDir returns the folder a run of month publishes into: reports/MONTH,
// or for a rerun the first free reports/MONTH-r2, -r3, …; rerun says which.
// A published folder is never reused.
func (d Dir) ReportDir(month string) (dir string, rerun int, err error) {
	dir = filepath.Join(d.Reports(), month)
	for n := 2; ; n++ {
		_, err := os.Lstat(dir)
		if errors.Is(err, fs.ErrNotExist) {
			return dir, rerun, nil
		}
		if err != nil {
			return "", 0, err
		}
		rerun = n
		dir = filepath.Join(d.Reports(), month+"-r"+strconv.Itoa(n))
	}
}

// OfDatabase returns the project whose database is at path: a file named
// wfheval.duckdb beside a policy.yaml. ok is false for any other database.
// An evaluate on a project's database is a what-if (docs/contract.md §8).
func OfDatabase(path string) (d Dir, ok bool) {
	if filepath.Base(path) != DatabaseFile {
		return "", false
	}
	d = Dir(filepath.Dir(path))
	if fi, err := os.Stat(d.Policy()); err != nil || !fi.Mode().IsRegular() {
		return "", false
	}
	return d, true
}
