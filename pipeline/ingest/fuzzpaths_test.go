package ingest_test

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzFastAndCarefulAgree loads a body of rows under an attendance CSV or
// a tickets JSON Lines header both ways: the fast path (DuckDB's reader,
// bad rows left out by its statement, a copy without them, or Go's
// reader) and Go's careful reader. Whatever the rows, the outcomes must
// be the same: the same error, or the same counts, rejects and rows.
//
//	go test ./pipeline/ingest -run '^$' -fuzz FuzzFastAndCarefulAgree -fuzztime 5m
func FuzzFastAndCarefulAgree(f *testing.F) {
	f.Add(false, "198503122010011003,2025-11-05,present,WFO,07:21:00,16:05:00\n"+
		"198503122010011003,2025-11-06,present,WFH\n"+
		"199001012015032001,2025-11-05,sick,,,,extra\n"+
		"199001012015032001,2025-11-06,present,WFO,07:30:00,16:00:00,\n"+
		"199001012015032001,2025-11-07,\"present\",WFO,07:30:00\n"+
		"199001012015032001,2025-02-31,present,WFO,07:30:00,16:00:00\n"+
		"199001012015032009,2025-11-10,present,WFO,07:30:00,16:00:00\n")
	f.Add(true, `{"ticket_id":"K1","opd_code":"DISDUKCAPIL","service":"KTP-el","channel":"online","created_at":"2025-11-05 08:00:00","status":"open"}`+"\n"+
		`{"ticket_id":"K2","opd_code":"DISDUKCAPIL","service":"KTP-el","channel":"online","created_at":"2025-11-05 08:10:00","status":"open"} x`+"\n"+
		`["K5","DISDUKCAPIL"]`+"\n"+
		`{"ticket_id":"K8","opd_code":"DISDUKCAPIL","service":"KTP-el","channel":"online","created_at":"2025-11-05 09:10:00","status":"op`+"\n"+
		`{"ticket_id":"K9","opd_code":"DISDUKCAPIL","service":"KTP-el","channel":"online","created_at":"2025-11-05 09:20:00","status":"resolved","resolved_at":"2025-11-05 09:00:00"}`+"\n"+
		`{"ticket_id":"K9","opd_code":"DISDUKCAPIL","service":"KTP-el","channel":"online","created_at":"2025-11-05 09:30:00","status":"open","status":"open"}`+"\n")
	f.Fuzz(func(t *testing.T, jsonl bool, body string) {
		dir := tempDirNoHash(t)
		name, head := "attendance.csv", "nip,date,status,work_mode,check_in,check_out\n"
		if jsonl {
			name, head = "tickets.jsonl", ""
		}
		input := filepath.Join(dir, name)
		if err := os.WriteFile(input, []byte(head+body), 0o644); err != nil {
			t.Fatal(err)
		}
		fast := runCase(t, dir, input, false)
		if careful := runCase(t, dir, input, true); careful != withoutWay(fast) {
			t.Errorf("fast and careful paths differ\n--- fast\n%s--- careful\n%s", fast, careful)
		}
	})
}
