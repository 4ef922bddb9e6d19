package queries

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/bekasi/wfheval/pipeline"
)

// Block is one "-- name:" block of a .sql file.
type Block struct {
	Name string
	Line int // the 1-based line of its "-- name:"
	// Comment holds the comment lines right under the name, without "--"
	// and trimmed: a block's description (and explore's "param:" lines).
	Comment []string
	// SQL is the text up to the next block, trimmed; the comment lines
	// under the name are part of it.
	SQL string
}

// ParseBlocks cuts the text of a .sql file into its named blocks, in file
// order. Text before the first block is the file's own comment and is
// dropped. A name is an identifier (a letter or _, then letters, digits and
// _); words after it that start with ':' (sqlc's ":many") are allowed and
// ignored. A "-- name:" without a name, a name that is not an identifier,
// other words after it, or a name given twice is a *pipeline.FileError at
// that line; file names the text in it.
func ParseBlocks(file, text string) ([]Block, error) {
	var out []Block
	var cur *Block
	var body strings.Builder
	inHeader := false
	flush := func() {
		if cur != nil {
			cur.SQL = strings.TrimSpace(body.String())
			out = append(out, *cur)
		}
		body.Reset()
	}
	for i, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(trimmed, "-- name:"); ok {
			flush()
			name, err := blockName(rest)
			if err == nil && slices.ContainsFunc(out, func(b Block) bool { return b.Name == name }) {
				err = fmt.Errorf("query %q defined twice", name)
			}
			if err != nil {
				return nil, &pipeline.FileError{File: file, Line: i + 1, Err: err}
			}
			cur = &Block{Name: name, Line: i + 1}
			inHeader = true
			continue
		}
		if cur == nil {
			continue
		}
		if c, ok := strings.CutPrefix(trimmed, "--"); ok && inHeader {
			cur.Comment = append(cur.Comment, strings.TrimSpace(c))
		} else {
			inHeader = false
		}
		body.WriteString(line)
		body.WriteByte('\n')
	}
	flush()
	return out, nil
}

// blockName checks what follows "-- name:" and returns the name.
func blockName(rest string) (string, error) {
	f := strings.Fields(rest)
	if len(f) == 0 {
		return "", errors.New("-- name: without a name")
	}
	if !isIdent(f[0]) {
		return "", fmt.Errorf("-- name: %q is not a name (a letter or _, then letters, digits and _)", f[0])
	}
	for _, w := range f[1:] {
		if !strings.HasPrefix(w, ":") {
			return "", fmt.Errorf("-- name: %s: %q after the name (one name per block)", f[0], w)
		}
	}
	return f[0], nil
}

// isIdent reports whether s is an ASCII identifier.
func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z':
		case '0' <= r && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
