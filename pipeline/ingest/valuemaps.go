package ingest

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/bekasi/wfheval/pipeline"
)

// Value maps. The config's values: adds words to a kind's enum columns
// (values: {tickets: {status: {Closed: resolved}}}), matched as the
// built-in words are (case-insensitively, spaces and dashes as _), on top
// of them: a configured word wins over a built-in one. The config has
// checked that every target is a canonical value.

// withValues returns k itself when the config adds no word to it, else a
// copy whose enum columns hold the built-in words and the configured ones.
func withValues(k *Kind, values map[string]map[string]map[string]string) *Kind {
	extra := values[k.Name]
	if len(extra) == 0 {
		return k
	}
	c := *k
	c.columns = slices.Clone(k.columns)
	for i, col := range c.columns {
		add := extra[col.name]
		if col.typ != tEnum || len(add) == 0 {
			continue
		}
		m := maps.Clone(col.enum)
		for w, target := range add {
			m[normalizeHeader(w)] = target
		}
		c.columns[i].enum = m
	}
	return &c
}

// unknownWord is the reason of a reject for a word the column does not
// know: the words it accepts and how to map more.
func unknownWord(kind string, c column, cell []byte) string {
	var canon, aliases []string
	seen := map[string]bool{}
	for w, v := range c.enum {
		if !seen[v] {
			seen[v] = true
			canon = append(canon, v)
		}
		if normalizeHeader(w) == w && w != strings.ToLower(v) {
			aliases = append(aliases, w)
		}
	}
	slices.Sort(canon)
	slices.Sort(aliases)
	msg := fmt.Sprintf("unknown %s %q (accepted: %s", c.name, cell, strings.Join(canon, ", "))
	if len(aliases) > 0 {
		msg += "; or " + strings.Join(aliases, ", ")
	}
	msg += ")"
	if vals := pipeline.EnumValues[kind][c.name]; len(vals) > 0 {
		msg += fmt.Sprintf("; map more in the config: values: {%s: {%s: {%s: %s}}}", kind, c.name, quoteWord(string(cell)), vals[0])
	}
	return msg
}

// quoteWord writes a word as a YAML flow key: quoted where it has more
// than letters, digits and _.
func quoteWord(w string) string {
	for _, r := range w {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return fmt.Sprintf("%q", w)
		}
	}
	if w == "" {
		return `""`
	}
	return w
}
