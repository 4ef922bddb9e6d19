package ingest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/ingest"
)

// In auto mode the first rows of a file DuckDB's reader may take decide
// the number locales for a start, and Go's check of every row confirms
// them (load.go). A file whose later rows prove another style, or both,
// loads (or fails) exactly as when the whole file decides first.
func TestLocalesOfTheFirstRowsConfirmed(t *testing.T) {
	meters := func(n int, last string) string {
		var b strings.Builder
		b.WriteString("opd_code,date,electricity_kwh\n")
		day := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "BKPSDM,%s,%d\n", day.AddDate(0, 0, i).Format(time.DateOnly), 100+i%7)
		}
		fmt.Fprintf(&b, "BKPSDM,%s,%s\n", day.AddDate(0, 0, n).Format(time.DateOnly), last)
		return b.String()
	}
	cases := []struct {
		name, content string
		fast          bool
	}{
		{"no style proved", meters(2500, "7"), true},
		// Both read by Go's reader: DuckDB's reads no thousands separator.
		{"Indonesian style below the first rows", meters(2500, `"1.234,5"`), false},
		{"English style below the first rows", meters(2500, `"1,234.5"`), false},
		{"both styles", meters(2500, `"1.234,5"`) + "BKPSDM,2030-01-01,\"1,234.5\"\n", false},
		{"ambiguous below the first rows", meters(2500, "1.234"), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, dir, "meters.csv", tc.content)
			fast, careful := runCase(t, dir, path, false), runCase(t, dir, path, true)
			if withoutWay(fast) != careful {
				t.Errorf("DuckDB's reader and Go's differ:\n%.2000s\nGo's:\n%.2000s", fast, careful)
			}
			r, err := ingest.NewLoader(baseDB(t), ingest.Options{}).Load(context.Background(), path)
			if tc.fast && (err != nil || !r.FastPath) {
				t.Errorf("%s, %v: want DuckDB's reader", r, err)
			}
			if !tc.fast && err == nil && r.FastPath {
				t.Errorf("%s: want Go's reader", r)
			}
		})
	}
}
