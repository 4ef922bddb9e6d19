package ingest

import (
	"database/sql/driver"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"time"
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
	case tNIP, tMonth:
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
	v.track()
	v.lines = append(v.lines, line)
}

// repeatedLines returns, sorted, the lines of the tracked rows whose key
// hash another tracked row shares (trackAt only).
func (v *validator) repeatedLines() []int {
	keys, lines := radixSort(v.keys, v.lines)
	var out []int
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		if j-i > 1 {
			out = append(out, lines[i:j]...)
		}
		i = j
	}
	slices.Sort(out)
	return out
}

// track remembers the current good row's key hash for the duplicate check.
func (v *validator) track() {
	if v.keys == nil {
		v.keys = make([]uint64, 0, v.expectRows)
	}
	v.keys = append(v.keys, v.keyHash.Sum64())
}

// repeated reports whether two tracked rows had the same key hash: the
// file may repeat a key (or two keys' hashes collide, which the careful
// path then tells apart). Sorting the hashes beats a hash set here: millions
// of random inserts into a map miss the cache every time.
func (v *validator) repeated() bool {
	h, _ := radixSort[int](v.keys, nil)
	for i := 1; i < len(h); i++ {
		if h[i] == h[i-1] {
			return true
		}
	}
	return false
}

// radixSort sorts keys ascending by 16-bit digits, moving vals (when not
// nil) along, and returns both sorted; the inputs are reused.
func radixSort[T any](keys []uint64, vals []T) ([]uint64, []T) {
	tk := make([]uint64, len(keys))
	var tv []T
	if vals != nil {
		tv = make([]T, len(vals))
	}
	var count [1 << 16]int
	for shift := uint(0); shift < 64; shift += 16 {
		clear(count[:])
		for _, x := range keys {
			count[(x>>shift)&0xffff]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for i, x := range keys {
			d := (x >> shift) & 0xffff
			tk[count[d]] = x
			if vals != nil {
				tv[count[d]] = vals[i]
			}
			count[d]++
		}
		keys, tk, vals, tv = tk, keys, tv, vals
	}
	return keys, vals
}

// exactKeys is the exact repeated-key check: the careful path runs it on
// every good row, the filtered path on the rows whose key hashes meet. Both
// reject the later row with the same words.
type exactKeys struct {
	k    *Kind
	idx  []int // the key's columns
	seen map[string]int
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
