package pipeline_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline"
)

// A failed write is one message naming the file asked for, not the
// temporary file it goes through ("writing d/x: open d/.x-123: …").
func TestWriteFileErrorNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "summary.json")
	err := pipeline.WriteFile(path, []byte("{}"))
	if want := "writing " + path + ": no such file or directory"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != path || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %#v, want a path error about %s", err, path)
	}
}

// tree is the files under dir with their contents, hidden ones included.
func tree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			b.WriteString(rel + "/\n")
			return nil
		}
		data, _ := os.ReadFile(p)
		b.WriteString(rel + "=" + string(data) + "\n")
		return nil
	})
	return b.String()
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Staged outputs replace only the files written, whole; Undo puts the old
// ones back; Close leaves nothing of the staging behind.
func TestStaged(t *testing.T) {
	t.Run("new directory", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "a", "out")
		s, err := pipeline.Stage(out)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(s.Dir(), "summary.json"), "new")
		if _, err := os.Stat(out); err == nil {
			t.Error("the directory exists before Publish")
		}
		if err := s.Publish(); err != nil {
			t.Fatal(err)
		}
		s.Close()
		if got := tree(t, filepath.Dir(out)); got != "./\nout/\nout/summary.json=new\n" {
			t.Errorf("after Publish:\n%s", got)
		}
	})
	t.Run("existing directory", func(t *testing.T) {
		out := t.TempDir()
		write(t, filepath.Join(out, "summary.json"), "old")
		write(t, filepath.Join(out, "charts", "a.svg"), "old a")
		write(t, filepath.Join(out, "charts", "keep.png"), "keep")
		write(t, filepath.Join(out, "notes.txt"), "mine")
		before := tree(t, out)
		s, err := pipeline.Stage(out)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(s.Dir(), "summary.json"), "new")
		write(t, filepath.Join(s.Dir(), "charts", "a.svg"), "new a")
		write(t, filepath.Join(s.Dir(), "report.pdf"), "new pdf")
		if err := s.Publish(); err != nil {
			t.Fatal(err)
		}
		want := "./\ncharts/\ncharts/a.svg=new a\ncharts/keep.png=keep\nnotes.txt=mine\nreport.pdf=new pdf\nsummary.json=new\n"
		if err := s.Undo(); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(filepath.Join(out, "summary.json")); string(b) != "old" {
			t.Errorf("after Undo summary.json holds %q", b)
		}
		if _, err := os.Stat(filepath.Join(out, "report.pdf")); err == nil {
			t.Error("after Undo report.pdf exists")
		}
		s.Close()
		if got := tree(t, out); got != before {
			t.Errorf("after Undo and Close:\n%s\nwant\n%s", got, before)
		}

		s, err = pipeline.Stage(out)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(s.Dir(), "summary.json"), "new")
		write(t, filepath.Join(s.Dir(), "charts", "a.svg"), "new a")
		write(t, filepath.Join(s.Dir(), "report.pdf"), "new pdf")
		if err := s.Publish(); err != nil {
			t.Fatal(err)
		}
		s.Close()
		if got := tree(t, out); got != want {
			t.Errorf("after Publish and Close:\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("a directory in the way", func(t *testing.T) {
		out := t.TempDir()
		write(t, filepath.Join(out, "summary.json"), "old")
		write(t, filepath.Join(out, "report.html", "x"), "a directory")
		before := tree(t, out)
		s, err := pipeline.Stage(out)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		write(t, filepath.Join(s.Dir(), "summary.json"), "new")
		write(t, filepath.Join(s.Dir(), "report.html"), "new")
		err = s.Publish()
		if err == nil || !strings.Contains(err.Error(), "report.html: a directory is in the way") {
			t.Errorf("error %v", err)
		}
		s.Close()
		if got := tree(t, out); got != before {
			t.Errorf("after a failed Publish:\n%s\nwant\n%s", got, before)
		}
	})
	t.Run("not a directory", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "f")
		write(t, file, "")
		if _, err := pipeline.Stage(file); err == nil || !strings.Contains(err.Error(), "not a directory") {
			t.Errorf("error %v", err)
		}
	})
	t.Run("errors name the output", func(t *testing.T) {
		out := t.TempDir()
		s, err := pipeline.Stage(out)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		err = pipeline.WriteFile(filepath.Join(s.Dir(), "charts", "a.svg"), nil)
		if want := "writing " + filepath.Join(out, "charts", "a.svg") + ": no such file or directory"; s.Name(err).Error() != want {
			t.Errorf("error %v, want %q", s.Name(err), want)
		}
	})
}
