package ingest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/ingest"
)

// TestCancelledLoadLeavesNoSetting: DuckDB's reader runs its statement
// with filter pushdown off (insertRows), a setting of the whole database;
// a load cancelled while it runs must not leave it on.
func TestCancelledLoadLeavesNoSetting(t *testing.T) {
	var b strings.Builder
	b.WriteString("nip,date,status,work_mode,check_in,check_out\n")
	day := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 20000 {
		d := day.AddDate(0, 0, i).Format(time.DateOnly)
		for _, nip := range []string{"198503122010011003", "199001012015032001", "197712302005011002"} {
			fmt.Fprintf(&b, "%s,%s,present,WFO,07:00:00,16:00:00\n", nip, d)
		}
	}
	path := writeFile(t, t.TempDir(), "attendance.csv", b.String())
	n, hit := 24, 0
	if testing.Short() {
		n = 8
	}
	for i := range n {
		db := baseDB(t)
		ctx, cancel := context.WithCancel(context.Background())
		// Cancelled at times spread over the load.
		time.AfterFunc(time.Duration(i*5)*time.Millisecond, cancel)
		_, err := ingest.NewLoader(db, ingest.Options{}).Load(ctx, path)
		cancel()
		if err != nil {
			hit++
		}
		var setting string
		if err := db.SQL().QueryRow(`SELECT current_setting('disabled_optimizers')`).Scan(&setting); err != nil {
			t.Fatal(err)
		}
		if setting != "" {
			t.Fatalf("cancelled at %d ms: the database has disabled_optimizers = %q", i*5, setting)
		}
	}
	if hit == 0 {
		t.Errorf("no load was cancelled: the test cancels too late")
	}
}
