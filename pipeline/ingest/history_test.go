package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline/ingest"
	"github.com/bekasi/wfheval/pipeline/store"
)

// Ten attendance rows: the five employees of employeesCSV on two days.
var tenNIPs = []string{"198503122010011003", "199001012015032001", "197712302005011002", "198811112012121004", "199505052019022005"}

// attendanceRows returns the ten rows, with status of the rows whose index
// is in changed set to "sick" (and no work mode or times).
func attendanceRows(changed ...int) []string {
	var rows []string
	for d, day := range []string{"2025-11-10", "2025-11-11"} {
		for i, nip := range tenNIPs {
			if slices.Contains(changed, d*len(tenNIPs)+i) {
				rows = append(rows, nip+","+day+",sick,,,")
			} else {
				rows = append(rows, nip+","+day+",present,WFO,07:30:00,16:00:00")
			}
		}
	}
	return rows
}

func attendanceFile(rows []string, extra string) string {
	return "nip,date,status,work_mode,check_in,check_out\n" + strings.Join(rows, "\n") + "\n" + extra
}

type historyRow struct {
	key, status           string
	writtenBy, replacedBy int64
	revertsLoad           *int64
}

func historyOf(t *testing.T, db *store.DB, replacedBy int64) []historyRow {
	t.Helper()
	rows, err := db.SQL().Query(`SELECT key, old_values->>'status', written_by_load, replaced_by_load, reverts_load
		FROM history WHERE replaced_by_load = ? AND kind = 'attendance' ORDER BY key`, replacedBy)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []historyRow
	for rows.Next() {
		var h historyRow
		if err := rows.Scan(&h.key, &h.status, &h.writtenBy, &h.replacedBy, &h.revertsLoad); err != nil {
			t.Fatal(err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// A corrected re-export (3 of 10 rows changed, 7 repeated as they were)
// replaces 10 rows and changes 3, whose old versions go to history; the
// original file sent again (other bytes, same rows) reverts those 3 and
// says which load's correction it undid. Fast and careful paths alike.
func TestCorrectionsTraced(t *testing.T) {
	for _, careful := range []bool{false, true} {
		t.Run(fmt.Sprintf("careful=%v", careful), func(t *testing.T) {
			ctx := context.Background()
			db := openDB(t)
			dir := t.TempDir()
			var log strings.Builder
			l := ingest.NewLoader(db, ingest.Options{Careful: careful, Log: &log})
			load := func(name, content string) ingest.Result {
				t.Helper()
				r, err := l.Load(ctx, writeFile(t, dir, name, content))
				if err != nil {
					t.Fatal(err)
				}
				return r
			}
			load("employees.csv", employeesCSV)
			orig := load("attendance.csv", attendanceFile(attendanceRows(), ""))
			if orig.RowsReplaced != 0 || orig.RowsChanged != 0 {
				t.Errorf("first load: replaced %d, changed %d", orig.RowsReplaced, orig.RowsChanged)
			}

			// The correction: rows 1, 4 and 7 change; the others repeat, in
			// another order.
			fixedRows := attendanceRows(1, 4, 7)
			slices.Reverse(fixedRows)
			fixed := load("attendance-fixed.csv", attendanceFile(fixedRows, ""))
			if fixed.RowsLoaded != 10 || fixed.RowsReplaced != 10 || fixed.RowsChanged != 3 || len(fixed.Reverts) != 0 {
				t.Errorf("correction: loaded %d, replaced %d, changed %d, reverts %v; want 10, 10, 3, none",
					fixed.RowsLoaded, fixed.RowsReplaced, fixed.RowsChanged, fixed.Reverts)
			}
			if n := count(t, db, `SELECT rows_changed FROM load_log WHERE load_id = ?`, fixed.LoadID); n != 3 {
				t.Errorf("load_log.rows_changed = %d, want 3", n)
			}
			if n := count(t, db, `SELECT rows_replaced FROM load_log WHERE load_id = ?`, fixed.LoadID); n != 10 {
				t.Errorf("load_log.rows_replaced = %d, want 10", n)
			}
			h := historyOf(t, db, fixed.LoadID)
			wantKeys := []string{
				"197712302005011002|2025-11-11", // row 7
				"199001012015032001|2025-11-10", // row 1
				"199505052019022005|2025-11-10", // row 4
			}
			if len(h) != 3 {
				t.Fatalf("history has %d rows for the correction, want 3: %+v", len(h), h)
			}
			for i, r := range h {
				if r.key != wantKeys[i] || r.status != "present" || r.writtenBy != orig.LoadID || r.revertsLoad != nil {
					t.Errorf("history row %d: %+v; want key %s, old status present, written by load %d, no revert",
						i, r, wantKeys[i], orig.LoadID)
				}
			}
			// The whole old row is kept, not only what changed.
			if n := count(t, db, `SELECT count(*) FROM history WHERE (old_values->>'check_in') = '2025-11-10 07:30:00'
				AND (old_values->>'work_mode') = 'WFO' AND (old_values->>'nip') = '199001012015032001'`); n != 1 {
				t.Errorf("history does not keep the old row's every value")
			}
			if n := count(t, db, `SELECT count(*) FROM load_replacements WHERE load_id = ? AND replaced_load_id = ?
				AND rows_replaced = 10 AND rows_changed = 3`, fixed.LoadID, orig.LoadID); n != 1 {
				t.Errorf("load_replacements has no row (%d, %d, 10, 3)", fixed.LoadID, orig.LoadID)
			}

			// The original file again, with a blank line more (another
			// sha256): it sets the 3 corrected rows back.
			again := load("attendance-again.csv", attendanceFile(attendanceRows(), "\n"))
			if again.RowsReplaced != 10 || again.RowsChanged != 3 {
				t.Errorf("revert: replaced %d, changed %d; want 10, 3", again.RowsReplaced, again.RowsChanged)
			}
			want := []ingest.Revert{{Load: fixed.LoadID, Path: fixed.Path, Rows: 3}}
			if !slices.Equal(again.Reverts, want) {
				t.Errorf("reverts %+v, want %+v", again.Reverts, want)
			}
			line := fmt.Sprintf("reverts 3 rows corrected by load %d (attendance-fixed.csv)", fixed.LoadID)
			if !strings.Contains(again.String(), line) || !strings.Contains(log.String(), line) {
				t.Errorf("the load's line does not say %q:\n%s", line, log.String())
			}
			if !strings.Contains(log.String(), "10 replaced (3 changed)") {
				t.Errorf("the load's line does not say 10 replaced (3 changed):\n%s", log.String())
			}
			for _, r := range historyOf(t, db, again.LoadID) {
				if r.status != "sick" || r.writtenBy != fixed.LoadID || r.revertsLoad == nil || *r.revertsLoad != fixed.LoadID {
					t.Errorf("history of the revert: %+v; want old status sick, written by and reverting load %d", r, fixed.LoadID)
				}
			}
			if n := count(t, db, `SELECT count(*) FROM attendance WHERE status = 'present' AND load_id = ?`, again.LoadID); n != 10 {
				t.Errorf("%d rows present after the revert, want 10", n)
			}

			// The same rows once more change nothing and revert nothing.
			same := load("attendance-same.csv", attendanceFile(attendanceRows(), "\n\n"))
			if same.RowsReplaced != 10 || same.RowsChanged != 0 || len(same.Reverts) != 0 {
				t.Errorf("unchanged re-export: replaced %d, changed %d, reverts %v", same.RowsReplaced, same.RowsChanged, same.Reverts)
			}
			if n := count(t, db, `SELECT count(*) FROM history`); n != 6 {
				t.Errorf("history has %d rows, want 6", n)
			}
			if n := count(t, db, `SELECT count(*) FROM (SELECT nip, date FROM attendance GROUP BY ALL HAVING count(*) > 1)`); n != 0 {
				t.Errorf("%d keys twice in attendance", n)
			}
			checkBalanced(t, db)
		})
	}
}

// Every kind's statements: one value changed in each file of the small
// city is one changed row and one history row with the old value, and the
// file sent back as it was reverts it. A type of each kind (decimal,
// double, timestamp, date) goes through the JSON comparison.
func TestCorrectionsOfEveryKind(t *testing.T) {
	cases := []struct {
		kind, file, content, old, new, column, oldValue string
	}{
		{"employees", "employees.csv", employeesCSV, "Analis SDM", "Analis Kepegawaian", "position", "Analis SDM"},
		{"attendance", "attendance.csv", attendanceCSV, "07:40:00", "07:45:00", "check_in", "2025-11-06 07:40:00"},
		{"costs", "costs.csv", costsCSV, "41000000.50", "41000000.75", "amount_idr", "41000000.5"},
		{"tickets", "tickets.csv", ticketsCSV, "resolved,,5,", "resolved,,4,", "satisfaction", "5"},
		{"meters", "meters.csv", metersCSV, "610.0", "611.5", "electricity_kwh", "610.0"},
	}
	ctx := context.Background()
	dir := t.TempDir()
	db := openDB(t)
	l := ingest.NewLoader(db, ingest.Options{})
	if _, err := l.LoadFiles(ctx, city(t, dir)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.kind, func(t *testing.T) {
			fixed, err := l.Load(ctx, writeFile(t, dir, "fixed-"+tc.file, strings.Replace(tc.content, tc.old, tc.new, 1)))
			if err != nil {
				t.Fatal(err)
			}
			if fixed.RowsChanged != 1 || fixed.RowsReplaced != fixed.RowsLoaded {
				t.Errorf("replaced %d of %d, changed %d; want all and 1", fixed.RowsReplaced, fixed.RowsLoaded, fixed.RowsChanged)
			}
			var oldValue string
			err = db.SQL().QueryRow(`SELECT old_values->>? FROM history WHERE kind = ? AND replaced_by_load = ?`,
				tc.column, tc.kind, fixed.LoadID).Scan(&oldValue)
			if err != nil {
				t.Fatal(err)
			}
			if oldValue != tc.oldValue {
				t.Errorf("history %s = %q, want %q", tc.column, oldValue, tc.oldValue)
			}
			back, err := l.Load(ctx, writeFile(t, dir, "back-"+tc.file, tc.content+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			if back.RowsChanged != 1 || len(back.Reverts) != 1 || back.Reverts[0].Load != fixed.LoadID || back.Reverts[0].Rows != 1 {
				t.Errorf("sent back: changed %d, reverts %+v; want 1 reverting load %d", back.RowsChanged, back.Reverts, fixed.LoadID)
			}
		})
	}
}

// A load that fails after it wrote history and load_replacements leaves
// both (and everything else) as they were.
func TestFailedLoadLeavesHistoryUntouched(t *testing.T) {
	for _, careful := range []bool{false, true} {
		t.Run(fmt.Sprintf("careful=%v", careful), func(t *testing.T) {
			ctx := context.Background()
			db := openDB(t)
			dir := t.TempDir()
			l := ingest.NewLoader(db, ingest.Options{Careful: careful})
			for _, f := range []struct{ name, content string }{
				{"employees.csv", employeesCSV},
				{"attendance.csv", attendanceFile(attendanceRows(), "")},
				{"attendance-fixed.csv", attendanceFile(attendanceRows(1, 4, 7), "")},
			} {
				if _, err := l.Load(ctx, writeFile(t, dir, f.name, f.content)); err != nil {
					t.Fatal(err)
				}
			}
			before := state(t, db)
			if !strings.HasPrefix(before["history"], "3:") {
				t.Fatalf("history before: %s, want 3 rows", before["history"])
			}
			injected := errors.New("injected failure")
			var ran bool
			ingest.SetReplacedHook(l, func() error {
				ran = true
				return injected
			})
			_, err := l.Load(ctx, writeFile(t, dir, "attendance-again.csv", attendanceFile(attendanceRows(2), "\n")))
			if !errors.Is(err, injected) || !ran {
				t.Fatalf("error %v (hook ran: %v), want the injected failure after the replacement", err, ran)
			}
			after := state(t, db)
			for _, tbl := range dataTables {
				if before[tbl] != after[tbl] {
					t.Errorf("%s changed: %s -> %s", tbl, before[tbl], after[tbl])
				}
			}
			// No temporary table is left behind for the next load.
			ingest.SetReplacedHook(l, nil)
			r, err := l.Load(ctx, writeFile(t, dir, "attendance-again2.csv", attendanceFile(attendanceRows(2), "\n\n")))
			if err != nil {
				t.Fatal(err)
			}
			if r.RowsChanged != 4 || len(r.Reverts) != 1 || r.Reverts[0].Rows != 3 {
				t.Errorf("next load: changed %d, reverts %+v; want 4 changed, 3 reverted", r.RowsChanged, r.Reverts)
			}
		})
	}
}

// The file named in a revert is the correction's, as load_log has it.
func TestRevertNamesTheCorrection(t *testing.T) {
	rv := ingest.Revert{Load: 7, Path: filepath.Join(os.TempDir(), "x", "costs-2025-11-fixed.csv"), Rows: 12}
	if got, want := rv.String(), "reverts 12 rows corrected by load 7 (costs-2025-11-fixed.csv)"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}
