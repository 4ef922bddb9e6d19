package evaluate_test

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/evaluate"
	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/ingest"
	"github.com/bekasi/wfheval/pipeline/store"
)

// TestPunchLogEndToEnd: the way e-presensi data often really arrive. A
// generated city's present days written as a fingerprint machine's
// attlog.dat (a check-in and a check-out scan per day, PINs for NIPs, no
// absence rows), loaded beside the employees with a pin column, and
// evaluated with the config saying nothing about attendance_rows: the
// evaluation reads the scans as present days only, and its attendance and
// punctuality equal those of the full attendance export exactly.
func TestPunchLogEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping a generated city loaded twice and evaluated twice (about 15 s)")
	}
	ctx := context.Background()
	dir := t.TempDir()
	o := generate.DefaultOptions()
	o.Employees = 300
	full, cfg, _ := generatedCity(t, filepath.Join(dir, "full"), o)
	want, err := evaluate.Run(ctx, full, cfg, evaluate.Options{Reps: 200, SkipStore: true})
	if err != nil {
		t.Fatal(err)
	}

	data := filepath.Join(dir, "full", "data")
	pins := writeEmployeesWithPins(t, filepath.Join(data, generate.EmployeesFile), filepath.Join(dir, "employees.csv"))
	scans := writeAttlog(t, filepath.Join(data, generate.AttendanceFile), filepath.Join(dir, "1_attlog.dat"), pins)
	db, err := store.Open(ctx, filepath.Join(dir, "punch.duckdb"), store.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loc, _ := time.LoadLocation(cfg.Timezone)
	files := []string{filepath.Join(dir, "employees.csv"), filepath.Join(dir, "1_attlog.dat")}
	for _, f := range []string{generate.CostsFile, generate.TicketsFile, generate.MetersFile} {
		files = append(files, filepath.Join(data, f))
	}
	res, err := ingest.NewLoader(db, ingest.Options{Location: loc}).LoadFiles(ctx, files)
	if err != nil {
		t.Fatal(err)
	}
	if r := res[1]; r.Kind != "punches" || r.RowsRead != int64(scans) || r.RowsRejected != 0 {
		t.Fatalf("the attlog loaded as %+v, want %d scans of kind punches, none rejected", r, scans)
	}
	got, err := evaluate.Run(ctx, db, cfg, evaluate.Options{Reps: 200, SkipStore: true})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.AttendanceRows != "" || got.AttendanceRows != config.AttendancePresentOnly {
		t.Fatalf("attendance_rows %q in the config, %q in the summary; want unset and present_only (punch logs were loaded)", cfg.AttendanceRows, got.AttendanceRows)
	}
	sameAttendanceEffects(t, "from the scans", "from the attendance export", got, want)
}

// writeEmployeesWithPins copies the employees file with a pin column (1,
// 2, …) and returns NIP → pin.
func writeEmployeesWithPins(t *testing.T, from, to string) map[string]string {
	t.Helper()
	rows := readCSV(t, from)
	pins := map[string]string{}
	rows[0] = append(rows[0], "pin")
	for i := 1; i < len(rows); i++ {
		pins[rows[i][0]] = strconv.Itoa(i)
		rows[i] = append(rows[i], strconv.Itoa(i))
	}
	writeCSV(t, to, rows)
	return pins
}

// writeAttlog writes the present attendance rows as attlog.dat lines (PIN,
// timestamp, verify, state, workcode, tab-separated, no header): a scan at
// check-in and one at check-out. It returns the number of scans.
func writeAttlog(t *testing.T, from, to string, pins map[string]string) int {
	t.Helper()
	rows := readCSV(t, from) // nip,date,status,work_mode,check_in,check_out
	f, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	n := 0
	for _, r := range rows[1:] {
		if r[2] != "present" {
			continue
		}
		for k, c := range []string{r[4], r[5]} {
			if c != "" {
				fmt.Fprintf(w, "%6s\t%s %s\t1\t%d\t0\n", pins[r[0]], r[1], c, k)
				n++
			}
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return n
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func writeCSV(t *testing.T, path string, rows [][]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
