package queries_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/queries"
	sqlexplore "github.com/bekasi/wfheval/queries/explore"
)

func TestParseBlocks(t *testing.T) {
	tests := []struct {
		name, text string
		want       []queries.Block
		wantErr    string // the whole message, place included
	}{
		{
			name: "line numbers, comment lines and the file's own comment",
			text: "-- The file's comment.\n\n-- name: First :one\n-- What it is.\n--   indented\nSELECT 1;\n-- not a header line\n\n  -- name: second\nSELECT 2;\n",
			want: []queries.Block{
				{Name: "First", Line: 3, Comment: []string{"What it is.", "indented"},
					SQL: "-- What it is.\n--   indented\nSELECT 1;\n-- not a header line"},
				{Name: "second", Line: 9, SQL: "SELECT 2;"},
			},
		},
		{name: "no block", text: "-- only a comment\nSELECT 1;\n"},
		{name: "empty block", text: "-- name: Empty\n", want: []queries.Block{{Name: "Empty", Line: 1}}},
		{name: "empty name", text: "-- name: A\nSELECT 1;\n-- name:\nSELECT 2;\n",
			wantErr: "x.sql:3: -- name: without a name"},
		{name: "blank name", text: "-- name:   \t\nSELECT 1;\n", wantErr: "x.sql:1: -- name: without a name"},
		{name: "duplicate", text: "-- name: A\nSELECT 1;\n\n-- name: A\nSELECT 2;\n",
			wantErr: `x.sql:4: query "A" defined twice`},
		{name: "not an identifier", text: "-- name: daily-sla\nSELECT 1;\n",
			wantErr: `x.sql:1: -- name: "daily-sla" is not a name (a letter or _, then letters, digits and _)`},
		{name: "starts with a digit", text: "\n-- name: 1st\nSELECT 1;\n",
			wantErr: `x.sql:2: -- name: "1st" is not a name (a letter or _, then letters, digits and _)`},
		{name: "two names", text: "-- name: A B\nSELECT 1;\n", wantErr: `x.sql:1: -- name: A: "B" after the name (one name per block)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := queries.ParseBlocks("x.sql", tc.text)
			if tc.wantErr != "" {
				var fe *pipeline.FileError
				if !errors.As(err, &fe) || err.Error() != tc.wantErr {
					t.Fatalf("error %v, want the *pipeline.FileError %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

// Every set of statements the code reads loads: each block has its field
// and each field its block.
func TestLoadSets(t *testing.T) {
	check := func(name string, v any, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		rv := reflect.ValueOf(v).Elem()
		for i := range rv.NumField() {
			if rv.Field(i).String() == "" {
				t.Errorf("%s.%s is empty", name, rv.Type().Field(i).Name)
			}
		}
	}
	e, err := queries.LoadEvaluate()
	check("Evaluate", e, err)
	in, err := queries.LoadIngest()
	check("Ingest", in, err)
	r, err := queries.LoadRuns()
	check("Runs", r, err)
	c, err := sqlexplore.LoadCatalog()
	check("Catalog", c, err)
	if e != nil {
		e.DataRange = "changed"
		if again, _ := queries.LoadEvaluate(); again.DataRange == "changed" {
			t.Error("LoadEvaluate returns a set that another caller changed")
		}
	}
}

func TestLoadErrors(t *testing.T) {
	type set struct{ A, B string }
	fsys := fstest.MapFS{
		"ab.sql":    {Data: []byte("-- name: A\nSELECT 1;\n-- name: B\nSELECT 2;\n")},
		"a.sql":     {Data: []byte("-- name: A\nSELECT 1;\n")},
		"abc.sql":   {Data: []byte("-- name: A\nSELECT 1;\n-- name: B\nSELECT 2;\n\n-- name: C\nSELECT 3;\n")},
		"again.sql": {Data: []byte("-- comment\n-- name: B\nSELECT 2;\n")},
	}
	got, err := queries.Load[set](fsys, "ab.sql")
	if err != nil || got.A != "SELECT 1;" || got.B != "SELECT 2;" {
		t.Fatalf("Load = %+v, %v", got, err)
	}
	tests := []struct {
		name    string
		files   []string
		wantErr string
	}{
		{"field without a block", []string{"a.sql"}, `queries: queries_test.set.B: no "-- name: B" block in a.sql`},
		{"block without a field", []string{"abc.sql"}, "abc.sql:6: query C: queries_test.set has no field C"},
		{"block in two files", []string{"ab.sql", "again.sql"}, `again.sql:2: query "B" is defined in ab.sql too`},
		{"missing file", []string{"nope.sql"}, "reading nope.sql: open nope.sql: file does not exist"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := queries.Load[set](fsys, tc.files...)
			if err == nil || err.Error() != tc.wantErr {
				t.Errorf("error %v, want %q", err, tc.wantErr)
			}
		})
	}
	if _, err := queries.Load[struct{ N int }](fsys, "a.sql"); err == nil || !strings.Contains(err.Error(), "field N is not an exported string") {
		t.Errorf("a struct with an int field: error %v", err)
	}
}

func TestNamed(t *testing.T) {
	m, err := queries.Named("ingest/load.sql")
	if err != nil {
		t.Fatal(err)
	}
	in := queries.Must(queries.LoadIngest())
	if m["AlreadyLoaded"] != in.AlreadyLoaded || in.AlreadyLoaded == "" {
		t.Errorf("Named and LoadIngest disagree on AlreadyLoaded")
	}
}
