package explore

import "strings"

// Statement is one complete SQL statement of the input and where it starts.
type Statement struct {
	SQL  string // the text from its first token on, with its terminating semicolon if it had one
	Line int    // 1-based input line of the statement's first token
	Col  int    // 1-based column (in bytes) of that token on its line
}

// Splitter cuts SQL text, fed line by line, into statements ended by a
// semicolon, reading the text as DuckDB's scanner does (lexer): a semicolon
// inside a string ('…', E'…', B'…', X'…', U&'…', $$…$$, $tag$…$tag$), a
// quoted identifier ("…") or a comment (-- … up to a line feed or a
// carriage return, /* … */ nested) does not end a statement. Comments and
// blanks before a statement's first token are not part of it; statements
// that hold nothing else are dropped. The zero value is ready to use.
//
// The splitter decides only where the console's statements end and where
// errors point. What runs is decided by DuckDB's own parser: Runner.Run
// refuses a text in which DuckDB finds more than one statement.
type Splitter struct {
	lx      lexer
	buf     strings.Builder // the input since the last statement ended
	line    int             // lines fed (or skipped) so far
	bufLine int             // input line and byte column (1-based) of buf's first byte
	bufCol  int
	first   int // offset in buf of the pending statement's first token; -1 (or 0 with !started) if none
	started bool
}

// Add feeds one line (without its newline) and returns the statements it
// completed.
func (s *Splitter) Add(line string) []Statement {
	s.line++
	if s.buf.Len() == 0 {
		s.bufLine, s.bufCol = s.line, 1
	}
	from := s.buf.Len()
	s.buf.WriteString(line)
	s.buf.WriteByte('\n')
	text := s.buf.String()
	var out []Statement
	cut := 0 // text before cut belongs to statements already returned, or to nothing
	s.lx.scan(text, from, func(t token) {
		if t.kind == tokSemicolon {
			if s.started {
				out = append(out, s.statement(text, s.first, t.end))
			}
			s.started, cut = false, t.end
			return
		}
		if !s.started {
			s.started, s.first = true, t.start
		}
	})
	switch {
	case s.started:
		// keep the pending statement
	case s.lx.open():
		// A string or quoted identifier that began after the last
		// semicolon is the pending statement's first token.
		s.started, s.first = true, s.lx.tokStart
	default:
		// Only blanks and comments since the last semicolon.
		cut = len(text)
	}
	s.drop(text, cut)
	return out
}

// skip counts a line that is not SQL (a dot-command), so that the lines of
// later statements stay right.
func (s *Splitter) skip() {
	s.line++
	if s.buf.Len() == 0 {
		s.bufLine = s.line + 1
	}
}

// drop removes the first cut bytes of the buffer.
func (s *Splitter) drop(text string, cut int) {
	if cut == 0 {
		return
	}
	s.bufLine, s.bufCol = s.position(text, cut)
	rest := text[cut:]
	s.buf.Reset()
	s.buf.WriteString(rest)
	s.first -= cut
	s.lx.tokStart -= cut
	if rest == "" {
		// The next line starts afresh.
		s.bufLine, s.bufCol = s.line+1, 1
	}
}

// position returns the input line and column of offset off in text, the
// buffer.
func (s *Splitter) position(text string, off int) (line, col int) {
	before := text[:off]
	n := strings.Count(before, "\n")
	if n == 0 {
		return s.bufLine, s.bufCol + off
	}
	return s.bufLine + n, off - strings.LastIndexByte(before, '\n')
}

func (s *Splitter) statement(text string, start, end int) Statement {
	line, col := s.position(text, start)
	return Statement{SQL: strings.TrimRight(text[start:end], " \t\r\n\f"), Line: line, Col: col}
}

// Pending reports whether a statement has begun and not yet ended, or a
// comment is open: the console then prompts for more.
func (s *Splitter) Pending() bool {
	return s.started || s.lx.state != lexNormal && s.lx.state != lexLineComment
}

// Flush returns the pending statement, if there is one, as if it had been
// ended with a semicolon: the end of piped input ends a statement.
func (s *Splitter) Flush() (Statement, bool) {
	text := s.buf.String()
	st, ok := Statement{}, s.started
	if ok {
		st = s.statement(text, s.first, len(text))
	}
	s.Reset()
	return st, ok
}

// Reset drops the pending statement.
func (s *Splitter) Reset() {
	s.lx = lexer{}
	s.buf.Reset()
	s.started, s.first = false, 0
}

// Split cuts text into its statements; a last statement without a
// semicolon counts too.
func Split(text string) []Statement {
	var s Splitter
	var out []Statement
	for _, line := range strings.Split(text, "\n") {
		out = append(out, s.Add(line)...)
	}
	if st, ok := s.Flush(); ok {
		out = append(out, st)
	}
	return out
}

// lexState is what the lexer is reading.
type lexState uint8

const (
	lexNormal       lexState = iota
	lexLineComment           // -- … up to \n or \r
	lexBlockComment          // /* … */, nested
	lexSingle                // '…', and B'…', X'…', N'…', U&'…': '' is a quote
	lexEscape                // E'…': '' and \' are quotes
	lexDouble                // "…": "" is a quote
	lexDollar                // $$…$$, $tag$…$tag$
)

// tokKind is a kind of token, as far as splitting and checking statements
// need to tell them apart.
type tokKind uint8

const (
	tokWord      tokKind = iota // an identifier or a keyword
	tokQuoted                   // a "quoted identifier"
	tokString                   // a string constant of any kind
	tokNumber                   // a numeric constant
	tokSemicolon                // ;
	tokOther                    // any other character: an operator, a parenthesis, the $ of a parameter
)

// token is a token of scanned text: its kind and byte offsets.
type token struct {
	kind       tokKind
	start, end int
}

// lexer reads SQL as DuckDB's scanner (libpg_query's scan.l, measured
// against DuckDB 1.5.6 by FuzzSplitCountsAsDuckDB) does, as far as the ends
// of strings, identifiers and comments go:
//
//   - blanks are space, \t, \n, \r and \f; a -- comment ends at \n or \r;
//   - /* */ comments nest;
//   - '…' strings double their quote; E'…' strings (an E that begins a
//     token) also take backslash escapes; B'…', X'…', N'…' and U&'…' read as
//     '…';
//   - "…" identifiers double their quote, without escapes;
//   - $tag$…$tag$ strings begin with $, an optional tag (a letter, _ or a
//     byte ≥ 0x80, then those or digits) and $, where a token begins: inside
//     an identifier (letters, digits, _, $ and bytes ≥ 0x80) a $ belongs to
//     it, while after a number it begins a token;
//   - numbers are digits (with single _ between them), a decimal point and
//     an exponent, so that 1e$$ is 1 then the identifier e$$.
//
// Its state carries strings and comments from one scan to the next.
type lexer struct {
	state    lexState
	depth    int    // nesting of /* */ within the outer one
	tag      string // the dollar-quote delimiter, $ included
	tokStart int    // where the open string or quoted identifier began
	skip     int    // bytes of an escape to skip at the start of the next scan
}

// open reports whether a string or quoted identifier is open.
func (lx *lexer) open() bool {
	return lx.state >= lexSingle
}

func (lx *lexer) begin(st lexState, at int) {
	lx.state, lx.tokStart = st, at
}

// scan reads s from offset from, the text before having been scanned in the
// lexer's current state, and calls emit with each token it completes, its
// offsets in s.
func (lx *lexer) scan(s string, from int, emit func(token)) {
	i := from + lx.skip
	lx.skip = 0
	for i < len(s) {
		c := s[i]
		switch lx.state {
		case lexNormal:
			switch {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
				i++
			case c == '-' && at(s, i+1) == '-':
				lx.state = lexLineComment
				i += 2
			case c == '/' && at(s, i+1) == '*':
				lx.state, lx.depth = lexBlockComment, 0
				i += 2
			case c == '\'':
				lx.begin(lexSingle, i)
				i++
			case c == '"':
				lx.begin(lexDouble, i)
				i++
			case c == '$':
				if tag, ok := dollarTag(s[i:]); ok {
					lx.begin(lexDollar, i)
					lx.tag = tag
					i += len(tag)
				} else {
					emit(token{tokOther, i, i + 1})
					i++
				}
			case isIdentStart(c):
				j := i + 1
				for j < len(s) && isIdentCont(s[j]) {
					j++
				}
				if j == i+1 && (c == 'e' || c == 'E') && at(s, j) == '\'' {
					lx.begin(lexEscape, i)
					i = j + 1
					continue
				}
				emit(token{tokWord, i, j})
				i = j
			case isDigit(c) || c == '.' && isDigit(at(s, i+1)):
				j := scanNumber(s, i)
				emit(token{tokNumber, i, j})
				i = j
			case c == ';':
				emit(token{tokSemicolon, i, i + 1})
				i++
			default:
				emit(token{tokOther, i, i + 1})
				i++
			}
		case lexLineComment:
			if j := strings.IndexAny(s[i:], "\n\r"); j >= 0 {
				lx.state = lexNormal
				i += j + 1
			} else {
				i = len(s)
			}
		case lexBlockComment:
			switch {
			case c == '/' && at(s, i+1) == '*':
				lx.depth++
				i += 2
			case c == '*' && at(s, i+1) == '/':
				if lx.depth == 0 {
					lx.state = lexNormal
				} else {
					lx.depth--
				}
				i += 2
			default:
				i++
			}
		case lexSingle, lexDouble:
			q, kind := byte('\''), tokString
			if lx.state == lexDouble {
				q, kind = '"', tokQuoted
			}
			j := strings.IndexByte(s[i:], q)
			if j < 0 {
				i = len(s)
				break
			}
			i += j
			if at(s, i+1) == q {
				i += 2
				continue
			}
			emit(token{kind, lx.tokStart, i + 1})
			lx.state = lexNormal
			i++
		case lexEscape:
			j := strings.IndexAny(s[i:], `\'`)
			if j < 0 {
				i = len(s)
				break
			}
			i += j
			switch {
			case s[i] == '\\':
				i += 2
			case at(s, i+1) == '\'':
				i += 2
			default:
				emit(token{tokString, lx.tokStart, i + 1})
				lx.state = lexNormal
				i++
			}
		case lexDollar:
			j := strings.Index(s[i:], lx.tag)
			if j < 0 {
				// A delimiter holds no line break, so it cannot be
				// split between two scans of lines.
				i = len(s)
				break
			}
			i += j + len(lx.tag)
			emit(token{tokString, lx.tokStart, i})
			lx.state, lx.tag = lexNormal, ""
		}
	}
	if i > len(s) {
		lx.skip = i - len(s)
	}
}

// at returns s[i], or 0 past the end.
func at(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdentCont(c byte) bool { return isIdentStart(c) || isDigit(c) || c == '$' }

// scanNumber returns the end of the number that begins at s[i]: an integer
// (digits, single _ between digits), a decimal (1.5, 1., .5; 1..2 is 1, ..,
// 2) and an exponent (e5, E-3; an e without digits is not part of it).
func scanNumber(s string, i int) int {
	integer := func(j int) int {
		if !isDigit(at(s, j)) {
			return j
		}
		j++
		for {
			switch {
			case isDigit(at(s, j)):
				j++
			case at(s, j) == '_' && isDigit(at(s, j+1)):
				j += 2
			default:
				return j
			}
		}
	}
	j := integer(i)
	if at(s, j) == '.' && !(j > i && at(s, j+1) == '.') {
		j = integer(j + 1)
	}
	if c := at(s, j); c == 'e' || c == 'E' {
		k := j + 1
		if c := at(s, k); c == '+' || c == '-' {
			k++
		}
		if e := integer(k); e > k {
			j = e
		}
	}
	return j
}

// dollarTag returns the opening $tag$ at the start of s, if there is one.
// A tag is empty or a letter, _ or byte ≥ 0x80, then those or digits (so $1
// is a parameter, not a quote).
func dollarTag(s string) (string, bool) {
	j := 1
	if c := at(s, j); c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 {
		for j++; j < len(s) && (isIdentStart(s[j]) || isDigit(s[j])); j++ {
		}
	}
	if at(s, j) == '$' {
		return s[:j+1], true
	}
	return "", false
}

// lexTokens returns the tokens of one complete text.
func lexTokens(text string) []token {
	var lx lexer
	var out []token
	lx.scan(text, 0, func(t token) { out = append(out, t) })
	return out
}

// tokenText returns what a word or quoted identifier names: the word as
// written, or the quoted text with its doubled quotes made single.
func tokenText(text string, t token) string {
	s := text[t.start:t.end]
	if t.kind == tokQuoted && len(s) >= 2 {
		return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
	}
	return s
}

// lowerASCII lower-cases ASCII letters only, as DuckDB does with
// identifiers.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
