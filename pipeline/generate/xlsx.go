package generate

import (
	"context"
	"fmt"
	"os"

	"github.com/xuri/excelize/v2"
)

// employeeColumns are the header of employees.xlsx: the contract's
// Indonesian aliases where it has them.
var employeeColumns = []any{"NIP", "Nama", "Kode OPD", "Unit Kerja", "Kategori Jabatan", "Jabatan", "Kelompok", "active_from", "active_to"}

// employeeSheet is the name of the workbook's only sheet.
const employeeSheet = "Pegawai"

// writeEmployeesXLSX writes employees.xlsx as the personnel system exports
// it: a merged title block above the header, spaced NIPs as text,
// Indonesian job categories, and the dates of the employment window as
// real date cells (dd/mm/yyyy).
func (w *world) writeEmployeesXLSX(ctx context.Context, path string, out *fileOutput) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", employeeSheet); err != nil {
		return err
	}
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	if err != nil {
		return err
	}
	sub, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center"}})
	if err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}})
	if err != nil {
		return err
	}
	dmy := "dd/mm/yyyy"
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dmy})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(employeeSheet)
	if err != nil {
		return err
	}
	for _, cw := range []struct {
		col   int
		width float64
	}{{1, 24}, {2, 34}, {3, 20}, {4, 48}, {5, 18}, {6, 34}, {7, 10}, {8, 12}, {9, 12}} {
		if err := sw.SetColWidth(cw.col, cw.col, cw.width); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(employeeColumns), 1)
	lastCol := last[:len(last)-1]
	rows := []struct {
		text  string
		style int
	}{
		{"DAFTAR PEGAWAI PEMERINTAH KOTA BEKASI", title},
		{"Keadaan per " + string(appendDMY(nil, w.days[len(w.days)-1].ymd)), sub},
	}
	for i, r := range rows {
		cell := fmt.Sprintf("A%d", i+1)
		if err := sw.SetRow(cell, []any{excelize.Cell{StyleID: r.style, Value: r.text}}); err != nil {
			return err
		}
		if err := sw.MergeCell(cell, fmt.Sprintf("%s%d", lastCol, i+1)); err != nil {
			return err
		}
	}
	// Row 3 stays blank; the header is row 4.
	header := make([]any, len(employeeColumns))
	for i, h := range employeeColumns {
		header[i] = excelize.Cell{StyleID: head, Value: h}
	}
	row := 4
	if err := sw.SetRow("A4", header); err != nil {
		return err
	}
	spots := out.planted.spots(len(w.emps), 1)
	next := 0
	values := make([]any, len(employeeColumns))
	put := func(e *employee, nip string) error {
		d := &departments[e.dept]
		values[0] = string(appendSpacedNIP(nil, nip))
		values[1], values[2], values[3] = e.name, d.code, d.name
		values[4], values[5] = idJobCategories[e.cat], e.position
		values[6], values[7], values[8] = nil, excelize.Cell{StyleID: date, Value: e.activeFrom}, nil
		if e.group != "" {
			values[6] = e.group
		}
		if !e.activeTo.IsZero() {
			values[8] = excelize.Cell{StyleID: date, Value: e.activeTo}
		}
		row++
		return sw.SetRow(fmt.Sprintf("A%d", row), values)
	}
	for i := range w.emps {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		e := &w.emps[i]
		if err := put(e, e.nip); err != nil {
			return err
		}
		var perr error
		due(spots, &next, i+1, func(int) {
			// The same employee again with the NIP's last digit lost.
			if perr = put(e, e.nip[:17]); perr == nil {
				out.planted.add(row, "nip", "NIP must have 18 digits", "a 17-digit NIP "+string(appendSpacedNIP(nil, e.nip[:17])))
			}
		})
		if perr != nil {
			return perr
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	out.rows = row - 4
	return createFile(path, func(file *os.File) error {
		_, err := f.WriteTo(file)
		return err
	})
}
