package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const loadsEmployees = `nip,name,opd_code,opd_name,job_category,position,wfh_group,active_from,active_to
198503122010011003,Siti Aminah,DISDUKCAPIL,Dinas Kependudukan dan Pencatatan Sipil,front_office,Verifikator,A,,
199001012015032001,Budi Santoso,DISDUKCAPIL,Dinas Kependudukan dan Pencatatan Sipil,back_office,Analis,B,,
`

// loadsAttendance is four attendance rows; the rows whose index is in sick
// say sick instead of present.
func loadsAttendance(sick map[int]bool, extra string) string {
	var b strings.Builder
	b.WriteString("nip,date,status,work_mode,check_in,check_out\n")
	i := 0
	for _, day := range []string{"2025-11-10", "2025-11-11"} {
		for _, nip := range []string{"198503122010011003", "199001012015032001"} {
			if sick[i] {
				b.WriteString(nip + "," + day + ",sick,,,\n")
			} else {
				b.WriteString(nip + "," + day + ",present,WFO,07:30:00,16:00:00\n")
			}
			i++
		}
	}
	return b.String() + extra
}

// wfheval loads shows each load's counts, which earlier load's rows it
// replaced, and the correction a later file reverted, for a project DIR
// and for --db FILE alike; ingest's line says the revert too.
func TestLoadsShowsCorrectionsAndReverts(t *testing.T) {
	root := t.TempDir()
	proj := filepath.Join(root, "proj")
	if code, _, stderr := run(t, "init", proj); code != 0 {
		t.Fatalf("init: exit %d\n%s", code, stderr)
	}
	db := filepath.Join(proj, "wfheval.duckdb")
	write := func(name, content string) string {
		t.Helper()
		p := filepath.Join(proj, "inbox", name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ingest := func(files ...string) string {
		t.Helper()
		code, _, stderr := run(t, append([]string{"ingest", "--db", db}, files...)...)
		if code != 0 {
			t.Fatalf("ingest: exit %d\n%s", code, stderr)
		}
		return stderr
	}
	ingest(write("employees.csv", loadsEmployees), write("attendance.csv", loadsAttendance(nil, "")))
	ingest(write("attendance-fixed.csv", loadsAttendance(map[int]bool{1: true, 2: true}, "")))
	stderr := ingest(write("attendance-again.csv", loadsAttendance(nil, "\n")))
	if want := "4 replaced (2 changed), 0 rejected (load 4, "; !strings.Contains(stderr, want) {
		t.Errorf("ingest's line lacks %q:\n%s", want, stderr)
	}
	if want := "; reverts 2 rows corrected by load 3 (attendance-fixed.csv)"; !strings.Contains(stderr, want) {
		t.Errorf("ingest's line lacks %q:\n%s", want, stderr)
	}

	code, byDir, stderr := run(t, "loads", proj)
	if code != 0 {
		t.Fatalf("loads DIR: exit %d\n%s", code, stderr)
	}
	// The clock's minute is the only thing that varies.
	got := regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d`).ReplaceAllString(byDir, "YYYY-MM-DD hh:mm")
	want := strings.Join([]string{
		"LOAD  FILE                        KIND        WHEN              READ  LOADED  REJECTED  REPLACED  CHANGED  WHAT IT REPLACED",
		"1     inbox/employees.csv         employees   YYYY-MM-DD hh:mm  2     2       0         0         0        -",
		"2     inbox/attendance.csv        attendance  YYYY-MM-DD hh:mm  4     4       0         0         0        -",
		"3     inbox/attendance-fixed.csv  attendance  YYYY-MM-DD hh:mm  4     4       0         4         2        4 of load 2 (attendance.csv), 2 changed",
		"4     inbox/attendance-again.csv  attendance  YYYY-MM-DD hh:mm  4     4       0         4         2        4 of load 3 (attendance-fixed.csv), 2 changed; reverts 2 rows corrected by load 3 (attendance-fixed.csv)",
		"",
	}, "\n")
	if got != want {
		t.Errorf("loads DIR:\n%s\nwant:\n%s", got, want)
	}

	// --db FILE: the same loads, the files as load_log has them.
	code, byDB, stderr := run(t, "loads", "--db", db)
	if code != 0 {
		t.Fatalf("loads --db: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(byDB, filepath.Join(proj, "inbox", "attendance-again.csv")) ||
		!strings.Contains(byDB, "reverts 2 rows corrected by load 3 (attendance-fixed.csv)") || strings.Count(byDB, "\n") != 5 {
		t.Errorf("loads --db:\n%s", byDB)
	}
}

func TestLoadsUsage(t *testing.T) {
	root := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"neither DIR nor --db", []string{"loads"}, 2, "want one project DIR or --db FILE"},
		{"both", []string{"loads", root, "--db", filepath.Join(root, "x.duckdb")}, 2, "want one project DIR or --db FILE"},
		{"not a project", []string{"loads", root}, 1, "not a project folder"},
		{"no database", []string{"loads", "--db", filepath.Join(root, "none.duckdb")}, 1, "no database yet"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want %d and one line with %q", code, stderr, tc.code, tc.want)
			}
		})
	}
}
