package ingest_test

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bekasi/wfheval/pipeline/ingest"
)

// The limits of docs/ingest.md (Limits). The inputs that go over them are
// built here, small on disk; none is committed.

// A record longer than 1 MiB is rejected with its line, and what rejects
// store of any record, value or reason is cut to 4 KiB with its length:
// a 3 MiB line does not put megabytes into the database (or memory).
func TestLongRecordsAreRejectedAndCut(t *testing.T) {
	ctx := context.Background()
	long := strings.Repeat("9", 3<<20)
	wide := strings.Repeat("X", 100<<10) // a 100 KiB cell: the record is under the limit, its value not stored whole
	xlsxWide := make([]string, 40)       // 40 cells of 32,767 characters (Excel's most): 1.3 MB
	for i := range xlsxWide {
		xlsxWide[i] = strings.Repeat(string(rune('a'+i%26)), 32767)
	}
	cases := []struct {
		name, file string
		write      func(t *testing.T, path string)
		line       int
		column     string // of the reject; "" for the whole record
		reason     string // its start
	}{
		{"CSV line", "meters.csv", func(t *testing.T, p string) {
			writeFile(t, filepath.Dir(p), filepath.Base(p), meters("100.5", "BKPSDM,2025-03-01,"+long+"\n"))
		}, 86, "", "the record is 3.0 MiB long; a record may have at most 1.0 MiB"},
		{"gzip CSV line", "meters.csv.gz", func(t *testing.T, p string) {
			writeGzip(t, p, meters("100.5", "BKPSDM,2025-03-01,"+long+"\n"))
		}, 86, "", "the record is 3.0 MiB long"},
		{"JSON Lines line", "meters.jsonl", func(t *testing.T, p string) {
			var b strings.Builder
			for _, r := range metersRows()[1:] {
				fmt.Fprintf(&b, "{\"opd_code\":%q,\"date\":%q,\"electricity_kwh\":%s}\n", r[0], r[1], r[2])
			}
			fmt.Fprintf(&b, "{\"opd_code\":\"BKPSDM\",\"date\":\"2025-03-01\",\"electricity_kwh\":%s}\n", long)
			writeFile(t, filepath.Dir(p), filepath.Base(p), b.String())
		}, 85, "", "the record is 3.0 MiB long"},
		{"CSV cell", "meters-wide.csv", func(t *testing.T, p string) {
			writeFile(t, filepath.Dir(p), filepath.Base(p), meters("100.5", wide+",2025-03-01,1\n"))
		}, 86, "opd_code", `unknown department "XXXX`},
		{"XLSX row", "meters.xlsx", func(t *testing.T, p string) {
			writeMetersXLSX(t, p)
			x, err := excelize.OpenFile(p)
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			row := []any{"BKPSDM", "2025-03-01"}
			for _, c := range xlsxWide {
				row = append(row, c)
			}
			if err := x.SetSheetRow("Sheet1", "A86", &row); err != nil {
				t.Fatal(err)
			}
			if err := x.Save(); err != nil {
				t.Fatal(err)
			}
		}, 86, "", "the record is 1.3 MiB long"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t)
			dir := t.TempDir()
			l := ingest.NewLoader(db, ingest.Options{})
			if _, err := l.LoadFiles(ctx, city(t, dir)); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, tc.file)
			tc.write(t, path)
			r, err := l.Load(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			if r.RowsLoaded != 84 || r.RowsRejected != 1 {
				t.Errorf("%+v: want 84 rows loaded, 1 rejected", r)
			}
			var line int
			var column, reason string
			var valueLen, reasonLen, rawLen int
			var raw string
			err = db.SQL().QueryRow(`SELECT line, coalesce(column_name, ''), reason, length(value), length(reason), length(raw_record), raw_record
				FROM rejects WHERE load_id = ?`, r.LoadID).Scan(&line, &column, &reason, &valueLen, &reasonLen, &rawLen, &raw)
			if err != nil {
				t.Fatal(err)
			}
			if line != tc.line || column != tc.column || !strings.HasPrefix(reason, tc.reason) {
				t.Errorf("reject at %d, column %q: %.80s; want line %d, column %q: %s…", line, column, reason, tc.line, tc.column, tc.reason)
			}
			const most = 4096 + 40 // 4 KiB and "…(truncated, N bytes)"
			if valueLen > most || reasonLen > most || rawLen > most || !strings.Contains(raw, "…(truncated, ") {
				t.Errorf("stored %d characters of the value, %d of the reason, %d of the raw record (…%s); want at most %d each, the record cut",
					valueLen, reasonLen, rawLen, raw[max(0, len(raw)-40):], most)
			}
			checkBalanced(t, db)
		})
	}
}

// A quoted field that runs on past the record limit is a file error at
// the line where it opened (a closing quote is missing), found before the
// whole rest of the file is held as one field.
func TestRunawayQuotedFieldIsAFileError(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	dir := t.TempDir()
	l := ingest.NewLoader(db, ingest.Options{})
	if _, err := l.LoadFiles(ctx, city(t, dir)); err != nil {
		t.Fatal(err)
	}
	before := state(t, db)
	var b strings.Builder
	b.WriteString(meters("100.5", "BKPSDM,\"2025-03-01,1\n"))
	for b.Len() < 3<<20 {
		b.WriteString("DISHUB,2025-03-02,1\n")
	}
	b.WriteString("\"\n")
	path := writeFile(t, dir, "meters.csv", b.String())
	_, err := l.Load(ctx, path)
	want := path + ":86: ingest: over a size limit: a quoted field from this line runs on for more than 1.0 MiB"
	if !errors.Is(err, ingest.ErrLimit) || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error %v; want %s…", err, want)
	}
	after := state(t, db)
	for tbl := range before {
		if before[tbl] != after[tbl] {
			t.Errorf("%s changed: %s -> %s", tbl, before[tbl], after[tbl])
		}
	}
}

// A gzip stream that unpacks to more than 100 times its file (once past
// 1 GiB) is refused as a decompression bomb, before anything is loaded.
// The bomb is 1,100 copies of one gzip member of 1 MiB of blank lines: a
// 1 MB file of 1.1 GiB (a gzip file may hold several members, read on).
func TestGzipBombIsRefused(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	dir := t.TempDir()
	l := ingest.NewLoader(db, ingest.Options{})
	if _, err := l.LoadFiles(ctx, city(t, dir)); err != nil {
		t.Fatal(err)
	}
	member := func(s string) []byte {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		io.WriteString(zw, s)
		zw.Close()
		return b.Bytes()
	}
	bomb := member(meters("100.5", ""))
	blank := member(strings.Repeat("\n", 1<<20))
	for range 1100 {
		bomb = append(bomb, blank...)
	}
	path := filepath.Join(dir, "meters.csv.gz")
	if err := os.WriteFile(path, bomb, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := l.Load(ctx, path)
	want := path + ": ingest: over a size limit: the gzip stream unpacks to more than 100 times the file's"
	if !errors.Is(err, ingest.ErrLimit) || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error %v; want %s…", err, want)
	}
}

// workbook writes an XLSX whose first sheet's XML is sheet (made by
// excelize, the sheet part replaced) with extra parts added; a part's
// declared sizes may be given instead of its content (raw).
func workbook(t *testing.T, path, sheet string, extra map[string]string, raw map[string][2]uint64) string {
	t.Helper()
	base := filepath.Join(t.TempDir(), "base.xlsx")
	x := excelize.NewFile()
	if err := x.SaveAs(base); err != nil {
		t.Fatal(err)
	}
	x.Close()
	zr, err := zip.OpenReader(base)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "xl/worksheets/sheet1.xml" && sheet != "" {
			io.WriteString(w, sheet)
			continue
		}
		rc, _ := f.Open()
		io.Copy(w, rc)
		rc.Close()
	}
	for name, content := range extra {
		w, _ := zw.Create(name)
		io.WriteString(w, content)
	}
	for name, sizes := range raw {
		// Declared sizes, and as many bytes of garbage as "compressed".
		w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, UncompressedSize64: sizes[0], CompressedSize64: sizes[1]})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(bytes.Repeat([]byte{0xff}, int(sizes[1])))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func sheetXML(rows string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows + `</sheetData></worksheet>`
}

// A workbook that would make excelize unpack or hold more than a real
// export needs is refused with what is over the limit, before excelize
// opens it: a zip bomb (3 MB of file, GBs of XML) took minutes and GBs.
func TestWorkbookOverTheLimitsIsRefused(t *testing.T) {
	ctx := context.Background()
	header := `<row r="1"><c r="A1" t="inlineStr"><is><t>opd_code</t></is></c><c r="B1" t="inlineStr"><is><t>date</t></is></c><c r="C1" t="inlineStr"><is><t>electricity_kwh</t></is></c></row>`
	cases := []struct {
		name  string
		sheet string
		extra map[string]string
		raw   map[string][2]uint64
		want  string
	}{
		{"declared 5 GiB", "", nil, map[string][2]uint64{"xl/worksheets/sheet2.xml": {5 << 30, 1 << 10}},
			"the workbook unpacks to more than 4.0 GiB"},
		{"a part 1,000 times its size", "", nil, map[string][2]uint64{"xl/media/image1.png": {200 << 20, 200 << 10}},
			"part xl/media/image1.png unpacks from 200.0 KiB to 200.0 MiB, more than 100 times its size, as a zip bomb does"},
		{"parts held in memory", "", nil, map[string][2]uint64{"xl/media/a.bin": {100 << 20, 2 << 20}, "xl/media/b.bin": {100 << 20, 2 << 20}, "xl/media/c.bin": {100 << 20, 2 << 20}},
			"its parts other than sheets and shared strings unpack to more than 256.0 MiB"},
		{"rows beyond Excel's", sheetXML(header + strings.Repeat("<row/>", 1<<20)), nil, nil,
			"xl/worksheets/sheet1.xml has more than 1048576 rows"},
		{"a row of 17 MiB", sheetXML(header + "<row>" + strings.Repeat("<c/>", 17<<18) + "<c><v>1</v></c></row>"), nil, nil,
			"row element 2 of xl/worksheets/sheet1.xml takes more than 16.0 MiB of XML"},
		{"a shared string of 2 MiB", sheetXML(header), map[string]string{
			"xl/sharedStrings.xml": `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>` + strings.Repeat("a", 2<<20) + `</t></si></sst>`},
			nil, "shared string 1 takes more than 1.0 MiB of XML"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t)
			dir := t.TempDir()
			l := ingest.NewLoader(db, ingest.Options{})
			if _, err := l.LoadFiles(ctx, city(t, dir)); err != nil {
				t.Fatal(err)
			}
			before := state(t, db)
			path := workbook(t, filepath.Join(dir, "meters.xlsx"), tc.sheet, tc.extra, tc.raw)
			_, err := l.Load(ctx, path)
			want := path + ": ingest: over a size limit: " + tc.want
			if !errors.Is(err, ingest.ErrLimit) || !strings.HasPrefix(err.Error(), want) {
				t.Fatalf("error %v\nwant %s…", err, want)
			}
			after := state(t, db)
			for tbl := range before {
				if before[tbl] != after[tbl] {
					t.Errorf("%s changed: %s -> %s", tbl, before[tbl], after[tbl])
				}
			}
		})
	}
}

// A sheet as large as Excel makes them (1,048,576 rows; a row of 16,384
// cells) passes the workbook checks: the limits leave real exports alone.
// (Loading such a sheet takes excelize minutes; docs/ingest.md records a
// 1,048,576-row load.)
func TestWorkbookAtExcelsLimitsPasses(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the 1,048,576-row workbook (4 s to build and measure)")
	}
	var b strings.Builder
	b.WriteString(`<row r="1">`)
	for c := 1; c <= 16384; c++ {
		name, _ := excelize.CoordinatesToCellName(c, 1)
		fmt.Fprintf(&b, `<c r="%s"><v>%d</v></c>`, name, c)
	}
	b.WriteString(`</row>`)
	for r := 2; r <= 1<<20; r++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>DISDUKCAPIL</t></is></c><c r="B%d"><v>45967</v></c><c r="C%d"><v>1040.5</v></c></row>`, r, r, r, r)
	}
	path := workbook(t, filepath.Join(t.TempDir(), "big.xlsx"), sheetXML(b.String()), nil, nil)
	if err := ingest.CheckWorkbook(path); err != nil {
		t.Fatal(err)
	}
}
