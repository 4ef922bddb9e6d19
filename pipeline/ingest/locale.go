package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"

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
// takes it; in auto mode the file is read once more to look at the values
// (upTo > 0: only its first upTo rows, for a tentative decision that
// Go's check of every row confirms, localeEvidence).
func (l *Loader) decideLocales(ctx context.Context, fi *fileInfo, h *header, upTo int64) ([]string, error) {
	ev := newLocaleEvidence(h, l.opts.NumberLocale)
	if ev == nil {
		return fixedLocales(h, l.opts.NumberLocale), nil
	}
	var n int64
	err := l.scan(ctx, fi, h, func(rec *record) error {
		if upTo > 0 && n == upTo {
			return errEnoughRows
		}
		n++
		ev.see(h, rec)
		return nil
	})
	if err != nil && !errors.Is(err, errEnoughRows) {
		return nil, err
	}
	return ev.decide(fi.path, h)
}

// autoLocale reports whether the number columns of h's file are read in
// the style their values prove (number_locale: auto and some column of
// the file is a number).
func autoLocale(h *header, locale string) bool { return newLocaleEvidence(h, locale) != nil }

// fixedLocales gives every number column of the file locale.
func fixedLocales(h *header, locale string) []string {
	out := make([]string, len(h.kind.columns))
	for ci, c := range h.kind.columns {
		if (c.typ == tNumber || c.typ == tInt) && h.index[ci] >= 0 {
			out[ci] = locale
		}
	}
	return out
}

// localeEvidence collects, per number column, the first line of each
// number style.
type localeEvidence struct {
	numeric []int
	ev      []struct{ idLine, enLine, ambLine int }
}

// newLocaleEvidence returns nil unless locale is auto and the file has a
// number column.
func newLocaleEvidence(h *header, locale string) *localeEvidence {
	if locale != "auto" {
		return nil
	}
	e := &localeEvidence{}
	for ci, c := range h.kind.columns {
		if (c.typ == tNumber || c.typ == tInt) && h.index[ci] >= 0 {
			e.numeric = append(e.numeric, ci)
		}
	}
	if len(e.numeric) == 0 {
		return nil
	}
	e.ev = make([]struct{ idLine, enLine, ambLine int }, len(h.kind.columns))
	return e
}

func (e *localeEvidence) see(h *header, rec *record) {
	for _, ci := range e.numeric {
		fi := h.index[ci]
		if fi >= len(rec.fields) {
			continue
		}
		ev := &e.ev[ci]
		switch numberStyle(rec.fields[fi]) {
		case "id":
			if ev.idLine == 0 {
				ev.idLine = rec.line
			}
		case "en":
			if ev.enLine == 0 {
				ev.enLine = rec.line
			}
		case "ambiguous":
			if ev.ambLine == 0 {
				ev.ambLine = rec.line
			}
		}
	}
}

// decide returns the locales the evidence proves, or the error that no
// locale is proved.
func (e *localeEvidence) decide(path string, h *header) ([]string, error) {
	k := h.kind
	out := make([]string, len(k.columns))
	for _, ci := range e.numeric {
		ev, name := e.ev[ci], k.columns[ci].name
		switch {
		case ev.idLine > 0 && ev.enLine > 0:
			return nil, &pipeline.FileError{File: path, Line: max(ev.idLine, ev.enLine), Column: h.index[ci] + 1, Name: name,
				Err: fmt.Errorf("numbers in both styles: 1.234,5 (line %d) and 1,234.5 (line %d); fix the export or set number_locale in the config", ev.idLine, ev.enLine)}
		case ev.idLine > 0:
			out[ci] = "id"
		case ev.enLine > 0:
			out[ci] = "en"
		case ev.ambLine > 0:
			return nil, &pipeline.FileError{File: path, Line: ev.ambLine, Column: h.index[ci] + 1, Name: name,
				Err: fmt.Errorf("%w: every value looks like 1.234, which is 1234 in Indonesian style and 1.234 in English; set number_locale: id or en in the config", ErrAmbiguousNumbers)}
		default:
			out[ci] = "en"
		}
	}
	return out, nil
}

// proves reports whether the evidence decides exactly locales.
func (e *localeEvidence) proves(path string, h *header, locales []string) bool {
	got, err := e.decide(path, h)
	return err == nil && slices.Equal(got, locales)
}
