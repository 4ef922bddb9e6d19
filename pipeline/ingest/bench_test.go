package ingest_test

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/ingest"
	"github.com/bekasi/wfheval/pipeline/store"
)

// The benchmarks load the generated city's attendance export (~3.7M rows
// for the default 12,000 employees; WFHEVAL_BENCH_EMPLOYEES for another
// size) and compare with DuckDB's own reader on the same file in the same
// run. See docs/performance.md.

type benchData struct {
	once sync.Once
	dir  string
	err  error
}

// plantedID names the Indonesian-locale city with the generator's planted
// faulty rows among benchCities.
const plantedID = "id-planted"

var benchCities = map[string]*benchData{generate.FormatCanonical: {}, generate.FormatID: {}, plantedID: {}}

// TestMain removes the benchmarks' cities (~250 MB each) when the test
// binary ends; each run would otherwise leave them in the temporary
// directory.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range benchCities {
		if d.dir != "" {
			os.RemoveAll(d.dir)
		}
	}
	if punchBench.dir != "" {
		os.RemoveAll(punchBench.dir)
	}
	if monthlyBench.dir != "" {
		os.RemoveAll(monthlyBench.dir)
	}
	os.Exit(code)
}

// benchCity generates the city once per format and test binary.
func benchCity(b *testing.B, format string) string {
	d := benchCities[format]
	d.once.Do(func() {
		n := 12000
		if v := os.Getenv("WFHEVAL_BENCH_EMPLOYEES"); v != "" {
			n, _ = strconv.Atoi(v)
		}
		d.dir, d.err = os.MkdirTemp("", "wfheval-bench-")
		if d.err != nil {
			return
		}
		o := generate.DefaultOptions()
		o.Employees, o.Format = n, format
		if format == plantedID {
			// The Indonesian export as the demo's: with its planted faults.
			o.Format, o.BadRows = generate.FormatID, true
		}
		_, d.err = generate.Write(context.Background(), d.dir, o)
	})
	if d.err != nil {
		b.Fatal(d.err)
	}
	return d.dir
}

func benchDB(b *testing.B, dir string) *store.DB {
	b.Helper()
	db, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "bench.duckdb"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	employees := filepath.Join(dir, "employees.csv")
	if _, err := os.Stat(employees); err != nil {
		employees = filepath.Join(dir, generate.EmployeesXLSXFile)
	}
	if _, err := ingest.NewLoader(db, ingest.Options{}).Load(context.Background(), employees); err != nil {
		b.Fatal(err)
	}
	return db
}

// BenchmarkIngestAttendance: wfheval's load of the attendance CSV (all
// checks, rejects, load_log, one transaction) against DuckDB's
// CREATE TABLE … AS SELECT * FROM read_csv(…) of the same file.
func BenchmarkIngestAttendance(b *testing.B) {
	benchAttendance(b, generate.FormatCanonical, "")
}

// BenchmarkIngestAttendanceID: the same for the Indonesian-locale export
// (semicolon CSV, title lines, spaced NIPs, day-first dates, Indonesian
// words); DuckDB's reader is told the title lines to skip, as its sniffer
// cannot find a header below them.
func BenchmarkIngestAttendanceID(b *testing.B) {
	benchAttendance(b, generate.FormatID, ", skip = 4")
}

func benchAttendance(b *testing.B, format, duckdbOptions string) {
	dir := benchCity(b, format)
	path := filepath.Join(dir, "attendance.csv")
	st, _ := os.Stat(path)
	var base duckdbRun
	b.Run("duckdb_read_csv", func(b *testing.B) {
		base = benchDuckDB(b, `CREATE TABLE attendance AS SELECT * FROM read_csv(`+store.QuoteLiteral(path)+duckdbOptions+`)`, "attendance", st.Size())
	})
	b.Run("wfheval", func(b *testing.B) {
		benchWfheval(b, dir, []string{path}, st.Size(), base, nil, func(b *testing.B, rs []ingest.Result) {
			if !rs[0].FastPath {
				b.Fatalf("%s: not read by DuckDB's reader", rs[0])
			}
		})
	})
}

// BenchmarkCheckEveryRow is Go's check of every row of a file alone (the
// attendance, canonical and Indonesian, and the Indonesian tickets.jsonl),
// as a load makes it beside DuckDB's reader: what it costs is CPU the two
// cores' DuckDB threads do not have. inspect is part of it (its sha256 and
// text check).
func BenchmarkCheckEveryRow(b *testing.B) {
	for _, c := range []struct{ format, file string }{
		{generate.FormatCanonical, "attendance.csv"},
		{generate.FormatID, "attendance.csv"},
		{generate.FormatID, generate.TicketsJSONLFile},
	} {
		b.Run(c.format+"/"+c.file, func(b *testing.B) {
			dir := benchCity(b, c.format)
			db := benchDB(b, dir)
			defer db.Close()
			l := ingest.NewLoader(db, ingest.Options{})
			var read int64
			for b.Loop() {
				n, bad, err := ingest.CheckEveryRow(context.Background(), l, filepath.Join(dir, c.file))
				if err != nil {
					b.Fatal(err)
				}
				if bad != 0 || n == 0 {
					b.Fatalf("%d rows read, %d bad", n, bad)
				}
				read = n
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(read)/float64(b.N), "ns/row")
		})
	}
}

// benchLoad times wfheval's load of path into a database holding the
// employees of the city in dir, each time a new one, and checks the rows
// rejected (rejected < 0: any number).
func benchLoad(b *testing.B, dir, path string, rejected int64) {
	var rows int64
	for b.Loop() {
		b.StopTimer()
		db := benchDB(b, dir)
		b.StartTimer()
		r, err := ingest.NewLoader(db, ingest.Options{}).Load(context.Background(), path)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if rows = r.RowsLoaded; rejected >= 0 && r.RowsRejected != rejected {
			b.Fatalf("%d rows rejected, want %d", r.RowsRejected, rejected)
		}
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkIngestPlantedFaults: the Indonesian export with the generator's
// planted faults, as the demo loads it (a 17-digit NIP, a NIP nobody has,
// a date that is none, an unknown word, a repeated key), against the same
// file without the repeated key (the other faults DuckDB's reader leaves
// out in its one read) and without any fault (docs/performance.md).
func BenchmarkIngestPlantedFaults(b *testing.B) {
	dir := benchCity(b, plantedID)
	path := filepath.Join(dir, "attendance.csv")
	planted := plantedLines(b, dir, "attendance.csv")
	for _, v := range []struct {
		name string
		drop func(e generate.ExpectedReject) bool
	}{
		{"wfheval_planted", func(generate.ExpectedReject) bool { return false }},
		{"wfheval_planted_but_the_repeat", func(e generate.ExpectedReject) bool { return strings.Contains(e.Column, ",") }},
		{"wfheval_without_faults", func(generate.ExpectedReject) bool { return true }},
	} {
		drop := map[int]bool{}
		for _, e := range planted {
			if v.drop(e) {
				drop[e.Line] = true
			}
		}
		copyPath := filepath.Join(b.TempDir(), "attendance.csv")
		if err := copyWithoutLines(path, copyPath, drop); err != nil {
			b.Fatal(err)
		}
		b.Run(v.name, func(b *testing.B) { benchLoad(b, dir, copyPath, int64(len(planted)-len(drop))) })
		if len(drop) == len(planted) {
			b.Run("duckdb_read_csv_without_faults", func(b *testing.B) {
				st, _ := os.Stat(copyPath)
				benchDuckDB(b, `CREATE TABLE attendance AS SELECT * FROM read_csv(`+store.QuoteLiteral(copyPath)+`, skip = 4)`, "attendance", st.Size())
			})
		}
	}
}

// BenchmarkIngestPlantedFaultsJSONLines: the demo's tickets.jsonl with its
// planted faults (a ticket resolved before it came in, a satisfaction of
// 9, a line cut short) against the same file without them and DuckDB's
// own read_json of that copy (docs/performance.md).
func BenchmarkIngestPlantedFaultsJSONLines(b *testing.B) {
	dir := benchCity(b, plantedID)
	path := filepath.Join(dir, generate.TicketsJSONLFile)
	planted := plantedLines(b, dir, generate.TicketsJSONLFile)
	b.Run("wfheval_planted", func(b *testing.B) { benchLoad(b, dir, path, int64(len(planted))) })
	drop := map[int]bool{}
	for _, e := range planted {
		drop[e.Line] = true
	}
	clean := filepath.Join(b.TempDir(), generate.TicketsJSONLFile)
	if err := copyWithoutLines(path, clean, drop); err != nil {
		b.Fatal(err)
	}
	b.Run("wfheval_without_faults", func(b *testing.B) { benchLoad(b, dir, clean, 0) })
	b.Run("duckdb_read_json_without_faults", func(b *testing.B) {
		st, _ := os.Stat(clean)
		benchDuckDB(b, `CREATE TABLE tickets AS SELECT * FROM read_json(`+store.QuoteLiteral(clean)+`, format = 'newline_delimited')`, "tickets", st.Size())
	})
}

// plantedLines reads the generator's planted faults of one file.
func plantedLines(b *testing.B, dir, file string) []generate.ExpectedReject {
	doc, err := generate.ReadExpectedRejects(dir)
	if err != nil {
		b.Fatal(err)
	}
	var out []generate.ExpectedReject
	for _, e := range doc.Rejects {
		if e.File == file {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		b.Fatalf("no planted faults in %s", file)
	}
	return out
}

// copyWithoutLines copies a text file without the lines in drop (1-based).
func copyWithoutLines(src, dst string, drop map[int]bool) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	r, w := bufio.NewReaderSize(in, 1<<20), bufio.NewWriterSize(out, 1<<20)
	for line := 1; ; line++ {
		text, err := r.ReadSlice('\n')
		if len(text) > 0 && !drop[line] {
			w.Write(text)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			return fmt.Errorf("%s: line %d is longer than 1 MiB", src, line)
		}
		if err != nil {
			break
		}
	}
	if err := w.Flush(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// BenchmarkIngestXLSX: rows per second through excelize's streaming reader
// and the careful path, for an attendance workbook of 100,000 rows.
func BenchmarkIngestXLSX(b *testing.B) {
	dir := benchCity(b, generate.FormatCanonical)
	path := filepath.Join(b.TempDir(), "attendance.xlsx")
	const n = 100000
	if err := writeAttendanceXLSX(filepath.Join(dir, "attendance.csv"), path, n); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		db := benchDB(b, dir)
		b.StartTimer()
		r, err := ingest.NewLoader(db, ingest.Options{}).Load(context.Background(), path)
		if err != nil || r.RowsLoaded != n {
			b.Fatalf("%v: %+v", err, r)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// writeAttendanceXLSX copies the first n rows of the attendance CSV into a
// workbook with real date cells, as a spreadsheet export would have them.
func writeAttendanceXLSX(csvPath, xlsxPath string, n int) error {
	f, err := os.Open(csvPath)
	if err != nil {
		return err
	}
	defer f.Close()
	x := excelize.NewFile()
	defer x.Close()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	dateStyle, _ := x.NewStyle(&excelize.Style{NumFmt: 14})
	var line []string
	r := newLineReader(f)
	for i := 0; i <= n; i++ {
		line, err = r()
		if err != nil {
			return err
		}
		row := make([]any, len(line))
		for j, c := range line {
			row[j] = c
		}
		if i > 0 {
			d, _ := time.Parse(time.DateOnly, line[1])
			row[1] = excelize.Cell{Value: d, StyleID: dateStyle}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return x.SaveAs(xlsxPath)
}

func newLineReader(f *os.File) func() ([]string, error) {
	buf := make([]byte, 0, 1<<20)
	var rest []byte
	return func() ([]string, error) {
		for {
			for i, c := range rest {
				if c == '\n' {
					line := string(rest[:i])
					rest = rest[i+1:]
					return splitComma(line), nil
				}
			}
			n, err := f.Read(buf[len(buf):cap(buf)])
			if n == 0 {
				return nil, fmt.Errorf("reading %s: %v", f.Name(), err)
			}
			rest = append(rest, buf[len(buf):len(buf)+n]...)
		}
	}
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// BenchmarkIngestAttendanceReload: the attendance CSV loaded again as a
// re-export (the same rows, a blank line more, so another sha256) into a
// database that holds it already: every row replaces one (and, with
// schema 5, is matched with it and compared, docs/ingest.md "Corrections
// traced"). Only the second load is timed.
func BenchmarkIngestAttendanceReload(b *testing.B) {
	dir := benchCity(b, generate.FormatCanonical)
	path := filepath.Join(dir, "attendance.csv")
	again := filepath.Join(b.TempDir(), "attendance-again.csv")
	content, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(again, append(content, '\n'), 0o644); err != nil {
		b.Fatal(err)
	}
	var rows int64
	for b.Loop() {
		b.StopTimer()
		db := benchDB(b, dir)
		l := ingest.NewLoader(db, ingest.Options{})
		if _, err := l.Load(context.Background(), path); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		r, err := l.Load(context.Background(), again)
		if err != nil || r.RowsReplaced != r.RowsLoaded {
			b.Fatalf("%v: %+v", err, r)
		}
		b.StopTimer()
		rows = r.RowsReplaced
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// punchBench is the scan log of BenchmarkIngestPunches: 12,500 employees
// with pins, each scanning in and out on 40 working days (1,000,000
// scans), written once per test binary.
var punchBench struct {
	once                 sync.Once
	dir, employees, scan string
	err                  error
}

const (
	punchEmployees = 12500
	punchDays      = 40
)

func punchLog(b *testing.B) (employees, log string) {
	punchBench.once.Do(func() {
		d := &punchBench
		if d.dir, d.err = os.MkdirTemp("", "wfheval-bench-punches-"); d.err != nil {
			return
		}
		d.employees, d.scan = filepath.Join(d.dir, "employees.csv"), filepath.Join(d.dir, "attlog.dat")
		var emp strings.Builder
		emp.WriteString("nip,opd_code,job_category,pin\n")
		for i := 1; i <= punchEmployees; i++ {
			fmt.Fprintf(&emp, "1990010120200%05d,OPD%02d,back_office,%d\n", i, i%40, i)
		}
		if d.err = os.WriteFile(d.employees, []byte(emp.String()), 0o644); d.err != nil {
			return
		}
		f, err := os.Create(d.scan)
		if err != nil {
			d.err = err
			return
		}
		w := bufio.NewWriterSize(f, 1<<20)
		day := time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC)
		for n := 0; n < punchDays; day = day.AddDate(0, 0, 1) {
			if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
				continue
			}
			n++
			// Check-ins from 06:30, check-outs from 16:00, in the order the
			// machine logs them; PINs padded as ZKTeco writes them.
			for _, start := range []time.Duration{6*time.Hour + 30*time.Minute, 16 * time.Hour} {
				for i := 1; i <= punchEmployees; i++ {
					at := day.Add(start + time.Duration(i*7%5400)*time.Second)
					fmt.Fprintf(w, "%9d\t%s\t1\t0\t1\t0\n", i, at.Format("2006-01-02 15:04:05"))
				}
			}
		}
		d.err = errors.Join(w.Flush(), f.Close())
	})
	if punchBench.err != nil {
		b.Fatal(punchBench.err)
	}
	return punchBench.employees, punchBench.scan
}

// BenchmarkIngestPunches: a 1,000,000-scan attlog.dat (no header, padded
// PINs) loaded into a database that holds the employees with their pins:
// every check, the scans into punches, the 500,000 attendance days derived
// from them, load_log, one transaction. Against DuckDB's CREATE TABLE …
// AS SELECT * FROM read_csv(…) of the same file.
func BenchmarkIngestPunches(b *testing.B) {
	employees, log := punchLog(b)
	st, _ := os.Stat(log)
	b.Run("wfheval", func(b *testing.B) {
		var rows, days int64
		for b.Loop() {
			b.StopTimer()
			db, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "bench.duckdb"), store.Options{})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := ingest.NewLoader(db, ingest.Options{}).Load(context.Background(), employees); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			r, err := ingest.NewLoader(db, ingest.Options{}).Load(context.Background(), log)
			if err != nil || r.RowsLoaded != punchEmployees*punchDays*2 || !r.FastPath {
				b.Fatalf("%v: %s", err, r)
			}
			b.StopTimer()
			rows, days = r.RowsLoaded, r.AttendanceDays
			db.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		b.ReportMetric(float64(days), "days")
		b.SetBytes(st.Size())
	})
	b.Run("duckdb_read_csv", func(b *testing.B) {
		benchDuckDB(b, `CREATE TABLE punches AS SELECT * FROM read_csv(`+store.QuoteLiteral(log)+`)`, "punches", st.Size())
	})
}

// monthlyBench is the city of BenchmarkIngestMonthlyFiles: the
// Indonesian-locale export written as one attendance file per month
// (generate.Options.MonthlyFiles), as the departments send it; 2,640
// employees give the ~814,000 attendance rows in 16 files of issue [G]
// (WFHEVAL_BENCH_MONTHLY_EMPLOYEES for another size).
var monthlyBench benchData

func monthlyCity(b *testing.B) (dir string, files []string) {
	d := &monthlyBench
	d.once.Do(func() {
		n := 2640
		if v := os.Getenv("WFHEVAL_BENCH_MONTHLY_EMPLOYEES"); v != "" {
			n, _ = strconv.Atoi(v)
		}
		if d.dir, d.err = os.MkdirTemp("", "wfheval-bench-monthly-"); d.err != nil {
			return
		}
		o := generate.DefaultOptions()
		o.Employees, o.Format, o.MonthlyFiles = n, generate.FormatID, true
		_, d.err = generate.Write(context.Background(), d.dir, o)
	})
	if d.err != nil {
		b.Fatal(d.err)
	}
	files, err := filepath.Glob(filepath.Join(d.dir, "attendance_*.csv"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no monthly attendance files in %s: %v", d.dir, err)
	}
	return d.dir, files
}

// BenchmarkIngestMonthlyFiles: the monthly attendance files of the
// Indonesian-locale export loaded with one LoadFiles call (one
// transaction and one load_log row per file, every check) into a
// database that holds the employees, against DuckDB's CREATE TABLE … AS
// SELECT * FROM read_csv([…files…]) of the same files in the same run.
// ratio is wfheval's time over DuckDB's (issue [G]: ≤ 2.0×, goal 1.5×).
func BenchmarkIngestMonthlyFiles(b *testing.B) {
	dir, files := monthlyCity(b)
	var size int64
	for _, f := range files {
		st, _ := os.Stat(f)
		size += st.Size()
	}
	quoted := make([]string, len(files))
	for i, f := range files {
		quoted[i] = store.QuoteLiteral(f)
	}
	duckdbSQL := `CREATE TABLE attendance AS SELECT * FROM read_csv([` + strings.Join(quoted, ", ") + `], skip = 4)`
	var base duckdbRun
	b.Run("duckdb_read_csv", func(b *testing.B) { base = benchDuckDB(b, duckdbSQL, "attendance", size) })
	b.Run("wfheval", func(b *testing.B) {
		benchWfheval(b, dir, files, size, base, nil, func(b *testing.B, rs []ingest.Result) {
			for _, r := range rs {
				if !r.FastPath {
					b.Fatalf("%s: not read by DuckDB's reader", r)
				}
			}
			b.ReportMetric(float64(len(files)), "files")
		})
	})
	// The same files with one bad row each (an unknown NIP at the end, its
	// line ended as the file's are: CRLF): DuckDB's reader loads each file
	// whole and the bad row is deleted by its key, which should cost no
	// more than a clean file's load (issue [G]).
	bad := make([]string, len(files))
	badDir := b.TempDir()
	for i, f := range files {
		content, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		bad[i] = filepath.Join(badDir, filepath.Base(f))
		line := "19000101 190001 1 999;15/01/2025;Hadir;WFO;07:00;16:00\r\n"
		if err := os.WriteFile(bad[i], append(content, line...), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("wfheval_one_bad_row_each", func(b *testing.B) {
		benchWfheval(b, dir, bad, size, base, nil, func(b *testing.B, rs []ingest.Result) {
			for _, r := range rs {
				if !r.FastPath || r.RowsRejected != 1 {
					b.Fatalf("%s: want DuckDB's reader and 1 reject", r)
				}
			}
		})
	})
}

// BenchmarkIngestSmallFiles: a month's small files, the monthly city's 16
// costs_*.csv (352 rows each) and 16 tickets_*.jsonl (~3,000 each), each
// set loaded with one LoadFiles call on a database holding the city's
// 2,640 employees, and the costs again on one whose employees are padded
// to a province's 290,000: what a load costs beyond its rows
// (docs/performance.md, "A month's small files").
func BenchmarkIngestSmallFiles(b *testing.B) {
	dir, _ := monthlyCity(b)
	costs, _ := filepath.Glob(filepath.Join(dir, "costs_*.csv"))
	tickets, _ := filepath.Glob(filepath.Join(dir, "tickets_*.jsonl"))
	if len(costs) == 0 || len(tickets) == 0 {
		b.Fatalf("no monthly costs or tickets files in %s", dir)
	}
	for _, v := range []struct {
		name      string
		files     []string
		employees int
	}{
		{"costs", costs, 0},
		{"tickets", tickets, 0},
		{"costs_290k_employees", costs, 290000},
	} {
		var size int64
		for _, f := range v.files {
			st, _ := os.Stat(f)
			size += st.Size()
		}
		pad := func(b *testing.B, db *store.DB) {
			// Made-up employees of one department, NIPs no file names.
			if _, err := db.SQL().Exec(`INSERT INTO employees (nip, name, opd_code, job_category, load_id)
				SELECT (190000000000000000 + i)::VARCHAR, 'padding', 'PADDING', 'back_office', 1
				FROM range(? - (SELECT count(*) FROM employees)) t(i)`, v.employees); err != nil {
				b.Fatal(err)
			}
		}
		if v.employees == 0 {
			pad = nil
		}
		b.Run(v.name, func(b *testing.B) {
			benchWfheval(b, dir, v.files, size, duckdbRun{}, pad, func(b *testing.B, rs []ingest.Result) {
				if len(rs) != len(v.files) {
					b.Fatalf("%d results for %d files", len(rs), len(v.files))
				}
			})
			b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N*len(v.files)), "ms/file")
		})
	}
}

// BenchmarkIngestJSONLines: the Indonesian-locale city's tickets.jsonl
// (every check, one transaction) into a database that holds the
// employees, against DuckDB's CREATE TABLE … AS SELECT * FROM
// read_json(…, format = 'newline_delimited') of the same file in the same
// run (issue [G]: ≥ 400,000 rows/s).
func BenchmarkIngestJSONLines(b *testing.B) {
	dir := benchCity(b, generate.FormatID)
	path := filepath.Join(dir, generate.TicketsJSONLFile)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	query := `CREATE TABLE tickets AS SELECT * FROM read_json(` + store.QuoteLiteral(path) + `, format = 'newline_delimited')`
	var base duckdbRun
	b.Run("duckdb_read_json", func(b *testing.B) { base = benchDuckDB(b, query, "tickets", st.Size()) })
	b.Run("wfheval", func(b *testing.B) {
		benchWfheval(b, dir, []string{path}, st.Size(), base, nil, func(b *testing.B, rs []ingest.Result) {
			fast := 0.0
			if rs[0].FastPath {
				fast = 1
			}
			b.ReportMetric(fast, "duckdb_reader")
		})
	})
}

// BenchmarkReadJSONWrite: where DuckDB's own load of the Indonesian
// city's tickets.jsonl spends its time — read_json of every member as
// VARCHAR (as wfheval's statement reads them) into a temporary table (in
// memory: no compression, no file), into a table of a database file, and
// into one with compression off (force_compression = 'uncompressed'). The
// difference between the first two is what writing the table costs,
// whoever reads the file (docs/performance.md, [G] 3).
func BenchmarkReadJSONWrite(b *testing.B) {
	dir := benchCity(b, generate.FormatID)
	path := filepath.Join(dir, generate.TicketsJSONLFile)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	// The members of the first line, in their order, every one as VARCHAR.
	db, err := sql.Open("duckdb", "")
	if err != nil {
		b.Fatal(err)
	}
	var keys []any
	err = db.QueryRow(`SELECT json_keys(json) FROM read_ndjson_objects(` + store.QuoteLiteral(path) + `) LIMIT 1`).Scan(&keys)
	db.Close()
	if err != nil {
		b.Fatal(err)
	}
	var spec []string
	for _, k := range keys {
		spec = append(spec, store.QuoteLiteral(k.(string))+": 'VARCHAR'")
	}
	read := fmt.Sprintf("read_json(%s, format = 'newline_delimited', ignore_errors = true, columns = {%s})",
		store.QuoteLiteral(path), strings.Join(spec, ", "))
	for _, v := range []struct{ name, set, query string }{
		{"temp_table", "", "CREATE TEMP TABLE t AS SELECT * FROM " + read},
		{"table", "", "CREATE TABLE t AS SELECT * FROM " + read},
		{"table_uncompressed", "SET force_compression = 'uncompressed'", "CREATE TABLE t AS SELECT * FROM " + read},
	} {
		b.Run(v.name, func(b *testing.B) { benchDuckDBAfter(b, v.set, v.query, "t", st.Size()) })
	}
}

// duckdbRun is what a load took: wall and CPU seconds per load, and the
// wall seconds of closing its database after it.
//
// The close counts. DuckDB's CREATE TABLE … AS SELECT leaves the
// compression of the new table's row groups to the checkpoint that
// closing the database runs (0.86 s of the canonical attendance's 2.36 s
// here), where wfheval's INSERT into the existing table in its
// transaction writes them compressed as it goes (its close takes
// ~0.05 s). Both end as the same table in the file; ratio_closed compares
// the two to there, ratio without the close (docs/performance.md).
type duckdbRun struct{ perOp, cpu, close float64 }

// benchDuckDB times query (DuckDB's own reader into a new table of a fresh
// database) and reports its rows/s (rows of table), CPU seconds and the
// database file's size.
func benchDuckDB(b *testing.B, query, table string, size int64) duckdbRun {
	return benchDuckDBAfter(b, "", query, table, size)
}

// benchDuckDBAfter is benchDuckDB with the statement set (a SET, say) run
// first, untimed, in each fresh database ("" for none). The database has
// one connection, so that a temporary table query makes is there for the
// count.
func benchDuckDBAfter(b *testing.B, set, query, table string, size int64) duckdbRun {
	var rows, fileSize int64
	var cpu, closing time.Duration
	for b.Loop() {
		b.StopTimer()
		db, err := sql.Open("duckdb", filepath.Join(b.TempDir(), "plain.duckdb"))
		if err != nil {
			b.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		if set != "" {
			if _, err := db.Exec(set); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		c0 := processCPU()
		if _, err := db.Exec(query); err != nil {
			b.Fatal(err)
		}
		cpu += processCPU() - c0
		b.StopTimer()
		if err := db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&rows); err != nil {
			b.Fatal(err)
		}
		if err := db.QueryRow(`SELECT total_blocks * block_size FROM pragma_database_size()`).Scan(&fileSize); err != nil {
			b.Fatal(err)
		}
		closing += timeClose(b, db.Close)
		b.StartTimer()
	}
	run := duckdbRun{b.Elapsed().Seconds() / float64(b.N), cpu.Seconds() / float64(b.N), closing.Seconds() / float64(b.N)}
	b.ReportMetric(float64(rows)/run.perOp, "rows/s")
	b.ReportMetric(run.cpu, "cpu-s/op")
	b.ReportMetric(run.close, "close-s/op")
	b.ReportMetric(float64(fileSize)/1e6, "file-MB")
	b.SetBytes(size)
	return run
}

// benchWfheval times one LoadFiles of files into a fresh database holding
// the employees of dir, checks every load's results with check, and
// reports rows/s, CPU seconds and both against base (DuckDB's own reader
// of the same files, when it ran first).
func benchWfheval(b *testing.B, dir string, files []string, size int64, base duckdbRun, setup func(*testing.B, *store.DB), check func(*testing.B, []ingest.Result)) {
	var rows int64
	var cpu, closing time.Duration
	for b.Loop() {
		b.StopTimer()
		db := benchDB(b, dir)
		if setup != nil {
			setup(b, db)
		}
		b.StartTimer()
		c0 := processCPU()
		rs, err := ingest.NewLoader(db, ingest.Options{}).LoadFiles(context.Background(), files)
		if err != nil {
			b.Fatal(err)
		}
		cpu += processCPU() - c0
		b.StopTimer()
		check(b, rs)
		rows = 0
		for _, r := range rs {
			rows += r.RowsLoaded
		}
		closing += timeClose(b, db.Close)
		b.StartTimer()
	}
	perOp, perOpCPU, perClose := b.Elapsed().Seconds()/float64(b.N), cpu.Seconds()/float64(b.N), closing.Seconds()/float64(b.N)
	b.ReportMetric(float64(rows)/perOp, "rows/s")
	b.ReportMetric(perOpCPU, "cpu-s/op")
	b.ReportMetric(perClose, "close-s/op")
	if base.perOp > 0 {
		b.ReportMetric(perOp/base.perOp, "ratio")
		b.ReportMetric((perOp+perClose)/(base.perOp+base.close), "ratio_closed")
	}
	if base.cpu > 0 {
		b.ReportMetric(perOpCPU/base.cpu, "cpu-ratio")
	}
	b.SetBytes(size)
}

// timeClose closes a benchmark's database, timer stopped, and returns how
// long that took: DuckDB checkpoints the file as it closes (duckdbRun).
func timeClose(b *testing.B, close func() error) time.Duration {
	t := time.Now()
	if err := close(); err != nil {
		b.Fatal(err)
	}
	return time.Since(t)
}
