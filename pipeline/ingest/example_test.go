package ingest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/bekasi/wfheval/pipeline/ingest"
	"github.com/bekasi/wfheval/pipeline/store"
)

// Load a department's attendance export, Indonesian style, with one bad row:
// the good rows go in, the bad one goes to rejects with its line and reason.
func ExampleLoader_LoadFiles() {
	dir, _ := os.MkdirTemp("", "wfheval-example-")
	defer os.RemoveAll(dir)
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(text), 0o644)
		return p
	}
	employees := write("pegawai.csv", "NIP;Nama;Kode OPD;Unit Kerja;Kategori Jabatan\n"+
		"19850312 201001 1 003;Siti Aminah;DISDUKCAPIL;Disdukcapil;Pelayanan\n")
	attendance := write("presensi.csv", "DAFTAR HADIR PEGAWAI;;;\n"+
		"NIP;Tanggal;Status;Mode Kerja\n"+
		"19850312 201001 1 003;06/11/2025;Hadir;WFH\n"+
		"19850312 201001 1 003;07/11/2025;Mangkir;\n")

	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "wfheval.duckdb"), store.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	results, err := ingest.NewLoader(db, ingest.Options{}).LoadFiles(ctx, []string{attendance, employees})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range results {
		fmt.Printf("%s: read %d, loaded %d, rejected %d, title lines %d\n", r.Kind, r.RowsRead, r.RowsLoaded, r.RowsRejected, r.LinesSkipped)
	}
	var line int
	var column, reason string
	db.SQL().QueryRow(`SELECT line, column_name, reason FROM rejects`).Scan(&line, &column, &reason)
	fmt.Printf("line %d, %s: %s\n", line, column, reason)
	// Output:
	// employees: read 1, loaded 1, rejected 0, title lines 0
	// attendance: read 2, loaded 1, rejected 1, title lines 1
	// line 4, status: unknown status "Mangkir" (accepted: absent, leave, official_travel, permit, present, sick; or alpa, alpha, cuti, dinas_luar, dl, hadir, ijin, izin, sakit, sppd, tanpa_keterangan, terlambat, tk); map more in the config: values: {attendance: {status: {Mangkir: present}}}
}
