package ingest_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/ingest"
	"github.com/bekasi/wfheval/pipeline/store"
)

// loadedCity is a generated city loaded into a fresh database.
type loadedCity struct {
	db      *store.DB
	sum     generate.Summary
	dir     string
	results map[string]ingest.Result // by file name
}

// loadGenerated generates the city of opts and loads every data file of
// Summary.Files as the demo does: with the policy's column mappings,
// number locale (auto) and time zone.
func loadGenerated(t *testing.T, opts generate.Options) *loadedCity {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	sum, err := generate.Write(ctx, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(filepath.Join(dir, generate.PolicyFile))
	if err != nil {
		t.Fatal(err)
	}
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for name := range sum.Files {
		files = append(files, filepath.Join(dir, name))
	}
	slices.Sort(files)
	db := openDB(t)
	l := ingest.NewLoader(db, ingest.Options{Columns: cfg.Columns, NumberLocale: cfg.NumberLocale, Location: loc})
	res, err := l.LoadFiles(ctx, files)
	if err != nil {
		t.Fatal(err)
	}
	c := &loadedCity{db: db, sum: sum, dir: dir, results: map[string]ingest.Result{}}
	for _, r := range res {
		c.results[filepath.Base(r.Path)] = r
	}
	if len(c.results) != len(sum.Files) {
		t.Fatalf("loaded %d files, generated %v", len(c.results), sum.Files)
	}
	checkBalanced(t, db)
	return c
}

// fingerprints returns each data table's row count and content checksum,
// without the load ids.
func (c *loadedCity) fingerprints(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, tbl := range []string{"employees", "attendance", "costs", "tickets", "meters"} {
		var s string
		q := `SELECT count(*)::VARCHAR || ':' || coalesce(sum(hash(t))::VARCHAR, '0') FROM (SELECT * EXCLUDE (load_id) FROM ` + tbl + `) t`
		if err := c.db.SQL().QueryRow(q).Scan(&s); err != nil {
			t.Fatalf("%s: %v", tbl, err)
		}
		out[tbl] = s
	}
	return out
}

// rejects lists every reject as "file:line column: reason".
func (c *loadedCity) rejects(t *testing.T) []string {
	t.Helper()
	rows, err := c.db.SQL().Query(`SELECT source_path, line, coalesce(column_name, ''), reason FROM rejects ORDER BY source_path, line`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var path, col, reason string
		var line int
		if err := rows.Scan(&path, &line, &col, &reason); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s:%d %s: %s", filepath.Base(path), line, col, reason))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGeneratedCity loads the same synthetic city written canonically, as
// Indonesian-locale exports and as typed Parquet: the tables must be the
// same, nothing may be rejected but the planted bad rows, and those exactly
// where expected_rejects.json says.
func TestGeneratedCity(t *testing.T) {
	opts := generate.DefaultOptions()
	opts.Employees = 300
	canonical := loadGenerated(t, opts)
	want := canonical.fingerprints(t)
	if r := canonical.rejects(t); len(r) > 0 {
		t.Errorf("the canonical city has rejects:\n%s", strings.Join(r, "\n"))
	}
	if !canonical.results[generate.AttendanceFile].FastPath {
		t.Errorf("canonical attendance: not loaded by DuckDB's reader")
	}

	t.Run("parquet", func(t *testing.T) {
		o := opts
		o.Format = generate.FormatParquet
		city := loadGenerated(t, o)
		if len(city.sum.Files) != 5 {
			t.Errorf("files %v, want five", city.sum.Files)
		}
		for name, n := range city.sum.Files {
			if r := city.results[name]; r.RowsRead != int64(n) || r.RowsLoaded != int64(n) || !r.FastPath {
				t.Errorf("%s: read %d, loaded %d, DuckDB's reader %v; generated %d rows", name, r.RowsRead, r.RowsLoaded, r.FastPath, n)
			}
		}
		if got := city.fingerprints(t); !mapsEqual(got, want) {
			t.Errorf("tables differ from the canonical city's:\n got  %v\n want %v", got, want)
		}
	})

	opts.Format = generate.FormatID
	for _, bad := range []bool{false, true} {
		t.Run(fmt.Sprintf("id/bad-rows=%v", bad), func(t *testing.T) {
			if testing.Short() && !bad {
				t.Skip("-short: the Indonesian exports with their bad rows only")
			}
			opts.BadRows = bad
			city := loadGenerated(t, opts)
			for name := range city.sum.Files {
				r := city.results[name]
				planted := int64(city.sum.BadRows[name])
				if r.RowsRead != int64(city.sum.Files[name]) || r.RowsRejected != planted {
					t.Errorf("%s: read %d, rejected %d; generated %d rows, %d of them planted bad rows",
						name, r.RowsRead, r.RowsRejected, city.sum.Files[name], planted)
				}
			}
			if got := city.fingerprints(t); !mapsEqual(got, want) {
				t.Errorf("tables differ from the canonical city's:\n got  %v\n want %v", got, want)
			}
			got := city.rejects(t)
			if !bad {
				if len(got) > 0 {
					t.Errorf("rejects without planted bad rows:\n%s", strings.Join(got, "\n"))
				}
				if r := city.results[generate.AttendanceFile]; !r.FastPath || r.LinesSkipped == 0 {
					t.Errorf("attendance: %+v; want DuckDB's reader (FastPath) and the title lines skipped", r)
				}
				return
			}
			exp, err := generate.ReadExpectedRejects(city.dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(exp.Rejects) < 10 {
				t.Errorf("expected_rejects.json lists %d rows, want the planted set", len(exp.Rejects))
			}
			// Every planted row is rejected once, at its line, for its
			// column and reason; nothing else is rejected.
			left := slices.Clone(got)
			for _, e := range exp.Rejects {
				prefix := fmt.Sprintf("%s:%d %s: ", e.File, e.Line, e.Column)
				i := slices.IndexFunc(left, func(r string) bool {
					return strings.HasPrefix(r, prefix) && strings.Contains(r[len(prefix):], e.Reason)
				})
				if i < 0 {
					t.Errorf("planted %s (%s): no reject %q…%q", e.Fault, e.File, prefix, e.Reason)
					continue
				}
				left = slices.Delete(left, i, i+1)
			}
			if len(left) > 0 {
				t.Errorf("rejects not planted:\n%s", strings.Join(left, "\n"))
			}
		})
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
