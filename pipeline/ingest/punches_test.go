package ingest_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/bekasi/wfheval/pipeline/ingest"
	"github.com/bekasi/wfheval/pipeline/store"
	"github.com/bekasi/wfheval/queries"
)

// employeesWithPINs is the small city's employee list with the machine
// user ids of four of them.
const employeesWithPINs = `nip,name,opd_code,opd_name,job_category,position,wfh_group,active_from,active_to,pin
198503122010011003,Siti Aminah,DISDUKCAPIL,Dinas Kependudukan dan Pencatatan Sipil,front_office,Verifikator,A,,,101
199001012015032001,Budi Santoso,DISDUKCAPIL,Dinas Kependudukan dan Pencatatan Sipil,back_office,Analis,B,,,102
197712302005011002,Dewi Lestari,BKPSDM,Badan Kepegawaian dan Pengembangan SDM,back_office,Analis SDM,A,2025-01-01,,103
198811112012121004,Agus Salim,BKPSDM,Badan Kepegawaian dan Pengembangan SDM,field,Pengawas,B,,2025-12-31,104
199505052019022005,Rina Wati,DISHUB,Dinas Perhubungan,essential,Petugas,,,,
`

// withPINs returns a new database holding employeesWithPINs, the folder
// its files are written in and the Loader that loaded them.
func withPINs(t *testing.T) (*store.DB, string, *ingest.Loader) {
	t.Helper()
	db, dir := openDB(t), t.TempDir()
	l := ingest.NewLoader(db, ingest.Options{})
	if _, err := l.Load(context.Background(), writeFile(t, dir, "employees.csv", employeesWithPINs)); err != nil {
		t.Fatal(err)
	}
	return db, dir, l
}

// scans writes attlog.dat lines as a ZKTeco machine does: PIN padded to
// nine characters, tab, time, four codes.
func scans(lines ...string) string {
	var b strings.Builder
	for _, l := range lines {
		pin, at, _ := strings.Cut(l, " ")
		fmt.Fprintf(&b, "%9s\t%s\t1\t0\t1\t0\n", pin, at)
	}
	return b.String()
}

// day is one derived attendance row: check-in and check-out as text, "-"
// for none.
func day(t *testing.T, db *store.DB, nip, date string) (in, out string, loadID int64) {
	t.Helper()
	var o sql.NullString
	err := db.SQL().QueryRow(`SELECT strftime(check_in, '%H:%M:%S'), strftime(check_out, '%H:%M:%S'), load_id
		FROM attendance WHERE nip = ? AND date = ?::DATE AND status = 'present' AND work_mode IS NULL`, nip, date).Scan(&in, &o, &loadID)
	if err != nil {
		t.Fatalf("attendance of %s on %s: %v", nip, date, err)
	}
	if !o.Valid {
		return in, "-", loadID
	}
	return in, o.String, loadID
}

// The real scan log of testdata/ingest/public/caoka-attlog (its README
// gives the source and licence), with made-up employees, loads end to end.
// The counts and the days below were read off the file's raw lines by
// hand (the README lists the lines).
func TestPunchesPublicSample(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "ingest", "public", "caoka-attlog")
	for _, careful := range []bool{false, true} {
		t.Run(fmt.Sprintf("careful=%v", careful), func(t *testing.T) {
			ctx := context.Background()
			db := openDB(t)
			l := ingest.NewLoader(db, ingest.Options{Careful: careful})
			// Go's test cache does not see files that DuckDB reads from C.
			for _, f := range []string{"employees.csv", "1_attlog.dat"} {
				if _, err := os.ReadFile(filepath.Join(dir, f)); err != nil {
					t.Fatal(err)
				}
			}
			res, err := l.LoadFiles(ctx, []string{filepath.Join(dir, "1_attlog.dat"), filepath.Join(dir, "employees.csv")})
			if err != nil {
				t.Fatal(err)
			}
			if len(res) != 2 || res[0].Kind != "employees" || res[0].RowsLoaded != 98 {
				t.Fatalf("loads %+v, want the 98 employees first", res)
			}
			r := res[1]
			if r.Kind != "punches" || r.RowsRead != 277 || r.RowsLoaded != 276 || r.RowsRejected != 1 || r.AttendanceDays != 261 {
				t.Errorf("punches: %s; want 277 scans read, 276 loaded, 1 rejected, 261 days", r)
			}
			if r.FastPath == careful {
				t.Errorf("read by DuckDB's reader: %v, with Careful %v", r.FastPath, careful)
			}
			var line int64
			var value, reason string
			if err := db.SQL().QueryRow(`SELECT line, value, reason FROM rejects WHERE load_id = ? AND column_name = 'pin'`, r.LoadID).Scan(&line, &value, &reason); err != nil {
				t.Fatal(err)
			}
			if line != 110 || value != "123456" || !strings.Contains(reason, "add a pin column to the employees export") {
				t.Errorf("reject: line %d, value %q, %q; want line 110, PIN 123456", line, value, reason)
			}
			for _, tc := range []struct{ nip, date, in, out string }{
				{"199001012020011053", "2020-09-30", "15:08:33", "18:07:00"}, // 720204, lines 2 and 4
				{"199001012020011053", "2020-10-08", "23:36:04", "-"},        // line 7
				{"199001012020011005", "2020-10-09", "07:11:46", "07:11:48"}, // 710005, lines 23-24
				{"199001012020011045", "2020-10-12", "07:05:23", "07:05:26"}, // 720121, lines 134-136
				{"199001012020011011", "2020-10-12", "07:11:54", "07:12:07"}, // 710011, lines 159-160
				{"199001012020011011", "2020-10-13", "07:14:24", "07:16:10"}, // lines 256, 272
			} {
				in, out, id := day(t, db, tc.nip, tc.date)
				if in != tc.in || out != tc.out || id != r.LoadID {
					t.Errorf("%s on %s: %s to %s (load %d), want %s to %s (load %d)", tc.nip, tc.date, in, out, id, tc.in, tc.out, r.LoadID)
				}
			}
			if n := count(t, db, `SELECT count(*) FROM attendance WHERE nip = '199001012020011053'`); n != 5 {
				t.Errorf("720204 has %d days, want 5 (lines 2, 4, 7, 8, 111, 192)", n)
			}
			if n := count(t, db, `SELECT attendance_days FROM load_log WHERE load_id = ?`, r.LoadID); n != 261 {
				t.Errorf("load_log.attendance_days = %d, want 261", n)
			}
			checkBalanced(t, db)
		})
	}
}

// Machines export cumulatively: the next log holds the scans of the last.
// Those replace their earlier rows (scans are not counted twice), the days
// they touch are derived again from all scans, and a day completed by the
// new log is a change traced in history.
func TestPunchesCumulativeLogs(t *testing.T) {
	ctx := context.Background()
	db, dir, l := withPINs(t)
	monday := scans("101 2025-11-03 07:30:00", "102 2025-11-03 07:41:00", "101 2025-11-03 16:02:00")
	first, err := l.Load(ctx, writeFile(t, dir, "attlog-1.dat", monday))
	if err != nil {
		t.Fatal(err)
	}
	if first.RowsLoaded != 3 || first.AttendanceDays != 2 || !first.FastPath {
		t.Errorf("first log: %s; want 3 scans, 2 days, DuckDB's reader", first)
	}
	second, err := l.Load(ctx, writeFile(t, dir, "attlog-2.dat", monday+scans("102 2025-11-03 16:30:00", "101 2025-11-04 07:29:00")))
	if err != nil {
		t.Fatal(err)
	}
	if second.RowsRead != 5 || second.RowsReplaced != 3 || second.RowsChanged != 0 ||
		second.AttendanceDays != 3 || second.DaysReplaced != 2 || second.DaysChanged != 1 {
		t.Errorf("second log: %s; want 5 scans read, 3 replaced (none changed); 3 days, 2 replaced, 1 changed", second)
	}
	if !strings.Contains(second.String(), "3 attendance days derived (2 replaced, 1 changed)") {
		t.Errorf("the load's line does not say what it derived: %s", second)
	}
	if n := count(t, db, `SELECT count(*) FROM punches`); n != 5 {
		t.Errorf("punches has %d rows, want 5", n)
	}
	if in, out, id := day(t, db, "199001012015032001", "2025-11-03"); in != "07:41:00" || out != "16:30:00" || id != second.LoadID {
		t.Errorf("102 on Monday: %s to %s (load %d), want 07:41:00 to 16:30:00 (load %d)", in, out, id, second.LoadID)
	}
	h := historyOf(t, db, second.LoadID)
	if len(h) != 1 || h[0].key != "199001012015032001|2025-11-03" || h[0].writtenBy != first.LoadID {
		t.Errorf("history %+v; want the Monday of 102 written by load %d", h, first.LoadID)
	}
	// load_replacements says whose rows: scans and days; loads lists the scans.
	if n := count(t, db, `SELECT count(*) FROM load_replacements WHERE load_id = ? AND replaced_load_id = ?
		AND ((kind = 'punches' AND rows_replaced = 3 AND rows_changed = 0) OR (kind = 'attendance' AND rows_replaced = 2 AND rows_changed = 1))`,
		second.LoadID, first.LoadID); n != 2 {
		t.Errorf("load_replacements of the second log: %d of the 2 rows expected", n)
	}
	q := queries.Must(queries.LoadIngest())
	if n := count(t, db, `SELECT count(*) FROM (`+strings.TrimSuffix(strings.TrimSpace(q.ListReplacements), ";")+`) WHERE load_id = ?`, second.LoadID); n != 1 {
		t.Errorf("ListReplacements gives %d rows for the second log, want 1 (its scans)", n)
	}
	// The same file again changes nothing.
	again, err := l.Load(ctx, filepath.Join(dir, "attlog-2.dat"))
	if err != nil || !again.AlreadyLoaded {
		t.Errorf("the same log again: %+v, %v", again, err)
	}
	checkBalanced(t, db)
}

// An attendance export and a scan log for the same day: the later load
// wins, as between any two loads of a key, and the replaced row is traced.
func TestPunchesReplaceAnAttendanceExport(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	dir := t.TempDir()
	l := ingest.NewLoader(db, ingest.Options{})
	for _, f := range []struct{ name, content string }{
		{"employees.csv", employeesWithPINs},
		{"attendance.csv", attendanceCSV},
	} {
		if _, err := l.Load(ctx, writeFile(t, dir, f.name, f.content)); err != nil {
			t.Fatal(err)
		}
	}
	// 199001012015032001 (pin 102) is sick on 5 November in the export.
	r, err := l.Load(ctx, writeFile(t, dir, "attlog.dat", scans("102 2025-11-05 07:50:00", "102 2025-11-05 15:59:00")))
	if err != nil {
		t.Fatal(err)
	}
	if r.AttendanceDays != 1 || r.DaysReplaced != 1 || r.DaysChanged != 1 {
		t.Errorf("%s; want 1 day derived, replacing the export's", r)
	}
	var was string
	if err := db.SQL().QueryRow(`SELECT old_values->>'status' FROM history WHERE kind = 'attendance' AND replaced_by_load = ?`, r.LoadID).Scan(&was); err != nil || was != "sick" {
		t.Errorf("history: %q, %v; want the export's sick day", was, err)
	}
	if in, out, _ := day(t, db, "199001012015032001", "2025-11-05"); in != "07:50:00" || out != "15:59:00" {
		t.Errorf("the day is %s to %s", in, out)
	}
}

// A punches load that fails after deriving the attendance leaves the scans,
// the attendance and the traces as they were.
func TestFailedPunchesLoadChangesNothing(t *testing.T) {
	for _, careful := range []bool{false, true} {
		t.Run(fmt.Sprintf("careful=%v", careful), func(t *testing.T) {
			ctx := context.Background()
			db := openDB(t)
			dir := t.TempDir()
			l := ingest.NewLoader(db, ingest.Options{Careful: careful})
			for _, f := range []struct{ name, content string }{
				{"employees.csv", employeesWithPINs},
				{"attlog-1.dat", scans("101 2025-11-03 07:30:00", "102 2025-11-03 07:41:00")},
			} {
				if _, err := l.Load(ctx, writeFile(t, dir, f.name, f.content)); err != nil {
					t.Fatal(err)
				}
			}
			before := state(t, db)
			injected := errors.New("injected failure")
			ingest.SetReplacedHook(l, func() error { return injected })
			_, err := l.Load(ctx, writeFile(t, dir, "attlog-2.dat", scans("101 2025-11-03 07:30:00", "101 2025-11-03 16:00:00", "104 2025-11-04 08:00:00")))
			if !errors.Is(err, injected) {
				t.Fatalf("error %v, want the injected failure", err)
			}
			after := state(t, db)
			for _, tbl := range dataTables {
				if before[tbl] != after[tbl] {
					t.Errorf("%s changed: %s -> %s", tbl, before[tbl], after[tbl])
				}
			}
		})
	}
}

// Databases written before schema 7 open and migrate: employees keep their
// rows (pin NULL), and `wfheval loads`' statements read them read-only
// before the migration.
func TestSchema6DatabaseMigrates(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v6.duckdb")
	ms, err := queries.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:6] {
		if _, err := raw.Exec(m.SQL); err != nil {
			t.Fatalf("migration %d: %v", m.Version, err)
		}
		if _, err := raw.Exec(`INSERT INTO wfheval_schema VALUES (?, ?, 'test', localtimestamp)`, m.Version, m.Name); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		`INSERT INTO employees VALUES ('198503122010011003', 'Siti', 'DISDUKCAPIL', NULL, 'front_office', NULL, 'A', NULL, NULL, 1)`,
		`INSERT INTO load_log VALUES (1, 'employees', 'a.csv', 'aa', 1, 1, 0, 0, 'ok', localtimestamp, localtimestamp, 0, 0),
			(2, 'employees', 'b.csv', 'bb', 1, 1, 1, 0, 'ok', localtimestamp, localtimestamp, 0, 1)`,
		`INSERT INTO load_replacements VALUES (2, 1, 1, 1)`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()

	q := queries.Must(queries.LoadIngest())
	ro, err := store.Open(ctx, path, store.Options{Threads: 1, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := ro.SchemaVersion(ctx); v != 6 {
		t.Fatalf("schema %d, want 6", v)
	}
	for _, stmt := range []string{q.ListLoads, q.ListReplacements, q.ListReverts} {
		rows, err := ro.SQL().QueryContext(ctx, stmt)
		if err != nil {
			t.Errorf("on schema 6: %v\n%s", err, stmt)
			continue
		}
		n := 0
		for rows.Next() {
			n++
		}
		rows.Close()
		if stmt == q.ListReplacements && n != 1 {
			t.Errorf("ListReplacements on schema 6: %d rows, want 1", n)
		}
	}
	ro.Close()

	db, err := store.Open(ctx, path, store.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, _ := db.SchemaVersion(ctx); v != len(ms) {
		t.Errorf("schema %d after opening, want %d", v, len(ms))
	}
	if n := count(t, db, `SELECT count(*) FROM employees WHERE nip = '198503122010011003' AND pin IS NULL`); n != 1 {
		t.Errorf("the employee of schema 6 is gone or has a pin")
	}
	// A scan log needs pins: the old employee list has none.
	_, err = ingest.NewLoader(db, ingest.Options{}).Load(ctx, writeFile(t, t.TempDir(), "attlog.dat", scans("101 2025-11-03 07:30:00")))
	if !errors.Is(err, ingest.ErrNoPINs) {
		t.Errorf("error %v, want ErrNoPINs", err)
	}
}

// A Parquet export may hold the PIN as an integer.
func TestPunchesParquetIntegerPIN(t *testing.T) {
	ctx := context.Background()
	db, dir, l := withPINs(t)
	path := filepath.Join(dir, "scans.parquet")
	if _, err := db.SQL().Exec(`COPY (SELECT * FROM (VALUES (101, TIMESTAMP '2025-11-05 07:21:04'), (101, TIMESTAMP '2025-11-05 16:05:30'))
		t(user_id, checktime)) TO ` + store.QuoteLiteral(path) + ` (FORMAT parquet)`); err != nil {
		t.Fatal(err)
	}
	r, err := l.Load(ctx, path)
	if err != nil || r.RowsLoaded != 2 || r.AttendanceDays != 1 {
		t.Fatalf("%v: %s", err, r)
	}
	if in, out, _ := day(t, db, "198503122010011003", "2025-11-05"); in != "07:21:04" || out != "16:05:30" {
		t.Errorf("the day is %s to %s", in, out)
	}
}

// TestKnownPINsFollowEmployeeLoads: the employees' pins a Loader keeps
// between loads (references) are dropped by a load of employees, so that a
// pin it adds is known to the next scan log.
func TestKnownPINsFollowEmployeeLoads(t *testing.T) {
	ctx := context.Background()
	_, dir, l := withPINs(t)
	before, err := l.Load(ctx, writeFile(t, dir, "attlog-1.dat", scans("101 2025-11-03 07:30:00", "105 2025-11-03 07:35:00")))
	if err != nil {
		t.Fatal(err)
	}
	if before.RowsLoaded != 1 || before.RowsRejected != 1 {
		t.Errorf("pin 105 before it is anybody's: %s; want 1 scan loaded, 1 rejected", before)
	}
	withRina := strings.Replace(employeesWithPINs, "Dinas Perhubungan,essential,Petugas,,,,", "Dinas Perhubungan,essential,Petugas,,,,105", 1)
	if _, err := l.Load(ctx, writeFile(t, dir, "employees-2.csv", withRina)); err != nil {
		t.Fatal(err)
	}
	after, err := l.Load(ctx, writeFile(t, dir, "attlog-2.dat", scans("105 2025-11-04 07:35:00")))
	if err != nil {
		t.Fatal(err)
	}
	if after.RowsLoaded != 1 || after.RowsRejected != 0 {
		t.Errorf("pin 105 after the employees gave it to Rina: %s; want 1 scan loaded", after)
	}
}
