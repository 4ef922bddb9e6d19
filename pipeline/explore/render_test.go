package explore_test

import (
	"bytes"
	"math/big"
	"testing"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/bekasi/wfheval/pipeline/explore"
)

// A small result as duckdb-go scans it.
var (
	resultCols = []explore.Column{
		{Name: "opd_code", Type: "VARCHAR"},
		{Name: "tickets", Type: "BIGINT"},
		{Name: "amount_idr", Type: "DECIMAL(18,2)"},
		{Name: "rate", Type: "DOUBLE"},
		{Name: "day", Type: "DATE"},
		{Name: "reasons", Type: "VARCHAR[]"},
	}
	resultRows = [][]any{
		{"DISDUKCAPIL", int64(12345), duckdb.Decimal{Width: 18, Scale: 2, Value: big.NewInt(4525000050)}, 0.9125,
			time.Date(2025, 11, 6, 0, 0, 0, 0, time.UTC), []any{"a|b", "c"}},
		{"KEC_BEKASI_BARAT", int64(7), duckdb.Decimal{Width: 18, Scale: 2, Value: big.NewInt(-5)}, 1.0, nil, nil},
	}
)

func render(t *testing.T, f explore.Format, o explore.WriterOptions) string {
	t.Helper()
	var b bytes.Buffer
	s := explore.NewWriter(f, &b, o)
	if err := s.Begin(resultCols); err != nil {
		t.Fatal(err)
	}
	for _, r := range resultRows {
		if err := s.Row(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.End(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestFormats(t *testing.T) {
	cases := []struct {
		format explore.Format
		opts   explore.WriterOptions
		want   string
	}{
		{explore.FormatTable, explore.WriterOptions{}, "" +
			"opd_code         │ tickets │    amount_idr │   rate │ day        │ reasons\n" +
			"─────────────────┼─────────┼───────────────┼────────┼────────────┼─────────────\n" +
			"DISDUKCAPIL      │  12,345 │ 45,250,000.50 │ 0.9125 │ 2025-11-06 │ ['a|b', 'c']\n" +
			"KEC_BEKASI_BARAT │       7 │         -0.05 │ 1.0000 │ NULL       │ NULL\n" +
			"(2 rows)\n"},
		{explore.FormatTable, explore.WriterOptions{MaxRows: 1}, "" +
			"opd_code    │ tickets │    amount_idr │   rate │ day        │ reasons\n" +
			"────────────┼─────────┼───────────────┼────────┼────────────┼─────────────\n" +
			"DISDUKCAPIL │  12,345 │ 45,250,000.50 │ 0.9125 │ 2025-11-06 │ ['a|b', 'c']\n" +
			"(1 of 2 rows shown: .mode csv or --output FILE writes them all)\n"},
		{explore.FormatCSV, explore.WriterOptions{}, "" +
			"opd_code,tickets,amount_idr,rate,day,reasons\n" +
			"DISDUKCAPIL,12345,45250000.50,0.9125,2025-11-06,\"['a|b', 'c']\"\n" +
			"KEC_BEKASI_BARAT,7,-0.05,1,,\n"},
		{explore.FormatJSON, explore.WriterOptions{}, "" +
			"[\n" +
			`{"opd_code":"DISDUKCAPIL","tickets":12345,"amount_idr":45250000.50,"rate":0.9125,"day":"2025-11-06","reasons":["a|b","c"]},` + "\n" +
			`{"opd_code":"KEC_BEKASI_BARAT","tickets":7,"amount_idr":-0.05,"rate":1,"day":null,"reasons":null}` + "\n" +
			"]\n"},
		{explore.FormatMarkdown, explore.WriterOptions{}, "" +
			"| opd_code         | tickets |    amount_idr |   rate | day        | reasons       |\n" +
			"| ---------------- | ------: | ------------: | -----: | ---------- | ------------- |\n" +
			"| DISDUKCAPIL      |  12,345 | 45,250,000.50 | 0.9125 | 2025-11-06 | ['a\\|b', 'c'] |\n" +
			"| KEC_BEKASI_BARAT |       7 |         -0.05 | 1.0000 |            |               |\n"},
	}
	for _, tc := range cases {
		t.Run(string(tc.format), func(t *testing.T) {
			if got := render(t, tc.format, tc.opts); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"table", "CSV", " json ", "markdown"} {
		if _, err := explore.ParseFormat(s); err != nil {
			t.Errorf("ParseFormat(%q): %v", s, err)
		}
	}
	if _, err := explore.ParseFormat("html"); err == nil {
		t.Error("ParseFormat(html) accepted")
	}
}
