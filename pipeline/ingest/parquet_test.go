package ingest_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline/ingest"
	"github.com/bekasi/wfheval/pipeline/store"
)

// A typed Parquet file (DATE, TIME, TIMESTAMP, BIGINT NIPs, words) loads
// through DuckDB's Parquet reader with the rows and rejects Go's reader
// gives, whatever the windows it is read in: the rows of windows of 3
// (a file ending inside one, and one ending at a window's end), and a bad
// row in a later window rejected at its line (the file still loaded by
// DuckDB's reader, the row deleted).
func TestParquetReadByDuckDBInWindows(t *testing.T) {
	ctx := context.Background()
	defer ingest.SetParquetWindows(2, 3)()
	nips := []string{"198503122010011003", "199001012015032001", "197712302005011002"}
	for _, rows := range []int{8, 9} {
		for _, bad := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d rows, bad %v", rows, bad), func(t *testing.T) {
				var values []string
				for i := range rows {
					nip := nips[i%3]
					status, mode := "'Hadir'", "'wfh'"
					if bad && i == 6 {
						nip = "199999999999999999" // no such employee: line 8
					}
					if i%4 == 3 {
						status, mode = "'sick'", "NULL"
					}
					values = append(values, fmt.Sprintf("(%s::BIGINT, DATE '2025-11-03' + %d, %s, %s, TIME '07:30:00', TIMESTAMP '2025-11-03 16:00:00' + INTERVAL (%d) DAY)",
						nip, i/3, status, mode, i/3))
				}
				dir := t.TempDir()
				path := filepath.Join(dir, "attendance.parquet")
				mk := openDB(t)
				if _, err := mk.SQL().Exec(`COPY (SELECT * FROM (VALUES ` + strings.Join(values, ", ") + `) t(nip, date, status, work_mode, check_in, check_out))
					TO ` + store.QuoteLiteral(path) + ` (FORMAT parquet)`); err != nil {
					t.Fatal(err)
				}
				var outcomes []string
				for _, careful := range []bool{false, true} {
					db := openDB(t)
					if _, err := ingest.NewLoader(db, ingest.Options{}).Load(ctx, writeFile(t, dir, "employees.csv", employeesCSV)); err != nil {
						t.Fatal(err)
					}
					res, err := ingest.NewLoader(db, ingest.Options{Careful: careful}).Load(ctx, path)
					if err != nil {
						t.Fatal(err)
					}
					wantLoaded := int64(rows)
					if bad {
						wantLoaded--
					}
					if res.RowsRead != int64(rows) || res.RowsLoaded != wantLoaded {
						t.Errorf("careful %v: read %d, loaded %d; want %d, %d", careful, res.RowsRead, res.RowsLoaded, rows, wantLoaded)
					}
					// A NIP no employee has is read by DuckDB's reader all
					// the same, and its row deleted by its key.
					if fast := !careful; res.FastPath != fast {
						t.Errorf("careful %v, bad %v: read by DuckDB's reader %v, want %v", careful, bad, res.FastPath, fast)
					}
					var b strings.Builder
					dump(t, &b, db, `SELECT 'reject', line, column_name, value FROM rejects ORDER BY line`)
					dump(t, &b, db, `SELECT nip, date, status, work_mode, check_in, check_out FROM attendance ORDER BY ALL`)
					outcomes = append(outcomes, b.String())
				}
				if outcomes[0] != outcomes[1] {
					t.Errorf("DuckDB's reader and Go's differ\n--- DuckDB\n%s--- Go\n%s", outcomes[0], outcomes[1])
				}
				if want := "reject | 8 | nip"; bad != strings.Contains(outcomes[1], want) {
					t.Errorf("bad %v: want %q in\n%s", bad, want, outcomes[1])
				}
				if n := strings.Count(outcomes[1], "\n") - btoi(bad); n != rows-btoi(bad) {
					t.Errorf("%d rows in the table, want %d:\n%s", n, rows-btoi(bad), outcomes[1])
				}
			})
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
