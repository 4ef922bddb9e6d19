package ingest

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/bekasi/wfheval/pipeline"
)

// Punch logs (docs/ingest.md, Punch logs; docs/contract.md §6). Offices
// clock in on fingerprint or face machines (ZKTeco, Solution), whose log
// attlog.dat is one scan a line, tab-separated and without a header:
//
//	   710011	2020-09-30 10:10:37	1	0	1	0
//
// the PIN (the user id on the machine, often padded with spaces), the time
// YYYY-MM-DD HH:MM:SS (local), then codes whose meaning varies with the
// firmware: verify, state, workcode (and a reserved field). Exports of the
// machines' software have a header instead and go through the header
// machinery like any file. Employees carry their pin (kinds.go); a scan of
// a PIN no employee has is a reject. A punches load keeps its scans in the
// punches table and derives, in the same transaction, the attendance of the
// employee-days they touch (DeriveAttendance in queries/ingest/punches.sql).

// attlogFields are the kind columns of the fields of an attlog.dat line,
// in order; fields after them are ignored.
var attlogFields = []string{"pin", "scanned_at", "verify", "state", "workcode"}

// maxPINLength bounds a PIN the shape of a scan log line accepts (ZKTeco
// firmware allows 9 digits, newer 24 characters).
const maxPINLength = 32

// attlogLine reports whether the cells of a tab-separated line have the
// shape of an attlog.dat line: a PIN (no blanks inside) and a time
// YYYY-MM-DD HH:MM:SS, around which spaces do not count, then anything.
func attlogLine(cells []string) bool {
	if len(cells) < 2 {
		return false
	}
	pin := strings.TrimSpace(cells[0])
	if pin == "" || len(pin) > maxPINLength || strings.ContainsAny(pin, " \t\"") {
		return false
	}
	return isAttlogStamp(strings.TrimSpace(cells[1]))
}

// isAttlogStamp reports whether s is shaped YYYY-MM-DD HH:MM:SS (digits in
// place; whether it is a real time is for the row's check).
func isAttlogStamp(s string) bool {
	if len(s) != len("2006-01-02 15:04:05") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 4, 7:
			if c != '-' {
				return false
			}
		case 10:
			if c != ' ' {
				return false
			}
		case 13, 16:
			if c != ':' {
				return false
			}
		default:
			if c < '0' || c > '9' {
				return false
			}
		}
	}
	return true
}

// attlogHeader returns the header of a scan log without one: when no line
// among the first is a header and most of them (more than half) are
// tab-separated lines of attlog.dat's shape. Every line is then data; the
// first such line gives the number of fields.
func attlogHeader(cands []candidate) *header {
	first, shaped := -1, 0
	for i, c := range cands {
		if c.delim == '\t' && attlogLine(c.cells) {
			shaped++
			if first < 0 {
				first = i
			}
		}
	}
	if shaped == 0 || 2*shaped <= len(cands) {
		return nil
	}
	k := KindByName(pipeline.KindPunches)
	width := len(cands[first].cells)
	h := &header{kind: k, delim: '\t', width: width, attlog: true, index: make([]int, len(k.columns))}
	for ci := range h.index {
		h.index[ci] = -1
	}
	h.cells = make([]string, width)
	for fi := range h.cells {
		h.cells[fi] = fmt.Sprintf("field_%d", fi+1)
		if fi < len(attlogFields) {
			h.cells[fi] = attlogFields[fi]
			h.index[k.column(attlogFields[fi])] = fi
		}
	}
	h.names = h.cells
	return h
}

// attlogFieldsFault is the reject of a scan log line with fewer than two
// fields.
func attlogFieldsFault(n int) string {
	return fmt.Sprintf("a line of a scan log (attlog.dat) has a PIN and a time separated by a tab, then verify, state and workcode; this line has %d field", n)
}

// unknownPIN is the reject of a scan whose PIN no employee has.
func unknownPIN(cell []byte, pins map[string]string) string {
	msg := "unknown PIN (no employee has it in employees.pin): add a pin column to the employees export, with each employee's user id on the attendance machine"
	if t := bytes.TrimLeft(cell, "0"); len(t) > 0 && len(t) < len(cell) {
		if _, ok := pins[string(t)]; ok {
			msg += fmt.Sprintf(" (%q is a pin: PINs are compared as written, leading zeros count)", t)
		}
	}
	return msg
}

// knownPINs returns the employees' pins, each with its NIP, for a file of a
// kind that refers to them. No employees, or none with a pin, is a file
// error: every scan would be rejected.
func (l *Loader) knownPINs(ctx context.Context, path string, k *Kind) (map[string]string, error) {
	rows, err := l.db.SQL().QueryContext(ctx, l.q.KnownPINs)
	if err != nil {
		return nil, fmt.Errorf("reading employees' pins: %w", err)
	}
	defer rows.Close()
	pins := map[string]string{}
	for rows.Next() {
		var pin, nip string
		if err := rows.Scan(&pin, &nip); err != nil {
			return nil, fmt.Errorf("reading employees' pins: %w", err)
		}
		pins[pin] = nip
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading employees' pins: %w", err)
	}
	if len(pins) > 0 {
		return pins, nil
	}
	var n int64
	if err := l.db.SQL().QueryRowContext(ctx, l.q.CountEmployees).Scan(&n); err != nil {
		return nil, fmt.Errorf("reading employees: %w", err)
	}
	if n == 0 {
		return nil, &pipeline.FileError{File: path, Err: fmt.Errorf("loading %s: %w: load the employee list first (or in the same command)", k.Name, ErrMissingReference)}
	}
	return nil, &pipeline.FileError{File: path, Err: fmt.Errorf("loading %s: %w: add a pin column to the employees export (each employee's user id on the attendance machine) and load it again", k.Name, ErrNoPINs)}
}

// pinCheck finds two employees with one pin in an employees file: which of
// them a scan of that PIN belongs to cannot be told, so the load fails at
// the later line (rejecting it would give its scans to the other).
type pinCheck struct {
	nipIdx, pinIdx int               // field indexes
	seen           map[string]pinUse // pin -> first use
}

type pinUse struct {
	nip  string
	line int
}

// newPINCheck returns the check for a file of h, or nil when the file is
// not employees with a pin column.
func newPINCheck(h *header) *pinCheck {
	k := h.kind
	if k.Name != pipeline.KindEmployees {
		return nil
	}
	pi, ni := k.column("pin"), k.column("nip")
	if h.index[pi] < 0 || h.index[ni] < 0 {
		return nil
	}
	return &pinCheck{nipIdx: h.index[ni], pinIdx: h.index[pi], seen: map[string]pinUse{}}
}

// see returns the file error of a record that gives another employee a pin
// an earlier record gave.
func (p *pinCheck) see(path string, rec *record) error {
	if rec.fault != "" {
		return nil
	}
	pin := bytes.TrimSpace(fieldAt(rec, p.pinIdx))
	if len(pin) == 0 {
		return nil
	}
	cell := bytes.TrimSpace(fieldAt(rec, p.nipIdx))
	nip := string(cell)
	if n, _, err := parseNIP(cell); err == nil {
		nip = n
	}
	first, ok := p.seen[string(pin)]
	if !ok {
		p.seen[string(pin)] = pinUse{nip: nip, line: rec.line}
		return nil
	}
	if first.nip == nip {
		return nil // the same employee twice: the repeated key rejects it
	}
	return &pipeline.FileError{File: path, Line: rec.line, Column: p.pinIdx + 1, Name: "pin", Err: fmt.Errorf(
		"%w: pin %q is given to NIP %s here and to NIP %s on line %d; a pin names one employee on the attendance machines (its scans would go to either): fix the employees export",
		ErrDuplicatePIN, pin, nip, first.nip, first.line)}
}

// checkPINsTaken fails an employees load that gave a pin to one employee
// while an employee of an earlier load, whose row the load did not
// replace, has it.
func (l *Loader) checkPINsTaken(ctx context.Context, conn *sql.Conn, path string, id int64) error {
	var pin, nip, other string
	var otherLoad int64
	err := conn.QueryRowContext(ctx, l.q.PINTaken, id).Scan(&pin, &nip, &other, &otherLoad)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("checking pins: %w", err)
	}
	return &pipeline.FileError{File: path, Name: "pin", Err: fmt.Errorf(
		"%w: pin %q is given to NIP %s, but NIP %s has it already (load %d); a pin names one employee on the attendance machines: give each its own pin, or load an employees export that has both",
		ErrDuplicatePIN, pin, nip, other, otherLoad)}
}

// deriveAttendance writes the attendance of the employee-days the scans of
// punches load id touch, and replaces the earlier rows of those keys with
// their corrections traced, as an attendance load's (replace).
func (l *Loader) deriveAttendance(ctx context.Context, conn *sql.Conn, id int64, res *Result) error {
	n, err := execCount(ctx, conn, l.q.DeriveAttendance, id)
	if err != nil {
		return fmt.Errorf("deriving attendance from the scans: %w", err)
	}
	res.AttendanceDays = n
	k := KindByName(pipeline.KindAttendance)
	earlier, err := l.hasEarlier(ctx, conn, k, id)
	if err != nil || !earlier {
		return err
	}
	r, err := l.replace(ctx, conn, k, id)
	if err != nil {
		return fmt.Errorf("attendance days: %w", err)
	}
	res.DaysReplaced, res.DaysChanged = r.rows, r.changed
	for _, rv := range r.reverts {
		rv.What = "attendance days"
		res.Reverts = append(res.Reverts, rv)
	}
	return nil
}
