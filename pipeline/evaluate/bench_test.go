package evaluate

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/ingest"
	"github.com/bekasi/wfheval/pipeline/store"
	"github.com/bekasi/wfheval/pipeline/words"
	"github.com/bekasi/wfheval/queries"
)

// The benchmarks run on the default demo city (12,000 employees, Sep 2024 –
// Dec 2025), generated and loaded once per process (not timed), or on the
// database named by WFHEVAL_BENCH_DB with its policy in WFHEVAL_BENCH_CONFIG:
//
//	go test -run '^$' -bench . -benchtime 3x ./pipeline/evaluate/
//
// docs/performance.md ("Evaluate") records the figures.

var (
	benchOnce sync.Once
	benchDB   *store.DB
	benchCfg  *config.Config
	benchErr  error
)

func benchCity(b *testing.B) (*store.DB, *config.Config) {
	b.Helper()
	benchOnce.Do(func() {
		ctx := context.Background()
		if path := os.Getenv("WFHEVAL_BENCH_DB"); path != "" {
			if benchCfg, benchErr = config.Load(os.Getenv("WFHEVAL_BENCH_CONFIG")); benchErr != nil {
				return
			}
			benchDB, benchErr = store.Open(ctx, path, store.Options{})
			return
		}
		dir, err := os.MkdirTemp("", "wfheval-bench-")
		if err != nil {
			benchErr = err
			return
		}
		data := filepath.Join(dir, "data")
		if _, benchErr = generate.Write(ctx, data, generate.DefaultOptions()); benchErr != nil {
			return
		}
		if benchCfg, benchErr = config.Load(filepath.Join(data, generate.PolicyFile)); benchErr != nil {
			return
		}
		if benchDB, benchErr = store.Open(ctx, filepath.Join(dir, "w.duckdb"), store.Options{}); benchErr != nil {
			return
		}
		loc, _ := time.LoadLocation(benchCfg.Timezone)
		var files []string
		for _, f := range []string{generate.EmployeesFile, generate.AttendanceFile, generate.CostsFile, generate.TicketsFile, generate.MetersFile} {
			files = append(files, filepath.Join(data, f))
		}
		_, benchErr = ingest.NewLoader(benchDB, ingest.Options{Location: loc}).LoadFiles(ctx, files)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDB, benchCfg
}

// BenchmarkEvaluate is the whole of Run, as `wfheval evaluate` does it.
func BenchmarkEvaluate(b *testing.B) {
	db, cfg := benchCity(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := Run(ctx, db, cfg, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// newBenchEvaluator prepares an evaluator as Run does, with the policy
// tables written.
func newBenchEvaluator(b *testing.B, db *store.DB, cfg *config.Config) *evaluator {
	ctx := context.Background()
	e := &evaluator{cfg: cfg, source: cfg, opts: Options{Seed: DefaultSeed, Workers: 2}, words: words.New("id"),
		q: queries.Must(queries.LoadEvaluate())}
	if err := e.layout(ctx, db.SQL()); err != nil {
		b.Fatal(err)
	}
	if err := e.writePolicy(ctx, db); err != nil {
		b.Fatal(err)
	}
	return e
}

// BenchmarkEvaluateSQL is the SQL part of Run: the series queries, their
// rows scanned into Go (database/sql) and turned into daily series.
func BenchmarkEvaluateSQL(b *testing.B) {
	db, cfg := benchCity(b)
	e := newBenchEvaluator(b, db, cfg)
	ctx := context.Background()
	for b.Loop() {
		if _, err := e.read(ctx, db.SQL()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSQLBare runs the same aggregate queries with the same
// parameters, each materialized into a temporary table inside DuckDB:
// no rows cross into Go. BenchmarkEvaluateSQL ÷ this is the overhead of
// reading the results through database/sql and building the series.
func BenchmarkSQLBare(b *testing.B) {
	db, cfg := benchCity(b)
	e := newBenchEvaluator(b, db, cfg)
	ctx := context.Background()
	conn, err := db.SQL().Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	var export sql.NullTime
	if err := conn.QueryRowContext(ctx, e.q.TicketsExportTime).Scan(&export); err != nil {
		b.Fatal(err)
	}
	start := e.cfg.OfficeHours.StartMinutes()
	steps := []struct {
		name, sql string
		args      []any
	}{
		{"AttendanceDaily", e.q.AttendanceDaily, []any{(start + cfg.OfficeHours.GraceMinutes) * 60}},
		{"TicketsDaily", e.q.TicketsDaily, []any{export.Time, []string{}}},
		{"MetersDaily", e.q.MetersDaily, nil},
		{"CostsMonthly", e.q.CostsMonthly, []any{cfg.BillingLagMonths}},
		{"GroupSizes", e.q.GroupSizes, nil},
		{"LoadsUsed", e.q.LoadsUsed, nil},
	}
	var rows int64
	for b.Loop() {
		rows = 0
		for _, s := range steps {
			if _, err := conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE bare AS "+s.sql, s.args...); err != nil {
				b.Fatalf("%s: %v", s.name, err)
			}
			var n int64
			if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM bare").Scan(&n); err != nil {
				b.Fatal(err)
			}
			rows += n
		}
	}
	// The rows that cross into Go in BenchmarkEvaluateSQL.
	b.ReportMetric(float64(rows), "rows/op")
}

// BenchmarkEvaluateCompute is the statistics: every level and effect with
// its bootstrap, recommendations and savings, from series already read.
func BenchmarkEvaluateCompute(b *testing.B) {
	db, cfg := benchCity(b)
	e := newBenchEvaluator(b, db, cfg)
	ctx := context.Background()
	d, err := e.read(ctx, db.SQL())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r := e.compute(ctx, d)
		e.summary(d, r)
	}
}

// BenchmarkEvaluatePolicy is the writing of the calendar, exemptions and
// SLA tables that Run does first.
func BenchmarkEvaluatePolicy(b *testing.B) {
	db, cfg := benchCity(b)
	e := newBenchEvaluator(b, db, cfg)
	ctx := context.Background()
	for b.Loop() {
		if err := e.writePolicy(ctx, db); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluateStore is the storing of a summary in the eval_* tables.
func BenchmarkEvaluateStore(b *testing.B) {
	db, cfg := benchCity(b)
	e := newBenchEvaluator(b, db, cfg)
	ctx := context.Background()
	d, err := e.read(ctx, db.SQL())
	if err != nil {
		b.Fatal(err)
	}
	s := e.summary(d, e.compute(ctx, d))
	for b.Loop() {
		if err := e.store(ctx, db, s); err != nil {
			b.Fatal(err)
		}
	}
}
