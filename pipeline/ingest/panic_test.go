package ingest_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/ingest"
	"github.com/bekasi/wfheval/pipeline/store"
)

// metersRows is a meters export of 84 rows for the small city's departments.
func metersRows() [][]string {
	rows := [][]string{{"opd_code", "date", "electricity_kwh"}}
	for d := 1; d <= 28; d++ {
		for _, opd := range []string{"DISDUKCAPIL", "BKPSDM", "DISHUB"} {
			rows = append(rows, []string{opd, "2025-02-" + two(d), "100.5"})
		}
	}
	return rows
}

func metersCSVText() string {
	var b strings.Builder
	for _, r := range metersRows() {
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	return b.String()
}

func writeGzip(t *testing.T, path, content string) {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(content)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeMetersXLSX(t *testing.T, path string) string {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	for i, r := range metersRows() {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeMetersParquet(t *testing.T, db *store.DB, dir, path string) string {
	t.Helper()
	csv := writeFile(t, dir, "meters-for-parquet.csv", metersCSVText())
	q := "COPY (SELECT * FROM read_csv(" + store.QuoteLiteral(csv) + ")) TO " + store.QuoteLiteral(path) + " (FORMAT parquet)"
	if _, err := db.SQL().Exec(q); err != nil {
		t.Fatal(err)
	}
	return path
}

// A panic of a third-party reader (excelize, the Parquet reader, gzip, the
// text decoders) comes back as a one-line error naming the file, wrapping
// ErrReaderPanic, and the load is rolled back: the database is as it was.
// SetReadHook's panic stands for the reader's own (no crafted file is known
// to make excelize v2.11 panic).
func TestReaderPanicIsAnErrorNamingTheFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	gz := filepath.Join(dir, "meters.csv.gz")
	writeGzip(t, gz, metersCSVText())
	type panicAt func(format string, row int, reads int) bool
	cases := []struct {
		name, format string
		file         func(db *store.DB) string
		at           panicAt // whether the read-th guarded read (row, if known) panics
	}{
		// Row 80 is read only by the load, after the rows before it went
		// into the table (the header pass reads the first 20).
		{"XLSX while appending", "XLSX", func(*store.DB) string { return writeMetersXLSX(t, filepath.Join(dir, "meters.xlsx")) },
			func(f string, row, _ int) bool { return f == "XLSX" && row == 80 }},
		{"XLSX opening", "XLSX", func(*store.DB) string { return writeMetersXLSX(t, filepath.Join(dir, "meters-open.xlsx")) },
			func(f string, row, _ int) bool { return f == "XLSX" && row == 1 }},
		{"Parquet while appending", "Parquet", func(db *store.DB) string {
			return writeMetersParquet(t, db, dir, filepath.Join(dir, "meters.parquet"))
		}, func(f string, row, _ int) bool { return f == "Parquet" && row == 80 }},
		{"gzip", "gzip", func(*store.DB) string { return gz },
			func(f string, _, _ int) bool { return f == "gzip" }},
	}
	// A CSV is read by several passes, the fast path's check in a goroutine
	// of its own: whichever read panics, the outcome is the same.
	for n := 1; n <= 8; n++ {
		cases = append(cases, struct {
			name, format string
			file         func(db *store.DB) string
			at           panicAt
		}{"text read " + strconv.Itoa(n), "text", func(*store.DB) string {
			return writeFile(t, dir, "meters.csv", metersCSVText())
		}, func(f string, _, reads int) bool { return f == "text" && reads >= n }})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t)
			path := tc.file(db)
			l := ingest.NewLoader(db, ingest.Options{})
			if _, err := l.LoadFiles(ctx, city(t, dir)); err != nil {
				t.Fatal(err)
			}
			before := state(t, db)
			reads, panicked := 0, false
			ingest.SetReadHook(l, func(format string, row int) {
				if format == tc.format {
					reads++
				}
				if tc.at(format, row, reads) {
					panicked = true
					panic("injected: index out of range [3] with length 3\n\tin the reader")
				}
			})
			_, err := l.Load(ctx, path)
			if !panicked {
				// More reads asked for than the load made.
				if err != nil {
					t.Fatalf("no panic, but error %v", err)
				}
				return
			}
			want := path + ": reading " + tc.format + ": ingest: the reader panicked: injected: index out of range [3] with length 3 in the reader"
			if err == nil || err.Error() != want {
				t.Fatalf("error %v\nwant %s", err, want)
			}
			var fe *pipeline.FileError
			if !errors.As(err, &fe) || fe.File != path || !errors.Is(err, ingest.ErrReaderPanic) {
				t.Errorf("error %#v: want a *pipeline.FileError naming %s and wrapping ErrReaderPanic", err, path)
			}
			after := state(t, db)
			for tbl := range before {
				if before[tbl] != after[tbl] {
					t.Errorf("%s changed: %s -> %s", tbl, before[tbl], after[tbl])
				}
			}
			// The loader is still usable: the same file loads without the panic.
			ingest.SetReadHook(l, nil)
			if _, err := l.Load(ctx, path); err != nil {
				t.Errorf("loading again without the panic: %v", err)
			}
		})
	}
}
