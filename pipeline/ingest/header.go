package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/bekasi/wfheval/pipeline"
)

// maxTitleLines is how far down a file the header may stand (docs/contract.md §1).
const maxTitleLines = 20

// header is what the header line of a file says: which kind the file is and
// where each canonical column stands.
type header struct {
	line    int      // physical line of the header, 1-based
	skipped int      // non-blank title lines above it
	delim   byte     // field separator
	kind    *Kind    // the dataset kind
	index   []int    // per kind column: field index in the file, or -1
	names   []string // canonical name of each header cell
	cells   []string // the header cells as written
	width   int      // number of fields in the header
	// dateOrder is how the kind's numeric dates are read: "dmy", "mdy" or
	// "ymd" (dateorder.go); set by the loader once the kind is known.
	dateOrder string
	// constants[ci] is the config's value for kind column ci, which the
	// file lacks (constants.go); nil for a column the file has or lacks.
	constants [][]byte
	// attlog marks a scan log without a header (punches.go): every line
	// is data, read without quoting; width is the first line's fields.
	attlog bool
	// types are DuckDB's types of a Parquet file's columns (nil for text).
	types []string
	// parquet marks a Parquet file's header and that of its text copy
	// (parquetCopy): quotes in a value are nothing to DuckDB's reader.
	parquet bool
}

// canonicalName maps one header cell to a canonical column name of kind k
// using the config's mapping for the kind, the contract's aliases (of the
// columns k has) and the canonical names themselves.
func canonicalName(cell string, k *Kind, mapping map[string]map[string]string) string {
	n := normalizeHeader(cell)
	for from, to := range mapping[k.Name] {
		if normalizeHeader(from) == n {
			return to
		}
	}
	if a, ok := aliases[n]; ok && k.column(a) >= 0 {
		return a
	}
	return n
}

// nearMiss is the kind a header line came closest to: how many of its
// columns the line names, and what it lacks.
type nearMiss struct {
	score int
	text  string // "attendance but lacks status" or "attendance but has column nip twice"
}

// matchHeader tries the cells of one line against every kind (or only
// forced) and returns the best match. missing describes the nearest miss
// (the kind with most columns named) when nothing matched.
func matchHeader(cells []string, forced *Kind, mapping map[string]map[string]string, constants map[string]map[string]string) (best *header, ambiguous []string, missing nearMiss) {
	bestScore, nearest := 0, -1
	for _, k := range Kinds {
		if forced != nil && k != forced {
			continue
		}
		h := &header{kind: k, index: make([]int, len(k.columns)), width: len(cells)}
		for i := range h.index {
			h.index[i] = -1
		}
		score, dup := 0, ""
		for fi, cell := range cells {
			name := canonicalName(cell, k, mapping)
			h.names = append(h.names, name)
			if ci := k.column(name); ci >= 0 {
				if h.index[ci] >= 0 {
					dup = name
				}
				h.index[ci] = fi
				score++
			}
		}
		var lacks []string
		for ci, c := range k.columns {
			if _, given := constants[k.Name][c.name]; c.required && h.index[ci] < 0 && !given {
				lacks = append(lacks, c.name)
			}
		}
		if len(lacks) > 0 || dup != "" {
			if score > nearest && score > 0 {
				nearest = score
				if dup != "" {
					missing = nearMiss{score, fmt.Sprintf("%s but has column %s twice", k.Name, dup)}
				} else {
					missing = nearMiss{score, fmt.Sprintf("%s but lacks %s", k.Name, strings.Join(lacks, ", "))}
				}
			}
			continue
		}
		switch {
		case score > bestScore:
			best, bestScore, ambiguous = h, score, []string{k.Name}
		case score == bestScore:
			ambiguous = append(ambiguous, k.Name)
		}
	}
	return best, ambiguous, missing
}

// candidate is a line that may be the header: its place and its cells.
type candidate struct {
	line  int
	delim byte
	cells []string
}

// detectHeader returns the first candidate that is the header of a kind.
// Candidates are the first non-blank lines (at most maxTitleLines); those
// above the header are title lines.
func detectHeader(cands []candidate, file string, forced *Kind, mapping map[string]map[string]string, constants map[string]map[string]string) (*header, error) {
	// The closest miss over all candidate lines: most columns of a kind
	// named; the first such line.
	var closest nearMiss
	closestLine := 0
	for i, c := range cands {
		h, amb, miss := matchHeader(c.cells, forced, mapping, constants)
		if len(amb) > 1 {
			return nil, &pipeline.FileError{File: file, Line: c.line, Err: fmt.Errorf("%w: %s; give --kind", ErrAmbiguousKind, strings.Join(amb, " or "))}
		}
		if h != nil {
			h.line, h.skipped, h.delim, h.cells = c.line, i, c.delim, c.cells
			return h, nil
		}
		if miss.score > closest.score {
			closest, closestLine = miss, c.line
		}
	}
	firstMiss := ""
	if closest.score > 0 {
		firstMiss = fmt.Sprintf("; closest: line %d would be %s", closestLine, closest.text)
	}
	if len(cands) == 0 {
		return nil, &pipeline.FileError{File: file, Err: ErrEmptyFile}
	}
	// No header: a scan log (attlog.dat) has none.
	if forced == nil || forced.Name == pipeline.KindPunches {
		if h := attlogHeader(cands); h != nil {
			return h, nil
		}
	}
	if forced != nil && forced.Name == pipeline.KindPunches {
		return nil, &pipeline.FileError{File: file, Err: fmt.Errorf("%w: no line among the first %d is a header of kind %s%s (map other header names with columns: in the config), and most lines are not those of a scan log (attlog.dat: PIN, a tab, YYYY-MM-DD HH:MM:SS, …)",
			ErrUnknownKind, maxTitleLines, forced.Name, firstMiss)}
	}
	if forced != nil {
		return nil, &pipeline.FileError{File: file, Err: fmt.Errorf("%w: no line among the first %d is a header of kind %s%s (map other header names with columns: in the config)",
			ErrUnknownKind, maxTitleLines, forced.Name, firstMiss)}
	}
	return nil, &pipeline.FileError{File: file, Err: fmt.Errorf("%w among the first %d lines%s (map other header names with columns: in the config); kinds: %s",
		ErrUnknownKind, maxTitleLines, firstMiss, strings.Join(KindNames(), ", "))}
}

// textCandidates reads the first non-blank lines of a text file, each split
// with its own sniffed delimiter (title lines often have none).
func textCandidates(r io.Reader) ([]candidate, error) {
	lr := newLineReader(r)
	var out []candidate
	for len(out) < maxTitleLines {
		raw, err := lr.readLine()
		if err != nil {
			if err == io.EOF {
				break
			}
			return nil, err
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		if lr.over > 0 {
			// Longer than any header: a title line at best.
			out = append(out, candidate{line: lr.line, cells: []string{string(raw[:min(len(raw), maxStoredText)])}})
			continue
		}
		delim := sniffDelimiter(raw)
		rec, rerr := splitRecord(raw, delim)
		if rerr != nil {
			// An unclosed quote in a title line: take the line whole.
			out = append(out, candidate{line: lr.line, delim: delim, cells: []string{string(raw)}})
			continue
		}
		cells := make([]string, len(rec.fields))
		for i, f := range rec.fields {
			cells[i] = string(f)
		}
		out = append(out, candidate{line: lr.line, delim: delim, cells: cells})
	}
	return out, nil
}

// sourceCandidates takes the first non-blank rows of a spreadsheet.
func sourceCandidates(src rowSource) ([]candidate, error) {
	var out []candidate
	for len(out) < maxTitleLines {
		rec, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		cells := make([]string, len(rec.fields))
		for i, f := range rec.fields {
			cells[i] = string(f)
		}
		out = append(out, candidate{line: rec.line, cells: cells})
	}
	return out, nil
}

// jsonlCandidates makes the one header of a JSON Lines file: the keys of its
// first objects in the order they first appear. Line 0: every line is data.
func jsonlCandidates(r io.Reader) ([]candidate, error) {
	lr := newLineReader(r)
	seen := map[string]bool{}
	var keys []string
	for n := 0; n < maxTitleLines; {
		raw, err := lr.readLine()
		if err != nil {
			break
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		n++
		if lr.over > 0 {
			continue // rejected when the rows are read
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		if t, err := dec.Token(); err != nil || t != json.Delim('{') {
			continue
		}
		for dec.More() {
			t, err := dec.Token()
			if err != nil {
				break
			}
			k, _ := t.(string)
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				break
			}
		}
	}
	if len(keys) == 0 {
		return nil, nil
	}
	return []candidate{{line: 0, cells: keys}}, nil
}

// fileColumns returns, for DuckDB's reader, the name to give each field of
// the file: the canonical name for mapped fields, a placeholder otherwise.
func (h *header) fileColumns() []string {
	out := make([]string, h.width)
	for i := range out {
		out[i] = fmt.Sprintf("unused_%d", i+1)
	}
	for ci, fi := range h.index {
		if fi >= 0 {
			out[fi] = h.kind.columns[ci].name
		}
	}
	return out
}
