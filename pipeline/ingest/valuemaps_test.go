package ingest

import (
	"slices"
	"testing"

	"github.com/bekasi/wfheval/pipeline"
)

// TestEnumValuesAgree checks that the config's list of enum columns and
// canonical values (pipeline.EnumValues) is what ingest's word tables hold.
func TestEnumValuesAgree(t *testing.T) {
	for _, k := range Kinds {
		for _, c := range k.columns {
			want, listed := pipeline.EnumValues[k.Name][c.name]
			if c.typ != tEnum || !listed {
				continue
			}
			var got []string
			for _, v := range c.enum {
				if !slices.Contains(got, v) {
					got = append(got, v)
				}
			}
			slices.Sort(got)
			w := slices.Sorted(slices.Values(want))
			if !slices.Equal(got, w) {
				t.Errorf("%s.%s: ingest has %v, pipeline.EnumValues %v", k.Name, c.name, got, w)
			}
		}
		for col := range pipeline.EnumValues[k.Name] {
			if i := k.column(col); i < 0 || k.columns[i].typ != tEnum {
				t.Errorf("pipeline.EnumValues names %s.%s, not an enum column", k.Name, col)
			}
		}
	}
}
