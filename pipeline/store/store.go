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
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/queries"
)

// Options configure an open database. The zero value is usable: all cores,
// DuckDB's default memory limit, spilling next to the database file,
// pipeline.DefaultTimeZone. Open checks every field with the Check
// functions below, which the command line uses for its flags and the
// WFHEVAL_* variables too.
type Options struct {
	Threads     int    // worker threads, 1 to MaxThreads; 0 = number of CPUs (at most MaxThreads)
	MemoryLimit string // e.g. "8GB", at least MinMemoryLimit; "" = DuckDB's default (80% of RAM)
	TempDir     string // where DuckDB spills; "" = DuckDB's default (next to the file)
	TimeZone    string // IANA zone; "" = pipeline.DefaultTimeZone
	ReadOnly    bool   // open with access_mode=READ_ONLY and no migrations
	// MustExist makes a writable open of a missing file fail with
	// ErrNotFound instead of creating it (a read-only open always does).
	MustExist bool
	// Sandbox shuts SQL in: once open, no statement can read or write a file
	// other than the database, reach the network, load an extension or
	// change a setting. For SQL that users type (wfheval sql), with ReadOnly.
	Sandbox bool
}

// Environment variables that override Options in WithEnv.
const (
	EnvThreads     = "WFHEVAL_THREADS"
	EnvMemoryLimit = "WFHEVAL_MEMORY_LIMIT"
	EnvTempDir     = "WFHEVAL_TEMP_DIR"
)

// Bounds of Options. MaxThreads keeps DuckDB from asking the system for
// more threads than it will give (100000 aborted the process in
// pthread_create); 256 is beyond any machine wfheval runs on.
const (
	MaxThreads     = 256
	MinMemoryLimit = "64MB" // below it DuckDB cannot even migrate a new file
	minMemoryBytes = 64_000_000
)

// WithEnv returns o with the WFHEVAL_* environment variables applied where o
// leaves a field at its zero value. Flags set explicitly win over the
// environment. A variable's value is checked as Open checks the field, and
// the error names the variable.
func (o Options) WithEnv(getenv func(string) string) (Options, error) {
	if o.Threads == 0 {
		if v := getenv(EnvThreads); v != "" {
			n, err := ParseThreads(v)
			if err != nil {
				return o, fmt.Errorf("%s=%q: %w", EnvThreads, v, err)
			}
			o.Threads = n
		}
	}
	if o.MemoryLimit == "" {
		if v := getenv(EnvMemoryLimit); v != "" {
			if err := CheckMemoryLimit(v); err != nil {
				return o, fmt.Errorf("%s=%q: %w", EnvMemoryLimit, v, err)
			}
			o.MemoryLimit = v
		}
	}
	if o.TempDir == "" {
		if v := getenv(EnvTempDir); v != "" {
			if err := CheckTempDir(v); err != nil {
				return o, fmt.Errorf("%s=%q: %w", EnvTempDir, v, err)
			}
			o.TempDir = v
		}
	}
	return o, nil
}

// optionError is a bad option value; it unwraps to ErrOption and prints
// only what is allowed, for the caller to prefix with the option's name.
type optionError struct{ msg string }

func (e *optionError) Error() string { return e.msg }
func (e *optionError) Unwrap() error { return ErrOption }

// ParseThreads reads a number of threads as CheckThreads allows it.
func ParseThreads(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, &optionError{fmt.Sprintf("want a whole number from 1 to %d", MaxThreads)}
	}
	return n, CheckThreads(n)
}

// CheckThreads accepts 1 to MaxThreads worker threads.
func CheckThreads(n int) error {
	if n < 1 || n > MaxThreads {
		return &optionError{fmt.Sprintf("want a whole number from 1 to %d", MaxThreads)}
	}
	return nil
}

// memoryLimit is DuckDB's memory size syntax, less the forms that mean
// no limit or a byte count without a unit.
var memoryLimit = regexp.MustCompile(`(?i)^\s*([0-9]+(?:\.[0-9]+)?)\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$`)

var memoryUnits = map[string]float64{
	"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}

// CheckMemoryLimit accepts a size such as 512MB, 8GB or 1.5GiB of at least
// MinMemoryLimit.
func CheckMemoryLimit(s string) error {
	m := memoryLimit.FindStringSubmatch(s)
	if m != nil {
		if v, err := strconv.ParseFloat(m[1], 64); err == nil && v*memoryUnits[strings.ToLower(m[2])] >= minMemoryBytes {
			return nil
		}
	}
	return &optionError{"want a size of at least " + MinMemoryLimit + " such as 512MB, 8GB or 1.5GiB (units KB, MB, GB, TB, KiB, MiB, GiB, TiB)"}
}

// CheckTempDir accepts a path without control characters that is a
// directory or does not exist yet (DuckDB creates it when it spills).
func CheckTempDir(s string) error {
	if strings.TrimSpace(s) == "" || strings.ContainsFunc(s, unicode.IsControl) {
		return &optionError{"want a directory path without control characters"}
	}
	if fi, err := os.Stat(s); err == nil && !fi.IsDir() {
		return &optionError{"not a directory"}
	}
	return nil
}

// check checks every field of o.
func (o Options) check() error {
	if o.Threads != 0 {
		if err := CheckThreads(o.Threads); err != nil {
			return fmt.Errorf("threads %d: %w", o.Threads, err)
		}
	}
	if o.MemoryLimit != "" {
		if err := CheckMemoryLimit(o.MemoryLimit); err != nil {
			return fmt.Errorf("memory limit %q: %w", o.MemoryLimit, err)
		}
	}
	if o.TempDir != "" {
		if err := CheckTempDir(o.TempDir); err != nil {
			return fmt.Errorf("temp directory %q: %w", o.TempDir, err)
		}
	}
	if _, err := time.LoadLocation(zoneOrDefault(o.TimeZone)); err != nil {
		return fmt.Errorf("time zone %q: %w", o.TimeZone, err)
	}
	return nil
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
		threads = min(runtime.NumCPU(), MaxThreads)
	}
	tz := zoneOrDefault(o.TimeZone)
	stmts := []string{
		"SET threads = " + strconv.Itoa(threads),
		// Nothing may reach the network: no extension is ever downloaded or
		// loaded behind our back (parquet, json and icu are built in).
		"SET autoinstall_known_extensions = false",
		"SET autoload_known_extensions = false",
		"SET TimeZone = " + quoteLiteral(tz),
		// A load of fewer rows than a row group goes to the write-ahead
		// log; at DuckDB's default of 16 MiB a run of monthly files
		// checkpoints every few files, rewriting the table's last row group
		// each time. At 64 MiB the 16 monthly attendance files of issue [G]
		// load in one checkpoint at the end: ~8% faster, a file 27%
		// smaller; a large load writes its row groups to the file as it
		// goes, whatever the setting (docs/performance.md).
		"SET checkpoint_threshold = '64MB'",
		// An INSERT writes its rows to the file as each row group of them
		// fills, not five row groups at a time (DuckDB's default): a load
		// of fewer than five row groups (the 220,000 tickets of a year)
		// then compresses them while Go's check of every row still runs,
		// instead of all in its COMMIT after it (0.24 -> 0.11 s for those
		// tickets), and holds less in memory (docs/performance.md).
		"SET write_buffer_row_group_count = 1",
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
// fails with ErrNotFound if the file is missing (as a writable open does
// with MustExist).
//
// The path is never read as a connection string: a path DuckDB's would
// give a meaning (a ? or # that would add or drop options, a % that is no
// escape, a control character) is refused with ErrPath, the path is made absolute (so that
// ":memory:", "md:…" or "~/…" name a file like any other), and the options
// are encoded after it by Open alone. Once open, the access mode DuckDB
// reports is checked against ReadOnly.
func Open(ctx context.Context, path string, o Options) (*DB, error) {
	if err := o.check(); err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	abs, err := filePath(path)
	if err != nil {
		return nil, fmt.Errorf("opening %q: %w", path, err)
	}
	if o.ReadOnly || o.MustExist {
		if _, err := os.Stat(abs); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("opening %s: %w", path, ErrNotFound)
		}
	} else if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	dsn := abs + "?" + dsnOptions(o).Encode()
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
	if err := db.checkAccessMode(ctx); err != nil {
		db.sql.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
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

// filePath checks that path names a file and nothing else in a DuckDB
// connection string (duckdb-go's NewConnector: url.Parse of the whole
// string, the options after the first '?', the file before it, ":memory:"
// or "" for no file) and returns it absolute.
func filePath(path string) (string, error) {
	if path == "" {
		return "", fmt.Errorf("%w: empty", ErrPath)
	}
	// '?' starts the options; '#' a URL fragment, which would swallow
	// them (access_mode=READ_ONLY with it).
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		return "", fmt.Errorf("%w: %q would be read as part of DuckDB's connection string; rename the file", ErrPath, path[i:i+1])
	}
	if strings.ContainsFunc(path, unicode.IsControl) {
		return "", fmt.Errorf("%w: it holds a control character", ErrPath)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrPath, err)
	}
	// A '%' not followed by two hex digits fails url.Parse.
	if _, err := url.Parse(abs); err != nil {
		return "", fmt.Errorf("%w: a %% must start an escape such as %%25 in DuckDB's connection string; rename the file", ErrPath)
	}
	return abs, nil
}

// dsnOptions are the options given to DuckDB when it opens the file,
// before any connection exists: the access mode, and no extension
// installed or loaded on the way (a path DuckDB would hand to an
// extension fails instead).
func dsnOptions(o Options) url.Values {
	v := url.Values{}
	if o.ReadOnly {
		v.Set("access_mode", "READ_ONLY")
	} else {
		v.Set("access_mode", "READ_WRITE")
	}
	v.Set("autoinstall_known_extensions", "false")
	v.Set("autoload_known_extensions", "false")
	return v
}

// checkAccessMode asks DuckDB how the file is open: read_only exactly when
// Options.ReadOnly.
func (db *DB) checkAccessMode(ctx context.Context) error {
	var mode string
	if err := db.sql.QueryRowContext(ctx, `SELECT current_setting('access_mode')`).Scan(&mode); err != nil {
		return fmt.Errorf("reading the access mode: %w", err)
	}
	if ro := strings.EqualFold(mode, "read_only"); ro != db.opts.ReadOnly {
		want := "read_write"
		if db.opts.ReadOnly {
			want = "read_only"
		}
		return fmt.Errorf("%w: DuckDB opened it %s, want %s", ErrAccessMode, mode, want)
	}
	return nil
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
	// Every pending migration in one transaction: the file is at the old
	// version or at the new one, and a new file is written once (eight
	// commits made a new database take 0.1 s).
	return db.InTx(ctx, func(conn *sql.Conn) error {
		for _, m := range ms {
			if m.Version <= have {
				continue
			}
			if _, err := conn.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("applying migration %d (%s): %w", m.Version, m.Name, err)
			}
			if _, err := conn.ExecContext(ctx,
				`INSERT INTO wfheval_schema VALUES (?, ?, ?, localtimestamp)`,
				m.Version, m.Name, pipeline.ToolVersion()); err != nil {
				return err
			}
		}
		return nil
	})
}

// InTx runs fn inside one transaction on one connection and commits only if
// fn and every statement in it succeeded. On any error it rolls back: DuckDB
// turns COMMIT after a failed statement into a silent rollback, so a commit
// is never attempted after an error. A COMMIT that fails (a full disk) has
// rolled back already; its error is returned alone.
func (db *DB) InTx(ctx context.Context, fn func(conn *sql.Conn) error) (err error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	began := false // BEGIN may have begun the transaction although it failed (cancelled under way)
	defer func() {
		if err == nil {
			return
		}
		rerr := rollback(ctx, conn, !began)
		if rerr == nil {
			return
		}
		err = fmt.Errorf("%w (and rolling back: %w)", err, rerr)
		// The connection may still hold the transaction: it must not go
		// back to the pool, where the next BEGIN would fail on it.
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	began = true
	if err := fn(conn); err != nil {
		return err
	}
	began = false // a failed COMMIT has rolled back
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("committing: %w", err)
	}
	return nil
}

// rollback rolls back conn's transaction on a fresh context (the caller's
// may be cancelled already). With maybe (the transaction may not have
// begun: a BEGIN cancelled under way fails but may have begun it; or a
// failed COMMIT rolled it back) no transaction left is no error.
func rollback(ctx context.Context, conn *sql.Conn, maybe bool) error {
	_, err := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
	var de *duckdb.Error
	if err != nil && maybe && errors.As(err, &de) && de.Type == duckdb.ErrorTypeTransaction {
		return nil
	}
	return err
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
