package ingest

import (
	"fmt"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Limits on what one file may make the loader hold or do, so that a
// hostile or broken export ends in a clear error (or a reject) instead of
// exhausting memory, disk or time. Each has headroom over the largest real
// export it must still take; docs/ingest.md (Limits) gives the reasoning.
const (
	// maxRecordBytes is the longest record (a CSV line, or the lines of a
	// record with a quoted field that spans lines; a JSON Lines line; a
	// sheet row's cells joined by tabs) that is read as a row. A longer
	// line is rejected (its first bytes and its length are kept); a quoted
	// field that runs on longer is a file error (a quote is missing). Real
	// rows are well under 1 KB; DuckDB's reader stops at 2 MB by default.
	maxRecordBytes = 1 << 20
	// maxStoredText is the most of a reject's value, reason or raw record
	// that is stored; the rest is cut and replaced by its length.
	maxStoredText = 4096

	// A gzip stream may unpack to at most maxGzipRatio times the size of
	// the file once it has unpacked gzipRatioFloor bytes: CSV compresses
	// 5–20 times (the generated attendance export 4.9×), a decompression
	// bomb about 1,000 times. A real 2 GB CSV in a 200 MB .gz loads.
	maxGzipRatio   = 100
	gzipRatioFloor = 1 << 30

	// Workbooks. excelize unzips a sheet and the shared strings to
	// temporary files and every other part into memory; the sizes below
	// are those the zip directory declares (archive/zip refuses to unpack
	// more than that) and are checked before excelize opens the file.
	// A 1,048,576-row sheet of attendance (6 columns, inline strings, as
	// excelize's StreamWriter writes it) is 363 MB of XML in a 37 MB file
	// (9.8 times) and loads in ~45 s; tickets (11 columns) would be ~0.7–1 GB.
	maxXLSXFile     = 512 << 20 // the workbook file (excelize reads it into memory); a real 1M-row one is ~40–80 MB
	maxXLSXUnzipped = 4 << 30   // all parts together
	maxXLSXInMemory = 256 << 20 // the parts excelize holds in memory: all but the sheets and the shared strings
	maxXLSXRows     = 1 << 20   // rows of one sheet: Excel's own limit (1,048,576)
	maxXLSXColumns  = 1 << 14   // cells of one row: Excel's own limit (16,384, XFD)
	maxXLSXRowXML   = 16 << 20  // XML of one sheet row
	maxXLSXStrings  = 1 << 24   // entries of the shared string table (16,777,216)
	maxXLSXString   = 1 << 20   // XML of one shared string (Excel holds at most 32,767 characters)
	// A part larger than xlsxRatioFloor may unpack to at most maxXLSXRatio
	// times its compressed size: sheet XML compresses 5–15 times.
	maxXLSXRatio   = 100
	xlsxRatioFloor = 64 << 20
)

// clip returns s cut to maxStoredText bytes (at a character boundary),
// saying how long it was; n is its full length when s is already a prefix
// of a longer text (0: len(s)).
func clip(s string, n int64) string {
	if n < int64(len(s)) {
		n = int64(len(s))
	}
	if n <= maxStoredText {
		return s
	}
	cut := min(len(s), maxStoredText)
	for cut > 0 && cut < len(s) && !utf8.RuneStart(s[cut]) {
		cut--
	}
	// s may itself end inside a character (a prefix cut by bytes).
	for i := cut - 1; i >= 0 && i >= cut-utf8.UTFMax; i-- {
		if utf8.RuneStart(s[i]) {
			if !utf8.FullRuneInString(s[i:cut]) {
				cut = i
			}
			break
		}
	}
	return s[:cut] + fmt.Sprintf("…(truncated, %d bytes)", n)
}

// sizeText writes a byte count for people: 3.0 GiB, 16 MiB, 512 bytes.
func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return strconv.FormatFloat(float64(n)/(1<<30), 'f', 1, 64) + " GiB"
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// displayName is a file name as messages print it: as is, or quoted as a
// Go string when it holds a control character (a newline would split the
// one-line summary or error), is not UTF-8, or could be read as something
// else (spaces at its ends, a quote at its start).
func displayName(path string) string {
	if path == "" {
		return path
	}
	quote := !utf8.ValidString(path) || path[0] == '"' || unicode.IsSpace(rune(path[0])) || unicode.IsSpace(rune(path[len(path)-1]))
	for _, r := range path {
		if quote || !unicode.IsPrint(r) {
			quote = true
			break
		}
	}
	if quote {
		return strconv.Quote(path)
	}
	return path
}
