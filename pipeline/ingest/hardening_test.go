package ingest_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bekasi/wfheval/pipeline/ingest"
	"github.com/bekasi/wfheval/pipeline/store"
)

// meters writes a meters export of the small city's departments whose
// every reading is kwh, with extra appended (more rows, a bad one).
func meters(kwh, extra string) string {
	return strings.ReplaceAll(metersCSVText(), "100.5", kwh) + extra
}

// A file whose name DuckDB's readers would take as a glob pattern is
// still read, by DuckDB's reader too, as the file named and no other
// (docs/ingest.md, "The steps"): read_csv('m[12].csv') would read m1.csv.
// Each case puts a decoy next to the file that the name, as a pattern,
// matches: the same number of rows, at an unknown department.
func TestNamesWithGlobCharactersReadTheFileNamed(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name, decoy string
		content     string
		fast        bool // expect DuckDB's reader (fast or filtered)
		parquet     bool
	}{
		{name: "m[12].csv", decoy: "m1.csv", content: meters("100.5", ""), fast: true},
		{name: "d[1]/meters.csv", decoy: "d1/meters.csv", content: meters("100.5", ""), fast: true},
		{name: "m[12]-bad-row.csv", decoy: "m1-bad-row.csv", content: meters("100.5", "NOPE,2025-03-01,1\n"), fast: true},
		{name: "x?.csv", decoy: "xy.csv", content: meters("100.5", ""), fast: true},
		{name: "a*b{1,2}.csv", decoy: "ab1.csv", content: meters("100.5", ""), fast: true},
		{name: "m[12].parquet", decoy: "m1.parquet", parquet: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t)
			dir := t.TempDir()
			l := ingest.NewLoader(db, ingest.Options{})
			if _, err := l.LoadFiles(ctx, city(t, dir)); err != nil {
				t.Fatal(err)
			}
			path, decoy := filepath.Join(dir, tc.name), filepath.Join(dir, tc.decoy)
			for _, p := range []string{path, decoy} {
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			decoyText := strings.ReplaceAll(strings.ReplaceAll(meters("100.5", ""), "DISDUKCAPIL", "DECOY"), "BKPSDM", "DECOY")
			if tc.parquet {
				writeMetersParquet(t, db, t.TempDir(), path)
				writeParquetOf(t, db, decoyText, decoy)
			} else {
				writeFile(t, filepath.Dir(path), filepath.Base(path), tc.content)
				writeFile(t, filepath.Dir(decoy), filepath.Base(decoy), decoyText)
			}
			r, err := l.Load(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			if n := count(t, db, `SELECT count(*) FROM meters WHERE load_id = ? AND opd_code = 'DECOY'`, r.LoadID); n != 0 {
				t.Errorf("%d rows of the decoy %s loaded for %s", n, tc.decoy, tc.name)
			}
			if r.RowsLoaded != 84 || r.RowsRead != r.RowsLoaded+r.RowsRejected {
				t.Errorf("%+v: want 84 rows loaded", r)
			}
			if tc.fast && !r.FastPath {
				t.Errorf("%s went through Go's reader; want DuckDB's, through a link with a plain name", tc.name)
			}
			checkBalanced(t, db)
		})
	}
}

// writeParquetOf writes a CSV text as Parquet.
func writeParquetOf(t *testing.T, db *store.DB, csvText, path string) {
	t.Helper()
	csv := writeFile(t, t.TempDir(), "decoy.csv", csvText)
	q := "COPY (SELECT * FROM read_csv(" + store.QuoteLiteral(csv) + ")) TO " + store.QuoteLiteral(path) + " (FORMAT parquet)"
	if _, err := db.SQL().Exec(q); err != nil {
		t.Fatal(err)
	}
}

// A file that changes while it is loaded (still being written, or
// replaced) is refused, nothing changes, and once it is whole it loads:
// its sha256 in load_log is always that of the bytes loaded. Go's passes
// compare what they read with what inspect hashed; before COMMIT the file
// must still be the one inspect read, as DuckDB's readers read it by name.
func TestFileChangedWhileLoadedIsRefused(t *testing.T) {
	ctx := context.Background()
	rewrite := func(content string) func(t *testing.T, path string) {
		return func(t *testing.T, path string) {
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	replace := func(content string) func(t *testing.T, path string) {
		return func(t *testing.T, path string) {
			if err := os.WriteFile(path+".new", []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(path+".new", path); err != nil {
				t.Fatal(err)
			}
		}
	}
	xlsxBytes := func(t *testing.T, kwh string) string {
		p := writeMetersXLSXOf(t, filepath.Join(t.TempDir(), "m.xlsx"), kwh)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	same := meters("200.5", "") // as long as the original: only the bytes tell
	cases := []struct {
		name     string
		careful  bool
		original func(t *testing.T, db *store.DB, path string)
		at       string // a reader's format: at its first guarded read; "finish": after the rows are written
		change   func(t *testing.T, db *store.DB) func(t *testing.T, path string)
	}{
		{"fast path, rewritten in place", false, csvOf(meters("100.5", "")), "text",
			func(*testing.T, *store.DB) func(*testing.T, string) { return rewrite(same) }},
		{"careful path, rewritten in place", true, csvOf(meters("100.5", "")), "text",
			func(*testing.T, *store.DB) func(*testing.T, string) { return rewrite(same) }},
		{"filtered path, rewritten in place", false, csvOf(meters("100.5", "NOPE,2025-03-01,1\n")), "text",
			func(*testing.T, *store.DB) func(*testing.T, string) {
				return rewrite(meters("200.5", "NOPE,2025-03-01,1\n"))
			}},
		{"fast path, replaced", false, csvOf(meters("100.5", "")), "text",
			func(*testing.T, *store.DB) func(*testing.T, string) { return replace(same) }},
		{"fast path, grown after the rows went in", false, csvOf(meters("100.5", "")), "finish",
			func(*testing.T, *store.DB) func(*testing.T, string) {
				return rewrite(meters("100.5", "BKPSDM,2025-03-01,1\n"))
			}},
		{"fast path, replaced after the rows went in", false, csvOf(meters("100.5", "")), "finish",
			func(*testing.T, *store.DB) func(*testing.T, string) { return replace(same) }},
		{"XLSX, rewritten in place", false, func(t *testing.T, _ *store.DB, path string) { writeMetersXLSXOf(t, path, "100.5") }, "XLSX",
			func(t *testing.T, _ *store.DB) func(*testing.T, string) { return rewrite(xlsxBytes(t, "200.5")) }},
		{"Parquet, replaced", false, func(t *testing.T, db *store.DB, path string) { writeParquetOf(t, db, meters("100.5", ""), path) }, "Parquet",
			func(t *testing.T, db *store.DB) func(*testing.T, string) {
				p := filepath.Join(t.TempDir(), "new.parquet")
				writeParquetOf(t, db, same, p)
				raw, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				return replace(string(raw))
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t)
			dir := t.TempDir()
			l := ingest.NewLoader(db, ingest.Options{Careful: tc.careful})
			if _, err := l.LoadFiles(ctx, city(t, dir)); err != nil {
				t.Fatal(err)
			}
			ext := map[string]string{"XLSX": ".xlsx", "Parquet": ".parquet"}[tc.at]
			if ext == "" {
				ext = ".csv"
			}
			path := filepath.Join(dir, "meters"+ext)
			tc.original(t, db, path)
			original, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			change := tc.change(t, db)
			before := state(t, db)
			changed := false
			once := func() {
				if !changed {
					changed = true
					change(t, path)
				}
			}
			if tc.at == "finish" {
				ingest.SetFinishHook(l, func() error { once(); return nil })
			} else {
				ingest.SetReadHook(l, func(format string, _ int) {
					if format == tc.at {
						once()
					}
				})
			}
			_, err = l.Load(ctx, path)
			if !changed {
				t.Fatal("the file was not changed during the load")
			}
			if !errors.Is(err, ingest.ErrChanged) || !strings.Contains(err.Error(), path+": ingest: the file changed while it was being loaded; nothing was loaded") {
				t.Fatalf("error %v; want %s: … changed while it was being loaded", err, path)
			}
			after := state(t, db)
			for tbl := range before {
				if before[tbl] != after[tbl] {
					t.Errorf("%s changed: %s -> %s", tbl, before[tbl], after[tbl])
				}
			}
			// Whole again, either version loads, each under its own sha256.
			ingest.SetReadHook(l, nil)
			ingest.SetFinishHook(l, nil)
			r, err := l.Load(ctx, path)
			if err != nil || r.AlreadyLoaded || r.RowsLoaded == 0 {
				t.Fatalf("loading the changed file: %+v, %v", r, err)
			}
			if err := os.WriteFile(path, original, 0o644); err != nil {
				t.Fatal(err)
			}
			r, err = l.Load(ctx, path)
			if err != nil || r.AlreadyLoaded || r.RowsLoaded == 0 {
				t.Fatalf("loading the original again: %+v, %v", r, err)
			}
		})
	}
}

func csvOf(content string) func(t *testing.T, _ *store.DB, path string) {
	return func(t *testing.T, _ *store.DB, path string) {
		writeFile(t, filepath.Dir(path), filepath.Base(path), content)
	}
}

// writeMetersXLSXOf writes the meters workbook with every reading kwh.
func writeMetersXLSXOf(t *testing.T, path, kwh string) string {
	t.Helper()
	writeMetersXLSX(t, path)
	if kwh == "100.5" {
		return path
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for i := 2; i <= len(metersRows()); i++ {
		if err := x.SetCellValue("Sheet1", "C"+strconv.Itoa(i), kwh); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Save(); err != nil {
		t.Fatal(err)
	}
	return path
}

// A file name with a newline or another control character is quoted in
// the one-line summary of its load and in its error, so each stays one
// line and the name can be told exactly (docs/contract.md §4).
func TestFileNamesStayOnOneLine(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	dir := t.TempDir()
	var log bytes.Buffer
	l := ingest.NewLoader(db, ingest.Options{Log: &log})
	if _, err := l.LoadFiles(ctx, city(t, dir)); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"meters\nfeb.csv", "meters\rmar.csv", "meters\x1b[2Japr.csv", "meters\u2028may.csv"} {
		log.Reset()
		good := writeFile(t, dir, name, meters(strconv.Itoa(100+i), ""))
		if _, err := l.Load(ctx, good); err != nil {
			t.Fatal(err)
		}
		if line := log.String(); strings.Count(line, "\n") != 1 || strings.ContainsAny(strings.TrimSuffix(line, "\n"), "\r\x1b\u2028") ||
			!strings.HasPrefix(line, strconv.Quote(good)+": meters, 84 rows read") {
			t.Errorf("summary %q; want one line starting with %s", line, strconv.Quote(good))
		}
		bad := writeFile(t, dir, "bad-"+name, "a,b\n1,2\n")
		_, err := l.Load(ctx, bad)
		if err == nil || strings.ContainsAny(err.Error(), "\n\r\x1b\u2028") || !strings.HasPrefix(err.Error(), strconv.Quote(bad)+": ingest: no header") {
			t.Errorf("error %q; want one line starting with %s", err, strconv.Quote(bad))
		}
		missing := filepath.Join(dir, "missing-"+name)
		_, err = l.Load(ctx, missing)
		if err == nil || strings.ContainsAny(err.Error(), "\n\r\x1b\u2028") || err.Error() != strconv.Quote(missing)+": no such file or directory" {
			t.Errorf("error %q; want %s: no such file or directory", err, strconv.Quote(missing))
		}
	}
}
