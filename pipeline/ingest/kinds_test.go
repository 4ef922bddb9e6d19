package ingest_test

import (
	"slices"
	"testing"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/ingest"
)

// The loader knows every dataset kind of the contract, in its order
// (parents first), and no other: the config's header mappings and the
// help texts list pipeline.Kinds.
func TestKindsAreTheContracts(t *testing.T) {
	if got := ingest.KindNames(); !slices.Equal(got, pipeline.Kinds) {
		t.Errorf("ingest.Kinds are %v, pipeline.Kinds %v", got, pipeline.Kinds)
	}
	for _, name := range pipeline.Kinds {
		if k := ingest.KindByName(name); k == nil || len(k.Columns()) == 0 || len(k.Key()) == 0 {
			t.Errorf("kind %s: %v", name, k)
		}
	}
}
