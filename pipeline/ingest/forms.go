package ingest

import (
	"bytes"
	"slices"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/store"
)

// form is a bit set of the textual forms seen in one column. The fast path
// hands a file to DuckDB's reader only when every column's forms have an
// SQL expression that reads them exactly as Go does; the row count and key
// checks after the load, and the tests that compare both paths on the same
// files, hold the two to the same result.
type form uint16

const (
	formCanonical  form = 1 << iota // what DuckDB's typed reader reads as is
	formPadded                      // spaces around the value
	formSpacedNIP                   // 19850312 201001 1 003
	formDMYSlash                    // 06/11/2025 (or 11/06/2025 with date_order: mdy)
	formDMYDash                     // 6-11-2025
	formDMYDot                      // 06.11.2025
	formHHMM                        // 07:30
	formWord                        // an Indonesian or differently-cased word for a canonical value
	formOther                       // anything only Go reads (month names, Rp amounts, offsets, serials)
	formWordSpaced                  // a word with a space or a dash inside (Dinas Luar, dinas-luar)
	formLocalStamp                  // 2025-11-06T07:30:00+07:00 whose offset is the local one, or 2025-11-06T07:30:00
	formDMYStamp                    // 06/11/2025 07:30:00 (or 11/06/2025 07:30:00 with date_order: mdy)
)

// stampForm is the form of a timestamp cell Go read as t (the local wall
// clock, parseTimestampOrder) that formOf leaves to Go, in date order
// order. formLocalStamp: the cell is YYYY-MM-DD[T ]HH:MM:SS with,
// optionally, an offset ±HH:MM, and its first 19 characters are t's wall
// clock — the offset is the one of the configured zone at that time, so
// DuckDB reads the value by casting those characters. formDMYStamp: the
// cell is D/M/YYYY HH:MM:SS (day and month of one or two digits, in the
// date order: month first with mdy) and those numbers are t's, so
// DuckDB's strptime reads it (columnSQL). Otherwise formOther.
func stampForm(cell []byte, t time.Time, order string) form {
	if i := bytes.IndexByte(cell, '/'); i > 0 && i <= 2 {
		return dmyStampForm(cell, t, order)
	}
	if len(cell) != 19 && !(len(cell) == 25 && (cell[19] == '+' || cell[19] == '-') && cell[22] == ':') {
		return formOther
	}
	if cell[10] != 'T' && cell[10] != ' ' {
		return formOther
	}
	y, m, d := t.Date()
	if !digitsAre(cell[0:4], y) || cell[4] != '-' || !digitsAre(cell[5:7], int(m)) || cell[7] != '-' || !digitsAre(cell[8:10], d) ||
		!clockIs(cell[11:19], t) {
		return formOther
	}
	return formLocalStamp
}

// dmyStampForm is stampForm of a cell with a year-last date.
func dmyStampForm(cell []byte, t time.Time, order string) form {
	if order != "" && order != "dmy" && order != "mdy" {
		return formOther
	}
	sp := bytes.IndexByte(cell, ' ')
	if sp < 0 || len(cell)-sp-1 != 8 {
		return formOther
	}
	var buf [3][]byte
	parts, ok := split3(cell[:sp], '/', &buf)
	if !ok || len(parts[0]) < 1 || len(parts[0]) > 2 || len(parts[1]) < 1 || len(parts[1]) > 2 || len(parts[2]) != 4 {
		return formOther
	}
	num := func(b []byte) int {
		n := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	d, m, y := num(parts[0]), num(parts[1]), num(parts[2])
	if order == "mdy" {
		d, m = m, d
	}
	if ty, tm, td := t.Date(); ty != y || int(tm) != m || td != d || !clockIs(cell[sp+1:], t) {
		return formOther
	}
	return formDMYStamp
}

// digitsAre reports whether b is n written in exactly len(b) digits.
func digitsAre(b []byte, n int) bool {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] != byte('0'+n%10) {
			return false
		}
		n /= 10
	}
	return n == 0
}

// clockIs reports whether b is HH:MM:SS of t's wall clock, which has no
// fraction of a second.
func clockIs(b []byte, t time.Time) bool {
	return len(b) == 8 && t.Nanosecond() == 0 && digitsAre(b[0:2], t.Hour()) && b[2] == ':' &&
		digitsAre(b[3:5], t.Minute()) && b[5] == ':' && digitsAre(b[6:8], t.Second())
}

// formOf classifies a cell Go parsed without error.
func formOf(t valueType, canonical bool, cell []byte) form {
	if canonical {
		return formCanonical
	}
	switch t {
	case tNIP:
		return formSpacedNIP
	case tEnum:
		if bytes.ContainsAny(cell, " -") {
			return formWord | formWordSpaced
		}
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
	return !v.quoted && !v.ragged && !v.jsonOther
}

// columnSQL returns how DuckDB's reader reads file column ci of the kind:
// the type to read it as and the expression that turns it into the table's
// value. date is the expression of the row's date (for times of day);
// order is the date order of the kind ("mdy" reads 11/06/2025 month first).
// A cell the expression cannot read gives NULL (try_strptime, TRY_CAST), and
// fastInsertSQL leaves its row out; a typed read is left to the reader, which
// skips a row whose cell it cannot read.
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
		x = "try_strptime(" + x + ", [" + strings.Join(fmts, ", ") + "])::DATE"
	case tClock:
		clock := date + " + TRY_CAST(" + x + " AS TIME)"
		if f&(formLocalStamp|formDMYStamp) != 0 {
			// A date and a time (a TIMESTAMP column of Parquet): the
			// timestamp as it is, whatever its date (Go reads it so).
			clock = "CASE WHEN length(" + x + ") > 8 THEN " + stampSQL(x, f, order) + " ELSE " + clock + " END"
		}
		x = clock
	case tEnum:
		x = wordCase(x, c.enum, f&formWordSpaced != 0)
	case tNumber, tInt:
		x = "TRY_CAST(" + x + " AS " + c.dbType + ")"
	case tTimestamp:
		x = stampSQL(x, f, order)
	}
	return "VARCHAR", x
}

// stampSQL reads a timestamp cell x in the forms f (stampForm) as DuckDB's
// TIMESTAMP.
func stampSQL(x string, f form, order string) string {
	y := x
	if f&formLocalStamp != 0 {
		// The offset, where there is one, is the local one (stampForm).
		y = "(CASE WHEN substr(" + x + ", 20, 1) IN ('+', '-') THEN left(" + x + ", 19) ELSE " + x + " END)"
	}
	y = "TRY_CAST(" + y + " AS TIMESTAMP)"
	if f&formDMYStamp != 0 {
		dm := "%d/%m/%Y %H:%M:%S"
		if order == "mdy" {
			dm = "%m/%d/%Y %H:%M:%S"
		}
		y = "CASE WHEN contains(" + x + ", '/') THEN try_strptime(" + x + ", " + store.QuoteLiteral(dm) + ") ELSE " + y + " END"
	}
	return y
}

// wordCase maps words to canonical values in SQL, from the same table Go
// uses: lower case, spaces and dashes as underscores. Only a column whose
// words have a space or a dash inside (spaced) needs the regular
// expression; the cell is trimmed already where it was padded (columnSQL).
func wordCase(x string, words map[string]string, spaced bool) string {
	keys := make([]string, 0, len(words))
	for k := range words {
		if normalizeHeader(k) == k {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var b strings.Builder
	if spaced {
		b.WriteString("CASE lower(regexp_replace(trim(" + x + "), '[ -]', '_', 'g'))")
	} else {
		b.WriteString("CASE lower(" + x + ")")
	}
	for _, k := range keys {
		b.WriteString(" WHEN " + store.QuoteLiteral(k) + " THEN " + store.QuoteLiteral(words[k]))
	}
	b.WriteString(" END")
	return b.String()
}
