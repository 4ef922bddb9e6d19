package generate

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2" // the Parquet writer

	"github.com/bekasi/wfheval/pipeline/store"
)

// FormatParquet writes the canonical city as typed Parquet files (zstd),
// as a data warehouse would hand them over: dates as DATE, times of day
// as TIME, timestamps as TIMESTAMP, amounts as DECIMAL(18,2), numbers as
// DOUBLE, everything else as text.
const FormatParquet = "parquet"

// parquetTypes are the Parquet column types of the canonical columns that
// are not text.
var parquetTypes = map[string]string{
	"date": "DATE", "active_from": "DATE", "active_to": "DATE",
	"check_in": "TIME", "check_out": "TIME",
	"created_at": "TIMESTAMP", "first_response_at": "TIMESTAMP", "resolved_at": "TIMESTAMP",
	"amount_idr": "DECIMAL(18,2)", "quantity": "DOUBLE", "sla_hours": "DOUBLE", "electricity_kwh": "DOUBLE",
	"satisfaction": "TINYINT",
}

// parquetName is the Parquet file's name of a canonical CSV file.
func parquetName(csv string) string { return strings.TrimSuffix(csv, ".csv") + ".parquet" }

// parquetJobs are the files of FormatParquet: each canonical file written
// as CSV into a folder of its own inside dir, then read by DuckDB into a
// Parquet file of the same rows in dir.
func (w *world) parquetJobs() [][]job {
	var groups [][]job
	for _, group := range w.canonicalJobs() {
		var g []job
		for _, jb := range group {
			g = append(g, job{parquetName(jb.name), func(ctx context.Context, dir string, out *fileOutput) error {
				tmp, err := os.MkdirTemp(dir, ".csv-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(tmp)
				if err := jb.write(ctx, tmp, out); err != nil {
					return err
				}
				if out.files == nil {
					return toParquet(ctx, filepath.Join(tmp, jb.name), filepath.Join(dir, parquetName(jb.name)))
				}
				files := map[string]int{}
				for name, n := range out.files {
					if err := toParquet(ctx, filepath.Join(tmp, name), filepath.Join(dir, parquetName(name))); err != nil {
						return err
					}
					files[parquetName(name)] = n
				}
				out.files = files
				return nil
			}})
		}
		groups = append(groups, g)
	}
	return groups
}

// toParquet writes the canonical CSV file src as the Parquet file dst, its
// columns typed by parquetTypes.
func toParquet(ctx context.Context, src, dst string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	header, err := bufio.NewReader(f).ReadString('\n')
	f.Close()
	if err != nil {
		return err
	}
	var cols []string
	for _, name := range strings.Split(strings.TrimSpace(header), ",") {
		t, ok := parquetTypes[name]
		if !ok {
			t = "VARCHAR"
		}
		cols = append(cols, store.QuoteLiteral(name)+": "+store.QuoteLiteral(t))
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // the setting below holds on this one connection
	// Bounded: two files are converted at a time (Write's two groups),
	// and DuckDB would otherwise take up to 80% of the machine's memory.
	if _, err := db.ExecContext(ctx, "SET memory_limit = '1GB'"); err != nil {
		return err
	}
	q := fmt.Sprintf(`COPY (SELECT * FROM read_csv(%s, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {%s}))
		TO %s (FORMAT parquet, COMPRESSION zstd)`, store.QuoteLiteral(src), strings.Join(cols, ", "), store.QuoteLiteral(dst))
	if _, err := db.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("writing %s as Parquet: %w", filepath.Base(dst), err)
	}
	return nil
}
