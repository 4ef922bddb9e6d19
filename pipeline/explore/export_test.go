package explore_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/xuri/excelize/v2"

	"github.com/bekasi/wfheval/pipeline/explore"
)

// typed is a result with one column of each kind an analyst meets, a row
// of values and a row of NULLs.
const typed = `SELECT * FROM (
  SELECT 1::TINYINT AS i8, 2::SMALLINT AS i16, 3 AS i32, 4::BIGINT AS i64, sum(x) AS huge,
         1.5::FLOAT AS f32, 0.25::DOUBLE AS f64, 41000000.50::DECIMAL(18,2) AS money,
         'Kecamatan Bekasi Barat' AS txt, DATE '2025-11-06' AS day,
         TIMESTAMP '2025-11-06 07:30:15' AS ts, TIME '07:30:00' AS tm, true AS flag,
         ['a', 'b'] AS list, INTERVAL 3 DAY AS span, {'k': 1} AS rec
  FROM (SELECT 7 AS x)
  UNION ALL
  SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
) ORDER BY i8 NULLS LAST`

func csvOf(t *testing.T, r *explore.Runner, q string) string {
	t.Helper()
	var b bytes.Buffer
	if _, err := r.Run(context.Background(), q, nil, explore.NewWriter(explore.FormatCSV, &b, explore.WriterOptions{})); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return b.String()
}

func export(t *testing.T, r *explore.Runner, q, path string) {
	t.Helper()
	f, err := explore.NewFile(path, explore.FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Run(context.Background(), q, nil, f); err != nil {
		f.Abort()
		t.Fatalf("exporting %s: %v", path, err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestExportFiles(t *testing.T) {
	r, _ := openRunner(t)
	dir := t.TempDir()
	want := csvOf(t, r, typed)

	// CSV: the same text as --format csv.
	export(t, r, typed, filepath.Join(dir, "r.csv"))
	if b, _ := os.ReadFile(filepath.Join(dir, "r.csv")); string(b) != want {
		t.Errorf("CSV file\n%s\nwant\n%s", b, want)
	}

	// Parquet: DuckDB reads back the same values.
	export(t, r, typed, filepath.Join(dir, "r.parquet"))
	plain, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	conn, err := plain.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	back := explore.NewRunner(conn)
	// The runner reads no file: a view on this connection, which is not
	// wfheval sql's, does.
	if _, err := conn.ExecContext(context.Background(), `CREATE TEMP VIEW back AS FROM read_parquet('`+filepath.Join(dir, "r.parquet")+`')`); err != nil {
		t.Fatal(err)
	}
	if got := csvOf(t, back, `FROM back`); got != want {
		t.Errorf("Parquet read back\n%s\nwant\n%s", got, want)
	}
	var types string
	conn.QueryRowContext(context.Background(), `SELECT string_agg(column_type, ',') FROM (DESCRIBE FROM read_parquet('`+filepath.Join(dir, "r.parquet")+`'))`).Scan(&types)
	if wantTypes := "TINYINT,SMALLINT,INTEGER,BIGINT,BIGINT,FLOAT,DOUBLE,DECIMAL(18,2),VARCHAR,DATE,TIMESTAMP,TIME,BOOLEAN,VARCHAR[],VARCHAR,VARCHAR"; types != wantTypes {
		t.Errorf("Parquet types %s\nwant %s", types, wantTypes)
	}

	// Arrow IPC, file and stream: the schema and both rows.
	for _, name := range []string{"r.arrow", "r.arrows"} {
		export(t, r, typed, filepath.Join(dir, name))
		fh, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		var schema *arrow.Schema
		var rows int64
		var money string
		if name == "r.arrow" {
			fr, err := ipc.NewFileReader(fh, ipc.WithAllocator(memory.DefaultAllocator))
			if err != nil {
				t.Fatal(err)
			}
			schema = fr.Schema()
			for i := 0; i < fr.NumRecords(); i++ {
				rec, err := fr.RecordBatch(i)
				if err != nil {
					t.Fatal(err)
				}
				rows += rec.NumRows()
				money = rec.Column(7).ValueStr(0)
			}
			fr.Close()
		} else {
			sr, err := ipc.NewReader(fh)
			if err != nil {
				t.Fatal(err)
			}
			schema = sr.Schema()
			for sr.Next() {
				rows += sr.RecordBatch().NumRows()
				money = sr.RecordBatch().Column(7).ValueStr(0)
			}
			sr.Release()
		}
		fh.Close()
		if rows != 2 || schema.NumFields() != 16 || schema.Field(7).Type.String() != "decimal(18, 2)" ||
			schema.Field(9).Type.ID() != arrow.DATE32 || schema.Field(13).Type.ID() != arrow.LIST || money != "41000000.5" {
			t.Errorf("%s: %d rows, schema %v, money %q", name, rows, schema, money)
		}
	}

	// XLSX: a header and two rows; numbers and dates as Excel values.
	export(t, r, typed, filepath.Join(dir, "r.xlsx"))
	x, err := excelize.OpenFile(filepath.Join(dir, "r.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("result", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	// GetRows drops the trailing row of NULLs (empty cells).
	if len(rows) != 2 || rows[0][7] != "money" || rows[1][7] != "41000000.5" || rows[1][8] != "Kecamatan Bekasi Barat" || rows[1][9] != "45967" {
		t.Errorf("XLSX rows %q", rows)
	}
}

// A query that fails half way leaves no file, not even a temporary one.
func TestExportFailureLeavesNothing(t *testing.T) {
	r, _ := openRunner(t)
	dir := t.TempDir()
	for _, name := range []string{"x.csv", "x.parquet", "x.xlsx", "x.arrow"} {
		f, err := explore.NewFile(filepath.Join(dir, name), explore.FileOptions{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = r.Run(context.Background(), `SELECT CASE WHEN i = 70000 THEN error('boom') ELSE i END AS i FROM range(100000) t(i)`, nil, f)
		if err == nil {
			t.Fatalf("%s: the failing query succeeded", name)
		}
		f.Abort()
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
	if _, err := explore.NewFile(filepath.Join(dir, "x.html"), explore.FileOptions{}); !errors.Is(err, explore.ErrUnknownFormat) {
		t.Errorf("x.html: %v", err)
	}
}
