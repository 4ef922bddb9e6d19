package ingest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/ingest"
)

// jsonTicket is a line of a JSON Lines ticket export in the Indonesian
// keys, as the generator writes them: offsets, spaced NIPs, words.
func jsonTicket(i int, extra string) string {
	return fmt.Sprintf(`{"no_tiket":"DISDUKCAPIL-%04d","kode_opd":"DISDUKCAPIL","jenis_layanan":"KTP-el","kanal":"daring",`+
		`"waktu_masuk":"2025-11-05T08:%02d:00+07:00","first_response_at":"2025-11-05 09:%02d:00","waktu_selesai":"2025-11-06T10:00:00+07:00",`+
		`"status":"Selesai","sla_hours":24,"kepuasan":%d,"petugas":"19850312 201001 1 003"%s}`, i, i%60, i%60, 1+i%5, extra)
}

func jsonTickets(n int, line func(i int) string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(line(i) + "\n")
	}
	return b.String()
}

// JSON Lines whose values DuckDB's read_json reads as Go does are loaded
// by it (fastpath.go, jsonSource); anything else goes through Go's reader.
// Either way the rows and rejects are those of Go's reader.
func TestJSONLinesReadByDuckDB(t *testing.T) {
	plain := func(i int) string { return jsonTicket(i, "") }
	// created_at as 5/11/2025 08:MM:00 (no offset), as the generator's
	// Indonesian export writes most of them.
	dayFirst := func(i int) string {
		return strings.Replace(strings.Replace(plain(i), `+07:00","first`, `","first`, 1), "2025-11-05T08:", "5/11/2025 08:", 1)
	}
	cases := []struct {
		name    string
		content string
		fast    bool
		policy  string
	}{
		{"day-first timestamps", jsonTickets(12, func(i int) string {
			if i%2 == 0 {
				return dayFirst(i)
			}
			return plain(i)
		}), true, ""},
		{"month-first timestamps", jsonTickets(12, func(i int) string {
			return strings.Replace(strings.Replace(plain(i), `+07:00","first`, `","first`, 1), "2025-11-05T08:", "11/05/2025 08:", 1)
		}), true, "date_order: mdy\n"},
		{"a timestamp in another form", jsonTickets(5, dayFirst) + strings.Replace(strings.Replace(plain(6), `+07:00","first`, `","first`, 1), "2025-11-05T08:", "05-11-2025 08:", 1) + "\n", false, ""},
		{"indonesian export", jsonTickets(30, plain), true, ""},
		{"keys in another order on some lines", jsonTickets(6, func(i int) string {
			if i%2 == 0 {
				return `{"petugas":"19850312 201001 1 003","kepuasan":2,` + strings.TrimPrefix(strings.Replace(plain(i), `,"kepuasan":`+fmt.Sprint(1+i%5)+`,"petugas":"19850312 201001 1 003"`, "", 1), "{")
			}
			return plain(i)
		}), true, ""},
		{"blank lines and CRLF", "\n" + strings.ReplaceAll(jsonTickets(5, plain), "\n", "\r\n\r\n"), true, ""},
		{"integer ticket ids", jsonTickets(5, func(i int) string {
			return strings.Replace(plain(i), fmt.Sprintf(`"DISDUKCAPIL-%04d"`, i), fmt.Sprint(i*10), 1)
		}), true, ""},
		{"a few bad rows", jsonTickets(5, plain) + strings.Replace(plain(6), `"kode_opd":"DISDUKCAPIL"`, `"kode_opd":"NOPE"`, 1) + "\n" + plain(3) + "\n", true, ""},
		{"a decimal number", jsonTickets(5, plain) + strings.Replace(plain(6), `"sla_hours":24`, `"sla_hours":24.50`, 1) + "\n", false, ""},
		{"an escape", jsonTickets(5, plain) + strings.Replace(plain(6), `"KTP-el"`, `"KTP\u002del"`, 1) + "\n", false, ""},
		{"an offset not local", jsonTickets(5, plain) + strings.Replace(plain(6), "+07:00", "+00:00", 1) + "\n", false, ""},
		{"a key below the header's lines", jsonTickets(25, plain) + jsonTicket(26, `,"Catatan":"x"`) + "\n", false, ""},
		{"keys differing in case", jsonTickets(5, func(i int) string { return jsonTicket(i, `,"catatan":"a","Catatan":"b"`) }), false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, dir, "tickets.jsonl", tc.content)
			opts := ingest.Options{}
			if tc.policy != "" {
				writeFile(t, dir, "policy.yaml", tc.policy)
				cfg, err := config.Parse([]byte(tc.policy), "policy.yaml")
				if err != nil {
					t.Fatal(err)
				}
				opts.DateOrder = cfg.DateOrder
			}
			if !testing.Short() { // -short: which reader takes it, below; the full suite compares the two
				fast, careful := runCase(t, dir, path, false), runCase(t, dir, path, true)
				if withoutWay(fast) != careful {
					t.Errorf("DuckDB's reader and Go's differ:\n%s\nGo's:\n%s", fast, careful)
				}
			}
			r, err := ingest.NewLoader(baseDB(t), opts).Load(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			if r.FastPath != tc.fast {
				t.Errorf("%s: read by DuckDB's reader %v, want %v", r, r.FastPath, tc.fast)
			}
			if tc.fast && !strings.Contains(r.String(), "read by DuckDB's JSON reader") {
				t.Errorf("%s: the line does not say which reader", r)
			}
		})
	}
}
