package ingest_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bekasi/wfheval/pipeline/ingest"
)

// A file longer than a run loads as it does in memory: the corpus's
// cases with repeated keys (and a clean one) with runs of two hashes, on
// every path, and on Go's reader with the keys of only the rows whose
// hashes meet held exactly (as for a file too long for a map of them all).
func TestRepeatedKeysAcrossRuns(t *testing.T) {
	defer ingest.SetKeyRun(2)()
	defer ingest.SetCarefulKeysInMemory(0)()
	before, _ := filepath.Glob(filepath.Join(os.TempDir(), "wfheval-keys-*"))
	root := filepath.Join("..", "..", "testdata", "ingest", "cases")
	for _, name := range []string{"duplicate-key", "jsonl-duplicate-key", "punches-garbled-line", "indonesian-export-fast", "bad-row-sharing-a-key"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(root, name)
			matches, _ := filepath.Glob(filepath.Join(dir, "input*"))
			if len(matches) != 1 {
				t.Fatalf("want one input file, found %v", matches)
			}
			if _, err := os.ReadFile(matches[0]); err != nil { // for the test cache
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(dir, "want"))
			if err != nil {
				t.Fatal(err)
			}
			for _, careful := range []bool{false, true} {
				w := string(want)
				if careful {
					w = withoutWay(w)
				}
				if got := runCase(t, dir, matches[0], careful); got != w {
					t.Errorf("careful %v, with runs of two hashes\n--- got\n%s--- want\n%s", careful, got, want)
				}
			}
		})
	}
	after, _ := filepath.Glob(filepath.Join(os.TempDir(), "wfheval-keys-*"))
	if len(after) > len(before) {
		t.Errorf("spill files left behind: %v", after)
	}
}
