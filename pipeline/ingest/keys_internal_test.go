package ingest

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// The key set finds the same repeats whether its hashes stay in memory or
// go to disk in runs: against a map, for runs of every size around the
// number of hashes.
func TestKeySetRunsFindWhatAMapFinds(t *testing.T) {
	defer func(n int) { keyRun = n }(keyRun)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 5, 1000} {
		for _, dups := range []int{0, 1, 7} {
			hashes := make([]uint64, n)
			for i := range hashes {
				hashes[i] = rng.Uint64() >> 50 // few enough values for natural repeats when n is large
				if n < 1000 {
					hashes[i] = rng.Uint64()
				}
			}
			for range dups {
				if n > 1 {
					hashes[rng.IntN(n)] = hashes[rng.IntN(n)]
				}
			}
			// What a map says.
			count := map[uint64]int{}
			for _, h := range hashes {
				count[h]++
			}
			var want []int
			for i, h := range hashes {
				if count[h] > 1 {
					want = append(want, i+1)
				}
			}
			for _, run := range []int{1, 2, 3, 64, 1 << 20} {
				keyRun = run
				lines := newKeySet(true, n)
				plain := newKeySet(false, n)
				for i, h := range hashes {
					lines.add(h, i+1)
					plain.add(h, 0)
				}
				got, err := lines.repeatedLines(nil)
				if err != nil {
					t.Fatal(err)
				}
				rep, err := plain.repeated()
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, want) || rep != (len(want) > 0) {
					t.Errorf("%d hashes, %d planted repeats, runs of %d: lines %v, repeated %v; want %v", n, dups, run, got, rep, want)
				}
				if lines.spill != nil || plain.spill != nil {
					t.Errorf("runs of %d: the spill file was left open", run)
				}
			}
		}
	}
}

// sortHashes gives what a comparison sort gives, each line beside its
// hash: for hashes spread evenly (the seeded hash's), for many rows of
// one key, and for hashes alike in their top 24 bits and more, whose
// runs are too long for an insertion sort.
func TestSortHashesSortsAsSlicesSortDoes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	type pair struct {
		k uint64
		v int
	}
	for _, n := range []int{0, 1, 63, 64, 65, 1000, 70_000} {
		for _, shape := range []string{"even", "one key", "alike"} {
			keys := make([]uint64, n)
			for i := range keys {
				switch shape {
				case "even":
					keys[i] = rng.Uint64()
				case "one key":
					keys[i] = 42 << 56
					if i%5 == 0 {
						keys[i] = rng.Uint64()
					}
				case "alike": // one bucket, one run: only the low 20 bits differ
					keys[i] = 0xabcdef<<40 | rng.Uint64()>>44
				}
			}
			vals := make([]int, n)
			want := make([]pair, n)
			for i := range keys {
				vals[i] = i + 2
				want[i] = pair{keys[i], i + 2}
			}
			byKey := func(a, b pair) int {
				if a.k != b.k {
					return cmp.Compare(a.k, b.k)
				}
				return a.v - b.v
			}
			slices.SortFunc(want, byKey)
			gotKeys, gotVals := sortHashes(slices.Clone(keys), vals)
			if !slices.IsSorted(gotKeys) {
				t.Fatalf("%d %s hashes: not sorted", n, shape)
			}
			got := make([]pair, n)
			for i := range gotKeys {
				got[i] = pair{gotKeys[i], gotVals[i]}
			}
			slices.SortFunc(got, byKey) // equal hashes may come in any order
			if !slices.Equal(got, want) {
				t.Fatalf("%d %s hashes: the lines did not stay beside their hashes", n, shape)
			}
			plain, _ := sortHashes[int](slices.Clone(keys), nil)
			if !slices.Equal(plain, gotKeys) {
				t.Fatalf("%d %s hashes: sorted without lines, the hashes differ", n, shape)
			}
		}
	}
}
