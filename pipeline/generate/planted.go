package generate

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// ExpectedRejects is the content of expected_rejects.json: the bad rows
// planted in the Indonesian files (Options.BadRows) and where a loader that
// implements the contract must reject them. Every planted row is an extra
// row with exactly one fault; the good rows around it are the city's.
type ExpectedRejects struct {
	SchemaVersion int              `json:"schema_version"`
	Rejects       []ExpectedReject `json:"rejects"`
}

// ExpectedReject is one planted bad row.
type ExpectedReject struct {
	// File is the data file's name, as in Summary.Files.
	File string `json:"file"`
	// Line is where the row stands: the 1-based physical line of a text
	// file (title lines, blank lines and the header count), the sheet row
	// of a workbook.
	Line int `json:"line"`
	// Column is the canonical column the loader blames, as in the
	// contract's rejects.column_name; "" when the whole row is at fault.
	// A repeated key names the key's columns: "nip,date".
	Column string `json:"column"`
	// Reason is a part of the loader's reason for the reject.
	Reason string `json:"reason"`
	// Fault says what was planted, for people reading the file.
	Fault string `json:"fault"`
}

// planter records the bad rows planted in one file.
type planter struct {
	file    string
	on      bool
	rejects []ExpectedReject
}

func (p *planter) add(line int, column, reason, fault string) {
	p.rejects = append(p.rejects, ExpectedReject{File: p.file, Line: line, Column: column, Reason: reason, Fault: fault})
}

// spots returns, for n planted rows among total data rows, after which
// data row (1-based) each goes: spread evenly over the file, never before
// the first row. Without planting it returns nil.
func (p *planter) spots(total, n int) []int {
	if !p.on {
		return nil
	}
	out := make([]int, n)
	for i := range out {
		out[i] = max(1, total*(i+1)/(n+1))
	}
	return out
}

// due calls plant for every spot reached after data row n (1-based),
// advancing next.
func due(spots []int, next *int, n int, plant func(i int)) {
	for *next < len(spots) && spots[*next] <= n {
		plant(*next)
		*next++
	}
}

// unknownDepartment is a department code planted in the meters: the old
// name of a department, not one of the city's.
const unknownDepartment = "DISTARKIM"

// unknownNIP returns a well-formed NIP of nobody in the city, near nip.
func (w *world) unknownNIP(nip string) string {
	known := make(map[string]bool, len(w.emps))
	for i := range w.emps {
		known[w.emps[i].nip] = true
	}
	b := []byte(nip)
	for serial := 999; serial > 0; serial-- {
		b[15], b[16], b[17] = byte('0'+serial/100), byte('0'+serial/10%10), byte('0'+serial%10)
		if !known[string(b)] {
			return string(b)
		}
	}
	// 999 employees born on one day and appointed in one month: take
	// another birth year.
	b[0], b[1] = '1', '8'
	return string(b)
}

// ReadExpectedRejects reads the ExpectedRejectsFile that Write left in dir.
func ReadExpectedRejects(dir string) (ExpectedRejects, error) {
	var doc ExpectedRejects
	b, err := os.ReadFile(filepath.Join(dir, ExpectedRejectsFile))
	if err != nil {
		return doc, err
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return doc, fmt.Errorf("reading %s: %w", filepath.Join(dir, ExpectedRejectsFile), err)
	}
	return doc, nil
}
