package ingest

import (
	"bytes"
	"fmt"

	"github.com/bekasi/wfheval/pipeline"
)

// Date orders. A numeric date with a separator and the year last
// (06/11/2025, 6-11-2025, 6.11.2025) is read day first (dmy, the default)
// or month first (mdy) as the config's date_order says; with ymd only
// year-first dates (2025/11/06) are read. The order is never guessed: a
// column holding a value that only the other order can read (06/20/2016
// while the order is dmy) fails the load, so no row of it loads in the
// wrong order (docs/contract.md §6).

// dateOrderOf returns the configured order of kind's dates.
func (l *Loader) dateOrderOf(kind string) string {
	if o, ok := l.opts.DateOrder[kind]; ok && o != "" {
		return o
	}
	if o, ok := l.opts.DateOrder["default"]; ok && o != "" {
		return o
	}
	return "dmy"
}

// numericDate splits the date at the start of a date or timestamp cell —
// up to the first space or T — into three runs of digits around one
// separator. yearFirst is true for 2025/11/06, false for 06/11/2025; ok is
// false for anything else (ISO dates, month names, serials).
func numericDate(b []byte) (a, m, c int, yearFirst, ok bool) {
	if i := bytes.IndexAny(b, " T"); i >= 0 {
		b = b[:i]
	}
	var sep byte
	var n [3]int // the three numbers
	var w [3]int // their widths in digits
	part := 0
	for _, ch := range b {
		switch {
		case ch >= '0' && ch <= '9':
			if w[part] == 4 {
				return 0, 0, 0, false, false
			}
			n[part] = 10*n[part] + int(ch-'0')
			w[part]++
		case isDateSep(ch) && (sep == 0 || ch == sep) && part < 2 && w[part] > 0:
			sep = ch
			part++
		default:
			return 0, 0, 0, false, false
		}
	}
	if part != 2 || w[2] == 0 {
		return 0, 0, 0, false, false
	}
	switch {
	case w[0] == 4 && w[1] <= 2 && w[2] <= 2:
		return n[0], n[1], n[2], true, true
	case w[0] <= 2 && w[1] <= 2 && w[2] == 4:
		return n[0], n[1], n[2], false, true
	}
	return 0, 0, 0, false, false
}

// dateOrderProof returns the only order in which cell's numeric date is a
// date of the calendar: "dmy" for 20/06/2016, "mdy" for 06/20/2016, "ymd"
// for 2016/06/20 (and ISO dates); "" when both dmy and mdy read it
// (06/11/2025), neither does (31/31/2025), or the cell has no numeric date.
func dateOrderProof(cell []byte) string {
	a, b, c, yearFirst, ok := numericDate(cell)
	if !ok {
		return ""
	}
	if yearFirst {
		if _, ok := civil(a, b, c); ok {
			return "ymd"
		}
		return ""
	}
	_, dmy := civil(c, b, a)
	_, mdy := civil(c, a, b)
	switch {
	case dmy && !mdy:
		return "dmy"
	case mdy && !dmy:
		return "mdy"
	}
	return ""
}

func isDateSep(c byte) bool { return c == '/' || c == '-' || c == '.' }

// dateColumns returns the kind columns present in the file that hold dates.
func dateColumns(h *header) []int {
	var out []int
	for ci, c := range h.kind.columns {
		if (c.typ == tDate || c.typ == tTimestamp || c.typ == tClock) && h.index[ci] >= 0 {
			out = append(out, ci)
		}
	}
	return out
}

// dateOrderEvidence collects, per date column, the first line whose value
// contradicts the configured order.
type dateOrderEvidence struct {
	order string
	cols  []int
	line  []int    // per entry of cols: 0 until a contradicting value is seen
	value []string // that value
	proof []string // the order it proves
	// last: per entry of cols, the date of the last cell seen, which did
	// not contradict (the rows of a day come together).
	last [][]byte
}

func newDateOrderEvidence(h *header) *dateOrderEvidence {
	cols, order := dateColumns(h), h.dateOrder
	if order == "" {
		order = "dmy"
	}
	return &dateOrderEvidence{order: order, cols: cols,
		line: make([]int, len(cols)), value: make([]string, len(cols)), proof: make([]string, len(cols)),
		last: make([][]byte, len(cols))}
}

// see looks at rec's date cells and reports whether one contradicts the
// order.
func (e *dateOrderEvidence) see(h *header, rec *record) (contradicts bool) {
	for i, ci := range e.cols {
		fi := h.index[ci]
		if e.line[i] > 0 || fi >= len(rec.fields) {
			continue
		}
		cell := bytes.TrimSpace(rec.fields[fi])
		// Only a numeric date with the year last (a separator after one or
		// two digits: 06/20/2016) can contradict any order; this check
		// keeps ISO dates and clock times, most cells, off the slow path.
		if len(cell) < 6 || !isDateSep(cell[1]) && !isDateSep(cell[2]) {
			continue
		}
		// What the cell proves is its date's (numericDate): a timestamp
		// whose date is the last one's proves nothing new.
		date := cell
		if j := bytes.IndexAny(cell, " T"); j >= 0 {
			date = cell[:j]
		}
		if e.last[i] != nil && bytes.Equal(date, e.last[i]) {
			continue
		}
		e.last[i] = append(e.last[i][:0], date...)
		p := dateOrderProof(cell)
		if e.order == "ymd" {
			if _, _, _, yearFirst, ok := numericDate(cell); !ok || yearFirst {
				continue
			}
		} else if p != "dmy" && p != "mdy" || p == e.order {
			continue
		}
		e.line[i], e.value[i], e.proof[i] = rec.line, string(cell), p
		contradicts = true
	}
	return contradicts
}

// err returns the file error of the first column with a contradicting
// value, in the kind's column order.
func (e *dateOrderEvidence) err(path string, h *header) error {
	for i, ci := range e.cols {
		if e.line[i] == 0 {
			continue
		}
		kind, p := h.kind.Name, e.proof[i]
		var err error
		switch p {
		case "dmy", "mdy":
			err = fmt.Errorf("%w: %q can only be read %s, but date_order is %s for %s; set date_order: %s in the config (or date_order: {%s: %s})",
				ErrDateOrder, e.value[i], orderWords[p], e.order, kind, p, kind, p)
		default:
			err = fmt.Errorf("%w: %q has the year last, but date_order is ymd for %s; set date_order: dmy or mdy in the config (or date_order: {%s: dmy})",
				ErrDateOrder, e.value[i], kind, kind)
		}
		return &pipeline.FileError{File: path, Line: e.line[i], Column: h.index[ci] + 1, Name: h.kind.columns[ci].name, Err: err}
	}
	return nil
}

var orderWords = map[string]string{"dmy": "day first (dmy)", "mdy": "month first (mdy)"}
