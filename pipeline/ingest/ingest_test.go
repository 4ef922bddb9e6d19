package ingest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bekasi/wfheval/pipeline/ingest"
	"github.com/bekasi/wfheval/pipeline/store"
)

// A small hand-written city: two departments, five employees.
const (
	employeesCSV = `nip,name,opd_code,opd_name,job_category,position,wfh_group,active_from,active_to
198503122010011003,Siti Aminah,DISDUKCAPIL,Dinas Kependudukan dan Pencatatan Sipil,front_office,Verifikator,A,,
199001012015032001,Budi Santoso,DISDUKCAPIL,Dinas Kependudukan dan Pencatatan Sipil,back_office,Analis,B,,
197712302005011002,Dewi Lestari,BKPSDM,Badan Kepegawaian dan Pengembangan SDM,back_office,Analis SDM,A,2025-01-01,
198811112012121004,Agus Salim,BKPSDM,Badan Kepegawaian dan Pengembangan SDM,field,Pengawas,B,,2025-12-31
199505052019022005,Rina Wati,DISHUB,Dinas Perhubungan,essential,Petugas,,,
`
	attendanceCSV = `nip,date,status,work_mode,check_in,check_out
198503122010011003,2025-11-05,present,WFO,07:21:00,16:05:00
198503122010011003,2025-11-06,present,WFH,07:25:00,16:00:00
199001012015032001,2025-11-05,sick,,,
199001012015032001,2025-11-06,present,WFH,07:40:00,16:10:00
197712302005011002,2025-11-05,leave,,,
197712302005011002,2025-11-06,absent,,,
`
	costsCSV = `opd_code,period,category,amount_idr,quantity,unit
DISDUKCAPIL,2025-10,electricity,45250000,30166.7,kWh
DISDUKCAPIL,2025-10,water,3500000,210.0,m3
DISDUKCAPIL,2025-11,electricity,41000000.50,27333.3,kWh
BKPSDM,2025-11,meals,12500000,,
`
	ticketsCSV = `ticket_id,opd_code,service,channel,created_at,first_response_at,resolved_at,status,sla_hours,satisfaction,handled_by
T-0001,DISDUKCAPIL,KTP-el,walk_in,2025-11-05 08:10:00,2025-11-05 08:30:00,2025-11-05 11:00:00,resolved,,5,198503122010011003
T-0002,DISDUKCAPIL,Akta Kelahiran,online,2025-11-06 21:15:00,,,open,72,,
T-0003,DISDUKCAPIL,KTP-el,phone,2025-11-06 09:00:00,,,cancelled,,,
`
	metersCSV = `opd_code,date,electricity_kwh
DISDUKCAPIL,2025-11-05,1040.5
DISDUKCAPIL,2025-11-06,610.0
BKPSDM,2025-11-06,300.2
`
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// openDB returns a new, empty database: a copy of one made once (a new
// file's migrations take some 70 ms, a copy a millisecond). The tests'
// databases run DuckDB on one thread: their files fit in one of its
// buffers, and go test runs two packages at once on this 2-core machine,
// where DuckDB's idle workers took a sixth of the suite's CPU
// (docs/performance.md, "The test suite"). The benchmarks use every core.
func openDB(t *testing.T) *store.DB {
	t.Helper()
	emptyBase.once.Do(func() {
		dir, err := os.MkdirTemp("", "wfheval-empty-")
		if err != nil {
			emptyBase.err = err
			return
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "empty.duckdb")
		db, err := store.Open(context.Background(), path, store.Options{Threads: 1})
		if err != nil {
			emptyBase.err = err
			return
		}
		if emptyBase.err = db.Close(); emptyBase.err == nil {
			emptyBase.file, emptyBase.err = os.ReadFile(path)
		}
	})
	if emptyBase.err != nil {
		t.Fatal(emptyBase.err)
	}
	path := filepath.Join(t.TempDir(), "test.duckdb")
	if err := os.WriteFile(path, emptyBase.file, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), path, store.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var emptyBase struct {
	once sync.Once
	file []byte
	err  error
}

// city writes the small city into dir and returns its files, parents last
// (LoadFiles must reorder them).
func city(t *testing.T, dir string) []string {
	return []string{
		writeFile(t, dir, "attendance.csv", attendanceCSV),
		writeFile(t, dir, "costs.csv", costsCSV),
		writeFile(t, dir, "tickets.csv", ticketsCSV),
		writeFile(t, dir, "meters.csv", metersCSV),
		writeFile(t, dir, "employees.csv", employeesCSV),
	}
}

var dataTables = []string{"employees", "punches", "attendance", "costs", "tickets", "meters", "load_log", "rejects", "history", "load_replacements"}

// state is a fingerprint of every table: row count and an order-independent
// checksum of the rows' contents.
func state(t *testing.T, db *store.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, tbl := range dataTables {
		var s string
		q := `SELECT count(*)::VARCHAR || ':' || coalesce(sum(hash(t))::VARCHAR, '0') FROM ` + tbl + ` t`
		if err := db.SQL().QueryRow(q).Scan(&s); err != nil {
			t.Fatalf("%s: %v", tbl, err)
		}
		out[tbl] = s
	}
	return out
}

func count(t *testing.T, db *store.DB, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.SQL().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func checkBalanced(t *testing.T, db *store.DB) {
	t.Helper()
	if n := count(t, db, `SELECT count(*) FROM load_log WHERE rows_read <> rows_loaded + rows_rejected`); n != 0 {
		t.Errorf("%d loads where rows_read != rows_loaded + rows_rejected", n)
	}
	// Rejected rows are accounted for by distinct lines in rejects.
	if n := count(t, db, `SELECT count(*) FROM load_log l WHERE rows_rejected <> (SELECT count(DISTINCT line) FROM rejects r WHERE r.load_id = l.load_id)`); n != 0 {
		t.Errorf("%d loads whose rows_rejected differs from their rejects", n)
	}
}

func TestLoadEveryKind(t *testing.T) {
	for _, careful := range []bool{false, true} {
		name := map[bool]string{false: "fast", true: "careful"}[careful]
		t.Run(name, func(t *testing.T) {
			db := openDB(t)
			files := city(t, t.TempDir())
			res, err := ingest.NewLoader(db, ingest.Options{Careful: careful}).LoadFiles(context.Background(), files)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]int64{"employees": 5, "attendance": 6, "costs": 4, "tickets": 3, "meters": 3}
			if res[0].Kind != "employees" {
				t.Errorf("first load is %s, want employees first", res[0].Kind)
			}
			for _, r := range res {
				if r.RowsLoaded != want[r.Kind] || r.RowsRejected != 0 || r.RowsRead != want[r.Kind] {
					t.Errorf("%s: %+v, want %d rows loaded", r.Kind, r, want[r.Kind])
				}
				if r.FastPath == careful {
					t.Errorf("%s: FastPath = %v with Careful = %v", r.Kind, r.FastPath, careful)
				}
				if got := count(t, db, "SELECT count(*) FROM "+r.Kind); got != want[r.Kind] {
					t.Errorf("table %s has %d rows, want %d", r.Kind, got, want[r.Kind])
				}
			}
			checkBalanced(t, db)
			// Typed values as the contract reads them.
			var in string
			var amount float64
			var sat int
			db.SQL().QueryRow(`SELECT strftime(check_in, '%Y-%m-%d %H:%M:%S') FROM attendance WHERE nip = '199001012015032001' AND date = '2025-11-06'`).Scan(&in)
			db.SQL().QueryRow(`SELECT amount_idr FROM costs WHERE period = '2025-11' AND category = 'electricity'`).Scan(&amount)
			db.SQL().QueryRow(`SELECT satisfaction FROM tickets WHERE ticket_id = 'T-0001'`).Scan(&sat)
			if in != "2025-11-06 07:40:00" || amount != 41000000.50 || sat != 5 {
				t.Errorf("check_in %q, amount %v, satisfaction %d", in, amount, sat)
			}
		})
	}
}

// Both paths must write exactly the same rows.
func TestFastAndCarefulAgree(t *testing.T) {
	sums := map[bool]map[string]string{}
	for _, careful := range []bool{false, true} {
		db := openDB(t)
		if _, err := ingest.NewLoader(db, ingest.Options{Careful: careful}).LoadFiles(context.Background(), city(t, t.TempDir())); err != nil {
			t.Fatal(err)
		}
		s := map[string]string{}
		for _, tbl := range []string{"employees", "attendance", "costs", "tickets", "meters"} {
			var v string
			db.SQL().QueryRow(`SELECT count(*)::VARCHAR || ':' || sum(hash(t))::VARCHAR FROM (SELECT * EXCLUDE (load_id) FROM ` + tbl + `) t`).Scan(&v)
			s[tbl] = v
		}
		sums[careful] = s
	}
	for tbl, v := range sums[false] {
		if sums[true][tbl] != v {
			t.Errorf("%s: fast path %s, careful path %s", tbl, v, sums[true][tbl])
		}
	}
}

func TestReingestChangesNothing(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	files := city(t, t.TempDir())
	l := ingest.NewLoader(db, ingest.Options{})
	if _, err := l.LoadFiles(ctx, files); err != nil {
		t.Fatal(err)
	}
	before := state(t, db)
	res, err := l.LoadFiles(ctx, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if !r.AlreadyLoaded {
			t.Errorf("%s loaded again: %+v", r.Path, r)
		}
	}
	after := state(t, db)
	for tbl := range before {
		if before[tbl] != after[tbl] {
			t.Errorf("%s changed: %s -> %s", tbl, before[tbl], after[tbl])
		}
	}
}

// TestKnownEmployeesFollowEmployeeLoads: one Loader keeps the employees'
// NIPs and departments between loads (references); a load of employees
// must drop them, so that a NIP it adds is known to the next file and a
// department it adds too.
func TestKnownEmployeesFollowEmployeeLoads(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	dir := t.TempDir()
	l := ingest.NewLoader(db, ingest.Options{})
	newNIP := "199202022020121006"
	att := func(name, date string) string {
		return writeFile(t, dir, name, "nip,date,status,work_mode,check_in,check_out\n"+
			"198503122010011003,"+date+",present,WFO,07:21:00,16:05:00\n"+newNIP+","+date+",present,WFO,07:30:00,16:00:00\n")
	}
	meters := func(name, date string) string {
		return writeFile(t, dir, name, "opd_code,date,electricity_kwh\nDISDUKCAPIL,"+date+",100\nDISKOMINFO,"+date+",50\n")
	}
	steps := []struct {
		path             string
		loaded, rejected int64
	}{
		{writeFile(t, dir, "employees.csv", employeesCSV), 5, 0},
		{att("a1.csv", "2025-11-05"), 1, 1},    // the new NIP is nobody's yet
		{meters("m1.csv", "2025-11-05"), 1, 1}, // nor the new department
		{writeFile(t, dir, "employees2.csv", employeesCSV+newNIP+",Sari Dewi,DISKOMINFO,Dinas Komunikasi dan Informatika,back_office,Analis,A,,\n"), 6, 0},
		{att("a2.csv", "2025-11-06"), 2, 0},
		{meters("m2.csv", "2025-11-06"), 2, 0},
	}
	for _, s := range steps {
		r, err := l.Load(ctx, s.path)
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(s.path), err)
		}
		if r.RowsLoaded != s.loaded || r.RowsRejected != s.rejected {
			t.Errorf("%s: loaded %d, rejected %d; want %d, %d", filepath.Base(s.path), r.RowsLoaded, r.RowsRejected, s.loaded, s.rejected)
		}
	}
}

func TestCorrectedFileReplacesRows(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	dir := t.TempDir()
	l := ingest.NewLoader(db, ingest.Options{})
	if _, err := l.LoadFiles(ctx, city(t, dir)); err != nil {
		t.Fatal(err)
	}
	// The department re-exports two days: one correction, one new row.
	fixed := writeFile(t, dir, "attendance-fixed.csv", `nip,date,status,work_mode,check_in,check_out
197712302005011002,2025-11-06,sick,,,
197712302005011002,2025-11-05,leave,,,
197712302005011002,2025-11-07,present,WFO,07:10:00,16:00:00
`)
	r, err := l.Load(ctx, fixed)
	if err != nil {
		t.Fatal(err)
	}
	if r.RowsReplaced != 2 || r.RowsLoaded != 3 {
		t.Errorf("replaced %d, loaded %d; want 2 and 3", r.RowsReplaced, r.RowsLoaded)
	}
	if n := count(t, db, `SELECT count(*) FROM attendance`); n != 7 {
		t.Errorf("attendance has %d rows, want 7", n)
	}
	if n := count(t, db, `SELECT count(*) FROM attendance WHERE nip = '197712302005011002' AND date = '2025-11-06' AND status = 'sick'`); n != 1 {
		t.Errorf("correction not applied")
	}
	if n := count(t, db, `SELECT count(*) FROM (SELECT nip, date FROM attendance GROUP BY ALL HAVING count(*) > 1)`); n != 0 {
		t.Errorf("%d keys twice in attendance", n)
	}
	if n := count(t, db, `SELECT rows_replaced FROM load_log WHERE load_id = ?`, r.LoadID); n != 2 {
		t.Errorf("load_log rows_replaced = %d", n)
	}
	checkBalanced(t, db)
}

func TestFailedLoadLeavesDatabaseAsItWas(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var big strings.Builder
	big.WriteString("opd_code,date,electricity_kwh\n")
	for d := 1; d <= 28; d++ {
		for _, opd := range []string{"DISDUKCAPIL", "BKPSDM", "DISHUB"} {
			big.WriteString(opd + ",2025-02-" + two(d) + ",100.5\n")
		}
	}
	cases := []struct {
		name    string
		content string
		hook    string // "row": fail while Go's reader appends; "finish": fail after the rows are in, on any path
		careful bool
		wantErr string
	}{
		{"unclosed quote at the end", big.String() + "BKPSDM,\"2025-03-01,1\n", "", false, "meters-bad.csv:86: quoted field never closed"},
		{"failure while appending", big.String() + "NOPE,2025-03-01,1\n", "row", true, "injected failure"},
		{"failure after DuckDB's reader loaded", big.String(), "finish", false, "injected failure"},
		{"failure after a load with rejects", big.String() + "NOPE,2025-03-01,1\n", "finish", false, "injected failure"},
		{"binary data", big.String() + "BKPSDM,2025-03-01,1\x00\n", "", false, "meters-bad.csv: binary data, not a text export (NUL bytes)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t)
			l := ingest.NewLoader(db, ingest.Options{Careful: tc.careful})
			if _, err := l.LoadFiles(ctx, city(t, dir)); err != nil {
				t.Fatal(err)
			}
			before := state(t, db)
			switch tc.hook {
			case "row":
				ingest.SetRowHook(l, func(row int64) error {
					if row == 40 {
						return errors.New("injected failure")
					}
					return nil
				})
			case "finish":
				ingest.SetFinishHook(l, func() error { return errors.New("injected failure") })
			}
			_, err := l.Load(ctx, writeFile(t, dir, "meters-bad.csv", tc.content))
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error %v, want it to contain %q", err, tc.wantErr)
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

func two(d int) string {
	if d < 10 {
		return "0" + string(rune('0'+d))
	}
	return string(rune('0'+d/10)) + string(rune('0'+d%10))
}

func TestRejectsKeepTheirLine(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	dir := t.TempDir()
	l := ingest.NewLoader(db, ingest.Options{})
	if _, err := l.LoadFiles(ctx, city(t, dir)); err != nil {
		t.Fatal(err)
	}
	bad := writeFile(t, dir, "attendance-bad.csv", `nip,date,status,work_mode,check_in,check_out
198503122010011003,2025-11-10,present,WFO,07:21:00,16:05:00
19850312201001100,2025-11-10,present,WFO,07:21:00,16:05:00
199001012015032009,2025-11-10,present,WFO,07:21:00,16:05:00
199001012015032001,31/02/2025,present,WFO,07:21:00,16:05:00
199001012015032001,2025-11-10,mangkir,,,

198503122010011003,2025-11-10,present,WFO,07:30:00,16:05:00
197712302005011002,2025-11-10,present,WFO
197712302005011002,2025-11-11,sick,WFH,,
197712302005011002,2025-11-12,present,WFO,16:00:00,07:00:00
"198503122010011003","2025-11-13","present","WFH","07:00","16:00"
`)
	r, err := l.Load(ctx, bad)
	if err != nil {
		t.Fatal(err)
	}
	if r.RowsRead != 10 || r.RowsLoaded != 2 || r.RowsRejected != 8 {
		t.Errorf("read %d loaded %d rejected %d; want 10, 2, 8", r.RowsRead, r.RowsLoaded, r.RowsRejected)
	}
	rows, err := db.SQL().Query(`SELECT line, coalesce(column_name, ''), reason FROM rejects WHERE load_id = ? ORDER BY line`, r.LoadID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var line int
		var col, reason string
		rows.Scan(&line, &col, &reason)
		got = append(got, two(line)+" "+col+": "+reason)
	}
	want := []string{
		"03 nip: NIP must have 18 digits",
		"04 nip: unknown NIP (not in employees)",
		"05 date: not a date (want YYYY-MM-DD, DD/MM/YYYY or 6 November 2025)",
		"06 status: unknown status \"mangkir\" (accepted: absent, leave, official_travel, permit, present, sick; or alpa, alpha, cuti, dinas_luar, dl, hadir, ijin, izin, sakit, sppd, tanpa_keterangan, terlambat, tk); map more in the config: values: {attendance: {status: {mangkir: present}}}",
		"08 nip,date: duplicate key: same nip, date as line 2",
		"09 : row has 4 fields, header has 6",
		"10 work_mode: work_mode must be empty unless status is present",
		"11 check_out: check_out is before check_in",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rejects:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	checkBalanced(t, db)
}

func TestFileErrors(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	dir := t.TempDir()
	l := ingest.NewLoader(db, ingest.Options{})
	cases := []struct{ name, content, want string }{
		{"empty.csv", "", "empty.csv: ingest: no data rows"},
		{"header-only.csv", "nip,name,opd_code,opd_name,job_category\n", "header-only.csv:1: ingest: no data rows: the header is the last line"},
		{"unknown.csv", "a,b,c\n1,2,3\n", "unknown.csv: ingest: no header of a known kind among the first 20 lines (map other header names with columns: in the config); kinds: employees, punches, attendance, costs, tickets, meters"},
		{"near.csv", "nip,tanggal\n1,2\n", "near.csv: ingest: no header of a known kind among the first 20 lines; closest: line 1 would be attendance but lacks status (map other header names with columns: in the config)"},
		{"attendance-first.csv", "nip,date,status\n198503122010011003,2025-11-05,present\n", "ingest: no employees loaded"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := l.Load(ctx, writeFile(t, dir, tc.name, tc.content))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v\nwant it to contain %q", err, tc.want)
			}
		})
	}
	if n := count(t, db, `SELECT count(*) FROM load_log`); n != 0 {
		t.Errorf("failed loads left %d load_log rows", n)
	}
}

// An Indonesian-locale export whose every form DuckDB's reader can take
// (spaced NIPs, day-first dates, Indonesian words, HH:MM) goes the fast way;
// TestCorpus checks it loads the same rows as Go's reader.
func TestIndonesianExportTakesFastPath(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	l := ingest.NewLoader(db, ingest.Options{})
	if _, err := l.Load(ctx, writeFile(t, t.TempDir(), "employees.csv", employeesCSV)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "..", "testdata", "ingest", "cases", "indonesian-export-fast", "input.csv")
	if _, err := os.ReadFile(path); err != nil { // let Go's test cache see the file
		t.Fatal(err)
	}
	r, err := l.Load(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if !r.FastPath || r.RowsLoaded != 6 || r.LinesSkipped != 2 {
		t.Errorf("%+v: want the fast path, 6 rows, 2 title lines", r)
	}
}

// A file with a few bad rows is still read by DuckDB's reader, from a copy
// without them; the rejects are those Go's reader writes (TestCorpus).
func TestFewBadRowsStillUseDuckDBReader(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	dir := t.TempDir()
	l := ingest.NewLoader(db, ingest.Options{})
	if _, err := l.LoadFiles(ctx, city(t, dir)); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("opd_code,date,electricity_kwh\n")
	for d := 1; d <= 28; d++ {
		b.WriteString("BKPSDM,2025-02-" + two(d) + ",100.5\n")
	}
	b.WriteString("NOPE,2025-02-01,1\nBKPSDM,2025-02-03,7\n") // unknown department; repeated key
	r, err := l.Load(ctx, writeFile(t, dir, "meters-feb.csv", b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if !r.FastPath || r.RowsLoaded != 28 || r.RowsRejected != 2 {
		t.Errorf("%+v: want DuckDB's reader, 28 loaded, 2 rejected", r)
	}
	if n := count(t, db, `SELECT count(*) FROM rejects WHERE load_id = ? AND (line = 30 AND column_name = 'opd_code' OR line = 31 AND reason = 'duplicate key: same opd_code, date as line 4')`, r.LoadID); n != 2 {
		t.Errorf("rejects at lines 30 and 31 not as expected (%d found)", n)
	}
	checkBalanced(t, db)
}
