package ingest

import "math/bits"

// nipSet is the known employees' NIPs, for the check of every row that
// names one: each NIP (18 digits: below 2^63) is a number in an open
// table, so a lookup reads one slot, or the few after it, where a map of
// strings reads its slot and then the string's bytes elsewhere in memory
// (with plainEdges, Go's check of the demo city's attendance went from
// 512–530 to 462–466 ns a row: docs/performance.md).
type nipSet struct {
	slots []uint64 // the NIP's number + 1; 0 is an empty slot
	shift uint     // a number's home slot is its Fibonacci hash >> shift
}

// newNIPSet returns the set of the NIPs among nips; a text that is not 18
// digits is none (no row's NIP, read by nipDigits, can equal it).
func newNIPSet(nips []string) *nipSet {
	size := 16
	for size < 2*len(nips) {
		size *= 2
	}
	s := &nipSet{slots: make([]uint64, size), shift: uint(64 - bits.Len(uint(size-1)))}
	for _, t := range nips {
		var d [18]byte
		if len(t) == 18 && copy(d[:], t) == 18 && allDigits(d[:]) {
			s.add(nipNumber(&d))
		}
	}
	return s
}

// nipNumber is the number an 18-digit NIP writes.
func nipNumber(d *[18]byte) uint64 {
	var u uint64
	for _, c := range d {
		u = u*10 + uint64(c-'0')
	}
	return u
}

func (s *nipSet) home(u uint64) uint64 { return (u * 0x9E3779B97F4A7C15) >> s.shift }

func (s *nipSet) add(u uint64) {
	if i, found := s.slot(u); !found {
		s.slots[i] = u + 1
	}
}

// has reports whether the NIP of digits d is in the set.
func (s *nipSet) has(d *[18]byte) bool {
	_, found := s.slot(nipNumber(d))
	return found
}

// slot returns the slot holding u, found, or else the empty slot where
// its probe from its home slot ends.
func (s *nipSet) slot(u uint64) (i uint64, found bool) {
	mask := uint64(len(s.slots) - 1)
	for i = s.home(u); ; i = (i + 1) & mask {
		switch s.slots[i] {
		case u + 1:
			return i, true
		case 0:
			return i, false
		}
	}
}
