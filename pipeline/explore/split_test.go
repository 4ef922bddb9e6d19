package explore_test

import (
	"reflect"
	"testing"

	"github.com/bekasi/wfheval/pipeline/explore"
)

func TestSplit(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []explore.Statement
	}{
		{"two on a line", "SELECT 1; SELECT 2;",
			[]explore.Statement{{"SELECT 1;", 1, 1}, {"SELECT 2;", 1, 11}}},
		{"multi-line", "SELECT a,\n  b\nFROM t;\n",
			[]explore.Statement{{"SELECT a,\n  b\nFROM t;", 1, 1}}},
		{"semicolons quoted", "SELECT 'a;b', \"c;d\", E'it\\'s;' ;",
			[]explore.Statement{{"SELECT 'a;b', \"c;d\", E'it\\'s;' ;", 1, 1}}},
		{"doubled quote", "SELECT 'it''s; fine';", []explore.Statement{{"SELECT 'it''s; fine';", 1, 1}}},
		{"string across lines", "SELECT 'a\n;b';", []explore.Statement{{"SELECT 'a\n;b';", 1, 1}}},
		{"comments", "-- a; comment\nSELECT /* ; /* nested; */ */ 1; -- trailing;\n",
			[]explore.Statement{{"-- a; comment\nSELECT /* ; /* nested; */ */ 1;", 1, 1}}},
		{"dollar quotes", "SELECT $$a;b$$, $tag$c;$$;d$tag$, $1;",
			[]explore.Statement{{"SELECT $$a;b$$, $tag$c;$$;d$tag$, $1;", 1, 1}}},
		{"only comments and empties", "-- nothing\n;;  ;\n/* x */", nil},
		{"no final semicolon", "SELECT 1;\n\n  SELECT 2", []explore.Statement{{"SELECT 1;", 1, 1}, {"SELECT 2", 3, 3}}},
		{"blank lines before", "\n\n   SELECT 3;", []explore.Statement{{"SELECT 3;", 3, 4}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := explore.Split(tc.in)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Split(%q)\n got %#v\nwant %#v", tc.in, got, tc.want)
			}
		})
	}
}

// The console feeds lines one by one and prompts for more while a statement
// is pending.
func TestSplitterPending(t *testing.T) {
	var s explore.Splitter
	steps := []struct {
		line    string
		done    int
		pending bool
	}{
		{"SELECT 'a", 0, true},
		{"b' AS x", 0, true},
		{"FROM t; SELECT", 1, true},
		{"2;", 1, false},
		{"/* open", 0, true},
		{"comment */", 0, false},
		{"   ", 0, false},
	}
	for i, st := range steps {
		got := s.Add(st.line)
		if len(got) != st.done || s.Pending() != st.pending {
			t.Errorf("step %d %q: %d statements, pending %v; want %d, %v", i, st.line, len(got), s.Pending(), st.done, st.pending)
		}
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"SELECT 1; SELECT 2", "SELECT 'a;b' -- c;\n;", "$x$;$x$;", "E'\\';'", "/* /* */ ;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, st := range explore.Split(s) {
			if st.SQL == "" || st.Line < 1 || st.Col < 1 {
				t.Fatalf("Split(%q) gave %#v", s, st)
			}
		}
	})
}
