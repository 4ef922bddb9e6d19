package store_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/bekasi/wfheval/pipeline/store"
	"github.com/bekasi/wfheval/queries"
)

// The contract's tables, each with the columns of docs/contract.md §3.
var contractTables = map[string][]string{
	"employees":  {"nip", "name", "opd_code", "opd_name", "job_category", "position", "wfh_group", "active_from", "active_to"},
	"attendance": {"nip", "date", "status", "work_mode", "check_in", "check_out"},
	"costs":      {"opd_code", "period", "category", "amount_idr", "quantity", "unit"},
	"tickets":    {"ticket_id", "opd_code", "service", "channel", "created_at", "first_response_at", "resolved_at", "status", "sla_hours", "satisfaction", "handled_by"},
	"meters":     {"opd_code", "date", "electricity_kwh"},
	"load_log":   {"load_id", "kind", "source_path", "source_sha256", "rows_read", "rows_loaded", "rows_replaced", "rows_rejected", "status", "started_at", "finished_at"},
	"rejects":    {"load_id", "source_path", "line", "column_name", "value", "reason", "raw_record"},
	"calendar":   {"date", "period_id", "is_workday", "weekday"},
}

func TestNewFileHasContractSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new.duckdb")
	db, err := store.Open(ctx, path, store.Options{Threads: 1, MemoryLimit: "1GB", TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if v, err := db.SchemaVersion(ctx); err != nil || v != latest(t) {
		t.Errorf("schema version %d, %v; want %d", v, err, latest(t))
	}
	var ext, limit string
	db.SQL().QueryRow(`SELECT current_setting('autoinstall_known_extensions')::VARCHAR, current_setting('memory_limit')`).Scan(&ext, &limit)
	if ext != "false" || limit == "" {
		t.Errorf("autoinstall_known_extensions = %q, memory_limit = %q", ext, limit)
	}
	// The write settings of docs/performance.md (store.setup).
	var buffered int
	var threshold string
	db.SQL().QueryRow(`SELECT current_setting('write_buffer_row_group_count'), current_setting('checkpoint_threshold')`).Scan(&buffered, &threshold)
	if buffered != 1 || threshold != "61.0 MiB" {
		t.Errorf("write_buffer_row_group_count = %d, checkpoint_threshold = %q; want 1 and 64MB (61.0 MiB)", buffered, threshold)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// A plain database/sql connection, as any DuckDB 1.5 client, reads every table.
	plain, err := sql.Open("duckdb", path+"?access_mode=READ_ONLY")
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	for table, cols := range contractTables {
		for _, c := range cols {
			var n int
			err := plain.QueryRow(`SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?`, table, c).Scan(&n)
			if err != nil || n != 1 {
				t.Errorf("%s.%s: found %d, %v", table, c, n, err)
			}
		}
		if _, err := plain.Exec(`SELECT * FROM ` + table); err != nil {
			t.Errorf("reading %s: %v", table, err)
		}
	}
}

func latest(t *testing.T) int {
	ms, err := queries.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	return ms[len(ms)-1].Version
}

func TestReopenDoesNotMigrateTwice(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "again.duckdb")
	for i := 0; i < 2; i++ {
		db, err := store.Open(ctx, path, store.Options{})
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		var n int
		db.SQL().QueryRow(`SELECT count(*) FROM wfheval_schema`).Scan(&n)
		if n != latest(t) {
			t.Errorf("open %d: %d migration rows, want %d", i, n, latest(t))
		}
		db.Close()
	}
}

func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := store.Open(ctx, filepath.Join(dir, "missing.duckdb"), store.Options{ReadOnly: true}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("read-only open of a missing file: %v, want ErrNotFound", err)
	}
	path := filepath.Join(dir, "ro.duckdb")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	ro, err := store.Open(ctx, path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.SQL().Exec(`DELETE FROM employees`); err == nil {
		t.Error("a write succeeded on a read-only database")
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "future.duckdb")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`INSERT INTO wfheval_schema VALUES (99, 'future', 'v9', localtimestamp)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := store.Open(ctx, path, store.Options{}); !errors.Is(err, store.ErrNewerSchema) {
		t.Errorf("open of a newer file: %v, want ErrNewerSchema", err)
	}
}

func TestInTxRollsBackOnError(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "tx.duckdb"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	boom := errors.New("boom")
	err = db.InTx(ctx, func(conn *sql.Conn) error {
		if _, err := conn.ExecContext(ctx, `INSERT INTO meters VALUES ('X', DATE '2025-01-01', 1, 1)`); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("InTx returned %v", err)
	}
	var n int
	db.SQL().QueryRow(`SELECT count(*) FROM meters`).Scan(&n)
	if n != 0 {
		t.Errorf("%d rows survived a rolled-back transaction", n)
	}
}

func TestOptionsWithEnv(t *testing.T) {
	env := map[string]string{store.EnvThreads: "3", store.EnvMemoryLimit: "2GB"}
	o, err := store.Options{MemoryLimit: "4GB"}.WithEnv(func(k string) string { return env[k] })
	if err != nil || o.Threads != 3 || o.MemoryLimit != "4GB" {
		t.Errorf("got %+v, %v; want threads from env, memory limit from the flag", o, err)
	}
	env[store.EnvThreads] = "many"
	if _, err := (store.Options{}).WithEnv(func(k string) string { return env[k] }); err == nil {
		t.Error("WFHEVAL_THREADS=many accepted")
	}
}

// A sandboxed open reads the database and nothing else, on every
// connection, and keeps the time zone on connections opened after locking.
func TestSandbox(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "sandbox.duckdb")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	sb, err := store.Open(ctx, path, store.Options{ReadOnly: true, Sandbox: true, TimeZone: "Asia/Makassar"})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	// Hold one connection so that the next is new, opened after the lock.
	held, err := sb.SQL().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	conn, err := sb.SQL().Conn(ctx)
	if err != nil {
		t.Fatalf("a connection opened after locking: %v", err)
	}
	defer conn.Close()
	var tz string
	if err := conn.QueryRowContext(ctx, `SELECT current_setting('TimeZone')`).Scan(&tz); err != nil || tz != "Asia/Makassar" {
		t.Errorf("time zone on a new connection %q, %v", tz, err)
	}
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM employees`).Scan(&n); err != nil {
		t.Errorf("reading the database: %v", err)
	}
	for _, q := range []string{
		`SELECT * FROM read_csv('` + path + `')`,
		`COPY employees TO '` + filepath.Join(dir, "out.csv") + `'`,
		`ATTACH '` + filepath.Join(dir, "other.duckdb") + `'`,
		`INSTALL httpfs`,
		`SET enable_external_access = true`,
		`SET lock_configuration = false`,
		`SET threads = 1`,
	} {
		for _, c := range []*sql.Conn{held, conn} {
			if _, err := c.ExecContext(ctx, q); err == nil {
				t.Errorf("%s succeeded in the sandbox", q)
			}
		}
	}
}

// A transaction whose statement is cancelled through its context (as the
// fast path of ingest stops DuckDB's reader at a bad row) leaves no
// connection in the pool inside a transaction, however the cancellation
// falls: the next transaction begins.
func TestInTxCancelledLeavesNoOpenTransaction(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "tx.duckdb"), store.Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n := 60
	if testing.Short() {
		n = 20
	}
	for i := range n {
		cctx, cancel := context.WithCancel(ctx)
		// Cancelled at times spread over the statement's run, and after it.
		time.AfterFunc(time.Duration(i%20)*time.Millisecond, cancel)
		db.InTx(cctx, func(conn *sql.Conn) error {
			_, err := conn.ExecContext(cctx, `INSERT INTO meters SELECT 'X' || i, DATE '2025-01-01', 1, 1 FROM range(200000) t(i)`)
			if err == nil {
				return errors.New("rolled back all the same")
			}
			return err
		})
		cancel()
		if err := db.InTx(ctx, func(conn *sql.Conn) error {
			_, err := conn.ExecContext(ctx, `SELECT 1`)
			return err
		}); err != nil {
			t.Fatalf("after cancelled transaction %d: %v", i, err)
		}
	}
	var rows int
	db.SQL().QueryRow(`SELECT count(*) FROM meters`).Scan(&rows)
	if rows != 0 {
		t.Errorf("%d rows survived rolled-back transactions", rows)
	}
}
