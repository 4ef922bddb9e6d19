//go:build ignore

// mkfixtures writes the binary inputs of the bad-input corpus (XLSX, gzip,
// Parquet) into cases/. Run from this folder: go run mkfixtures.go
// The text inputs are written by hand; these are made here so that how they
// were made is on record.
package main

import (
	"bytes"
	"compress/gzip"
	"database/sql"
	"log"
	"os"
	"path/filepath"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/xuri/excelize/v2"
)

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

// Each fixture is written only if it is missing, so that running this again
// does not churn the existing ones (workbooks carry their creation time).
func main() {
	for path, make := range map[string]func(){
		"cases/xlsx-title-block/input.xlsx":      xlsxTitleBlock,
		"cases/xlsx-date-cells/input.xlsx":       xlsxDateCells,
		"cases/xlsx-extra-cell/input.xlsx":       xlsxExtraCell,
		"cases/xlsx-formula/input.xlsx":          xlsxFormula,
		"cases/punches-xlsx/input.xlsx":          xlsxPunches,
		"cases/gzip/input.csv.gz":                gzipFiles,
		"cases/parquet/input.parquet":            parquetFiles,
		"cases/parquet-wrong-type/input.parquet": parquetFiles,
	} {
		if _, err := os.Stat(path); err == nil {
			continue
		}
		must(os.MkdirAll(filepath.Dir(path), 0o755))
		make()
	}
}

// A formula cell: its cached value is what the export shows and what loads.
func xlsxFormula() {
	f := excelize.NewFile()
	s := "Sheet1"
	f.SetSheetRow(s, "A1", &[]any{"opd_code", "date", "electricity_kwh"})
	f.SetSheetRow(s, "A2", &[]any{"BKPSDM", "2025-11-05", 300.5})
	f.SetSheetRow(s, "A3", &[]any{"BKPSDM", "2025-11-06", 601})
	must(f.SetCellFormula(s, "C3", "=C2*2"))
	must(f.SaveAs("cases/xlsx-formula/input.xlsx"))
}

// A scan log as the machines' desktop software exports it to a workbook:
// PINs as numbers, the scan time a date-time cell, one typed as text.
func xlsxPunches() {
	f := excelize.NewFile()
	s := "Sheet1"
	dt, err := f.NewStyle(&excelize.Style{NumFmt: 22}) // m/d/yy h:mm
	must(err)
	f.SetSheetRow(s, "A1", &[]any{"No.", "AC-No.", "Badgenumber", "Nama", "Checktime", "Checktype", "Verifycode"})
	at := func(d, h, m, sec int) time.Time { return time.Date(2025, 11, d, h, m, sec, 0, time.UTC) }
	rows := [][]any{
		{1, 1, 101, "Siti Aminah", at(5, 7, 21, 4), "I", 1},
		{2, 1, 101, "Siti Aminah", at(5, 16, 5, 30), "O", 1},
		{3, 1, 104, "Agus Salim", "08/11/2025 08:00:00", "I", 15},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		must(f.SetSheetRow(s, cell, &r))
		if _, ok := r[4].(time.Time); ok {
			c, _ := excelize.CoordinatesToCellName(5, i+2)
			must(f.SetCellStyle(s, c, c, dt))
		}
	}
	must(f.SaveAs("cases/punches-xlsx/input.xlsx"))
}

// An employee list as exported from a spreadsheet: a merged title block,
// blank rows, the header on row 5, a blank row between data rows.
func xlsxTitleBlock() {
	f := excelize.NewFile()
	s := "Pegawai"
	f.SetSheetName("Sheet1", s)
	f.SetCellValue(s, "A1", "DAFTAR PEGAWAI NEGERI SIPIL")
	must(f.MergeCell(s, "A1", "F1"))
	f.SetCellValue(s, "A2", "PEMERINTAH KOTA BEKASI — BKPSDM")
	must(f.MergeCell(s, "A2", "F2"))
	f.SetSheetRow(s, "A5", &[]any{"NIP", "Nama", "Kode OPD", "Unit Kerja", "Kategori Jabatan", "Kelompok"})
	f.SetSheetRow(s, "A6", &[]any{"19991231 202012 2 006", "Nur Aini", "BKPSDM", "Badan Kepegawaian", "Administrasi", "A"})
	f.SetSheetRow(s, "A8", &[]any{"199912312020121007", "Joko", "BKPSDM", "Badan Kepegawaian", "lapangan", "b"})
	f.SetSheetRow(s, "A9", &[]any{"19991231202012100", "Salah", "BKPSDM", "Badan Kepegawaian", "lapangan", "B"})
	must(f.SaveAs("cases/xlsx-title-block/input.xlsx"))
}

// Attendance with real date cells, time cells and a date typed as text.
func xlsxDateCells() {
	f := excelize.NewFile()
	s := "Sheet1"
	f.SetSheetRow(s, "A1", &[]any{"nip", "tanggal", "status", "mode", "jam_masuk", "jam_pulang"})
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	timeStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 20})
	d := time.Date(2025, 11, 6, 0, 0, 0, 0, time.UTC)
	f.SetSheetRow(s, "A2", &[]any{"198503122010011003", d, "Hadir", "WFH", 0.3125, 0.6680555555555556})
	f.SetSheetRow(s, "A3", &[]any{"199001012015032001", "07/11/2025", "Sakit", "", "", ""})
	f.SetSheetRow(s, "A4", &[]any{"197712302005011002", 45967, "hadir", "WFO", "07:45", "16:10"})
	f.SetCellStyle(s, "B2", "B4", style)
	f.SetCellStyle(s, "E2", "F4", timeStyle)
	must(f.SaveAs("cases/xlsx-date-cells/input.xlsx"))
}

// A value right of the header's last column.
func xlsxExtraCell() {
	f := excelize.NewFile()
	s := "Sheet1"
	f.SetSheetRow(s, "A1", &[]any{"opd_code", "date", "electricity_kwh"})
	f.SetSheetRow(s, "A2", &[]any{"BKPSDM", "2025-11-05", 300.5})
	f.SetSheetRow(s, "A3", &[]any{"BKPSDM", "2025-11-06", 280, nil, "catatan"})
	must(f.SaveAs("cases/xlsx-extra-cell/input.xlsx"))
}

func gzipFiles() {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte("opd_code,date,electricity_kwh\n"))
	for i := 1; i <= 30; i++ {
		zw.Write([]byte("BKPSDM,2025-11-" + two(i) + ",300.5\n"))
	}
	zw.Close()
	must(os.WriteFile("cases/gzip/input.csv.gz", b.Bytes(), 0o644))
	must(os.WriteFile("cases/truncated-gzip/input.csv.gz", b.Bytes()[:b.Len()*2/3], 0o644))
}

func two(i int) string {
	return string([]byte{byte('0' + i/10), byte('0' + i%10)})
}

func parquetFiles() {
	db, err := sql.Open("duckdb", "")
	must(err)
	defer db.Close()
	_, err = db.Exec(`COPY (SELECT * FROM (VALUES
		('BKPSDM', DATE '2025-11-05', 300.5::DOUBLE),
		('DISDUKCAPIL', DATE '2025-11-05', 1040.0),
		('BKPSDM', DATE '2025-11-06', -3.0)) t(opd_code, date, electricity_kwh))
		TO 'cases/parquet/input.parquet' (FORMAT parquet)`)
	must(err)
	_, err = db.Exec(`COPY (SELECT * FROM (VALUES
		('BKPSDM', 20251105, 300.5::DOUBLE),
		('DISDUKCAPIL', 20251105, 1040.0)) t(opd_code, date, electricity_kwh))
		TO 'cases/parquet-wrong-type/input.parquet' (FORMAT parquet)`)
	must(err)
}
