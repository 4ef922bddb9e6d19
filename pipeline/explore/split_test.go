package explore_test

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

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
			[]explore.Statement{{"SELECT /* ; /* nested; */ */ 1;", 2, 1}}},
		{"dollar quotes", "SELECT $$a;b$$, $tag$c;$$;d$tag$, $1;",
			[]explore.Statement{{"SELECT $$a;b$$, $tag$c;$$;d$tag$, $1;", 1, 1}}},
		{"only comments and empties", "-- nothing\n;;  ;\n/* x */", nil},
		{"no final semicolon", "SELECT 1;\n\n  SELECT 2", []explore.Statement{{"SELECT 1;", 1, 1}, {"SELECT 2", 3, 3}}},
		{"blank lines before", "\n\n   SELECT 3;", []explore.Statement{{"SELECT 3;", 3, 4}}},
		// Issue 10 (2): DuckDB ends a -- comment at \r as well as \n.
		{"comment ended by CR", "SELECT 1 --x\r; CREATE TEMP TABLE h AS SELECT 7; SELECT * FROM h;",
			[]explore.Statement{{"SELECT 1 --x\r;", 1, 1}, {"CREATE TEMP TABLE h AS SELECT 7;", 1, 16}, {"SELECT * FROM h;", 1, 49}}},
		{"CR LF line ends", "SELECT 1;\r\n-- c\r\nSELECT 2;\r\n", []explore.Statement{{"SELECT 1;", 1, 1}, {"SELECT 2;", 3, 1}}},
		{"form feed is a blank", "\fSELECT 1;", []explore.Statement{{"SELECT 1;", 1, 2}}},
		{"E string after a number", "SELECT 1E'\\';'; SELECT 2;", []explore.Statement{{"SELECT 1E'\\';';", 1, 1}, {"SELECT 2;", 1, 17}}},
		{"E inside a word", "SELECT xE'\\'; SELECT 2';", []explore.Statement{{"SELECT xE'\\';", 1, 1}, {"SELECT 2';", 1, 15}}},
		{"dollar inside a word", "SELECT a$$b; SELECT $$;$$;", []explore.Statement{{"SELECT a$$b;", 1, 1}, {"SELECT $$;$$;", 1, 14}}},
		{"dollar after a number", "SELECT 1$$;$$;", []explore.Statement{{"SELECT 1$$;$$;", 1, 1}}},
		{"e with a dollar after a number", "SELECT 1e$$x; SELECT 2;", []explore.Statement{{"SELECT 1e$$x;", 1, 1}, {"SELECT 2;", 1, 15}}},
		{"named parameter", "SELECT $a; SELECT $a$;$a$;", []explore.Statement{{"SELECT $a;", 1, 1}, {"SELECT $a$;$a$;", 1, 12}}},
		{"tags are case-sensitive", "SELECT $t$;$T$;$t$;", []explore.Statement{{"SELECT $t$;$T$;$t$;", 1, 1}}},
		{"quoted identifier has no escapes", `SELECT "a\"; SELECT 2;`, []explore.Statement{{`SELECT "a\";`, 1, 1}, {"SELECT 2;", 1, 14}}},
		{"string has no escapes", `SELECT 'a\'; SELECT 2;`, []explore.Statement{{`SELECT 'a\';`, 1, 1}, {"SELECT 2;", 1, 14}}},
		{"comment in an operator", "SELECT 1 +-- c;\n 2; /*/ ; */ SELECT 3;", []explore.Statement{{"SELECT 1 +-- c;\n 2;", 1, 1}, {"SELECT 3;", 2, 14}}},
		{"a string first, over lines", "SELECT 1; 'a\n;b';", []explore.Statement{{"SELECT 1;", 1, 1}, {"'a\n;b';", 1, 11}}},
		{"position after a leading comment", "-- note\n  /* more */ SELECT 1", []explore.Statement{{"SELECT 1", 2, 14}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := explore.Split(tc.in)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Split(%q)\n got %#v\nwant %#v", tc.in, got, tc.want)
			}
			// Where DuckDB parses the text, it reads as many statements.
			if n, err := explore.CountStatements(tc.in); err == nil && n != len(tc.want) {
				t.Errorf("DuckDB reads %d statements in %q, the case %d", n, tc.in, len(tc.want))
			} else if err != nil {
				t.Logf("DuckDB: %v", err)
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

// FuzzSplitCountsAsDuckDB checks the splitter against DuckDB's own parser:
// wherever DuckDB parses a text, the splitter finds as many statements in
// it as DuckDB, and DuckDB finds one in each of them. (A PIVOT without its
// values is two statements to DuckDB and one to the splitter; Runner.Run
// refuses it, as it refuses a NUL byte, which ends the text for DuckDB, and
// text that is not UTF-8, which DuckDB reads in ways of its own.)
func FuzzSplitCountsAsDuckDB(f *testing.F) {
	for _, s := range []string{
		"SELECT 1; SELECT 2", "SELECT 'a;b' -- c;\n;", "$x$;$x$;", "E'\\';'", "/* /* */ ;", "SELECT 1 --x\r; SELECT 2;",
		"SELECT 1E'\\';'; SELECT 2", "SELECT a$$b; SELECT $$;$$", "SELECT 1e$$x$$; SELECT 2", `SELECT "a;""b"; SELECT 'c''d;'`,
		"SELECT $tag$ ; $TAG$ ; $tag$; SELECT 2", "SELECT B'01', X'ff', N'x;', U&'y;'; SELECT 3", "SELECT 1.e5, .5, 1..2, 1_000;",
		"SELECT 1 /*/ ; */ ; SELECT 2 +-- x\n 3", "CREATE TEMP MACRO m(x) AS x; FROM m(1);", "SELECT $1, ?2, $name;;;\f\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := explore.Split(s)
		for _, st := range got {
			if st.SQL == "" || st.Line < 1 || st.Col < 1 {
				t.Fatalf("Split(%q) gave %#v", s, st)
			}
		}
		if strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s) || strings.Contains(strings.ToUpper(s), "PIVOT") {
			return // Runner.Run refuses NUL bytes and text that is not UTF-8
		}
		n, err := explore.CountStatements(s)
		if err != nil || n == 0 {
			// DuckDB runs nothing of a text it cannot parse. (It reads no
			// statement, and gives no error, in some that are not UTF-8
			// and in some one-word texts such as "Ў".)
			return
		}
		if len(got) != n {
			t.Fatalf("Split(%q) gave %d statements %+v, DuckDB reads %d", s, len(got), got, n)
		}
		for _, st := range got {
			if m, err := explore.CountStatements(st.SQL); err != nil || m != 1 {
				t.Fatalf("Split(%q) gave %q, in which DuckDB reads %d statements (%v)", s, st.SQL, m, err)
			}
		}
	})
}
