// Package store opens wfheval's DuckDB file: one place that says how the
// database is configured (threads, memory, spill directory, time zone, no
// extension downloads) and that brings its schema up to date.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/queries"
)

// Options configure an open database. The zero value is usable: all cores,
// DuckDB's default memory limit, spilling next to the database file,
// pipeline.DefaultTimeZone.
type Options struct {
	Threads     int    // worker threads; 0 = number of CPUs
	MemoryLimit string // e.g. "8GB"; "" = DuckDB's default (80% of RAM)
	TempDir     string // where DuckDB spills; "" = DuckDB's default (next to the file)
	TimeZone    string // IANA zone; "" = pipeline.DefaultTimeZone
	ReadOnly    bool   // open with access_mode=READ_ONLY and no migrations
	// Sandbox shuts SQL in: once open, no statement can read or write a file
	// other than the database, reach the network, load an extension or
	// change a setting. For SQL that users type (wfheval sql), with ReadOnly.
	Sandbox bool
}

// Environment variables that override Options in OptionsFromEnv.
const (
	EnvThreads     = "WFHEVAL_THREADS"
	EnvMemoryLimit = "WFHEVAL_MEMORY_LIMIT"
	EnvTempDir     = "WFHEVAL_TEMP_DIR"
)

// WithEnv returns o with the WFHEVAL_* environment variables applied where o
// leaves a field at its zero value. Flags set explicitly win over the
// environment.
func (o Options) WithEnv(getenv func(string) string) (Options, error) {
	if o.Threads == 0 {
		if v := getenv(EnvThreads); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return o, fmt.Errorf("%s=%q: want a positive whole number", EnvThreads, v)
			}
			o.Threads = n
		}
	}
	if o.MemoryLimit == "" {
		o.MemoryLimit = getenv(EnvMemoryLimit)
	}
	if o.TempDir == "" {
		o.TempDir = getenv(EnvTempDir)
	}
	return o, nil
}

// DB is an open wfheval database.
type DB struct {
	sql    *sql.DB
	path   string
	opts   Options
	locked *atomic.Bool // the configuration is locked (Sandbox): new connections skip setup
}

// setup returns the statements every connection runs when it opens: the one
// place to read how DuckDB is configured. Values are checked by Open before
// they get here.
func setup(o Options) []string {
	threads := o.Threads
	if threads == 0 {
		threads = runtime.NumCPU()
	}
	tz := zoneOrDefault(o.TimeZone)
	stmts := []string{
		"SET threads = " + strconv.Itoa(threads),
		// Nothing may reach the network: no extension is ever downloaded or
		// loaded behind our back (parquet, json and icu are built in).
		"SET autoinstall_known_extensions = false",
		"SET autoload_known_extensions = false",
		"SET TimeZone = " + quoteLiteral(tz),
	}
	if o.MemoryLimit != "" {
		stmts = append(stmts, "SET memory_limit = "+quoteLiteral(o.MemoryLimit))
	}
	if o.TempDir != "" {
		stmts = append(stmts, "SET temp_directory = "+quoteLiteral(o.TempDir))
	}
	return stmts
}

// Open opens or creates the database file at path and migrates its schema to
// the current version. A read-only open neither creates nor migrates; it
// fails with ErrNotFound if the file is missing.
func Open(ctx context.Context, path string, o Options) (*DB, error) {
	if _, err := time.LoadLocation(zoneOrDefault(o.TimeZone)); err != nil {
		return nil, fmt.Errorf("opening %s: time zone %q: %w", path, o.TimeZone, err)
	}
	if o.ReadOnly {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("opening %s: %w", path, ErrNotFound)
		}
	} else if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("opening %s: %w", path, err)
		}
	}
	dsn := path
	if o.ReadOnly {
		dsn += "?access_mode=READ_ONLY"
	}
	stmts := setup(o)
	locked := new(atomic.Bool)
	connector, err := duckdb.NewConnector(dsn, func(execer driver.ExecerContext) error {
		if locked.Load() {
			// sandbox made every setting global before locking them.
			return nil
		}
		for _, s := range stmts {
			if _, err := execer.ExecContext(ctx, s, nil); err != nil {
				return fmt.Errorf("setting up connection (%s): %w", s, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, classify(err))
	}
	db := &DB{sql: sql.OpenDB(connector), path: path, opts: o, locked: locked}
	if err := db.sql.PingContext(ctx); err != nil {
		db.sql.Close()
		return nil, fmt.Errorf("opening %s: %w", path, classify(err))
	}
	if !o.ReadOnly {
		if err := db.migrate(ctx); err != nil {
			db.sql.Close()
			return nil, fmt.Errorf("migrating %s: %w", path, err)
		}
	} else if v, err := db.SchemaVersion(ctx); err != nil {
		db.sql.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	} else if v > currentVersion() {
		db.sql.Close()
		return nil, fmt.Errorf("opening %s: schema version %d: %w", path, v, ErrNewerSchema)
	}
	if o.Sandbox {
		if err := db.sandbox(ctx); err != nil {
			db.sql.Close()
			return nil, fmt.Errorf("opening %s: %w", path, err)
		}
	}
	return db, nil
}

// sandboxSetup returns the statements that shut SQL in (Options.Sandbox),
// run once after opening: DuckDB's settings are global to the file's
// instance, and after lock_configuration no connection can change them.
// enable_external_access=false leaves SQL no file but the database and no
// network (read_csv, COPY … TO, ATTACH, INSTALL and LOAD all fail); no
// allowed_directories are set, so no exception is made.
func sandboxSetup(o Options) []string {
	return []string{
		// New connections skip setup once locked: their time zone must be
		// the global default.
		"SET GLOBAL TimeZone = " + quoteLiteral(zoneOrDefault(o.TimeZone)),
		"SET enable_external_access = false",
		"SET lock_configuration = true",
	}
}

func (db *DB) sandbox(ctx context.Context) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, s := range sandboxSetup(db.opts) {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("sandboxing (%s): %w", s, err)
		}
	}
	db.locked.Store(true)
	return nil
}

func zoneOrDefault(tz string) string {
	if tz == "" {
		return pipeline.DefaultTimeZone
	}
	return tz
}

// classify turns DuckDB's lock conflict into ErrLocked, keeping DuckDB's
// message (it names the process that holds the lock).
func classify(err error) error {
	var de *duckdb.Error
	if errors.As(err, &de) && de.Type == duckdb.ErrorTypeIO && strings.Contains(de.Msg, "lock") {
		// DuckDB's message goes on to suggest its own CLI's -readonly flag;
		// keep the part that names the process holding the file.
		if m := lockHolder.FindString(de.Msg); m != "" {
			return fmt.Errorf("%w (held by %s); wait for it to finish, or close the console", ErrLocked, m)
		}
		return fmt.Errorf("%w; wait for it to finish, or close the console", ErrLocked)
	}
	return err
}

// lockHolder finds the process in DuckDB's lock conflict message, which says
// "Conflicting lock is held in /path/to/program (PID 1234)".
var lockHolder = regexp.MustCompile(`\S+ \(PID \d+\)`)

// SQL returns the database/sql handle for queries.
func (db *DB) SQL() *sql.DB { return db.sql }

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

// Close closes the database; DuckDB checkpoints the file.
func (db *DB) Close() error { return db.sql.Close() }

func currentVersion() int {
	ms, err := queries.Migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

// SchemaVersion returns the schema version recorded in the file, 0 for an
// empty file.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx,
		`SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'wfheval_schema'`).Scan(&n)
	if err != nil || n == 0 {
		return 0, err
	}
	var v sql.NullInt64
	if err := db.sql.QueryRowContext(ctx, `SELECT max(version) FROM wfheval_schema`).Scan(&v); err != nil {
		return 0, fmt.Errorf("reading schema version: %w", err)
	}
	return int(v.Int64), nil
}

func (db *DB) migrate(ctx context.Context) error {
	ms, err := queries.Migrations()
	if err != nil {
		return err
	}
	have, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if have > currentVersion() {
		return fmt.Errorf("schema version %d: %w", have, ErrNewerSchema)
	}
	for _, m := range ms {
		if m.Version <= have {
			continue
		}
		err := db.InTx(ctx, func(conn *sql.Conn) error {
			if _, err := conn.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("applying migration %d (%s): %w", m.Version, m.Name, err)
			}
			_, err := conn.ExecContext(ctx,
				`INSERT INTO wfheval_schema VALUES (?, ?, ?, localtimestamp)`,
				m.Version, m.Name, pipeline.ToolVersion())
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// InTx runs fn inside one transaction on one connection and commits only if
// fn and every statement in it succeeded. On any error it rolls back: DuckDB
// turns COMMIT after a failed statement into a silent rollback, so a commit
// is never attempted after an error.
func (db *DB) InTx(ctx context.Context, fn func(conn *sql.Conn) error) (err error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			// A fresh context: the caller's may be cancelled already.
			if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rerr != nil {
				err = errors.Join(err, fmt.Errorf("rolling back: %w", rerr))
			}
		}
	}()
	if err := fn(conn); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("committing: %w", err)
	}
	return nil
}

// quoteLiteral quotes s as an SQL string literal. It is the one place where
// wfheval builds SQL text from a value; use parameters wherever DuckDB takes
// them.
func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// QuoteLiteral is quoteLiteral for other packages (file paths given to
// DuckDB's table functions, which take no parameters in every position).
func QuoteLiteral(s string) string { return quoteLiteral(s) }

// QuoteIdent quotes s as an SQL identifier.
func QuoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
