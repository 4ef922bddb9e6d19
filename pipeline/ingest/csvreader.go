package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/bekasi/wfheval/pipeline"
)

// record is one data row as read from a file: its first physical line, its
// fields (slices valid until the next read) and its raw text.
type record struct {
	line   int
	fields [][]byte
	raw    []byte
	// rawLen is the length of the record when raw holds only its first
	// bytes (a line longer than maxRecordBytes); 0 otherwise.
	rawLen int64
	// malformed is set when the quoting of the row is broken in a way that
	// still lets the reader find the row's end (a quote inside an unquoted
	// field is taken literally; text after a closing quote is not).
	malformed bool
	// spreadsheet is set for XLSX rows: date and time cells may be serial
	// numbers, and rows may be shorter than the header.
	spreadsheet bool
	// fault is set when the row could not be split at all (a JSON line that
	// is not an object, a line over maxRecordBytes); the row is rejected
	// with it.
	fault string
	// json is set for JSON Lines records; jsonOther when the line has what
	// DuckDB's read_json may read otherwise than Go (scanFlatJSON: not plain).
	json, jsonOther bool
}

// tooLong is the fault of a record of n bytes, over maxRecordBytes.
func tooLong(n int64) string {
	return fmt.Sprintf("the record is %s long; a record may have at most %s (docs/ingest.md, Limits)", sizeText(n), sizeText(maxRecordBytes))
}

// lineReader reads physical lines, counting them, and never holds more
// than maxRecordBytes of one: of a longer line it keeps the first bytes
// and notes its length in over.
type lineReader struct {
	br   *bufio.Reader
	line int   // physical lines consumed so far
	over int64 // length of the last line read, when it was cut
	long []byte
}

// lineBuffer is the buffer of a reader of a file's lines.
const lineBuffer = 1 << 20

func newLineReader(r io.Reader) lineReader { return newLineReaderSize(r, lineBuffer) }

// newLineReaderSize is newLineReader with a buffer of size bytes: a line
// longer than that is read all the same, in pieces.
func newLineReaderSize(r io.Reader, size int) lineReader {
	return lineReader{br: bufio.NewReaderSize(r, size)}
}

// readLine returns the next physical line without its line ending (and on
// the first line without a BOM). A line longer than maxRecordBytes comes
// back cut to that length, its full length in r.over.
func (r *lineReader) readLine() ([]byte, error) {
	r.over = 0
	line, err := r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		long := append(r.long[:0], line...)
		total := int64(len(line))
		for err == bufio.ErrBufferFull {
			line, err = r.br.ReadSlice('\n')
			total += int64(len(line))
			if room := maxRecordBytes + 2 - len(long); room > 0 { // 2: room for \r\n
				long = append(long, line[:min(room, len(line))]...)
			}
		}
		r.long = long
		line = long
		if total > int64(len(long)) {
			if bytes.HasSuffix(line, []byte{'\n'}) {
				total--
			}
			r.over, line = total, long[:maxRecordBytes]
		}
	}
	if len(line) == 0 && err != nil {
		return nil, err
	}
	r.line++
	if r.over == 0 {
		line = bytes.TrimSuffix(line, []byte{'\n'})
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(line) > maxRecordBytes {
			r.over = int64(len(line))
			line = line[:maxRecordBytes]
		}
	}
	if r.line == 1 {
		line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
	}
	return line, nil
}

// csvReader splits delimited text into records, counting physical lines so
// that every record knows where it started. It allocates only when a record
// is longer than any before it.
type csvReader struct {
	lineReader
	delim byte
	plain bool // quotes are text: a scan log has no quoting (header.attlog)
	buf   []byte
	field []byte
	ends  []int
	rec   record
}

func newCSVReader(r io.Reader, delim byte) *csvReader { return newCSVReaderSize(r, delim, lineBuffer) }

// newCSVReaderSize is newCSVReader with a buffer of size bytes
// (newLineReaderSize).
func newCSVReaderSize(r io.Reader, delim byte, size int) *csvReader {
	return &csvReader{lineReader: newLineReaderSize(r, size), delim: delim}
}

// splitRecord splits one line (without its line ending) into a record, as
// a csvReader of a file would, with a buffer the size of the line rather
// than a file's: the header's candidates split up to maxTitleLines lines
// each, and a file reader's 1 MiB buffer for each of them took 5 of the
// 6 ms a monthly file's header took.
func splitRecord(raw []byte, delim byte) (*record, error) {
	return newCSVReaderSize(bytes.NewReader(raw), delim, len(raw)+1).next()
}

// errUnterminated is returned for a quoted field still open at end of input.
var errUnterminated = errors.New("quoted field never closed (a \" is missing)")

// next returns the next non-blank record, or io.EOF. Blank lines are skipped
// and not counted as rows. The text is valid UTF-8: inspect checked (or
// transcoded) the whole file before any record is read.
func (r *csvReader) next() (*record, error) {
	for {
		line, err := r.readLine()
		if err != nil {
			return nil, err
		}
		if r.over > 0 {
			r.rec = record{line: r.line, raw: line, rawLen: r.over, fault: tooLong(r.over), fields: r.rec.fields[:0]}
			return &r.rec, nil
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		r.rec = record{line: r.line, fields: r.rec.fields[:0]}
		if r.plain || bytes.IndexByte(line, '"') < 0 {
			r.splitPlain(line)
			return &r.rec, nil
		}
		if err := r.splitQuoted(line); err != nil {
			return nil, err
		}
		return &r.rec, nil
	}
}

func (r *csvReader) splitPlain(line []byte) {
	r.rec.raw = line
	r.rec.fields = r.rec.fields[:0]
	f := r.rec.fields
	for {
		i := bytes.IndexByte(line, r.delim)
		if i < 0 {
			f = append(f, line)
			break
		}
		f = append(f, line[:i])
		line = line[i+1:]
	}
	r.rec.fields = f
}

// splitQuoted handles RFC 4180 quoting: "" inside a quoted field is a quote,
// and a quoted field may span lines.
func (r *csvReader) splitQuoted(line []byte) error {
	start := r.line
	r.buf = append(r.buf[:0], line...)
	r.field = r.field[:0]
	r.ends = r.ends[:0]
	var out []byte // field bytes, all fields back to back
	i := 0
	for {
		// at the start of a field
		if i < len(r.buf) && r.buf[i] == '"' {
			i++
			for {
				j := bytes.IndexByte(r.buf[i:], '"')
				if j < 0 {
					out = append(out, r.buf[i:]...)
					more, err := r.readLine()
					if err == io.EOF {
						return &pipeline.FileError{Line: start, Err: errUnterminated}
					}
					if err != nil {
						return err
					}
					if r.over > 0 || len(r.buf)+1+len(more) > maxRecordBytes {
						return &pipeline.FileError{Line: start, Err: fmt.Errorf("%w: a quoted field from this line runs on for more than %s (a closing \" is missing?)",
							ErrLimit, sizeText(maxRecordBytes))}
					}
					out = append(out, '\n')
					i = len(r.buf) + 1
					r.buf = append(append(r.buf, '\n'), more...)
					continue
				}
				out = append(out, r.buf[i:i+j]...)
				i += j + 1
				if i < len(r.buf) && r.buf[i] == '"' {
					out = append(out, '"')
					i++
					continue
				}
				break
			}
			if i < len(r.buf) && r.buf[i] != r.delim {
				r.rec.malformed = true
				k := bytes.IndexByte(r.buf[i:], r.delim)
				if k < 0 {
					k = len(r.buf) - i
				}
				out = append(out, r.buf[i:i+k]...)
				i += k
			}
		} else {
			k := bytes.IndexByte(r.buf[i:], r.delim)
			if k < 0 {
				k = len(r.buf) - i
			}
			out = append(out, r.buf[i:i+k]...)
			i += k
		}
		r.ends = append(r.ends, len(out))
		if i >= len(r.buf) {
			break
		}
		i++ // the delimiter
		if i == len(r.buf) {
			r.ends = append(r.ends, len(out)) // trailing empty field
			break
		}
	}
	r.field = out
	r.rec.fields = r.rec.fields[:0]
	prev := 0
	for _, e := range r.ends {
		r.rec.fields = append(r.rec.fields, r.field[prev:e])
		prev = e
	}
	r.rec.raw = r.buf
	return nil
}

// sniffDelimiter picks the separator of a header line: the most frequent of
// comma, semicolon and tab outside quotes; comma when none occurs.
func sniffDelimiter(line []byte) byte {
	counts := map[byte]int{}
	inQuote := false
	for _, c := range line {
		switch {
		case c == '"':
			inQuote = !inQuote
		case !inQuote && (c == ',' || c == ';' || c == '\t'):
			counts[c]++
		}
	}
	best, n := byte(','), 0
	for _, c := range []byte{',', ';', '\t'} {
		if counts[c] > n {
			best, n = c, counts[c]
		}
	}
	return best
}
