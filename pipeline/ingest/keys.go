package ingest

import (
	"bufio"
	"database/sql/driver"
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/store"
)

// Repeated keys. The careful path keeps every key of a file in a map; the
// passes that only check a file keep a 64-bit hash of each good row's parsed
// key instead, sort the hashes and look for neighbours that are equal.
// Equal keys have equal hashes, so no repeat is missed; a collision only
// sends the file to the exact check.

// keyPart feeds one parsed key value into the row's key hash.
func (v *validator) keyPart(c *column, ci int, cell []byte, parsed driver.Value) {
	switch c.typ {
	case tDate:
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], uint64(v.dates[ci].Unix()))
		v.keyHash.Write(b[:])
	case tTimestamp:
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], uint64(v.dates[ci].UnixNano()))
		v.keyHash.Write(b[:])
	case tEnum:
		v.keyHash.WriteString(v.words[ci])
	case tNIP:
		v.keyHash.Write(v.nip[:]) // cell read the NIP's digits into v.nip
	case tMonth:
		if s, ok := parsed.(string); ok {
			v.keyHash.WriteString(s)
		} else {
			v.keyHash.Write(cell) // canonical: the cell is the value
		}
	default:
		v.keyHash.Write(cell)
	}
	v.keyHash.WriteByte(0)
}

// trackAt is track for a pass that must say where repeated keys stand.
func (v *validator) trackAt(line int) {
	v.keys.add(v.keyHash.Sum64(), line)
}

// track remembers the current good row's key hash for the duplicate check.
func (v *validator) track() {
	v.keys.add(v.keyHash.Sum64(), 0)
}

// keyRun is how many key hashes a pass holds before it sorts them and
// writes them to a temporary file as a run: 8M hashes, 64 MB (twice that
// while sorting, and again for their lines). A file of up to 8M rows is
// checked in memory; beyond, the memory stays the same however long the
// file is (a 100M-row file: 13 runs, 0.8 GB on disk), and the runs are
// merged to find equal neighbours.
var keyRun = 1 << 23

// keySet collects the key hashes of a pass (with their lines, for a pass
// that must say where repeated keys stand) in sorted runs.
type keySet struct {
	withLines bool
	expect    int // rows the file likely has (sizes the first run)
	keys      []uint64
	lines     []int
	repeat    bool            // a run had two equal hashes
	spill     *os.File        // the runs written so far, one after another
	runs      []int64         // their lengths, in hashes
	err       error           // writing a run failed
	probe     map[uint64]bool // repeatedLines's, while it merges the runs
	// recent holds the hashes of the last rows, a slot per hash's low
	// bits: a key repeated soon after its first row (a row sent twice) is
	// seen at once (near), before the hashes are sorted at the end.
	recent *[1 << 12]uint64
	near   bool
}

// expectRows estimates a file's rows from its size (rows are rarely
// shorter than 64 bytes), to size a key set's first run.
func expectRows(fi *fileInfo) int {
	return int(min(fi.stat.Size()/64, int64(keyRun)))
}

func newKeySet(withLines bool, expectRows int) *keySet {
	return &keySet{withLines: withLines, expect: expectRows}
}

func (s *keySet) add(h uint64, line int) {
	if s.repeat && !s.withLines || s.err != nil {
		return // the answer is known
	}
	if s.keys == nil {
		s.keys = make([]uint64, 0, min(max(s.expect, 1024), keyRun))
		s.recent = new([1 << 12]uint64)
	}
	slot := &s.recent[h&(1<<12-1)]
	s.near = s.near || *slot == h
	*slot = h
	s.keys = append(s.keys, h)
	if s.withLines {
		s.lines = append(s.lines, line)
	}
	if len(s.keys) == keyRun {
		s.writeRun()
	}
}

// sortRun sorts the hashes held (their lines along) and notes a repeat.
func (s *keySet) sortRun() {
	if s.withLines {
		s.keys, s.lines = sortHashes(s.keys, s.lines)
	} else {
		s.keys, _ = sortHashes[int](s.keys, nil)
	}
	for i := 1; i < len(s.keys) && !s.repeat; i++ {
		s.repeat = s.keys[i] == s.keys[i-1]
	}
}

// writeRun sorts the hashes held and appends them to the spill file.
func (s *keySet) writeRun() {
	s.sortRun()
	if s.repeat && !s.withLines {
		s.keys = nil
		return
	}
	if s.spill == nil {
		f, err := os.CreateTemp("", "wfheval-keys-*")
		if err != nil {
			s.err = fmt.Errorf("keeping the key hashes of a long file: %w", err)
			return
		}
		s.spill = f
	}
	w := bufio.NewWriterSize(s.spill, min(1<<20, 16*len(s.keys)))
	var b [16]byte
	for i, k := range s.keys {
		binary.LittleEndian.PutUint64(b[:], k)
		n := 8
		if s.withLines {
			binary.LittleEndian.PutUint64(b[8:], uint64(s.lines[i]))
			n = 16
		}
		w.Write(b[:n])
	}
	if err := w.Flush(); err != nil {
		s.err = fmt.Errorf("keeping the key hashes of a long file: %w", err)
		return
	}
	s.runs = append(s.runs, int64(len(s.keys)))
	s.keys, s.lines = s.keys[:0], s.lines[:0]
}

// close removes the spill file; the set is empty after.
func (s *keySet) close() {
	if s.spill != nil {
		s.spill.Close()
		os.Remove(s.spill.Name())
		s.spill = nil
	}
	s.keys, s.lines, s.runs = nil, nil, nil
}

// repeated reports whether two tracked rows had the same key hash: the
// file may repeat a key (or two keys' hashes collide, which the careful
// path then tells apart). Sorting the hashes beats a hash set here: millions
// of random inserts into a map miss the cache every time.
func (s *keySet) repeated() (bool, error) {
	defer s.close()
	s.sortRun()
	if s.err != nil || s.repeat || s.spill == nil {
		return s.repeat, s.err
	}
	dup := false
	err := s.merge(func(k uint64, _ []int) bool {
		dup = true
		return false
	})
	return dup, err
}

// repeatedLines returns, sorted, the lines of the tracked rows whose key
// hash another tracked row shares (a set made withLines). It sets each
// hash in probe (nil for none) to whether a tracked row has it.
func (s *keySet) repeatedLines(probe map[uint64]bool) ([]int, error) {
	defer s.close()
	s.probe = probe
	var out []int
	if s.sortRun(); s.err != nil {
		return nil, s.err
	}
	if s.spill == nil {
		for h := range s.probe {
			_, s.probe[h] = slices.BinarySearch(s.keys, h)
		}
		for i := 0; i < len(s.keys); {
			j := i + 1
			for j < len(s.keys) && s.keys[j] == s.keys[i] {
				j++
			}
			if j-i > 1 {
				out = append(out, s.lines[i:j]...)
			}
			i = j
		}
	} else if err := s.merge(func(_ uint64, lines []int) bool {
		out = append(out, lines...)
		return true
	}); err != nil {
		return nil, err
	}
	slices.Sort(out)
	return out, nil
}

// merge reads the runs on disk and the one in memory in hash order and
// calls dup with each hash that two or more rows share and their lines,
// until dup returns false.
func (s *keySet) merge(dup func(k uint64, lines []int) bool) error {
	width := int64(8)
	if s.withLines {
		width = 16
	}
	type head struct {
		r         *bufio.Reader
		left      int64 // hashes not yet read (a run on disk)
		mem       int   // the next index (the run in memory, r == nil)
		key, line uint64
	}
	var heads []*head
	next := func(h *head) bool {
		if h.r == nil {
			if h.mem == len(s.keys) {
				return false
			}
			h.key = s.keys[h.mem]
			if s.withLines {
				h.line = uint64(s.lines[h.mem])
			}
			h.mem++
			return true
		}
		if h.left == 0 {
			return false
		}
		var b [16]byte
		if _, err := io.ReadFull(h.r, b[:width]); err != nil {
			s.err = fmt.Errorf("reading back the key hashes of a long file: %w", err)
			return false
		}
		h.key, h.line = binary.LittleEndian.Uint64(b[:]), binary.LittleEndian.Uint64(b[8:])
		h.left--
		return true
	}
	var off int64
	for _, n := range s.runs {
		h := &head{r: bufio.NewReaderSize(io.NewSectionReader(s.spill, off*width, n*width), int(min(1<<18, n*width))), left: n}
		off += n
		if next(h) {
			heads = append(heads, h)
		}
	}
	if h := (&head{}); next(h) {
		heads = append(heads, h)
	}
	// A binary heap on the heads' keys.
	less := func(i, j int) bool { return heads[i].key < heads[j].key }
	down := func(i int) {
		for {
			c := 2*i + 1
			if c >= len(heads) {
				return
			}
			if c+1 < len(heads) && less(c+1, c) {
				c++
			}
			if !less(c, i) {
				return
			}
			heads[i], heads[c] = heads[c], heads[i]
			i = c
		}
	}
	for i := len(heads)/2 - 1; i >= 0; i-- {
		down(i)
	}
	pop := func() (uint64, uint64) {
		h := heads[0]
		k, line := h.key, h.line
		if !next(h) {
			heads[0] = heads[len(heads)-1]
			heads = heads[:len(heads)-1]
		}
		down(0)
		return k, line
	}
	var group []int
	for len(heads) > 0 && s.err == nil {
		k, line := pop()
		group = append(group[:0], int(line))
		for len(heads) > 0 && heads[0].key == k {
			_, l := pop()
			group = append(group, int(l))
		}
		if _, ok := s.probe[k]; ok {
			s.probe[k] = true
		}
		if len(group) > 1 && !dup(k, group) {
			break
		}
	}
	return s.err
}

// sortHashes sorts keys ascending, moving vals (when not nil) along, and
// returns both sorted; the inputs' memory is reused. The keys are seeded
// hashes, spread evenly: one pass puts them in 256 buckets by their top 8
// bits, and each bucket, which fits in the cache, is spread by its next
// bits into runs of a few keys sorted by insertion (sortBucket). That is
// 4 times quicker for 3.7M hashes with their lines than 4 passes of 16-bit
// radix digits over the whole array, whose 65,536 places to write miss the
// cache at every key.
func sortHashes[T any](keys []uint64, vals []T) ([]uint64, []T) {
	if len(keys) < 64 {
		insertionSort(keys, vals)
		return keys, vals
	}
	tk := make([]uint64, len(keys))
	var tv []T
	if vals != nil {
		tv = make([]T, len(vals))
	}
	// Each bucket sorts in its own place, the inputs' same place its
	// scratch.
	var runs []int
	lo := 0
	for _, hi := range spread(keys, vals, tk, tv, 56, 8, nil) {
		var bv, sv []T
		if vals != nil {
			bv, sv = tv[lo:hi], vals[lo:hi]
		}
		runs = sortBucket(tk[lo:hi], bv, keys[lo:hi], sv, runs)
		lo = hi
	}
	return tk, tv
}

// sortBucket sorts keys that share their top 8 bits (and vals along) with
// the scratch sk and sv of the same length: spread by the next bits into
// runs of about 4, each sorted by insertion, and copied back. A run that
// is long all the same (many rows of one key, or hashes alike in 24 bits
// and more) goes to sort.Sort. runs is spread's memory, returned for the
// next bucket.
func sortBucket[T any](keys []uint64, vals []T, sk []uint64, sv []T, runs []int) []int {
	if len(keys) < 64 {
		insertionSort(keys, vals)
		return runs
	}
	width := uint(min(bits.Len(uint(len(keys)/4)), 16)) // runs of about 4
	runs = spread(keys, vals, sk, sv, 56-width, width, runs)
	lo := 0
	for _, hi := range runs {
		var rv []T
		if vals != nil {
			rv = sv[lo:hi]
		}
		if hi-lo > 64 {
			sort.Sort(hashPairs[T]{sk[lo:hi], rv})
		} else {
			insertionSort(sk[lo:hi], rv)
		}
		lo = hi
	}
	copy(keys, sk)
	copy(vals, sv)
	return runs
}

// spread moves keys (and vals along, when not nil) into dk and dv, grouped
// by their width bits above shift in ascending order of those bits, and
// returns where each group ends in dk (a group starts where the one before
// ends); ends is memory for that.
func spread[T any](keys []uint64, vals []T, dk []uint64, dv []T, shift, width uint, ends []int) []int {
	mask := uint64(1)<<width - 1
	ends = slices.Grow(ends[:0], 1<<width+1)[:1<<width+1]
	clear(ends)
	for _, x := range keys {
		ends[(x>>shift)&mask+1]++
	}
	for i := 1; i < len(ends); i++ {
		ends[i] += ends[i-1]
	}
	// ends[d] is where group d starts until its keys are placed, then
	// where it ends.
	for i, x := range keys {
		d := (x >> shift) & mask
		dk[ends[d]] = x
		if vals != nil {
			dv[ends[d]] = vals[i]
		}
		ends[d]++
	}
	return ends[:1<<width]
}

func insertionSort[T any](keys []uint64, vals []T) {
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
			if vals != nil {
				vals[j], vals[j-1] = vals[j-1], vals[j]
			}
		}
	}
}

// hashPairs sorts keys with vals (nil for none) along, for sort.Sort.
type hashPairs[T any] struct {
	keys []uint64
	vals []T
}

func (p hashPairs[T]) Len() int           { return len(p.keys) }
func (p hashPairs[T]) Less(i, j int) bool { return p.keys[i] < p.keys[j] }
func (p hashPairs[T]) Swap(i, j int) {
	p.keys[i], p.keys[j] = p.keys[j], p.keys[i]
	if p.vals != nil {
		p.vals[i], p.vals[j] = p.vals[j], p.vals[i]
	}
}

// keyOf returns the key of a bad row as keyString writes it, if the row's
// key columns parse. It reads the row again, keeping its values, and
// without looking values up in the employees, departments or pins: a NIP
// no employee has is a key all the same (DuckDB's reader stores it).
func (v *validator) keyOf(rec *record) (string, bool) {
	k := v.h.kind
	vals := make([]driver.Value, len(k.columns))
	nips, opds, pins := v.nips, v.opds, v.pins
	v.nips, v.opds, v.pins = nil, nil, nil
	// The forms stay those of the row's first reading: a value read
	// again without its lookup (a department nobody has) is no form of
	// the file's.
	forms := slices.Clone(v.forms)
	v.row(rec, vals)
	v.nips, v.opds, v.pins = nips, opds, pins
	copy(v.forms, forms)
	idx := make([]int, len(k.key))
	for i, name := range k.key {
		idx[i] = k.column(name)
		if idx[i] < 0 || vals[idx[i]] == nil {
			return "", false
		}
	}
	return keyString(k, vals, idx), true
}

// keySQL is the SQL expression of a kind's key as keyString writes it.
func keySQL(k *Kind) string {
	var parts []string
	for _, name := range k.key {
		parts = append(parts, "CAST("+store.QuoteIdent(name)+" AS VARCHAR)")
	}
	return strings.Join(parts, " || '|' || ")
}

// exactKeys is the exact repeated-key check: the careful path runs it on
// every good row, the filtered path on the rows whose key hashes meet. Both
// reject the later row with the same words.
type exactKeys struct {
	k    *Kind
	idx  []int // the key's columns
	seen map[string]int
	// only, when not nil, are the lines of the rows whose key hash another
	// row shares (repeatedKeyLines): no other row's key can repeat.
	only map[int]bool
}

func newExactKeys(k *Kind) *exactKeys {
	e := &exactKeys{k: k, seen: map[string]int{}}
	for _, name := range k.key {
		e.idx = append(e.idx, k.column(name))
	}
	return e
}

// repeat returns the fault of a row whose key (in vals) an earlier line
// had; otherwise it remembers the key at line.
func (e *exactKeys) repeat(vals []driver.Value, line int) (fault, bool) {
	if e.only != nil && !e.only[line] {
		return fault{}, false
	}
	key := keyString(e.k, vals, e.idx)
	if first, dup := e.seen[key]; dup {
		names := strings.Join(e.k.key, ", ")
		return fault{column: strings.Join(e.k.key, ","), value: key,
			reason: fmt.Sprintf("duplicate key: same %s as line %d", names, first)}, true
	}
	e.seen[key] = line
	return fault{}, false
}

// keyString writes a parsed key as text: the value of its rejects row, as
// history.key writes it (a date 2025-11-06, a timestamp 2025-11-06
// 07:30:00, as DuckDB casts them to text).
func keyString(k *Kind, vals []driver.Value, idx []int) string {
	var b strings.Builder
	for i, ci := range idx {
		if i > 0 {
			b.WriteByte('|')
		}
		switch v := vals[ci].(type) {
		case time.Time:
			if k.columns[ci].typ == tTimestamp {
				b.WriteString(v.Format("2006-01-02 15:04:05.999999"))
			} else {
				b.WriteString(v.Format("2006-01-02"))
			}
		default:
			fmt.Fprint(&b, v)
		}
	}
	return b.String()
}
