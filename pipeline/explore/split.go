package explore

import "strings"

// Statement is one complete SQL statement of the input and where it starts.
type Statement struct {
	SQL  string // the text, with its terminating semicolon if it had one
	Line int    // 1-based input line of the first character of SQL
	Col  int    // 1-based column (in bytes) of that character on its line
}

// Splitter cuts SQL text, fed line by line, into statements ended by a
// semicolon. A semicolon inside a string ('…', E'…', $$…$$, $tag$…$tag$), a
// quoted identifier ("…") or a comment (-- …, /* … */, nested) does not end
// a statement. Statements that hold nothing but comments and blanks are
// dropped. The zero value is ready to use.
type Splitter struct {
	buf     strings.Builder
	line    int // lines fed so far
	state   scanState
	depth   int    // nesting of /* */ comments
	tag     string // the dollar-quote tag being read, with both $
	content bool   // the pending statement holds something besides blanks and comments
	bufLine int    // input line and byte column (1-based) where buf begins
	bufCol  int
}

type scanState int

const (
	stNormal scanState = iota
	stSingle           // '…'
	stEscape           // E'…' with backslash escapes
	stDouble           // "…"
	stLineComment
	stBlockComment
	stDollar
)

// Add feeds one line (without its newline) and returns the statements it
// completed.
func (s *Splitter) Add(line string) []Statement {
	s.line++
	var out []Statement
	start := 0 // where the pending text of this line begins
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch s.state {
		case stNormal:
			switch {
			case c == ';':
				s.write(line[start:i+1], start)
				start = i + 1
				if st, ok := s.take(); ok {
					out = append(out, st)
				}
				continue
			case c == '-' && i+1 < len(line) && line[i+1] == '-':
				s.state = stLineComment
				i = len(line) // the rest of the line is the comment
				continue
			case c == '/' && i+1 < len(line) && line[i+1] == '*':
				s.state, s.depth = stBlockComment, 1
				i++
				continue
			case c == ' ' || c == '\t' || c == '\r':
				continue
			}
			s.mark(i)
			switch {
			case c == '\'':
				s.state = stSingle
				if i > 0 && (line[i-1] == 'E' || line[i-1] == 'e') && (i < 2 || !isIdent(line[i-2])) {
					s.state = stEscape
				}
			case c == '"':
				s.state = stDouble
			case c == '$' && (i == 0 || !isIdent(line[i-1])):
				if tag, ok := dollarTag(line[i:]); ok {
					s.state, s.tag = stDollar, tag
					i += len(tag) - 1
				}
			}
		case stSingle:
			if c == '\'' {
				if i+1 < len(line) && line[i+1] == '\'' {
					i++
				} else {
					s.state = stNormal
				}
			}
		case stEscape:
			if c == '\\' {
				i++
			} else if c == '\'' {
				if i+1 < len(line) && line[i+1] == '\'' {
					i++
				} else {
					s.state = stNormal
				}
			}
		case stDouble:
			if c == '"' {
				if i+1 < len(line) && line[i+1] == '"' {
					i++
				} else {
					s.state = stNormal
				}
			}
		case stBlockComment:
			if c == '*' && i+1 < len(line) && line[i+1] == '/' {
				i++
				if s.depth--; s.depth == 0 {
					s.state = stNormal
				}
			} else if c == '/' && i+1 < len(line) && line[i+1] == '*' {
				i++
				s.depth++
			}
		case stDollar:
			if c == '$' && strings.HasPrefix(line[i:], s.tag) {
				i += len(s.tag) - 1
				s.state, s.tag = stNormal, ""
			}
		}
	}
	if s.state == stLineComment {
		s.state = stNormal
	}
	s.write(line[start:]+"\n", start)
	return out
}

// write appends text that begins at byte start of the current line.
func (s *Splitter) write(text string, start int) {
	if s.buf.Len() == 0 {
		s.bufLine, s.bufCol = s.line, start+1
	}
	s.buf.WriteString(text)
}

// mark records that the pending statement has content.
func (s *Splitter) mark(int) { s.content = true }

// take returns the pending statement and starts a new one.
func (s *Splitter) take() (Statement, bool) {
	raw := s.buf.String()
	text := strings.TrimLeft(raw, " \t\r\n")
	lead := raw[:len(raw)-len(text)]
	st := Statement{SQL: strings.TrimRight(text, " \t\r\n"), Line: s.bufLine, Col: s.bufCol}
	if n := strings.Count(lead, "\n"); n > 0 {
		st.Line += n
		st.Col = len(lead) - strings.LastIndexByte(lead, '\n')
	} else {
		st.Col += len(lead)
	}
	ok := s.content
	s.buf.Reset()
	s.content = false
	return st, ok
}

// Pending reports whether a statement has begun and not yet ended: the
// console then prompts for more.
func (s *Splitter) Pending() bool {
	return s.content || s.state == stBlockComment || s.state == stDollar
}

// Flush returns the pending statement, if it holds anything, as if it had
// been ended with a semicolon: the end of piped input ends a statement.
func (s *Splitter) Flush() (Statement, bool) {
	s.state, s.depth, s.tag = stNormal, 0, ""
	return s.take()
}

// Reset drops the pending statement.
func (s *Splitter) Reset() {
	s.Flush()
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

func isIdent(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// dollarTag returns the opening $tag$ at the start of s, if there is one.
// A tag is empty or an identifier that does not start with a digit (so $1 is
// a parameter, not a quote).
func dollarTag(s string) (string, bool) {
	for j := 1; j < len(s); j++ {
		c := s[j]
		if c == '$' {
			return s[:j+1], true
		}
		if !isIdent(c) || j == 1 && c >= '0' && c <= '9' {
			return "", false
		}
	}
	return "", false
}
