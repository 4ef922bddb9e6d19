package config_test

import (
	"os"
	"reflect"
	"testing"

	"github.com/bekasi/wfheval/pipeline/config"
)

// FuzzParse checks that Parse never panics and that whatever it accepts
// survives Marshal and Parse unchanged.
func FuzzParse(f *testing.F) {
	example, err := os.ReadFile("testdata/policy.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(example)
	f.Add([]byte("phases:\n  - {id: p, from: 2025-12-01, to: 2025-12-31, rule: {type: rotation, groups: [A, B], alternate: weekly}}\n"))
	f.Add([]byte("phases:\n  - {id: a, from: 2025-11-01, to: 2025-11-30, rule: &r {type: weekday, weekdays: [friday]}}\n" +
		"  - {id: b, from: 2025-12-01, to: 2025-12-31, rule: *r}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := config.Parse(data, "fuzz.yaml")
		if err != nil {
			return
		}
		out, err := c.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		again, err := config.Parse(out, "marshalled.yaml")
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if !reflect.DeepEqual(again, c) {
			t.Errorf("round trip changed the config:\n%s\ngot  %+v\nwant %+v", out, again, c)
		}
	})
}
