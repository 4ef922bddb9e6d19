package explore

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/rivo/uniseg"
)

// Format is how results are written to a terminal or a pipe.
type Format string

// The output formats of wfheval sql (--format, .mode).
const (
	FormatTable    Format = "table"    // aligned columns for people: numbers right-aligned, thousands grouped
	FormatCSV      Format = "csv"      // RFC 4180 with a header line
	FormatJSON     Format = "json"     // an array of objects, one row per line
	FormatMarkdown Format = "markdown" // a GitHub table, for reports
)

// writers are the output formats, each with the sink that writes it.
// Formats, ParseFormat, NewWriter and the help texts derive from it.
var writers = []struct {
	format Format
	sink   func(w io.Writer, o WriterOptions) Sink
}{
	{FormatTable, func(w io.Writer, o WriterOptions) Sink { return &tableSink{w: w, o: o} }},
	{FormatCSV, func(w io.Writer, _ WriterOptions) Sink { return &csvSink{w: csv.NewWriter(w)} }},
	{FormatJSON, func(w io.Writer, _ WriterOptions) Sink { return &jsonSink{w: bufio.NewWriter(w)} }},
	{FormatMarkdown, func(w io.Writer, o WriterOptions) Sink { return &tableSink{w: w, o: o, markdown: true} }},
}

// Formats lists the output formats, the default (FormatTable) first.
var Formats = func() []Format {
	out := make([]Format, len(writers))
	for i, w := range writers {
		out[i] = w.format
	}
	return out
}()

// FormatNames returns the names of Formats, for help texts and messages.
func FormatNames() []string {
	out := make([]string, len(Formats))
	for i, f := range Formats {
		out[i] = string(f)
	}
	return out
}

// ParseFormat returns the format named s.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == strings.ToLower(strings.TrimSpace(s)) {
			return f, nil
		}
	}
	return "", fmt.Errorf("%w %q: want one of %s", ErrUnknownFormat, s, strings.Join(FormatNames(), ", "))
}

// A Sink receives one result: Begin with its columns, Row for each row, then
// End. The values are those database/sql scans from duckdb-go. Sinks for
// files also implement io.Closer, and Abort, which removes what they wrote.
type Sink interface {
	Begin(cols []Column) error
	Row(vals []any) error
	End() error
}

// WriterOptions tune the sinks that NewWriter makes.
type WriterOptions struct {
	// MaxRows caps the rows a table or markdown result shows (the rest are
	// counted); 0 shows every row. CSV and JSON always write every row.
	MaxRows int
	// MaxWidth caps the width of a table cell; longer text is cut with "…".
	// 0 means 60.
	MaxWidth int
}

// NewWriter returns a sink that writes results to w in format f; a format
// not in Formats writes a table.
func NewWriter(f Format, w io.Writer, o WriterOptions) Sink {
	if o.MaxWidth == 0 {
		o.MaxWidth = 60
	}
	for _, wr := range writers {
		if wr.format == f {
			return wr.sink(w, o)
		}
	}
	return writers[0].sink(w, o)
}

// csvSink writes RFC 4180 CSV: a header, then rows; NULL is an empty cell.
// A text cell (and a column name) that a spreadsheet would take for a
// formula gets a leading ' (csvText); numbers stay as they are.
type csvSink struct {
	w    *csv.Writer
	cols []Column
	rec  []string
}

func (s *csvSink) Begin(cols []Column) error {
	s.cols, s.rec = cols, make([]string, len(cols))
	for i, c := range cols {
		s.rec[i] = csvText(c.Name)
	}
	return s.w.Write(s.rec)
}

func (s *csvSink) Row(vals []any) error {
	for i, v := range vals {
		if t, ok := v.(string); ok {
			s.rec[i] = csvText(t)
		} else {
			s.rec[i] = text(v, s.cols[i])
		}
	}
	return s.w.Write(s.rec)
}

// csvText escapes text that a spreadsheet would run as a formula, as OWASP
// advises against CSV injection: text beginning with =, +, -, @, a tab or
// a carriage return gets a leading single quote, which Excel and
// LibreOffice read as "text follows". Only text is escaped: a number, such
// as -5 in a numeric column, is not text and stays a number.
func csvText(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}

func (s *csvSink) End() error {
	s.w.Flush()
	return s.w.Error()
}

// jsonSink writes an array of objects, keys in column order, one row per
// line. Numbers stay numbers (DECIMAL exact), NaN and infinities are null,
// dates and times are strings as DuckDB prints them.
type jsonSink struct {
	w    *bufio.Writer
	cols []Column
	keys [][]byte
	n    int
}

func (s *jsonSink) Begin(cols []Column) error {
	s.cols, s.n = cols, 0
	s.keys = make([][]byte, len(cols))
	for i, c := range cols {
		k, err := json.Marshal(c.Name)
		if err != nil {
			return err
		}
		s.keys[i] = k
	}
	_, err := s.w.WriteString("[")
	return err
}

func (s *jsonSink) Row(vals []any) error {
	if s.n > 0 {
		s.w.WriteString(",")
	}
	s.n++
	s.w.WriteString("\n{")
	for i, v := range vals {
		if i > 0 {
			s.w.WriteByte(',')
		}
		s.w.Write(s.keys[i])
		s.w.WriteByte(':')
		b, err := jsonValue(v, s.cols[i])
		if err != nil {
			return fmt.Errorf("column %s: %w", s.cols[i].Name, err)
		}
		s.w.Write(b)
	}
	_, err := s.w.WriteString("}")
	return err
}

func (s *jsonSink) End() error {
	if s.n > 0 {
		s.w.WriteString("\n")
	}
	s.w.WriteString("]\n")
	return s.w.Flush()
}

func jsonValue(v any, col Column) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return []byte("null"), nil
	case bool, int8, int16, int32, int64, int, uint8, uint16, uint32, uint64, uint, string:
		return json.Marshal(x)
	case float32:
		return jsonFloat(float64(x), 32), nil
	case float64:
		return jsonFloat(x, 64), nil
	case *big.Int:
		return []byte(x.String()), nil
	case duckdb.Decimal:
		return []byte(decimalText(x)), nil
	case []any:
		out := []byte{'['}
		for i, e := range x {
			if i > 0 {
				out = append(out, ',')
			}
			b, err := jsonValue(e, Column{Type: strings.TrimSuffix(col.Type, "[]")})
			if err != nil {
				return nil, err
			}
			out = append(out, b...)
		}
		return append(out, ']'), nil
	case map[string]any:
		return json.Marshal(x)
	default:
		return json.Marshal(text(v, col))
	}
}

func jsonFloat(f float64, bits int) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null")
	}
	return []byte(strconv.FormatFloat(f, 'f', -1, bits))
}

// tableSink buffers a result and writes it as aligned columns, or as a
// markdown table.
type tableSink struct {
	w        io.Writer
	o        WriterOptions
	markdown bool
	cols     []Column
	rows     [][]any
	total    int
}

func (s *tableSink) Begin(cols []Column) error {
	s.cols, s.rows, s.total = cols, nil, 0
	return nil
}

func (s *tableSink) Row(vals []any) error {
	s.total++
	if s.o.MaxRows == 0 || len(s.rows) < s.o.MaxRows {
		s.rows = append(s.rows, append([]any(nil), vals...))
	}
	return nil
}

func (s *tableSink) End() error {
	fs := formatters(s.cols, s.rows)
	null := "NULL"
	if s.markdown {
		null = ""
	}
	// cells[r][c] holds the lines of a cell: EXPLAIN's plans span lines.
	header := make([][]string, len(s.cols))
	widths := make([]int, len(s.cols))
	for i, c := range s.cols {
		header[i] = []string{c.Name}
		widths[i] = width(c.Name)
	}
	if s.markdown {
		for i := range widths {
			widths[i] = max(widths[i], 3)
		}
	}
	cells := make([][][]string, len(s.rows))
	for r, row := range s.rows {
		cells[r] = make([][]string, len(row))
		for c, v := range row {
			var t string
			if v == nil {
				t = null
			} else {
				t = fs[c].format(v)
			}
			var lines []string
			if s.markdown {
				lines = []string{escapeMarkdown(t)}
			} else {
				lines = strings.Split(strings.ReplaceAll(t, "\t", "    "), "\n")
				if len(lines) == 1 {
					lines[0] = cut(lines[0], s.o.MaxWidth)
				}
			}
			for _, l := range lines {
				widths[c] = max(widths[c], width(l))
			}
			cells[r][c] = lines
		}
	}
	bw := bufio.NewWriter(s.w)
	if s.markdown {
		writeMarkdown(bw, s.cols, header, cells, widths)
	} else {
		writeTable(bw, s.cols, header, cells, widths)
	}
	switch {
	case s.markdown && s.total > len(s.rows):
		fmt.Fprintf(bw, "\n%s of %s rows shown.\n", group(strconv.Itoa(len(s.rows))), group(strconv.Itoa(s.total)))
	case s.markdown:
	case s.total > len(s.rows):
		fmt.Fprintf(bw, "(%s of %s rows shown: .mode csv or --output FILE writes them all)\n",
			group(strconv.Itoa(len(s.rows))), group(strconv.Itoa(s.total)))
	case s.total == 1:
		fmt.Fprintln(bw, "(1 row)")
	default:
		fmt.Fprintf(bw, "(%s rows)\n", group(strconv.Itoa(s.total)))
	}
	return bw.Flush()
}

func writeTable(w *bufio.Writer, cols []Column, header [][]string, cells [][][]string, widths []int) {
	line := func(parts [][]string) {
		height := 1
		for _, p := range parts {
			height = max(height, len(p))
		}
		for h := 0; h < height; h++ {
			var b strings.Builder
			for c, p := range parts {
				if c > 0 {
					b.WriteString(" │ ")
				}
				t := ""
				if h < len(p) {
					t = p[h]
				}
				b.WriteString(pad(t, widths[c], cols[c].Numeric() && len(p) == 1))
			}
			w.WriteString(strings.TrimRight(b.String(), " ") + "\n")
		}
	}
	line(header)
	var rule strings.Builder
	for c := range cols {
		if c > 0 {
			rule.WriteString("─┼─")
		}
		rule.WriteString(strings.Repeat("─", widths[c]))
	}
	w.WriteString(rule.String() + "\n")
	for _, row := range cells {
		line(row)
	}
}

func writeMarkdown(w *bufio.Writer, cols []Column, header [][]string, cells [][][]string, widths []int) {
	row := func(parts [][]string) {
		w.WriteString("|")
		for c, p := range parts {
			w.WriteString(" " + pad(p[0], widths[c], cols[c].Numeric()) + " |")
		}
		w.WriteString("\n")
	}
	row(header)
	w.WriteString("|")
	for c := range cols {
		if cols[c].Numeric() {
			w.WriteString(" " + strings.Repeat("-", widths[c]-1) + ": |")
		} else {
			w.WriteString(" " + strings.Repeat("-", widths[c]) + " |")
		}
	}
	w.WriteString("\n")
	for _, r := range cells {
		row(r)
	}
}

func escapeMarkdown(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", "<br>")
}

func width(s string) int { return uniseg.StringWidth(s) }

func pad(s string, w int, right bool) string {
	n := w - width(s)
	if n <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", n) + s
	}
	return s + strings.Repeat(" ", n)
}

// cut shortens s to at most w columns, ending it with "…".
func cut(s string, w int) string {
	if width(s) <= w {
		return s
	}
	var b strings.Builder
	n := 0
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		cw := g.Width()
		if n+cw > w-1 {
			break
		}
		b.WriteString(g.Str())
		n += cw
	}
	return b.String() + "…"
}

// cellFormat renders the values of one column for people: numbers with the
// same number of decimals down the column, thousands grouped when the
// column holds a number of five digits or more.
type cellFormat struct {
	col      Column
	group    bool
	decimals int // for floating-point columns
	float    bool
}

func formatters(cols []Column, rows [][]any) []cellFormat {
	fs := make([]cellFormat, len(cols))
	for c, col := range cols {
		f := cellFormat{col: col}
		for _, row := range rows {
			switch x := row[c].(type) {
			case float64:
				f.float = true
				f.decimals = max(f.decimals, floatDecimals(x))
				f.group = f.group || math.Abs(x) >= 1e4
			case float32:
				f.float = true
				f.decimals = max(f.decimals, floatDecimals(float64(x)))
				f.group = f.group || math.Abs(float64(x)) >= 1e4
			case nil:
			default:
				if col.Numeric() {
					t := strings.TrimPrefix(text(x, col), "-")
					if i := strings.IndexByte(t, '.'); i >= 0 {
						t = t[:i]
					}
					f.group = f.group || len(t) >= 5
				}
			}
		}
		fs[c] = f
	}
	return fs
}

// floatDecimals is how many decimals show six significant digits of f,
// at most 10, after dropping trailing zeros.
func floatDecimals(f float64) int {
	a := math.Abs(f)
	if a == 0 || math.IsNaN(a) || math.IsInf(a, 0) || a >= 1e15 {
		return 0
	}
	d := 6 - int(math.Floor(math.Log10(a))) - 1
	d = min(max(d, 0), 10)
	s := strconv.FormatFloat(a, 'f', d, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s = strings.TrimRight(s, "0")
		return len(s) - i - 1
	}
	return 0
}

func (f cellFormat) format(v any) string {
	var s string
	switch x := v.(type) {
	case float64:
		s = f.floatText(x)
	case float32:
		s = f.floatText(float64(x))
	default:
		s = text(v, f.col)
	}
	if f.group && f.col.Numeric() {
		return group(s)
	}
	return s
}

func (f cellFormat) floatText(x float64) string {
	a := math.Abs(x)
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return formatFloat(x, 64)
	case a != 0 && (a >= 1e15 || a < 1e-10):
		return strconv.FormatFloat(x, 'g', 6, 64)
	}
	return strconv.FormatFloat(x, 'f', f.decimals, 64)
}

// group puts a comma between thousands of a plain number: -1234567.5 →
// -1,234,567.5. Other text is returned as it is.
func group(s string) string {
	start := 0
	if strings.HasPrefix(s, "-") {
		start = 1
	}
	end := start
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end-start <= 3 || (end < len(s) && s[end] != '.') {
		return s
	}
	digits := s[start:end]
	var b strings.Builder
	b.WriteString(s[:start])
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	b.WriteString(s[end:])
	return b.String()
}
