package stats

import (
	"math"
	"sort"
)

// BH returns the Benjamini–Hochberg (1995) adjusted p-values (q-values) of p,
// in the order of p: q(i) = min over j with p(j) ≥ p(i) of p(j)·m/rank(j),
// capped at 1, where m is the number of p-values that are not NaN. NaN
// entries stay NaN and are not counted. It is R's p.adjust(p, "BH").
func BH(p []float64) []float64 {
	q := make([]float64, len(p))
	idx := make([]int, 0, len(p))
	for i, v := range p {
		q[i] = math.NaN()
		if !math.IsNaN(v) {
			idx = append(idx, i)
		}
	}
	m := float64(len(idx))
	sort.SliceStable(idx, func(a, b int) bool { return p[idx[a]] < p[idx[b]] })
	running := 1.0
	for r := len(idx) - 1; r >= 0; r-- {
		v := p[idx[r]] * m / float64(r+1)
		if v < running {
			running = v
		}
		q[idx[r]] = running
	}
	return q
}
