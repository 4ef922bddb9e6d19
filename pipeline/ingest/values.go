package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Value parsers. Each reads one trimmed, non-empty cell and returns the typed
// value and whether the cell is already in the canonical text form that
// DuckDB's typed CSV reader parses to the same value (ISO dates, plain
// numbers, canonical words). A file whose every cell is canonical can be
// handed to DuckDB's own parallel reader; any other goes through Go.

var (
	errNIP     = errors.New("NIP must have 18 digits")
	errDate    = errors.New("not a date (want YYYY-MM-DD, DD/MM/YYYY or 6 November 2025)")
	errDateMDY = errors.New("not a date (want YYYY-MM-DD, MM/DD/YYYY as date_order: mdy says, or 6 November 2025)")
	errDateYMD = errors.New("not a date (want YYYY-MM-DD or YYYY/MM/DD as date_order: ymd says, or 6 November 2025)")
	errClock   = errors.New("not a time (want HH:MM or HH:MM:SS)")
	errStamp   = errors.New("not a timestamp (want a date and HH:MM[:SS], optional offset)")
	errMonth   = errors.New("not a month (want YYYY-MM, 11/2025 or November 2025)")
	errNumber  = errors.New("not a number")
	errStamp12 = errors.New("not a timestamp (a 12-hour clock runs from 12:00 AM to 11:59 PM)")
	errClock12 = errors.New("not a time (a 12-hour clock runs from 12:00 AM to 11:59 PM)")
	// A thousands group never follows a leading 0 (0.234 in number_locale id).
	errZeroGroupID = errors.New("not a number: a thousands group cannot follow a leading 0 in Indonesian style (number_locale: id); write 0,234 for a fraction, or set number_locale: en")
	errZeroGroupEN = errors.New("not a number: a thousands group cannot follow a leading 0 in English style (number_locale: en); write 0.234 for a fraction, or set number_locale: id")
)

// parseNIP strips spaces and dots and checks for 18 digits.
func parseNIP(b []byte) (string, bool, error) {
	if len(b) == 18 && allDigits(b) {
		return string(b), true, nil
	}
	var out [18]byte
	if !nipDigits(b, &out) {
		return "", false, errNIP
	}
	return string(out[:]), false, nil
}

// plainEdges reports whether b is empty or neither starts nor ends with a
// byte that may be white space (an ASCII control, a space, or a byte of a
// character beyond ASCII): bytes.TrimSpace would return it as it is. Most
// cells are: 22M of them in the demo's attendance, where the call to
// TrimSpace cost 0.1 s.
func plainEdges(b []byte) bool {
	// c-'!' <= '~'-'!': c is printable ASCII other than a space.
	n := len(b)
	return n == 0 || b[0]-'!' <= '~'-'!' && b[n-1]-'!' <= '~'-'!'
}

// nipDigits reads the digits of a NIP cell, written as 18 digits or with
// spaces and dots among them, into out without allocating: ok is false
// unless b is 18 digits among spaces and dots.
func nipDigits(b []byte, out *[18]byte) bool {
	n := 0
	for _, c := range b {
		switch {
		case c == ' ' || c == '.':
			continue
		case c >= '0' && c <= '9' && n < 18:
			out[n] = c
			n++
		default:
			return false
		}
	}
	return n == 18
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

// atoi parses a short run of digits; ok is false for anything else.
func atoi(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// months maps English and Indonesian month names and abbreviations.
var months = map[string]time.Month{}

func init() {
	names := [][]string{
		{"januari", "january", "jan"}, {"februari", "february", "feb", "pebruari"},
		{"maret", "march", "mar"}, {"april", "apr"}, {"mei", "may"}, {"juni", "june", "jun"},
		{"juli", "july", "jul"}, {"agustus", "august", "agu", "agt", "aug"},
		{"september", "sep", "sept"}, {"oktober", "october", "okt", "oct"},
		{"november", "nov", "nop", "nopember"}, {"desember", "december", "des", "dec"},
	}
	for i, ns := range names {
		for _, n := range ns {
			months[n] = time.Month(i + 1)
		}
	}
}

func civil(y, m, d int) (time.Time, bool) {
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 31/02 rolls over
		return time.Time{}, false
	}
	return t, true
}

// parseDate reads a civil date as parseDateOrder does, day first.
func parseDate(b []byte) (time.Time, bool, error) { return parseDateOrder(b, "dmy") }

// parseDateOrder reads a civil date: 2025-11-06, 6 November 2025, 06 Nov
// 2025 (English or Indonesian month names), and numeric dates in order:
// with the year last (06/11/2025, 6-11-2025, 6.11.2025) day first for
// "dmy", month first for "mdy"; with order "ymd" only year first
// (2025/11/06, 2025.11.6) (dateorder.go). Times after the date are not
// allowed here.
func parseDateOrder(b []byte, order string) (time.Time, bool, error) {
	if len(b) == 10 && b[4] == '-' && b[7] == '-' {
		y, ok1 := atoi(b[0:4])
		m, ok2 := atoi(b[5:7])
		d, ok3 := atoi(b[8:10])
		if ok1 && ok2 && ok3 {
			if t, ok := civil(y, m, d); ok {
				return t, true, nil
			}
		}
		return time.Time{}, false, errDate
	}
	if i := bytes.IndexAny(b, "/-."); i > 0 {
		var buf [3][]byte
		if parts, ok := split3(b, b[i], &buf); ok {
			a, ok1 := atoi(parts[0])
			m, ok2 := atoi(parts[1])
			c, ok3 := atoi(parts[2])
			ok := ok1 && ok2 && ok3
			var y, d int
			switch {
			case ok && len(parts[0]) == 4 && len(parts[2]) <= 2 && len(parts[1]) <= 2 && order == "ymd":
				y, d = a, c
			case ok && len(parts[2]) == 4 && len(parts[0]) <= 2 && order == "mdy":
				y, m, d = c, a, m
			case ok && len(parts[2]) == 4 && len(parts[0]) <= 2 && order != "ymd":
				y, d = c, a
			case ok && len(parts[2]) == 4 && len(parts[0]) <= 2:
				return time.Time{}, false, errDateYMD
			default:
				ok = false
			}
			if ok {
				if t, ok := civil(y, m, d); ok {
					return t, false, nil
				}
			}
		}
		switch order {
		case "mdy":
			return time.Time{}, false, errDateMDY
		case "ymd":
			return time.Time{}, false, errDateYMD
		}
		return time.Time{}, false, errDate
	}
	f := strings.Fields(string(b))
	if len(f) == 3 {
		d, ok1 := atoi([]byte(f[0]))
		m, ok2 := months[strings.ToLower(strings.TrimSuffix(f[1], "."))]
		y, ok3 := atoi([]byte(f[2]))
		if ok1 && ok2 && ok3 {
			if t, ok := civil(y, int(m), d); ok {
				return t, false, nil
			}
		}
	}
	return time.Time{}, false, errDate
}

// parseClock reads a time of day as a duration since midnight: HH:MM or
// HH:MM:SS (two-digit hour 00–23), optionally with fractional seconds
// (07:30:15.250, kept to the microsecond), or on a 12-hour clock with AM or
// PM after it (10:04:21 PM, 6:05 am; 12:00 AM is midnight, 12:00 PM noon).
// Only HH:MM:SS is canonical.
func parseClock(b []byte) (time.Duration, bool, error) {
	body, pm, twelve := splitMeridiem(b)
	return clockOf(body, pm, twelve)
}

// splitMeridiem cuts a trailing AM or PM (any case, spaces before it
// allowed) off b.
func splitMeridiem(b []byte) (body []byte, pm, twelve bool) {
	n := len(b)
	if n < 3 || b[n-1] != 'M' && b[n-1] != 'm' {
		return b, false, false
	}
	switch b[n-2] {
	case 'A', 'a':
	case 'P', 'p':
		pm = true
	default:
		return b, false, false
	}
	return bytes.TrimRight(b[:n-2], " "), pm, true
}

// clockOf reads H:MM[:SS[.fff]] (one- or two-digit hour 1–12) when twelve,
// else HH:MM[:SS[.fff]] (two-digit hour 0–23).
func clockOf(b []byte, pm, twelve bool) (time.Duration, bool, error) {
	var frac time.Duration
	fracLen := 0
	if len(b) > 9 && b[8] == '.' || twelve && len(b) > 8 && b[7] == '.' {
		dot := bytes.IndexByte(b, '.')
		f := b[dot+1:]
		if len(f) > 9 || !allDigits(f) {
			return 0, false, errClock
		}
		for k := 0; k < 9; k++ {
			frac *= 10
			if k < len(f) {
				frac += time.Duration(f[k] - '0')
			}
		}
		frac = frac.Truncate(time.Microsecond)
		fracLen = len(f) + 1
		b = b[:dot]
	}
	if twelve && len(b) >= 4 && b[1] == ':' {
		b = append([]byte{'0'}, b...) // 6:05 → 06:05
	}
	if len(b) != 5 && len(b) != 8 || b[2] != ':' || len(b) == 8 && b[5] != ':' {
		return 0, false, errClock
	}
	h, ok1 := atoi(b[0:2])
	m, ok2 := atoi(b[3:5])
	s, ok3 := 0, true
	if len(b) == 8 {
		s, ok3 = atoi(b[6:8])
	}
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || s > 59 {
		return 0, false, errClock
	}
	if twelve {
		if h < 1 || h > 12 {
			return 0, false, errClock12
		}
		h %= 12 // 12 AM is 00
		if pm {
			h += 12
		}
	}
	d := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second + frac
	return d, len(b) == 8 && !twelve && fracLen == 0, nil
}

// parseTimestamp reads a date (any form parseDate takes), a space or T, a
// time (any form parseClock takes: fractional seconds, AM/PM) and an
// optional offset (Z, +07:00, +0700; not after AM/PM). Without an offset the time
// is local in loc; the result is always local wall-clock time in loc,
// returned as a UTC-labelled time.Time (DuckDB TIMESTAMP has no zone).
func parseTimestamp(b []byte, loc *time.Location) (time.Time, bool, error) {
	return parseTimestampOrder(b, loc, "dmy")
}

// parseTimestampOrder is parseTimestamp with dates read in order (parseDateOrder).
func parseTimestampOrder(b []byte, loc *time.Location, order string) (time.Time, bool, error) {
	if len(b) == 19 && b[10] == ' ' {
		// YYYY-MM-DD HH:MM:SS, the form most timestamps come in (DuckDB
		// writes a TIMESTAMP so), or a date of ten characters in another
		// form (06/11/2025 08:15:00): the general reading below, without
		// its searches.
		if d, dateCanon, err := parseDateOrder(b[:10], order); err == nil {
			if c, canon, err := clockOf(b[11:], false, false); canon && err == nil {
				return d.Add(c), dateCanon, nil
			}
		}
	}
	if len(b) == 25 && b[10] == 'T' && (b[19] == '+' || b[19] == '-') && b[22] == ':' {
		// YYYY-MM-DDTHH:MM:SS±HH:MM, as JSON exports write a time: when
		// the offset is loc's at that instant, the wall clock written is
		// the local one, without the general reading's conversions.
		if d, canon, _ := parseDateOrder(b[:10], order); canon {
			c, canon, err := clockOf(b[11:19], false, false)
			offset, ok := zoneOffset(b[19], []byte{b[20], b[21], b[23], b[24]})
			if canon && err == nil && ok {
				wall := d.Add(c)
				if _, local := wall.Add(-time.Duration(offset) * time.Second).In(loc).Zone(); local == offset {
					return wall, false, nil
				}
			}
		}
	}
	return parseTimestampAny(b, loc, order)
}

// parseTimestampAny is parseTimestampOrder without the shortcut for the
// canonical form (FuzzTimestampShortcut holds the two to the same result).
func parseTimestampAny(b []byte, loc *time.Location, order string) (time.Time, bool, error) {
	b, pm, twelve := splitMeridiem(b)
	i := bytes.LastIndexAny(b, " T")
	if i <= 0 {
		return time.Time{}, false, errStamp
	}
	datePart, clockPart := bytes.TrimSpace(b[:i]), b[i+1:]
	offset, hasOffset := 0, false
	if n := len(clockPart); n > 0 && clockPart[n-1] == 'Z' {
		clockPart, hasOffset = clockPart[:n-1], true
	} else if j := bytes.IndexAny(clockPart, "+-"); j > 0 {
		var ok bool
		if offset, ok = zoneOffset(clockPart[j], bytes.ReplaceAll(clockPart[j+1:], []byte(":"), nil)); !ok {
			return time.Time{}, false, errStamp
		}
		clockPart, hasOffset = clockPart[:j], true
	}
	d, dateCanon, err := parseDateOrder(datePart, order)
	if err != nil {
		return time.Time{}, false, errStamp
	}
	if twelve && hasOffset {
		return time.Time{}, false, errStamp // 10:04 PM+07:00: no export writes this
	}
	c, clockCanon, err := clockOf(clockPart, pm, twelve)
	if errors.Is(err, errClock12) {
		return time.Time{}, false, errStamp12
	} else if err != nil {
		return time.Time{}, false, errStamp
	}
	wall := d.Add(c)
	if !hasOffset {
		return wall, dateCanon && clockCanon && b[i] == ' ', nil
	}
	instant := wall.Add(-time.Duration(offset) * time.Second)
	local := instant.In(loc)
	y, m, dd := local.Date()
	return time.Date(y, m, dd, local.Hour(), local.Minute(), local.Second(), local.Nanosecond(), time.UTC), false, nil
}

// zoneOffset is the offset in seconds east of UTC of a zone written sign
// ('+' or '-') and digits, HH or HHMM (its colon taken out): not ok
// beyond 14 hours or 59 minutes.
func zoneOffset(sign byte, digits []byte) (int, bool) {
	hh, ok := atoi(digits[:min(2, len(digits))])
	mm := 0
	switch len(digits) {
	case 2:
	case 4:
		var okm bool
		mm, okm = atoi(digits[2:])
		ok = ok && okm
	default:
		ok = false
	}
	if !ok || hh > 14 || mm > 59 {
		return 0, false
	}
	offset := (hh*60 + mm) * 60
	if sign == '-' {
		offset = -offset
	}
	return offset, true
}

// split3 splits b at sep into the three parts it must have, in buf (no
// allocation: dates are split on every row).
func split3(b []byte, sep byte, buf *[3][]byte) ([][]byte, bool) {
	i := bytes.IndexByte(b, sep)
	if i < 0 {
		return nil, false
	}
	j := bytes.IndexByte(b[i+1:], sep)
	if j < 0 {
		return nil, false
	}
	j += i + 1
	if bytes.IndexByte(b[j+1:], sep) >= 0 {
		return nil, false
	}
	buf[0], buf[1], buf[2] = b[:i], b[i+1:j], b[j+1:]
	return buf[:], true
}

// parseMonth reads a month of use: 2025-11, 11/2025, Nov 2025, November 2025,
// Oktober 2025. It returns the canonical "YYYY-MM".
func parseMonth(b []byte) (string, bool, error) {
	if len(b) == 7 && b[4] == '-' {
		y, ok1 := atoi(b[:4])
		m, ok2 := atoi(b[5:])
		if ok1 && ok2 && m >= 1 && m <= 12 && y >= 1900 {
			return string(b), true, nil
		}
		return "", false, errMonth
	}
	var y, m int
	var ok bool
	if i := bytes.IndexByte(b, '/'); i > 0 {
		var ok1, ok2 bool
		m, ok1 = atoi(b[:i])
		y, ok2 = atoi(b[i+1:])
		ok = ok1 && ok2 && i+1+4 == len(b)
	} else if f := strings.Fields(string(b)); len(f) == 2 {
		var mm time.Month
		mm, ok = months[strings.ToLower(strings.TrimSuffix(f[0], "."))]
		m = int(mm)
		var oky bool
		y, oky = atoi([]byte(f[1]))
		ok = ok && oky && len(f[1]) == 4
	}
	if !ok || m < 1 || m > 12 || y < 1900 {
		return "", false, errMonth
	}
	return fmt.Sprintf("%04d-%02d", y, m), false, nil
}

// parsePlainNumber reads 1234567, 1234567.89 or -12.5: the canonical form.
// Locale-formatted numbers (Rp 1.234.567,89) are read by parseNumber.
func parsePlainNumber(b []byte) (float64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	dot := false
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
		case c == '-' && i == 0 && len(b) > 1:
		case c == '.' && !dot && i > 0 && i < len(b)-1:
			dot = true
		default:
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(string(b), 64)
	return v, err == nil
}

// parseNumber reads a number in the canonical form, or with a Rp prefix,
// a sign or accounting parentheses, and thousands separators in the given
// locale: "id" (1.234.567,89) or "en" (1,234,567.89). Thousands groups must
// have three digits: 12.34 is not a number in Indonesian style.
func parseNumber(b []byte, locale string) (float64, bool, error) {
	if v, ok := parsePlainNumber(b); ok && (locale != "id" || !bytes.ContainsRune(b, '.')) {
		return v, true, nil
	}
	neg, whole, frac, err := splitNumber(b, locale)
	if err != nil {
		return 0, false, err
	}
	plain := whole
	if frac != "" {
		plain += "." + frac
	}
	v, err := strconv.ParseFloat(plain, 64)
	if err != nil {
		return 0, false, errNumber
	}
	if neg {
		v = -v
	}
	return v, false, nil
}

// splitNumber reads a number that is not in the plain form as parseNumber
// does, into its sign and the digits before and after the decimal mark.
func splitNumber(b []byte, locale string) (neg bool, whole, frac string, err error) {
	s := strings.TrimSpace(string(b))
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, strings.TrimSpace(s[1:len(s)-1])
	}
	if strings.HasPrefix(s, "-") {
		neg, s = !neg, strings.TrimSpace(s[1:])
	}
	if len(s) >= 2 && strings.EqualFold(s[:2], "rp") {
		s = strings.TrimSpace(strings.TrimLeft(s[2:], ". "))
		if strings.HasPrefix(s, "-") {
			neg, s = !neg, strings.TrimSpace(s[1:])
		}
	}
	thousands, decimal := ",", "."
	if locale == "id" {
		thousands, decimal = ".", ","
	}
	whole, frac, hasFrac := strings.Cut(s, decimal)
	if hasFrac && (frac == "" || !allDigits([]byte(frac))) {
		return false, "", "", errNumber
	}
	groups := strings.Split(whole, thousands)
	if len(groups) > 1 && strings.HasPrefix(groups[0], "0") {
		if locale == "id" {
			return false, "", "", errZeroGroupID
		}
		return false, "", "", errZeroGroupEN
	}
	for i, g := range groups {
		if !allDigits([]byte(g)) || len(groups) > 1 && (i == 0 && len(g) > 3 || i > 0 && len(g) != 3) {
			return false, "", "", errNumber
		}
	}
	return neg, strings.Join(groups, ""), frac, nil
}

// parseCents reads a number that parseNumber read, exactly, in hundredths,
// rounded half away from zero as DuckDB casts text to DECIMAL(18,2)
// (1.005 is 1.01; through float64 it would be 1.00, and
// 999999999999999.99 would be 1e15). The caller has bounded it below 1e16.
func parseCents(b []byte, locale string) int64 {
	var neg bool
	var whole, frac string
	if _, ok := parsePlainNumber(b); ok && (locale != "id" || !bytes.ContainsRune(b, '.')) {
		s := string(b)
		neg = strings.HasPrefix(s, "-")
		whole, frac, _ = strings.Cut(strings.TrimPrefix(s, "-"), ".")
	} else {
		neg, whole, frac, _ = splitNumber(b, locale)
	}
	var n int64
	for _, c := range whole {
		n = n*10 + int64(c-'0')
	}
	frac += "000"
	n = n*100 + int64(frac[0]-'0')*10 + int64(frac[1]-'0')
	if frac[2] >= '5' {
		n++
	}
	if neg {
		n = -n
	}
	return n
}

// lookupWord finds a status, category or other word, case-insensitively,
// with spaces and dashes read as underscores.
func lookupWord(b []byte, words map[string]string) (string, bool, bool) {
	if v, ok := words[string(b)]; ok {
		return v, v == string(b), true
	}
	var buf [64]byte
	if n, ok := normalizeASCII(b, buf[:]); ok {
		v, ok := words[string(buf[:n])]
		return v, ok && v == string(b), ok
	}
	v, ok := words[normalizeHeader(string(b))]
	return v, ok && v == string(b), ok
}

// normalizeASCII is normalizeHeader of an ASCII word without spaces
// around it, written into buf without allocating: ok is false for any
// other b (normalizeHeader then does it).
func normalizeASCII(b, buf []byte) (int, bool) {
	if len(b) == 0 || len(b) > len(buf) || b[0] <= ' ' || b[len(b)-1] <= ' ' {
		return 0, false
	}
	for i, c := range b {
		switch {
		case c >= 0x80 || c < ' ' && c != ' ':
			return 0, false
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c == ' ' || c == '-':
			c = '_'
		}
		buf[i] = c
	}
	return len(b), true
}
