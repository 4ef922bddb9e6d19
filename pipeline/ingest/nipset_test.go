package ingest

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestNIPSetFindsWhatAMapFinds puts random NIPs (and the smallest and the
// largest, and texts that are no NIP) into a nipSet and a map, and asks
// both about members, near misses and other NIPs.
func TestNIPSetFindsWhatAMapFinds(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{1, 5, 100, 12000} {
		texts := []string{"000000000000000000", "999999999999999999", "12345", "19850312201001100x", "1985 0312 2010 01 1 003"}
		member := map[string]bool{"000000000000000000": true, "999999999999999999": true}
		for range n {
			nip := fmt.Sprintf("%018d", r.Uint64N(1e18))
			texts = append(texts, nip, nip) // each twice
			member[nip] = true
		}
		s := newNIPSet(texts)
		ask := func(nip string) {
			t.Helper()
			var d [18]byte
			if !nipDigits([]byte(nip), &d) {
				t.Fatalf("%q is no NIP", nip)
			}
			if got := s.has(&d); got != member[nip] {
				t.Fatalf("n=%d: has(%s) = %v, the map says %v", n, nip, got, member[nip])
			}
		}
		for nip := range member {
			ask(nip)
			d := [18]byte([]byte(nip))
			u := nipNumber(&d)
			for _, near := range []uint64{u - 1, u + 1} {
				if near < 1e18 {
					ask(fmt.Sprintf("%018d", near))
				}
			}
		}
		for range 10000 {
			ask(fmt.Sprintf("%018d", r.Uint64N(1e18)))
		}
		// The spaced text was not 18 digits as the employees hold it.
		ask("198503122010011003")
	}
}

// TestNIPSetChainWraps fills the probe chain of a small set's last slot,
// so that lookups of members wrap around to the first slots and lookups of
// others with the same home walk the chain to its end.
func TestNIPSetChainWraps(t *testing.T) {
	s := newNIPSet(nil)
	last := uint64(len(s.slots) - 1)
	var same []uint64 // numbers whose home slot is the last one
	for u := uint64(198500000000000000); len(same) < 10; u++ {
		if s.home(u) == last {
			same = append(same, u)
		}
	}
	var texts []string
	for _, u := range same[:6] {
		texts = append(texts, fmt.Sprintf("%018d", u))
	}
	s = newNIPSet(texts)
	if len(s.slots) != 16 {
		t.Fatalf("%d slots, want 16 (the homes were found for 16)", len(s.slots))
	}
	for i, u := range same {
		d := [18]byte([]byte(fmt.Sprintf("%018d", u)))
		if got, want := s.has(&d), i < 6; got != want {
			t.Errorf("has(%d) = %v, want %v", u, got, want)
		}
	}
}
