package ingest

import (
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
