package store_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline/store"
)

// newDB makes a wfheval database at path and closes it.
func newDB(t *testing.T, path string) {
	t.Helper()
	db, err := store.Open(context.Background(), path, store.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}

// A database path is a file name, never part of DuckDB's connection
// string: a path that would add options ("?access_mode=READ_WRITE" after
// an empty file of that name opened the real database writable), drop
// them ("#" made the rest a URL fragment, READ_ONLY with it) or fail to
// parse is refused with ErrPath, and no file is created or changed.
func TestOpenRefusesConnectionStrings(t *testing.T) {
	tests := []struct {
		name string
		path string // relative to the test's directory
		file bool   // an empty file of that name exists
	}{
		{"options after ?", "x.duckdb?access_mode=READ_WRITE&temp_directory=t", true},
		{"question mark", "x.duckdb?", true},
		{"fragment swallows read-only", "x#y.duckdb", false},
		{"bad percent escape", "x%zz.duckdb", true},
		{"control character", "x\n.duckdb", true},
	}
	for _, tc := range tests {
		for _, ro := range []bool{true, false} {
			name := tc.name + map[bool]string{true: "/read-only", false: "/read-write"}[ro]
			t.Run(name, func(t *testing.T) {
				dir := t.TempDir()
				real := filepath.Join(dir, "x.duckdb")
				newDB(t, real)
				path := filepath.Join(dir, tc.path)
				if tc.file {
					if err := os.WriteFile(path, nil, 0o644); err != nil {
						t.Fatal(err)
					}
				} else {
					newDB(t, filepath.Join(dir, "x"))
					if err := os.Rename(filepath.Join(dir, "x"), path); err != nil {
						t.Fatal(err)
					}
				}
				before := listing(t, dir)
				db, err := store.Open(context.Background(), path, store.Options{Threads: 1, ReadOnly: ro})
				if err == nil {
					var mode string
					db.SQL().QueryRow(`SELECT current_setting('access_mode')`).Scan(&mode)
					db.Close()
					t.Fatalf("opened %q (access mode %s)", path, mode)
				}
				if !errors.Is(err, store.ErrPath) || strings.Contains(err.Error(), "\n") {
					t.Errorf("error %q, want one line wrapping ErrPath", err)
				}
				if after := listing(t, dir); after != before {
					t.Errorf("files changed:\n%s\nwant\n%s", after, before)
				}
			})
		}
	}
}

// listing is the names and sizes of the files in dir.
func listing(t *testing.T, dir string) string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range es {
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(e.Name())
		if !e.IsDir() {
			b.WriteString(" " + strings.Repeat("#", int(min(fi.Size(), 1))))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// Names that DuckDB reads as something other than a file (":memory:",
// "~/…", which it expands to $HOME) open the file of that name in the
// current directory, as any other program would: nothing is written
// elsewhere, and the database persists.
func TestOpenSpecialNamesAreFiles(t *testing.T) {
	for _, name := range []string{":memory:", "~/w.duckdb", "md:w.duckdb", "file:w.duckdb"} {
		t.Run(name, func(t *testing.T) {
			dir, home := t.TempDir(), t.TempDir()
			t.Chdir(dir)
			t.Setenv("HOME", home)
			db, err := store.Open(context.Background(), name, store.Options{Threads: 1})
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
			if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
				t.Errorf("no database file %s in the current directory: %v", name, err)
			}
			if es, _ := os.ReadDir(home); len(es) > 0 {
				t.Errorf("wrote into $HOME: %v", es[0].Name())
			}
		})
	}
}

// The access mode DuckDB reports is the one asked for.
func TestOpenAccessMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.duckdb")
	newDB(t, path)
	for _, ro := range []bool{false, true} {
		db, err := store.Open(context.Background(), path, store.Options{Threads: 1, ReadOnly: ro})
		if err != nil {
			t.Fatal(err)
		}
		var mode string
		if err := db.SQL().QueryRow(`SELECT current_setting('access_mode')`).Scan(&mode); err != nil {
			t.Fatal(err)
		}
		db.Close()
		if want := map[bool]string{true: "read_only", false: "read_write"}[ro]; mode != want {
			t.Errorf("ReadOnly %v: access mode %s, want %s", ro, mode, want)
		}
	}
}

// A writable open with MustExist refuses a missing file instead of
// creating an empty database (evaluate --db of a typo).
func TestOpenMustExist(t *testing.T) {
	path := filepath.Join(t.TempDir(), "typo.duckdb")
	if _, err := store.Open(context.Background(), path, store.Options{MustExist: true}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("error %v, want ErrNotFound", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("the missing file was created")
	}
}

// Options out of bounds are refused before DuckDB sees them, with what
// is allowed: --threads 100000 aborted the process in pthread_create,
// -1 printed DuckDB's syntax error. The environment variables are
// checked by the same rules.
func TestOptionsBounds(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, nil, 0o644)
	tests := []struct {
		name string
		opts store.Options
		env  map[string]string
		want string // part of the message; "" = accepted
	}{
		{"threads 1", store.Options{Threads: 1}, nil, ""},
		{"threads at the max", store.Options{Threads: store.MaxThreads}, nil, ""},
		{"threads above the max", store.Options{Threads: 100000}, nil, "threads 100000: want a whole number from 1 to 256"},
		{"negative threads", store.Options{Threads: -1}, nil, "threads -1: want a whole number from 1 to 256"},
		{"memory limit", store.Options{Threads: 1, MemoryLimit: "1.5GiB"}, nil, ""},
		{"memory limit at the min", store.Options{Threads: 1, MemoryLimit: "64MB"}, nil, ""},
		{"memory limit below the min", store.Options{Threads: 1, MemoryLimit: "1MB"}, nil, "want a size of at least 64MB"},
		{"memory limit without unit", store.Options{Threads: 1, MemoryLimit: "1000"}, nil, "want a size of at least 64MB"},
		{"memory limit words", store.Options{Threads: 1, MemoryLimit: "lots"}, nil, "want a size of at least 64MB"},
		{"memory limit -1", store.Options{Threads: 1, MemoryLimit: "-1"}, nil, "want a size of at least 64MB"},
		{"temp dir a file", store.Options{Threads: 1, TempDir: file}, nil, "not a directory"},
		{"env threads", store.Options{}, map[string]string{store.EnvThreads: "100000"}, `WFHEVAL_THREADS="100000": want a whole number from 1 to 256`},
		{"env threads zero", store.Options{}, map[string]string{store.EnvThreads: "0"}, `WFHEVAL_THREADS="0": want`},
		{"env memory", store.Options{Threads: 1}, map[string]string{store.EnvMemoryLimit: "8 gigs"}, `WFHEVAL_MEMORY_LIMIT="8 gigs": want a size`},
		{"env temp dir", store.Options{Threads: 1}, map[string]string{store.EnvTempDir: file}, `WFHEVAL_TEMP_DIR="` + file + `": not a directory`},
		{"env accepted", store.Options{}, map[string]string{store.EnvThreads: "2", store.EnvMemoryLimit: "512MB", store.EnvTempDir: dir}, ""},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, err := tc.opts.WithEnv(func(k string) string { return tc.env[k] })
			var db *store.DB
			if err == nil {
				db, err = store.Open(context.Background(), filepath.Join(dir, strings.Repeat("d", i+1)+".duckdb"), o)
			}
			if db != nil {
				db.Close()
			}
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want %q", err, tc.want)
			case tc.want != "" && !errors.Is(err, store.ErrOption):
				t.Errorf("error %v does not wrap ErrOption", err)
			}
		})
	}
}

// A COMMIT that fails (here the WAL cannot be written, as on a full disk)
// is one message naming the file: DuckDB has rolled back already, and the
// ROLLBACK that followed used to add "rolling back: … no transaction is
// active" without a separator.
func TestInTxCommitFailureIsOneMessage(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "full.duckdb")
	newDB(t, path)
	db, err := store.Open(ctx, path, store.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := os.Mkdir(path+".wal", 0o755); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(path + ".wal")
	err = db.InTx(ctx, func(conn *sql.Conn) error {
		_, err := conn.ExecContext(ctx, `INSERT INTO meters VALUES ('X', DATE '2025-01-01', 1, 1)`)
		return err
	})
	if err == nil {
		t.Fatal("the commit succeeded")
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "committing: ") || !strings.Contains(msg, path+".wal") ||
		strings.Contains(msg, "rolling back") || strings.Contains(msg, "\n") {
		t.Errorf("error %q, want one line naming the WAL and nothing of the rollback", msg)
	}
}
