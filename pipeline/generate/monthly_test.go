package generate_test

import (
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/generate"
)

// monthsOf lists the months YYYY-MM of from..to.
func monthsOf(from, to time.Time) []string {
	var out []string
	for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(to); m = m.AddDate(0, 1, 0) {
		out = append(out, m.Format("2006-01"))
	}
	return out
}

// With MonthlyFiles the attendance, costs and tickets come as one file per
// month, each a whole canonical file whose rows are of its month, and
// together the rows of the single files in the same order; the other files
// are the single city's.
func TestMonthlyFiles(t *testing.T) {
	single := cityJan2026(t)
	c := cityWith(t, "monthly-to-2026-01", func(o *generate.Options) { o.To, o.MonthlyFiles = date(2026, 1, 31), true })
	months := monthsOf(c.opts.From, c.opts.To)
	if len(months) != 17 {
		t.Fatalf("months %q", months)
	}
	want := []string{generate.EmployeesFile, generate.MetersFile}
	for _, base := range []string{generate.AttendanceFile, generate.CostsFile, generate.TicketsFile} {
		for _, m := range months {
			want = append(want, generate.MonthlyFileName(base, m))
		}
	}
	slices.Sort(want)
	if got := slices.Sorted(maps.Keys(c.summary.Files)); !slices.Equal(got, want) {
		t.Fatalf("Summary.Files %q, want %q", got, want)
	}
	if got := generate.MonthlyFileName(generate.TicketsJSONLFile, "2026-01"); got != "tickets_2026-01.jsonl" {
		t.Errorf("MonthlyFileName: %q", got)
	}
	// The column holding a row's date or month, and how to cut its month.
	monthOf := map[string]func(row []string) string{
		generate.AttendanceFile: func(r []string) string { return r[1][:7] },
		generate.CostsFile:      func(r []string) string { return r[1] },
		generate.TicketsFile:    func(r []string) string { return r[4][:7] },
	}
	for base, month := range monthOf {
		t.Run(base, func(t *testing.T) {
			whole := readTable(t, single.dir, base)
			header := bytes.SplitN(mustRead(t, filepath.Join(single.dir, base)), []byte("\n"), 2)[0]
			var rows [][]string
			for _, m := range months {
				name := generate.MonthlyFileName(base, m)
				b := mustRead(t, filepath.Join(c.dir, name))
				if got := bytes.SplitN(b, []byte("\n"), 2)[0]; !bytes.Equal(got, header) {
					t.Errorf("%s: header %q, want %q", name, got, header)
				}
				tb := readTable(t, c.dir, name)
				if len(tb.rows) != c.summary.Files[name] || len(tb.rows) == 0 {
					t.Errorf("%s: %d rows, Summary says %d", name, len(tb.rows), c.summary.Files[name])
				}
				for _, row := range tb.rows {
					if month(row) != m {
						t.Fatalf("%s: row %q of another month", name, row)
					}
				}
				rows = append(rows, tb.rows...)
			}
			if !slices.EqualFunc(rows, whole.rows, slices.Equal) {
				t.Errorf("the monthly files hold %d rows, not the %d of %s in order", len(rows), len(whole.rows), base)
			}
		})
	}
	for _, name := range []string{generate.EmployeesFile, generate.MetersFile, generate.TruthFile, generate.PolicyFile} {
		if !bytes.Equal(mustRead(t, filepath.Join(c.dir, name)), mustRead(t, filepath.Join(single.dir, name))) {
			t.Errorf("%s differs from the single files' city", name)
		}
	}
}

// The Indonesian monthly files: each in the form of its single file (byte
// order mark, title lines with the month's dates, header), read back into
// the canonical monthly files' rows, with the planted rows where
// expected_rejects.json says; writing single files removes the monthly
// ones, and the other way round.
func TestMonthlyFilesIndonesian(t *testing.T) {
	canon := cityWith(t, "monthly-to-2026-01", func(o *generate.Options) { o.To, o.MonthlyFiles = date(2026, 1, 31), true })
	dir := t.TempDir()
	opts := canon.opts
	opts.Format, opts.BadRows = generate.FormatID, true
	ctx := context.Background()
	sum, err := generate.Write(ctx, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	planted := expectedRejects(t, dir)
	months := monthsOf(opts.From, opts.To)
	names := []string{generate.EmployeesXLSXFile, generate.MetersFile}
	for _, base := range []string{generate.AttendanceFile, generate.CostsFile, generate.TicketsJSONLFile} {
		for _, m := range months {
			names = append(names, generate.MonthlyFileName(base, m))
		}
	}
	if got := slices.Sorted(maps.Keys(sum.Files)); !slices.Equal(got, slices.Sorted(slices.Values(names))) {
		t.Fatalf("Summary.Files %q, want %q", got, names)
	}
	nPlanted := 0
	for _, name := range names {
		recs, lines, bad := readBack(t, dir, name, planted[name])
		canonName := strings.Replace(name, ".jsonl", ".csv", 1)
		if name == generate.EmployeesXLSXFile {
			canonName = generate.EmployeesFile
		}
		want := readTable(t, canon.dir, canonName).rows
		if len(recs) != len(want) {
			t.Fatalf("%s: %d rows, the canonical %s has %d", name, len(recs), canonName, len(want))
		}
		for i := range want {
			if !slices.Equal(recs[i], want[i]) {
				t.Fatalf("%s:%d reads back as\n%q\nthe canonical row is\n%q", name, lines[i], recs[i], want[i])
			}
		}
		if len(bad) != len(planted[name]) || sum.BadRows[name] != len(bad) || sum.Files[name] != len(recs)+len(bad) {
			t.Errorf("%s: %d planted lines found, expected_rejects.json lists %d, Summary %d of %d rows",
				name, len(bad), len(planted[name]), sum.BadRows[name], sum.Files[name])
		}
		nPlanted += len(bad)
		if strings.HasSuffix(name, ".csv") && !bytes.HasPrefix(mustRead(t, filepath.Join(dir, name)), []byte("\ufeff")) {
			t.Errorf("%s: no byte order mark", name)
		}
	}
	if nPlanted != 11 {
		t.Errorf("%d planted rows, want 11", nPlanted)
	}
	// The title line of a month's attendance names the month's dates.
	jan := string(mustRead(t, filepath.Join(dir, "attendance_2026-01.csv")))
	if !strings.Contains(jan, "\r\nPeriode: 01/01/2026 s.d. 31/01/2026;;;;;\r\n") {
		t.Errorf("attendance_2026-01.csv: no period title of January 2026:\n%.300s", jan)
	}

	ls := func() []string {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	opts.MonthlyFiles = false
	if _, err := generate.Write(ctx, dir, opts); err != nil {
		t.Fatal(err)
	}
	wantFiles := append(slices.Clone(idFiles), generate.ExpectedRejectsFile, generate.PolicyFile, generate.TruthFile)
	slices.Sort(wantFiles)
	if got := ls(); !slices.Equal(got, wantFiles) {
		t.Errorf("after single files: %q, want %q", got, wantFiles)
	}
	opts.MonthlyFiles = true
	if _, err := generate.Write(ctx, dir, opts); err != nil {
		t.Fatal(err)
	}
	wantFiles = append(slices.Clone(names), generate.ExpectedRejectsFile, generate.PolicyFile, generate.TruthFile)
	slices.Sort(wantFiles)
	if got := ls(); !slices.Equal(got, wantFiles) {
		t.Errorf("after monthly files again: %q, want %q", got, wantFiles)
	}
}
