package ingest

import (
	"bytes"
	"database/sql/driver"
	"fmt"
	"hash/maphash"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/xuri/excelize/v2"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/store"
	"github.com/bekasi/wfheval/queries"
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
	nips    *nipSet             // known employees, for kinds that refer to them
	opds    map[string]struct{} // known departments
	pins    map[string]string   // employees' pins -> NIP, for punch logs
	// forms[ci] collects the textual forms seen in column ci (see forms.go):
	// they decide whether DuckDB's reader can load the file instead of Go.
	forms  []form
	quoted bool // a record used quoting
	// jsonOther: a JSON Lines record held what only Go reads as it is
	// meant (scanFlatJSON: not plain)
	jsonOther bool
	ragged    bool // a scan log line had another number of fields than the first (header.attlog)
	// misshapen: the current row's fault is its shape, not a value (a
	// text record the reader could not read, another number of fields than
	// the header's in a record with quotes, broken quoting): another reader
	// may not see it as one row. (A line of JSON Lines, or of CSV without
	// quotes, is one row to every reader.)
	misshapen bool
	serial    bool // the current row comes from a spreadsheet: dates may be serial numbers
	want      bool // the caller wants the row's values, not only its faults
	// indexes of the columns that rules single out; -1 where the kind has none
	opdIdx, statusIdx, modeIdx, resolvedIdx, pinIdx int
	order                                           []orderRule
	// keyHash hashes the parsed key of the current row (keyCol marks the
	// key's columns); a pass keeps the hashes of every good row in keys to
	// find a key the file repeats without holding the keys themselves.
	// lastDate[ci] and lastDay[ci] cache the last date cell parsed in
	// column ci: exports list a day's rows together.
	lastDate [][]byte
	lastDay  []time.Time
	// lastWord[ci] is the last enum cell of column ci that named a word,
	// lastCanon[ci] whether it was written canonical; words[ci] its word.
	lastWord  [][]byte
	lastCanon []bool
	// nip holds the digits of the last NIP cell read, spaced or not
	// (1990 0101 2015 03 2 001): the value and the key's part.
	nip     [18]byte
	keyCol  []bool
	keyHash maphash.Hash
	keys    *keySet  // key hashes of the good rows so far
	words   []string // per column: the canonical word of an enum cell
	dates   []time.Time
	clocks  []time.Duration
	present []bool
	faults  []fault
}

func newValidator(c passCheck) *validator {
	h := c.h
	n := len(h.kind.columns)
	v := &validator{h: h, loc: c.loc, locales: c.locales, nips: c.nips, opds: c.opds, pins: c.pins, keys: newKeySet(false, 0),
		forms: make([]form, n), dates: make([]time.Time, n), clocks: make([]time.Duration, n), present: make([]bool, n)}
	k := h.kind
	v.opdIdx, v.statusIdx, v.modeIdx, v.resolvedIdx = k.column("opd_code"), k.column("status"), k.column("work_mode"), k.column("resolved_at")
	v.pinIdx = -1
	if k.parent == "pin" {
		v.pinIdx = k.column("pin")
	}
	v.order, v.words = orderRulesOf(k), make([]string, n)
	v.keyCol = make([]bool, n)
	v.lastDate, v.lastDay = make([][]byte, n), make([]time.Time, n)
	v.lastWord, v.lastCanon = make([][]byte, n), make([]bool, n)
	for _, name := range k.key {
		v.keyCol[k.column(name)] = true
	}
	return v
}

func (v *validator) fail(col, value, format string, args ...any) {
	v.faults = append(v.faults, fault{column: col, value: value, reason: fmt.Sprintf(format, args...)})
}

// row validates rec. When out is non-nil (len = number of kind columns) it
// fills it with the typed values. It returns the row's faults; none means
// the row is good.
func (v *validator) row(rec *record, out []driver.Value) []fault {
	v.faults, v.misshapen = v.faults[:0], false
	k := v.h.kind
	if rec.fault != "" {
		v.fail("", "", "%s", rec.fault)
		// A line of JSON Lines is one row to DuckDB's read_json as to Go,
		// whatever is wrong with it (one it cannot read comes out as a row
		// of NULLs, which the fast path's NOT NULL rules leave out); any
		// other record with a fault may not be one of DuckDB's rows.
		v.misshapen = !rec.json
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
	v.serial, v.want = rec.spreadsheet, out != nil
	if len(rec.fields) != v.h.width {
		if !v.h.attlog {
			v.fail("", "", "row has %d fields, header has %d", len(rec.fields), v.h.width)
			// Without a quote the record is one line, to DuckDB's reader
			// too, which skips it (or takes it, and the count sends the
			// file on); with one, where it ends is the readers' guess.
			v.misshapen = bytes.IndexByte(rec.raw, '"') >= 0
			return v.faults
		}
		// A scan log has no header: a line needs its PIN and time; fields
		// the first line lacked are ignored, those it had may be missing.
		if len(rec.fields) < 2 {
			v.fail("", "", "%s", attlogFieldsFault(len(rec.fields)))
			return v.faults
		}
		for len(rec.fields) < v.h.width {
			rec.fields = append(rec.fields, nil)
		}
		rec.fields = rec.fields[:v.h.width]
		v.ragged = true
	}
	if rec.malformed {
		v.fail("", "", "malformed quoting: text after a closing quote")
		v.misshapen = true
		return v.faults
	}
	switch {
	case rec.json:
		v.jsonOther = v.jsonOther || rec.jsonOther
	case bytes.IndexByte(rec.raw, '"') >= 0 && !v.h.parquet:
		v.quoted = true
	}
	v.keyHash.Reset()
	dateIdx := -1
	for ci := range k.columns {
		c := &k.columns[ci]
		v.present[ci] = false
		if out != nil {
			out[ci] = nil
		}
		fi := v.h.index[ci]
		var raw []byte
		if fi >= 0 {
			raw = rec.fields[fi]
		} else if cv, ok := v.h.constant(ci); ok {
			raw = cv
		} else {
			continue
		}
		cell := raw
		if !plainEdges(raw) {
			cell = bytes.TrimSpace(raw)
		}
		if len(cell) != len(raw) {
			v.forms[ci] |= formPadded
			if len(bytes.Trim(raw, " ")) != len(cell) {
				// A tab, CR or no-break space around the value: DuckDB's
				// trim() removes only spaces.
				v.forms[ci] |= formOther
			}
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
		f := formOf(c.typ, canon, cell)
		if f == formOther && (c.typ == tTimestamp || c.typ == tClock && !v.serial) {
			// A timestamp, or a clock column's date and time.
			f = stampForm(cell, v.dates[ci], v.h.dateOrder)
		}
		v.forms[ci] |= f
		if v.keyCol[ci] {
			v.keyPart(c, ci, cell, val)
		}
		if out != nil {
			out[ci] = val
		}
	}
	v.crossChecks(rec)
	return v.faults
}

// present stands for a parsed value when the caller only validates: a
// zero-size value in an interface does not allocate.
var present driver.Value = struct{}{}

// box returns x when the row's values are wanted, else present, so that
// validating millions of rows does not allocate a value per cell. (Being
// generic, it boxes x only when it returns it.)
func box[T any](v *validator, x T) driver.Value {
	if v.want {
		return x
	}
	return present
}

// boxBytes is box for text, which it copies only when wanted.
func boxBytes(v *validator, b []byte) driver.Value {
	if v.want {
		return string(b)
	}
	return present
}

// cell parses one non-empty cell of column c.
func (v *validator) cell(c *column, ci int, cell []byte, dateIdx int) (driver.Value, bool, string) {
	switch c.typ {
	case tText:
		if ci == v.opdIdx && v.opds != nil {
			if _, ok := v.opds[string(cell)]; !ok {
				return nil, false, fmt.Sprintf("unknown department %q (not in employees)", cell)
			}
		}
		if ci == v.pinIdx && v.pins != nil {
			if _, ok := v.pins[string(cell)]; !ok {
				return nil, false, unknownPIN(cell, v.pins)
			}
		}
		return boxBytes(v, cell), true, ""
	case tNIP:
		// Into v.nip without allocating; a cell of 18 digits is canonical.
		if !nipDigits(cell, &v.nip) {
			return nil, false, errNIP.Error()
		}
		if v.nips != nil {
			if !v.nips.has(&v.nip) {
				return nil, false, "unknown NIP (not in employees)"
			}
		}
		return boxBytes(v, v.nip[:]), len(cell) == 18, ""
	case tDate:
		if bytes.Equal(cell, v.lastDate[ci]) {
			v.dates[ci] = v.lastDay[ci]
			return box(v, v.lastDay[ci]), len(cell) == 10 && cell[4] == '-', ""
		}
		d, canon, err := parseDateOrder(cell, v.h.dateOrder)
		if err != nil && v.serial {
			if t, ok := excelSerial(cell); ok && t.Hour() == 0 && t.Minute() == 0 {
				d, canon, err = t, false, nil
			}
		}
		if err != nil {
			return nil, false, err.Error()
		}
		v.dates[ci] = d
		v.lastDate[ci], v.lastDay[ci] = append(v.lastDate[ci][:0], cell...), d
		return box(v, d), canon, ""
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
			return box(v, t), canon, ""
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
		t, _, err := parseTimestampOrder(cell, v.loc, v.h.dateOrder)
		if err != nil {
			return nil, false, errClock.Error()
		}
		v.dates[ci] = t
		return box(v, t), false, ""
	case tTimestamp:
		t, canon, err := parseTimestampOrder(cell, v.loc, v.h.dateOrder)
		if err != nil && v.serial {
			if st, ok := excelSerial(cell); ok {
				t, canon, err = st, false, nil
			}
		}
		if err != nil {
			return nil, false, err.Error()
		}
		v.dates[ci] = t
		return box(v, t), canon, ""
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
		// The same bounds as the table's CHECK constraints and column types
		// (queries/schema/001_init.sql): a value the table would refuse
		// must be a reject here, or it would fail the whole load.
		switch {
		case c.above && f <= c.min: // -0 too
			return nil, false, fmt.Sprintf("must be greater than %g", c.min)
		case f < c.min:
			return nil, false, fmt.Sprintf("must be at least %g", c.min)
		case c.dbType == "DECIMAL(18,2)" && f >= c.max:
			return nil, false, fmt.Sprintf("must be less than %.0f (the column holds 16 digits before the point)", c.max)
		case c.max > 0 && f > c.max:
			return nil, false, fmt.Sprintf("must be between %g and %g", c.min, c.max)
		}
		if c.typ == tInt {
			if f != float64(int64(f)) {
				return nil, false, "must be a whole number"
			}
			return int8(f), canon, ""
		}
		if c.dbType != "DOUBLE" {
			// DECIMAL(18,2): money, to the sen.
			return duckdb.Decimal{Width: 18, Scale: 2, Value: big.NewInt(parseCents(cell, v.locales[ci]))}, canon, ""
		}
		return box(v, f), canon, ""
	case tEnum:
		// Exports repeat a few words row after row.
		if v.lastWord[ci] != nil && bytes.Equal(cell, v.lastWord[ci]) {
			return box(v, v.words[ci]), v.lastCanon[ci], ""
		}
		w, canon, ok := lookupWord(cell, c.enum)
		if !ok {
			return nil, false, unknownWord(v.h.kind.Name, *c, cell)
		}
		v.words[ci] = w
		v.lastWord[ci], v.lastCanon[ci] = append(v.lastWord[ci][:0], cell...), canon
		return box(v, w), canon, ""
	}
	return nil, false, "unsupported column type"
}

// orderRules name, per kind, pairs of columns whose times must not run
// backwards: the second may not be before the first.
var orderRules = map[string][][3]string{
	pipeline.KindEmployees:  {{"active_from", "active_to", "active_to is before active_from"}},
	pipeline.KindAttendance: {{"check_in", "check_out", "check_out is before check_in"}},
	pipeline.KindTickets: {
		{"created_at", "resolved_at", "resolved_at is before created_at"},
		{"created_at", "first_response_at", "first_response_at is before created_at"},
	},
}

type orderRule struct {
	first, second int
	reason        string
}

func orderRulesOf(k *Kind) []orderRule {
	var out []orderRule
	for _, r := range orderRules[k.Name] {
		out = append(out, orderRule{k.column(r[0]), k.column(r[1]), r[2]})
	}
	return out
}

// crossChecks applies rules between columns of one row.
func (v *validator) crossChecks(rec *record) {
	for _, r := range v.order {
		if v.present[r.first] && v.present[r.second] && v.dates[r.second].Before(v.dates[r.first]) {
			v.fail(v.h.kind.columns[r.second].name, string(rec.fields[v.h.index[r.second]]), "%s", r.reason)
		}
	}
	if v.statusIdx < 0 || !v.present[v.statusIdx] {
		return
	}
	status := v.words[v.statusIdx]
	switch v.h.kind.Name {
	case pipeline.KindAttendance:
		if v.modeIdx >= 0 && v.present[v.modeIdx] && status != "present" {
			v.fail("work_mode", string(rec.fields[v.h.index[v.modeIdx]]), "work_mode must be empty unless status is present")
		}
	case pipeline.KindTickets:
		resolved := v.resolvedIdx >= 0 && v.present[v.resolvedIdx]
		switch {
		case status == "resolved" && !resolved && (v.resolvedIdx < 0 || len(bytes.TrimSpace(fieldAt(rec, v.h.index[v.resolvedIdx]))) == 0):
			v.fail("resolved_at", "", "status resolved needs resolved_at")
		case status == "open" && resolved:
			v.fail("resolved_at", string(rec.fields[v.h.index[v.resolvedIdx]]), "status open but resolved_at is set")
		}
	}
}

// rulesSQL states the rules of row, cell and crossChecks that DuckDB's
// conversions do not (a NIP's 18 digits, the references, a number's
// bounds, times in order, the words that go together) as conditions on the
// table's values, for fastInsertSQL's WHERE: DuckDB's reader then leaves
// out the rows Go's check finds bad, and none need be deleted after (a
// DELETE in the load's transaction makes DuckDB write every row of the load
// again at COMMIT: 3 s for 4M rows). A rule missing here costs only time: a
// bad row DuckDB's reader took is deleted by its key (loadFast). The
// references are the queries Go's own sets come from (Loader.references).
func rulesSQL(c passCheck, q *queries.Ingest) []string {
	k := c.h.kind
	var out []string
	keep := func(cond string) { out = append(out, "("+cond+") IS NOT FALSE") }
	// in: the value is among the first column of a query's rows (the
	// query on lines of its own: it starts with a comment).
	in := func(name, query string) {
		keep(name + " IN (SELECT #1 FROM (\n" + strings.TrimSuffix(strings.TrimSpace(query), ";") + "\n))")
	}
	for ci, col := range k.columns {
		name := store.QuoteIdent(col.name)
		switch col.typ {
		case tNIP:
			if c.nips != nil {
				in(name, q.KnownNIPs) // every employee's NIP has its 18 digits
			} else {
				keep("regexp_full_match(" + name + ", '[0-9]{18}')")
			}
		case tNumber, tInt:
			bound := strconv.FormatFloat(col.min, 'g', -1, 64)
			if col.above {
				keep(name + " > " + bound)
			} else {
				keep(name + " >= " + bound)
			}
			switch top := strconv.FormatFloat(col.max, 'g', -1, 64); {
			case col.dbType == "DECIMAL(18,2)":
				keep(name + " < " + top)
			case col.max > 0:
				keep(name + " <= " + top)
			}
		}
		switch {
		case ci == k.column("opd_code") && c.opds != nil:
			in(name, q.KnownOPDs)
		case k.parent == "pin" && ci == k.column("pin") && c.pins != nil:
			in(name, q.KnownPINs)
		}
	}
	for _, r := range orderRulesOf(k) {
		keep(store.QuoteIdent(k.columns[r.second].name) + " >= " + store.QuoteIdent(k.columns[r.first].name))
	}
	switch k.Name {
	case pipeline.KindAttendance:
		keep(`"work_mode" IS NULL OR "status" = 'present'`)
	case pipeline.KindTickets:
		keep(`NOT ("status" = 'resolved' AND "resolved_at" IS NULL)`)
		keep(`NOT ("status" = 'open' AND "resolved_at" IS NOT NULL)`)
	}
	return out
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
