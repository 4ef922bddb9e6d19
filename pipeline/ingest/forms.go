package ingest

import (
	"bytes"
	"slices"
	"strings"

	"github.com/bekasi/wfheval/pipeline/store"
)

// form is a bit set of the textual forms seen in one column. The fast path
// hands a file to DuckDB's reader only when every column's forms have an
// SQL expression that reads them exactly as Go does; the row count and key
// checks after the load, and the tests that compare both paths on the same
// files, hold the two to the same result.
type form uint16

const (
	formCanonical form = 1 << iota // what DuckDB's typed reader reads as is
	formPadded                     // spaces around the value
	formSpacedNIP                  // 19850312 201001 1 003
	formDMYSlash                   // 06/11/2025 (or 11/06/2025 with date_order: mdy)
	formDMYDash                    // 6-11-2025
	formDMYDot                     // 06.11.2025
	formHHMM                       // 07:30
	formWord                       // an Indonesian or differently-cased word for a canonical value
	formOther                      // anything only Go reads (month names, Rp amounts, offsets, serials)
)

// formOf classifies a cell Go parsed without error.
func formOf(t valueType, canonical bool, cell []byte) form {
	if canonical {
		return formCanonical
	}
	switch t {
	case tNIP:
		return formSpacedNIP
	case tEnum:
		return formWord
	case tClock:
		if len(cell) == 5 && cell[2] == ':' {
			return formHHMM
		}
	case tDate:
		// Year last; DuckDB reads them in the column's date order (columnSQL).
		if len(cell) >= 8 && len(cell) <= 10 && bytes.Count(cell, []byte{'/'}) == 2 && cell[len(cell)-5] == '/' {
			return formDMYSlash
		}
		if len(cell) >= 8 && len(cell) <= 10 && bytes.Count(cell, []byte{'-'}) == 2 && cell[len(cell)-5] == '-' {
			return formDMYDash
		}
		if len(cell) >= 8 && len(cell) <= 10 && bytes.Count(cell, []byte{'.'}) == 2 && cell[len(cell)-5] == '.' {
			return formDMYDot
		}
	}
	return formOther
}

// readable reports whether DuckDB can read every column in the forms seen.
func (v *validator) readable() bool {
	for _, f := range v.forms {
		if f&formOther != 0 {
			return false
		}
	}
	return !v.quoted && !v.ragged
}

// columnSQL returns how DuckDB's reader reads file column ci of the kind:
// the type to read it as and the expression that turns it into the table's
// value. date is the expression of the row's date (for times of day);
// order is the date order of the kind ("mdy" reads 11/06/2025 month first).
func columnSQL(c column, f form, ident, date, order string) (readType, expr string) {
	if f == 0 || f == formCanonical {
		switch c.typ {
		case tDate:
			return "DATE", ident
		case tClock:
			return "TIME", date + " + " + ident
		case tTimestamp:
			return "TIMESTAMP", ident
		case tNumber, tInt:
			return c.dbType, ident
		}
		return "VARCHAR", ident
	}
	x := ident
	if f&formPadded != 0 {
		x = "nullif(trim(" + x + "), '')"
	}
	switch c.typ {
	case tNIP:
		x = "replace(replace(" + x + ", ' ', ''), '.', '')"
	case tDate:
		dm := "%d{s}%m{s}%Y"
		if order == "mdy" {
			dm = "%m{s}%d{s}%Y"
		}
		var fmts []string
		for _, p := range []struct {
			f   form
			fmt string
		}{{formCanonical, "%Y-%m-%d"}, {formDMYSlash, strings.ReplaceAll(dm, "{s}", "/")},
			{formDMYDash, strings.ReplaceAll(dm, "{s}", "-")}, {formDMYDot, strings.ReplaceAll(dm, "{s}", ".")}} {
			if f&p.f != 0 {
				fmts = append(fmts, store.QuoteLiteral(p.fmt))
			}
		}
		x = "strptime(" + x + ", [" + strings.Join(fmts, ", ") + "])::DATE"
	case tClock:
		x = date + " + " + x + "::TIME"
	case tEnum:
		x = wordCase(x, c.enum)
	case tNumber, tInt:
		x = x + "::" + c.dbType
	case tTimestamp:
		x = x + "::TIMESTAMP"
	}
	return "VARCHAR", x
}

// wordCase maps words to canonical values in SQL, from the same table Go
// uses: lower case, spaces and dashes as underscores.
func wordCase(x string, words map[string]string) string {
	keys := make([]string, 0, len(words))
	for k := range words {
		if normalizeHeader(k) == k {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteString("CASE lower(regexp_replace(trim(" + x + "), '[ -]', '_', 'g'))")
	for _, k := range keys {
		b.WriteString(" WHEN " + store.QuoteLiteral(k) + " THEN " + store.QuoteLiteral(words[k]))
	}
	b.WriteString(" END")
	return b.String()
}
