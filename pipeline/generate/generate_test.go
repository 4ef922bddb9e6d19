package generate_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/holidays"
)

// smallEmployees is the size of the test city: every department gets a few
// employees, and the whole city generates in well under a second.
const smallEmployees = 300

// city is a generated city shared by the tests that only read it.
type city struct {
	dir     string
	opts    generate.Options
	summary generate.Summary
}

var (
	root string // temporary directory of the cities, removed after the tests

	citiesMu sync.Mutex
	cities   = map[int]*city{}
)

func TestMain(m *testing.M) {
	code, err := runTests(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(code)
}

func runTests(m *testing.M) (int, error) {
	var err error
	root, err = os.MkdirTemp("", "wfheval-generate-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(root)
	return m.Run(), nil
}

// smallCity returns the city of smallEmployees employees, generated on
// first use and shared by the tests that only read it.
func smallCity(t testing.TB) *city {
	t.Helper()
	return cityOf(t, smallEmployees)
}

// cityOf returns the default city with n employees, generated once.
func cityOf(t testing.TB, n int) *city {
	t.Helper()
	citiesMu.Lock()
	defer citiesMu.Unlock()
	if c, ok := cities[n]; ok {
		return c
	}
	c, err := newCity(n)
	if err != nil {
		t.Fatal(err)
	}
	cities[n] = c
	return c
}

func newCity(n int) (*city, error) {
	dir := filepath.Join(root, strconv.Itoa(n))
	opts := generate.DefaultOptions()
	opts.Employees = n
	sum, err := generate.Write(context.Background(), dir, opts)
	if err != nil {
		return nil, fmt.Errorf("generating a test city of %d employees: %w", n, err)
	}
	return &city{dir: dir, opts: opts, summary: sum}, nil
}

func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

var csvFiles = []string{
	generate.EmployeesFile, generate.AttendanceFile, generate.CostsFile, generate.TicketsFile, generate.MetersFile,
}

// table is a CSV file read whole, with its columns by name.
type table struct {
	cols map[string]int
	rows [][]string
}

func (tb *table) get(row []string, col string) string { return row[tb.cols[col]] }

func readTable(t testing.TB, dir, name string) *table {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = false
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	tb := &table{cols: map[string]int{}, rows: recs[1:]}
	for i, c := range recs[0] {
		tb.cols[c] = i
	}
	return tb
}

func readTruth(t testing.TB, dir string) *generate.Truth {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, generate.TruthFile))
	if err != nil {
		t.Fatal(err)
	}
	var truth generate.Truth
	if err := json.Unmarshal(b, &truth); err != nil {
		t.Fatal(err)
	}
	return &truth
}

func readPolicy(t testing.TB, dir string) *config.Config {
	t.Helper()
	cfg, err := config.Load(filepath.Join(dir, generate.PolicyFile))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestDeterminism(t *testing.T) {
	small := smallCity(t)
	again := t.TempDir()
	if _, err := generate.Write(context.Background(), again, small.opts); err != nil {
		t.Fatal(err)
	}
	other := t.TempDir()
	opts := small.opts
	opts.Seed = 2
	if _, err := generate.Write(context.Background(), other, opts); err != nil {
		t.Fatal(err)
	}
	files := append([]string{generate.TruthFile, generate.PolicyFile}, csvFiles...)
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			a := mustRead(t, filepath.Join(small.dir, name))
			if b := mustRead(t, filepath.Join(again, name)); !bytes.Equal(a, b) {
				t.Error("same seed: files differ")
			}
			c := mustRead(t, filepath.Join(other, name))
			switch name {
			case generate.PolicyFile:
				if !bytes.Equal(a, c) {
					t.Error("another seed changed the policy, which depends on the dates only")
				}
			default:
				if bytes.Equal(a, c) {
					t.Error("another seed: files are identical")
				}
			}
		})
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSummary(t *testing.T) {
	small := smallCity(t)
	s := small.summary
	if s.Employees != smallEmployees {
		t.Errorf("Employees: got %d, want %d", s.Employees, smallEmployees)
	}
	if s.Departments < 40 || s.Departments > 50 {
		t.Errorf("Departments: got %d, want about 45", s.Departments)
	}
	if len(s.Files) != len(csvFiles) {
		t.Errorf("Files: got %v, want the %d CSV files", s.Files, len(csvFiles))
	}
	for _, name := range csvFiles {
		tb := readTable(t, small.dir, name)
		if got := len(tb.rows); got != s.Files[name] || got == 0 {
			t.Errorf("%s: %d data rows, Summary says %d", name, got, s.Files[name])
		}
	}
	opds := map[string]bool{}
	for _, row := range readTable(t, small.dir, generate.EmployeesFile).rows {
		opds[row[2]] = true
	}
	if len(opds) != s.Departments {
		t.Errorf("employees.csv has %d departments, Summary says %d", len(opds), s.Departments)
	}
}

func TestCanonicalCSV(t *testing.T) {
	small := smallCity(t)
	headers := map[string]string{
		generate.EmployeesFile:  "nip,name,opd_code,opd_name,job_category,position,wfh_group,active_from,active_to",
		generate.AttendanceFile: "nip,date,status,work_mode,check_in,check_out",
		generate.CostsFile:      "opd_code,period,category,amount_idr,quantity,unit",
		generate.TicketsFile:    "ticket_id,opd_code,service,channel,created_at,first_response_at,resolved_at,status,sla_hours,satisfaction,handled_by",
		generate.MetersFile:     "opd_code,date,electricity_kwh",
	}
	for _, name := range csvFiles {
		t.Run(name, func(t *testing.T) {
			b := mustRead(t, filepath.Join(small.dir, name))
			first, _, _ := bytes.Cut(b, []byte("\n"))
			if string(first) != headers[name] {
				t.Errorf("header: got %q, want %q", first, headers[name])
			}
			if bytes.Contains(b, []byte("\r")) {
				t.Error("contains CR")
			}
			if !bytes.HasSuffix(b, []byte("\n")) {
				t.Error("last line not terminated")
			}
			// Every quoted field must need its quotes.
			for line := range bytes.Lines(b) {
				if bytes.Contains(line, []byte(`"`)) && !bytes.Contains(line, []byte(`,`)) {
					t.Fatalf("needless quotes: %q", line)
				}
			}
		})
	}
}

func TestOptionErrors(t *testing.T) {
	bad := func(f func(*generate.Options)) generate.Options {
		o := generate.DefaultOptions()
		f(&o)
		return o
	}
	tests := []struct {
		name string
		opts generate.Options
		want error
	}{
		{"too few employees", bad(func(o *generate.Options) { o.Employees = 50 }), generate.ErrInvalidOptions},
		{"to before from", bad(func(o *generate.Options) { o.From, o.To = date(2025, 12, 31), date(2025, 1, 1) }), generate.ErrInvalidOptions},
		{"saving above 1", bad(func(o *generate.Options) { o.Effects.ClosedDaySaving.Electricity = 1.5 }), generate.ErrInvalidOptions},
		{"negative non-compliance", bad(func(o *generate.Options) { o.Effects.NonCompliance = -0.1 }), generate.ErrInvalidOptions},
		{"unknown affected department", bad(func(o *generate.Options) { o.Effects.AffectedOPDs = []string{"NOPE"} }), generate.ErrInvalidOptions},
		{"absence increase above 0.5", bad(func(o *generate.Options) { o.Effects.AbsenceIncreaseWFH = 0.6 }), generate.ErrInvalidOptions},
		{"negative absence increase", bad(func(o *generate.Options) { o.Effects.AbsenceIncreaseWFH = -0.01 }), generate.ErrInvalidOptions},
		{"unknown attendance-affected department", bad(func(o *generate.Options) { o.Effects.AttendanceAffectedOPDs = []string{"NOPE"} }), generate.ErrInvalidOptions},
		{"year without holidays", bad(func(o *generate.Options) { o.From = date(2020, 1, 1) }), holidays.ErrUnknownYear},
		{"unknown format", bad(func(o *generate.Options) { o.Format = "xlsx" }), generate.ErrInvalidOptions},
		{"bad rows in canonical files", bad(func(o *generate.Options) { o.BadRows = true }), generate.ErrInvalidOptions},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := generate.Write(context.Background(), dir, tc.opts)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("wrote %d files despite the error", len(entries))
			}
		})
	}
}

func TestCancelled(t *testing.T) {
	small := smallCity(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := generate.Write(ctx, t.TempDir(), small.opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestZeroOptionsTakeDefaults(t *testing.T) {
	got, err := generate.Policy(generate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := generate.Policy(generate.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	a, err := got.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	b, err := want.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Errorf("Policy(Options{}) differs from Policy(DefaultOptions()):\n%s\n%s", a, b)
	}
}

func BenchmarkWriteDefault(b *testing.B) {
	benchmarkWrite(b, generate.DefaultOptions())
}

// BenchmarkWriteDefaultID writes the default city as Indonesian exports
// with the bad rows planted.
func BenchmarkWriteDefaultID(b *testing.B) {
	opts := generate.DefaultOptions()
	opts.Format, opts.BadRows = generate.FormatID, true
	benchmarkWrite(b, opts)
}

func benchmarkWrite(b *testing.B, opts generate.Options) {
	dir := b.TempDir()
	for b.Loop() {
		if _, err := generate.Write(context.Background(), dir, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleWrite() {
	dir, err := os.MkdirTemp("", "city-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	opts := generate.DefaultOptions()
	opts.Employees = 300
	sum, err := generate.Write(context.Background(), dir, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d employees in %d departments\n", sum.Employees, sum.Departments)
	for _, name := range slices.Sorted(maps.Keys(sum.Files)) {
		fmt.Println(name, sum.Files[name] > 0)
	}
	// Output:
	// 300 employees in 44 departments
	// attendance.csv true
	// costs.csv true
	// employees.csv true
	// meters.csv true
	// tickets.csv true
}

// The same city as the departments' systems export it, with a few faulty
// rows planted for the loader to reject.
func ExampleWrite_indonesian() {
	dir, err := os.MkdirTemp("", "city-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	opts := generate.DefaultOptions()
	opts.Employees = 300
	opts.Format, opts.BadRows = generate.FormatID, true
	sum, err := generate.Write(context.Background(), dir, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, name := range slices.Sorted(maps.Keys(sum.Files)) {
		fmt.Printf("%s: %d planted\n", name, sum.BadRows[name])
	}
	// Output:
	// attendance.csv: 5 planted
	// costs.csv: 1 planted
	// employees.xlsx: 1 planted
	// meters.csv: 1 planted
	// tickets.jsonl: 3 planted
}
