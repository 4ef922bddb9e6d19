package ingest

import (
	"bytes"
	"context"
	"fmt"

	"github.com/bekasi/wfheval/pipeline"
)

// Number locales. In "auto" mode each number column is read in the style
// its values show; a column whose values fit both styles is an error, never
// a guess (docs/contract.md §1).

// numberStyle classifies one cell: which locale it proves, or that it is
// ambiguous (1.234 or 1,234: a thousands group or three decimals). A
// leading 0 is never followed by a thousands group: 0.234 proves English
// style, 0,234 Indonesian.
func numberStyle(b []byte) (style string) {
	b = bytes.TrimSpace(b)
	if len(b) >= 2 && (b[0] == 'R' || b[0] == 'r') && (b[1] == 'P' || b[1] == 'p') {
		b = bytes.TrimLeft(b[2:], ". ")
	}
	b = bytes.TrimPrefix(b, []byte("-"))
	dots, commas := bytes.Count(b, []byte(".")), bytes.Count(b, []byte(","))
	switch {
	case dots > 0 && commas > 0:
		if bytes.LastIndexByte(b, ',') > bytes.LastIndexByte(b, '.') {
			return "id"
		}
		return "en"
	case dots > 1:
		return "id"
	case commas > 1:
		return "en"
	case dots == 1:
		// 0.234 is no thousands group: it proves English style.
		if len(b)-bytes.IndexByte(b, '.')-1 == 3 && b[0] != '0' {
			return "ambiguous"
		}
		return "en"
	case commas == 1:
		if len(b)-bytes.IndexByte(b, ',')-1 == 3 && b[0] != '0' {
			return "ambiguous"
		}
		return "id"
	}
	return ""
}

// decideLocales returns the number locale of each kind column ("" for
// columns that are not numbers). With a fixed locale every number column
// takes it; in auto mode the file is read once more to look at the values.
func (l *Loader) decideLocales(ctx context.Context, fi *fileInfo, h *header) ([]string, error) {
	k := h.kind
	out := make([]string, len(k.columns))
	var numeric []int
	for ci, c := range k.columns {
		if (c.typ == tNumber || c.typ == tInt) && h.index[ci] >= 0 {
			numeric = append(numeric, ci)
			out[ci] = l.opts.NumberLocale
		}
	}
	if l.opts.NumberLocale != "auto" || len(numeric) == 0 {
		return out, nil
	}
	type evidence struct{ idLine, enLine, ambLine int }
	ev := make([]evidence, len(k.columns))
	err := l.scan(ctx, fi, h, func(rec *record) error {
		for _, ci := range numeric {
			fi := h.index[ci]
			if fi >= len(rec.fields) {
				continue
			}
			e := &ev[ci]
			switch numberStyle(rec.fields[fi]) {
			case "id":
				if e.idLine == 0 {
					e.idLine = rec.line
				}
			case "en":
				if e.enLine == 0 {
					e.enLine = rec.line
				}
			case "ambiguous":
				if e.ambLine == 0 {
					e.ambLine = rec.line
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, ci := range numeric {
		e, name := ev[ci], k.columns[ci].name
		switch {
		case e.idLine > 0 && e.enLine > 0:
			return nil, &pipeline.FileError{File: fi.path, Line: max(e.idLine, e.enLine), Column: h.index[ci] + 1, Name: name,
				Err: fmt.Errorf("numbers in both styles: 1.234,5 (line %d) and 1,234.5 (line %d); fix the export or set number_locale in the config", e.idLine, e.enLine)}
		case e.idLine > 0:
			out[ci] = "id"
		case e.enLine > 0:
			out[ci] = "en"
		case e.ambLine > 0:
			return nil, &pipeline.FileError{File: fi.path, Line: e.ambLine, Column: h.index[ci] + 1, Name: name,
				Err: fmt.Errorf("%w: every value looks like 1.234, which is 1234 in Indonesian style and 1.234 in English; set number_locale: id or en in the config", ErrAmbiguousNumbers)}
		default:
			out[ci] = "en"
		}
	}
	return out, nil
}
