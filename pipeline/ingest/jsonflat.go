package ingest

import (
	"errors"
	"unicode/utf16"
	"unicode/utf8"
)

// scanFlatJSON reads one JSON object whose values are scalars and calls fn
// for each member: the key, and the value's text — a string decoded, a
// number, true or false as written, nil for null. It is the fast reader of
// JSON Lines; it returns errFlatJSON for anything it does not read (nested
// values, malformed text), and the caller then asks encoding/json, whose
// answer (and error message) stands. FuzzScanFlatJSON holds the two to the
// same result on every input this one accepts.
//
// valid says that b is known to be UTF-8 (a line of a file inspect
// checked): the strings are then not checked again. plain reports
// whether DuckDB's read_json, reading every member as VARCHAR, reads the
// object to the same texts: no escape in any string (read_json decodes
// them too, but a broken surrogate may come out otherwise), and every
// number an integer of at most 15 digits written as read_json writes it
// back (no leading zero, no -0, no fraction or exponent: read_json writes
// a number as the text of its value, 5.10 as 5.1 and 1e2 as 100.0). A
// member outside the header keys, which read_json might match to a column
// otherwise than Go (case), is left to the caller.
func scanFlatJSON(b []byte, scratch []byte, valid bool, fn func(key, val []byte)) (out []byte, plain bool, err error) {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return scratch, false, errFlatJSON
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		if skipWS(b, i+1) != len(b) {
			return scratch, false, errFlatJSON
		}
		return scratch, true, nil
	}
	plain = true
	for {
		var key, val []byte
		var ok, escaped bool
		if i >= len(b) || b[i] != '"' {
			return scratch, false, errFlatJSON
		}
		key, scratch, i, escaped, ok = jsonString(b, i, scratch, valid)
		if !ok {
			return scratch, false, errFlatJSON
		}
		plain = plain && !escaped
		i = skipWS(b, i)
		if i >= len(b) || b[i] != ':' {
			return scratch, false, errFlatJSON
		}
		i = skipWS(b, i+1)
		if i >= len(b) {
			return scratch, false, errFlatJSON
		}
		ok = false
		switch c := b[i]; {
		case c == '"':
			val, scratch, i, escaped, ok = jsonString(b, i, scratch, valid)
			plain = plain && !escaped
		case c == 'n':
			ok, i = hasLiteral(b, i, "null")
		case c == 't':
			val = b[i:min(i+4, len(b))]
			ok, i = hasLiteral(b, i, "true")
		case c == 'f':
			val = b[i:min(i+5, len(b))]
			ok, i = hasLiteral(b, i, "false")
		case c == '-' || c >= '0' && c <= '9':
			j := jsonNumber(b, i)
			ok, val, i = j > i, b[i:j], j
			plain = plain && plainInteger(val)
		}
		if !ok {
			return scratch, false, errFlatJSON
		}
		fn(key, val)
		i = skipWS(b, i)
		if i >= len(b) {
			return scratch, false, errFlatJSON
		}
		if b[i] == '}' {
			if skipWS(b, i+1) != len(b) {
				return scratch, false, errFlatJSON
			}
			return scratch, plain, nil
		}
		if b[i] != ',' {
			return scratch, false, errFlatJSON
		}
		i = skipWS(b, i+1)
	}
}

var errFlatJSON = errors.New("ingest: not a flat JSON object")

// plainInteger reports whether the JSON number n is an integer that
// read_json writes back as it is: at most 15 digits, no leading zero, not
// -0, no fraction or exponent.
func plainInteger(n []byte) bool {
	d := n
	if len(d) > 0 && d[0] == '-' {
		d = d[1:]
	}
	switch {
	case !allDigits(d) || len(d) > 15:
		return false
	case d[0] == '0':
		return len(n) == 1 // 0, not -0 or 007
	}
	return true
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

func hasLiteral(b []byte, i int, lit string) (bool, int) {
	if len(b)-i >= len(lit) && string(b[i:i+len(lit)]) == lit {
		return true, i + len(lit)
	}
	return false, i
}

// jsonNumber returns the end of the JSON number at b[i:], or i if there is
// none (RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?).
func jsonNumber(b []byte, i int) int {
	start := i
	digits := func() bool {
		j := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i > j
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case !digits():
		return start
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return start
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return start
		}
	}
	return i
}

// jsonString reads the string starting at the quote b[i]. Without escapes
// the value is a slice of b; with them (escaped) it is decoded into
// scratch (which it returns, grown). It returns the index after the
// closing quote. valid: b is known to be UTF-8.
func jsonString(b []byte, i int, scratch []byte, valid bool) (val, out []byte, next int, escaped, ok bool) {
	i++
	start := i
	for i < len(b) && b[i] != '"' && b[i] != '\\' {
		if b[i] < 0x20 {
			return nil, scratch, i, false, false
		}
		i++
	}
	if i >= len(b) {
		return nil, scratch, i, false, false
	}
	if b[i] == '"' {
		// encoding/json turns invalid UTF-8 into U+FFFD; leave that to it.
		return b[start:i], scratch, i + 1, false, valid || utf8.Valid(b[start:i])
	}
	// Escapes: decode into scratch.
	from := len(scratch)
	scratch = append(scratch, b[start:i]...)
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			return scratch[from:], scratch, i + 1, true, utf8.Valid(scratch[from:])
		case c < 0x20:
			return nil, scratch, i, true, false
		case c != '\\':
			scratch = append(scratch, c)
			i++
			continue
		}
		if i+1 >= len(b) {
			return nil, scratch, i, true, false
		}
		i++
		switch b[i] {
		case '"', '\\', '/':
			scratch = append(scratch, b[i])
		case 'b':
			scratch = append(scratch, '\b')
		case 'f':
			scratch = append(scratch, '\f')
		case 'n':
			scratch = append(scratch, '\n')
		case 'r':
			scratch = append(scratch, '\r')
		case 't':
			scratch = append(scratch, '\t')
		case 'u':
			r, n := hex4(b, i+1)
			if n < 0 {
				return nil, scratch, i, true, false
			}
			i += 4
			if utf16.IsSurrogate(r) {
				r2, n2 := rune(-1), -1
				if i+2 < len(b) && b[i+1] == '\\' && b[i+2] == 'u' {
					r2, n2 = hex4(b, i+3)
				}
				if d := utf16.DecodeRune(r, r2); n2 >= 0 && d != utf8.RuneError {
					r = d
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			scratch = utf8.AppendRune(scratch, r)
		default:
			return nil, scratch, i, true, false
		}
		i++
	}
	return nil, scratch, i, true, false
}

func hex4(b []byte, i int) (rune, int) {
	if i+4 > len(b) {
		return 0, -1
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, -1
		}
	}
	return r, 4
}
