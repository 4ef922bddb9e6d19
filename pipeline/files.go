package pipeline

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// WriteFile writes b to path (mode 0644) through a temporary file in the
// same directory, renamed into place, so that a reader never sees half an
// output: summary.json and the reports are read by other programs.
//
// An error is an *fs.PathError with Op "writing" and Path path, whatever
// step failed: one message naming the file asked for ("writing
// out/summary.json: no space left on device"), not the temporary file.
func WriteFile(path string, b []byte) error {
	fail := func(err error) error {
		return &fs.PathError{Op: "writing", Path: path, Err: cause(err)}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return fail(err)
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fail(err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fail(err)
	}
	return nil
}

// cause returns the error of the system call under a path error, so a
// message names its file once.
func cause(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}

// Staged is an output directory whose new files are written aside and
// swapped in at once, so that a command that fails or is interrupted
// leaves the directory as it was and no half-written file in it.
//
// Stage checks that the directory can be written and makes the staging
// directory: a missing directory is staged as a sibling (".NAME.new-…")
// renamed into place whole by Publish; an existing one is staged inside
// it (".wfheval-new-…"), and Publish moves each staged file into place,
// keeping the file it replaces aside until Close, so Undo can put it
// back. Files of the directory that the command does not write (the
// reports of a format not asked for, the demo's data and database) are
// left alone.
type Staged struct {
	dir   string // the destination
	tmp   string // where the outputs are written
	fresh bool   // dir did not exist: tmp becomes dir
	old   string // the replaced files, during Publish; "" until needed
	moves []move // what Publish did, in order, for Undo
}

type move struct{ from, to string }

// Stage prepares dir for new outputs; write them into s.Dir(), then
// Publish, and Close in any case.
func Stage(dir string) (*Staged, error) {
	s := &Staged{dir: filepath.Clean(dir)}
	fi, err := os.Stat(s.dir)
	switch {
	case err == nil && !fi.IsDir():
		return nil, fmt.Errorf("writing into %s: not a directory", dir)
	case err == nil:
		s.tmp, err = mkdirUnique(s.dir, ".wfheval-new-")
	case errors.Is(err, fs.ErrNotExist):
		parent := filepath.Dir(s.dir)
		if err = os.MkdirAll(parent, 0o755); err == nil {
			s.fresh = true
			s.tmp, err = mkdirUnique(parent, "."+filepath.Base(s.dir)+".new-")
		}
	}
	if err != nil {
		return nil, fmt.Errorf("writing into %s: %w", dir, cause(err))
	}
	return s, nil
}

// mkdirUnique makes a new directory in parent named prefix and a random
// suffix, with the user's umask (os.MkdirTemp forces 0700).
func mkdirUnique(parent, prefix string) (string, error) {
	for range 100 {
		var b [6]byte
		rand.Read(b[:])
		p := filepath.Join(parent, prefix+hex.EncodeToString(b[:]))
		err := os.Mkdir(p, 0o755)
		if err == nil || !errors.Is(err, fs.ErrExist) {
			return p, err
		}
	}
	return "", fmt.Errorf("making a staging directory in %s: too many tries", parent)
}

// Dir returns the directory to write the new outputs into.
func (s *Staged) Dir() string { return s.tmp }

// Target returns the directory the outputs are for.
func (s *Staged) Target() string { return s.dir }

// Name rewrites a path error about a staged file to name the file it
// stands for ("writing out/summary.json: …"), and returns other errors
// unchanged.
func (s *Staged) Name(err error) error {
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		return err
	}
	rel, rerr := filepath.Rel(s.tmp, pe.Path)
	if rerr != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return err
	}
	return &fs.PathError{Op: pe.Op, Path: filepath.Join(s.dir, rel), Err: pe.Err}
}

// Publish moves the staged outputs into the directory. On an error it
// puts back what it moved and returns the error: the directory is as
// before.
func (s *Staged) Publish() error {
	if s.fresh {
		if err := os.Rename(s.tmp, s.dir); err != nil {
			return fmt.Errorf("writing %s: %w", s.dir, cause(err))
		}
		s.moves = append(s.moves, move{s.tmp, s.dir})
		return nil
	}
	if err := s.check(s.tmp, s.dir); err != nil {
		return err
	}
	if err := s.publish(s.tmp, s.dir); err != nil {
		if uerr := s.Undo(); uerr != nil {
			return fmt.Errorf("%w (and putting back the previous files: %w)", err, uerr)
		}
		return err
	}
	return nil
}

// check reports, before anything moves, a staged file whose place holds a
// directory or a staged directory whose place holds a file.
func (s *Staged) check(from, to string) error {
	es, err := os.ReadDir(from)
	if err != nil {
		return fmt.Errorf("reading %s: %w", from, err)
	}
	for _, e := range es {
		dst := filepath.Join(to, e.Name())
		fi, err := os.Lstat(dst)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return fmt.Errorf("writing %s: %w", dst, cause(err))
		case e.IsDir() && fi.IsDir():
			if err := s.check(filepath.Join(from, e.Name()), dst); err != nil {
				return err
			}
		case e.IsDir() != fi.IsDir():
			return fmt.Errorf("writing %s: a %s is in the way; move it", dst, kind(fi))
		}
	}
	return nil
}

func kind(fi fs.FileInfo) string {
	if fi.IsDir() {
		return "directory"
	}
	return "file"
}

func (s *Staged) publish(from, to string) error {
	es, err := os.ReadDir(from)
	if err != nil {
		return fmt.Errorf("reading %s: %w", from, err)
	}
	for _, e := range es {
		src, dst := filepath.Join(from, e.Name()), filepath.Join(to, e.Name())
		fi, err := os.Lstat(dst)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			// nothing to replace
		case err != nil:
			return fmt.Errorf("writing %s: %w", dst, cause(err))
		case e.IsDir() && fi.IsDir():
			if err := s.publish(src, dst); err != nil {
				return err
			}
			continue
		default:
			if err := s.setAside(dst); err != nil {
				return err
			}
		}
		if err := os.Rename(src, dst); err != nil {
			return fmt.Errorf("writing %s: %w", dst, cause(err))
		}
		s.moves = append(s.moves, move{src, dst})
	}
	return nil
}

// setAside moves the file at dst into the directory of replaced files.
func (s *Staged) setAside(dst string) error {
	if s.old == "" {
		old, err := mkdirUnique(s.dir, ".wfheval-old-")
		if err != nil {
			return fmt.Errorf("writing into %s: %w", s.dir, cause(err))
		}
		s.old = old
	}
	rel, err := filepath.Rel(s.dir, dst)
	if err != nil {
		return err
	}
	aside := filepath.Join(s.old, rel)
	if err := os.MkdirAll(filepath.Dir(aside), 0o755); err != nil {
		return fmt.Errorf("writing into %s: %w", s.dir, cause(err))
	}
	if err := os.Rename(dst, aside); err != nil {
		return fmt.Errorf("replacing %s: %w", dst, cause(err))
	}
	s.moves = append(s.moves, move{dst, aside})
	return nil
}

// Undo puts back what Publish moved, newest first: the directory is as
// before Publish.
func (s *Staged) Undo() error {
	var errs []error
	for i := len(s.moves) - 1; i >= 0; i-- {
		m := s.moves[i]
		if err := os.Rename(m.to, m.from); err != nil {
			errs = append(errs, cause(err))
		}
	}
	s.moves = nil
	if len(errs) > 0 {
		return fmt.Errorf("putting back the previous files of %s (%d moves failed): %w", s.dir, len(errs), errs[0])
	}
	return nil
}

// Close removes the staging directory and the replaced files. Call it in
// any case once the outputs are published or given up.
func (s *Staged) Close() error {
	var first error
	for _, p := range []string{s.tmp, s.old} {
		if p == "" {
			continue
		}
		if err := os.RemoveAll(p); err != nil && first == nil {
			first = err
		}
	}
	s.moves = nil
	return first
}
