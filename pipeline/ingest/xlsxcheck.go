package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/bekasi/wfheval/pipeline"
)

// checkWorkbook measures a workbook before excelize opens it, and refuses
// one that would make excelize unpack or hold more than the limits allow
// (limits.go): a zip bomb, a sheet longer than Excel makes, a row or a
// shared string of megabytes. The sizes of the parts are those the zip
// directory declares (archive/zip, under excelize too, unpacks no more);
// the sheets and the shared strings are read through once, in a stream,
// to count their rows and strings and measure each.
func checkWorkbook(path string, r io.ReaderAt, size int64) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil // excelize says what is wrong with it
	}
	fail := func(format string, args ...any) error {
		return &pipeline.FileError{File: path, Err: fmt.Errorf("%w: "+format+"; save the sheet as CSV (docs/ingest.md, Limits)",
			append([]any{ErrLimit}, args...)...)}
	}
	var total, inMemory uint64
	for _, e := range zr.File {
		n := e.UncompressedSize64
		total += n
		if total > maxXLSXUnzipped {
			return fail("the workbook unpacks to more than %s", sizeText(maxXLSXUnzipped))
		}
		if n > xlsxRatioFloor && n/maxXLSXRatio > e.CompressedSize64 {
			return fail("part %s unpacks from %s to %s, more than %d times its size, as a zip bomb does",
				e.Name, sizeText(int64(e.CompressedSize64)), sizeText(int64(n)), maxXLSXRatio)
		}
		if kind := partKind(e.Name); kind == "" {
			if inMemory += n; inMemory > maxXLSXInMemory {
				return fail("its parts other than sheets and shared strings unpack to more than %s", sizeText(maxXLSXInMemory))
			}
		}
	}
	for _, e := range zr.File {
		var elem, parent, what string
		var maxSpan, maxCount int64
		switch partKind(e.Name) {
		case "sheet":
			elem, parent, what, maxSpan, maxCount = "row", "sheetData", "rows", maxXLSXRowXML, maxXLSXRows
		case "strings":
			elem, parent, what, maxSpan, maxCount = "si", "sst", "shared strings", maxXLSXString, maxXLSXStrings
		default:
			continue
		}
		rc, err := e.Open()
		if err != nil {
			return &pipeline.FileError{File: path, Err: fmt.Errorf("opening workbook part %s: %w", e.Name, err)}
		}
		count, long, err := measureElements(rc, elem, parent, maxSpan, maxCount)
		rc.Close()
		switch {
		case err != nil:
			return &pipeline.FileError{File: path, Err: fmt.Errorf("reading workbook part %s: %w", e.Name, err)}
		case count > maxCount:
			return fail("%s has more than %d %s", e.Name, maxCount, what)
		case long > 0 && elem == "row":
			return fail("row element %d of %s takes more than %s of XML", long, e.Name, sizeText(maxSpan))
		case long > 0:
			return fail("shared string %d takes more than %s of XML", long, sizeText(maxSpan))
		}
	}
	return nil
}

// partKind says which parts of a workbook excelize streams from a
// temporary file ("sheet", "strings"); the others it holds in memory.
// The names are matched as excelize matches them.
func partKind(name string) string {
	name = strings.ToLower(strings.ReplaceAll(name, "\\", "/"))
	switch {
	case strings.HasPrefix(name, "xl/worksheets/sheet"):
		return "sheet"
	case name == "xl/sharedstrings.xml":
		return "strings"
	}
	return ""
}

// measureElements streams XML text and counts the elements named elem
// (any namespace prefix), stopping past maxCount of them, and returns the
// number (1-based) of the first that spans more than maxSpan bytes (from
// its start tag to its end tag, the next one's start, or parent's end), or
// 0. It reads tags, not XML: text that only looks like a tag (in a comment)
// counts too, which errs on the side of refusing.
func measureElements(r io.Reader, elem, parent string, maxSpan, maxCount int64) (count, long int64, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var off int64
	start := int64(-1) // offset of the open element's start tag
	for {
		chunk, err := br.ReadSlice('<')
		off += int64(len(chunk))
		if start >= 0 && off-start > maxSpan {
			return count, count, nil
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF:
			return count, 0, nil
		case err != nil:
			return count, 0, err
		}
		name, _ := br.Peek(64)
		closing := len(name) > 0 && name[0] == '/'
		if closing {
			name = name[1:]
		}
		if i := bytes.IndexAny(name, " \t\r\n/>"); i >= 0 {
			name = name[:i]
		}
		if i := bytes.LastIndexByte(name, ':'); i >= 0 {
			name = name[i+1:]
		}
		switch {
		case string(name) == elem && closing, string(name) == parent && closing:
			start = -1
		case string(name) == elem:
			if count++; count > maxCount {
				return count, 0, nil
			}
			start = off - 1
		}
	}
}
