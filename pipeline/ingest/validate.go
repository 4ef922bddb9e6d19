package ingest

import (
	"bytes"
	"database/sql/driver"
	"fmt"
	"math"
	"math/big"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/xuri/excelize/v2"
)

// fault is one reason a row is rejected.
type fault struct {
	column string // canonical column name; "" for the whole row
	value  string
	reason string
}

// validator turns records of one file into typed rows. It is the single
// place where the contract's value rules are applied.
type validator struct {
	h       *header
	loc     *time.Location
	locales []string            // per kind column: number locale "id" or "en"
	nips    map[string]struct{} // known employees, for kinds that refer to them
	opds    map[string]struct{} // known departments
	// forms[ci] collects the textual forms seen in column ci (see forms.go):
	// they decide whether DuckDB's reader can load the file instead of Go.
	forms   []form
	quoted  bool // a record used quoting
	serial  bool // the current row comes from a spreadsheet: dates may be serial numbers
	dates   []time.Time
	clocks  []time.Duration
	present []bool
	faults  []fault
}

func newValidator(h *header, loc *time.Location, locales []string, nips, opds map[string]struct{}) *validator {
	n := len(h.kind.columns)
	v := &validator{h: h, loc: loc, locales: locales, nips: nips, opds: opds,
		forms: make([]form, n), dates: make([]time.Time, n), clocks: make([]time.Duration, n), present: make([]bool, n)}
	return v
}

func (v *validator) fail(col, value, format string, args ...any) {
	v.faults = append(v.faults, fault{column: col, value: value, reason: fmt.Sprintf(format, args...)})
}

// row validates rec. When out is non-nil (len = number of kind columns) it
// fills it with the typed values. It returns the row's faults; none means
// the row is good.
func (v *validator) row(rec *record, out []driver.Value) []fault {
	v.faults = v.faults[:0]
	k := v.h.kind
	if rec.fault != "" {
		v.fail("", "", "%s", rec.fault)
		return v.faults
	}
	if rec.spreadsheet {
		// Spreadsheet rows end at their last filled cell.
		for len(rec.fields) < v.h.width {
			rec.fields = append(rec.fields, nil)
		}
		for i := v.h.width; i < len(rec.fields); i++ {
			if len(bytes.TrimSpace(rec.fields[i])) > 0 {
				v.fail("", string(rec.fields[i]), "value in column %d, right of the header's last column", i+1)
				return v.faults
			}
		}
		rec.fields = rec.fields[:v.h.width]
	}
	v.serial = rec.spreadsheet
	if len(rec.fields) != v.h.width {
		v.fail("", "", "row has %d fields, header has %d", len(rec.fields), v.h.width)
		return v.faults
	}
	if rec.malformed {
		v.fail("", "", "malformed quoting: text after a closing quote")
		return v.faults
	}
	if bytes.IndexByte(rec.raw, '"') >= 0 {
		v.quoted = true
	}
	dateIdx := -1
	for ci := range k.columns {
		c := &k.columns[ci]
		v.present[ci] = false
		if out != nil {
			out[ci] = nil
		}
		fi := v.h.index[ci]
		if fi < 0 {
			continue
		}
		raw := rec.fields[fi]
		cell := bytes.TrimSpace(raw)
		if len(cell) != len(raw) {
			v.forms[ci] |= formPadded
		}
		if len(cell) == 0 {
			if c.required {
				v.fail(c.name, "", "%s is required", c.name)
			}
			continue
		}
		if c.typ == tDate && c.name == "date" {
			dateIdx = ci
		}
		val, canon, reason := v.cell(c, ci, cell, dateIdx)
		if reason != "" {
			v.fail(c.name, string(cell), "%s", reason)
			continue
		}
		if val == nil {
			continue
		}
		v.present[ci] = true
		v.forms[ci] |= formOf(c.typ, canon, cell)
		if out != nil {
			out[ci] = val
		}
	}
	v.crossChecks(rec)
	return v.faults
}

// cell parses one non-empty cell of column c.
func (v *validator) cell(c *column, ci int, cell []byte, dateIdx int) (driver.Value, bool, string) {
	switch c.typ {
	case tText:
		s := string(cell)
		if c.name == "opd_code" && v.opds != nil {
			if _, ok := v.opds[s]; !ok {
				return nil, false, fmt.Sprintf("unknown department %q (not in employees)", s)
			}
		}
		return s, true, ""
	case tNIP:
		nip, canon, err := parseNIP(cell)
		if err != nil {
			return nil, false, err.Error()
		}
		if v.nips != nil {
			if _, ok := v.nips[nip]; !ok {
				return nil, false, "unknown NIP (not in employees)"
			}
		}
		return nip, canon, ""
	case tDate:
		d, canon, err := parseDate(cell)
		if err != nil && v.serial {
			if t, ok := excelSerial(cell); ok && t.Hour() == 0 && t.Minute() == 0 {
				d, canon, err = t, false, nil
			}
		}
		if err != nil {
			return nil, false, err.Error()
		}
		v.dates[ci] = d
		return d, canon, ""
	case tClock:
		if dateIdx < 0 || !v.present[dateIdx] {
			if dateIdx >= 0 {
				return nil, false, "" // the date's own fault rejects the row
			}
			return nil, false, "time without a date in the row"
		}
		if cl, canon, err := parseClock(cell); err == nil {
			t := v.dates[dateIdx].Add(cl)
			v.dates[ci] = t
			return t, canon, ""
		}
		if v.serial {
			// A time cell is a fraction of a day; a date-time cell a full serial.
			if f, ok := parsePlainNumber(cell); ok && f >= 0 && f < 1 {
				t := v.dates[dateIdx].Add(time.Duration(math.Round(f*86400)) * time.Second)
				v.dates[ci] = t
				return t, false, ""
			}
			if t, ok := excelSerial(cell); ok {
				v.dates[ci] = t
				return t, false, ""
			}
		}
		t, _, err := parseTimestamp(cell, v.loc)
		if err != nil {
			return nil, false, errClock.Error()
		}
		v.dates[ci] = t
		return t, false, ""
	case tTimestamp:
		t, canon, err := parseTimestamp(cell, v.loc)
		if err != nil && v.serial {
			if st, ok := excelSerial(cell); ok {
				t, canon, err = st, false, nil
			}
		}
		if err != nil {
			return nil, false, err.Error()
		}
		v.dates[ci] = t
		return t, canon, ""
	case tMonth:
		m, canon, err := parseMonth(cell)
		if err != nil {
			return nil, false, err.Error()
		}
		return m, canon, ""
	case tNumber, tInt:
		f, canon, err := parseNumber(cell, v.locales[ci])
		if err != nil {
			return nil, false, err.Error()
		}
		if f < c.min || c.max > 0 && f > c.max {
			if c.max > 0 {
				return nil, false, fmt.Sprintf("must be between %g and %g", c.min, c.max)
			}
			return nil, false, fmt.Sprintf("must be at least %g", c.min)
		}
		if c.typ == tInt {
			if f != float64(int64(f)) {
				return nil, false, "must be a whole number"
			}
			return int8(f), canon, ""
		}
		if c.dbType != "DOUBLE" {
			// DECIMAL(18,2): money, to the sen.
			return duckdb.Decimal{Width: 18, Scale: 2, Value: big.NewInt(int64(math.Round(f * 100)))}, canon, ""
		}
		return f, canon, ""
	case tEnum:
		w, canon, ok := lookupWord(cell, c.enum)
		if !ok {
			return nil, false, fmt.Sprintf("unknown %s %q", c.name, cell)
		}
		return w, canon, ""
	}
	return nil, false, "unsupported column type"
}

// crossChecks applies rules between columns of one row.
func (v *validator) crossChecks(rec *record) {
	k := v.h.kind
	get := func(name string) (int, bool) {
		ci := k.column(name)
		return ci, ci >= 0 && v.present[ci]
	}
	before := func(a, b, reason string) {
		ai, aok := get(a)
		bi, bok := get(b)
		if aok && bok && v.dates[bi].Before(v.dates[ai]) {
			v.fail(b, string(rec.fields[v.h.index[bi]]), "%s", reason)
		}
	}
	switch k.Name {
	case "employees":
		before("active_from", "active_to", "active_to is before active_from")
	case "attendance":
		before("check_in", "check_out", "check_out is before check_in")
		si, sok := get("status")
		mi, mok := get("work_mode")
		if sok && mok {
			if st, _, _ := lookupWord(bytes.TrimSpace(rec.fields[v.h.index[si]]), statuses); st != "present" {
				v.fail("work_mode", string(rec.fields[v.h.index[mi]]), "work_mode must be empty unless status is present")
			}
		}
	case "tickets":
		before("created_at", "resolved_at", "resolved_at is before created_at")
		before("created_at", "first_response_at", "first_response_at is before created_at")
		si, sok := get("status")
		if !sok {
			return
		}
		st, _, _ := lookupWord(bytes.TrimSpace(rec.fields[v.h.index[si]]), ticketStatuses)
		_, resolved := get("resolved_at")
		ri := k.column("resolved_at")
		switch {
		case st == "resolved" && !resolved && (ri < 0 || len(bytes.TrimSpace(fieldAt(rec, v.h.index[ri]))) == 0):
			v.fail("resolved_at", "", "status resolved needs resolved_at")
		case st == "open" && resolved:
			v.fail("resolved_at", string(rec.fields[v.h.index[ri]]), "status open but resolved_at is set")
		}
	}
}

func fieldAt(rec *record, i int) []byte {
	if i < 0 || i >= len(rec.fields) {
		return nil
	}
	return rec.fields[i]
}

// excelSerial reads a spreadsheet serial date-time (days since 1899-12-30,
// the fraction being the time of day), rounded to the second.
func excelSerial(cell []byte) (time.Time, bool) {
	f, ok := parsePlainNumber(cell)
	if !ok || f < 0 || f > 2958465 { // 9999-12-31
		return time.Time{}, false
	}
	t, err := excelize.ExcelDateToTime(f, false)
	if err != nil {
		return time.Time{}, false
	}
	return t.Round(time.Second), true
}
