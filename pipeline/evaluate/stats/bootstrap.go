package stats

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// DefaultReps is the number of bootstrap replicates per stratum when
// Bootstrap.Reps is zero. The Monte Carlo error of the standard error is
// then about 1/√(2·1000) ≈ 2%.
const DefaultReps = 1000

// maxFailedShare is the largest share of replicates that may leave the
// statistic undefined (a resample without any data in a cell) before the
// bootstrap gives up with ErrNoVariance.
const maxFailedShare = 0.05

// Design says how a statistic's data are grouped for resampling: blocks
// (calendar weeks of working days) inside strata (periods). Strata are
// resampled independently; blocks are resampled whole.
type Design struct {
	// Blocks is the number of blocks; block indices run from 0 to Blocks−1.
	Blocks int
	// Strata lists the block indices of each stratum. A block belongs to at
	// most one stratum; blocks in no stratum are never resampled.
	Strata [][]int
}

// Statistic computes an estimate from one weight per block. All weights 1
// give the estimate of the data; the bootstrap passes resampled weights (the
// number of times a block was drawn, rescaled). A statistic may return NaN
// when the weights leave it undefined.
type Statistic func(w []float64) float64

// Bootstrap is a stratified rescaling block bootstrap (Rao & Wu 1988) that
// yields studentized t intervals.
//
// For each stratum h with n blocks it draws, Reps times, n−1 blocks with
// replacement and gives each block the weight (times drawn)·n/(n−1), the
// other strata keeping weight 1. The variance of the statistic over these
// replicates, v_h, is stratum h's share of the variance; for a mean it is
// exactly the unbiased s²/n in expectation, where the naive bootstrap gives
// the (n−1)/n too small plug-in value. The standard error is √Σv_h and the
// interval uses t with the Welch–Satterthwaite degrees of freedom of the
// v_h, each with n−1.
type Bootstrap struct {
	// Reps is the number of replicates per stratum; 0 means DefaultReps.
	Reps int
	// Rand is the random source. Results depend only on its state, so a
	// seeded source (rand.NewPCG) gives the same interval every run.
	Rand *rand.Rand
}

// Interval returns the estimate of f on the data with its bootstrap standard
// error and 95% t interval. It returns ErrNoVariance (wrapped) when a stratum
// has fewer than two blocks, the statistic is undefined on the data or in
// too many replicates, or the standard error is zero for a non-zero estimate.
func (b Bootstrap) Interval(d Design, f Statistic) (Interval, error) {
	v, df, est, err := b.Components(d, f)
	if err != nil {
		return Interval{Estimate: est}, err
	}
	var total float64
	for _, x := range v {
		total += x
	}
	return TInterval(est, math.Sqrt(total), Satterthwaite(v, df))
}

// Components returns the estimate of f on the data and, for each stratum of
// d, its bootstrap variance component and that component's degrees of
// freedom (blocks − 1).
func (b Bootstrap) Components(d Design, f Statistic) (v, df []float64, est float64, err error) {
	return b.components(d, func(w []float64, _ int) float64 { return f(w) })
}

// CellStatistic is a statistic of the means of cells: F gets each cell's
// Mean under the replicate's weights, in the order of Cells. The bootstrap
// then recomputes only the cells with blocks in the stratum being
// resampled, so a statistic of many months' cells costs, per replicate,
// the blocks of one stratum rather than of them all; its results are the
// same as those of the Statistic w → F(Mean(w) of each cell).
type CellStatistic struct {
	Cells []Cell
	F     func(means []float64) float64
}

// Estimate returns F of the cells' means on the data (all weights 1).
func (s CellStatistic) Estimate() float64 {
	m := make([]float64, len(s.Cells))
	for i, c := range s.Cells {
		m[i] = c.mean1()
	}
	return s.F(m)
}

// IntervalOf is Interval for a statistic of cell means.
func (b Bootstrap) IntervalOf(d Design, s CellStatistic) (Interval, error) {
	v, df, est, err := b.ComponentsOf(d, s)
	if err != nil {
		return Interval{Estimate: est}, err
	}
	var total float64
	for _, x := range v {
		total += x
	}
	return TInterval(est, math.Sqrt(total), Satterthwaite(v, df))
}

// ComponentsOf is Components for a statistic of cell means.
func (b Bootstrap) ComponentsOf(d Design, s CellStatistic) (v, df []float64, est float64, err error) {
	base := make([]float64, len(s.Cells))
	for i, c := range s.Cells {
		base[i] = c.mean1()
	}
	// touching[h] are the cells with a block in stratum h.
	touching := make([][]int, len(d.Strata))
	inStratum := make([]int, d.Blocks)
	for i := range inStratum {
		inStratum[i] = -1
	}
	for h, blocks := range d.Strata {
		for _, bi := range blocks {
			inStratum[bi] = h
		}
	}
	for i, c := range s.Cells {
		seen := map[int]bool{}
		for _, bi := range c.Used {
			if h := inStratum[bi]; h >= 0 && !seen[h] {
				seen[h] = true
				touching[h] = append(touching[h], i)
			}
		}
	}
	means := slices.Clone(base)
	return b.components(d, func(w []float64, h int) float64 {
		if h < 0 {
			return s.F(base)
		}
		for _, i := range touching[h] {
			means[i] = s.Cells[i].Mean(w)
		}
		x := s.F(means)
		for _, i := range touching[h] {
			means[i] = base[i]
		}
		return x
	})
}

// components runs the bootstrap of eval, which gets the weights and the
// stratum being resampled (-1 for the data).
func (b Bootstrap) components(d Design, f func(w []float64, h int) float64) (v, df []float64, est float64, err error) {
	reps := b.Reps
	if reps <= 0 {
		reps = DefaultReps
	}
	w := make([]float64, d.Blocks)
	for i := range w {
		w[i] = 1
	}
	est = f(w, -1)
	if math.IsNaN(est) || math.IsInf(est, 0) {
		return nil, nil, est, fmt.Errorf("statistic undefined on the data: %w", ErrNoVariance)
	}
	v = make([]float64, len(d.Strata))
	df = make([]float64, len(d.Strata))
	for h, blocks := range d.Strata {
		n := len(blocks)
		if n < 2 {
			return nil, nil, est, fmt.Errorf("stratum %d has %d block(s): %w", h, n, ErrNoVariance)
		}
		scale := float64(n) / float64(n-1)
		var mean, m2 float64
		good, failed := 0, 0
		for r := 0; r < reps; r++ {
			for _, bi := range blocks {
				w[bi] = 0
			}
			for k := 0; k < n-1; k++ {
				w[blocks[b.Rand.IntN(n)]] += scale
			}
			x := f(w, h)
			if math.IsNaN(x) || math.IsInf(x, 0) {
				failed++
				continue
			}
			good++
			delta := x - mean
			mean += delta / float64(good)
			m2 += delta * (x - mean)
		}
		for _, bi := range blocks {
			w[bi] = 1
		}
		if good < 2 || float64(failed) > maxFailedShare*float64(reps) {
			return nil, nil, est, fmt.Errorf("stratum %d: statistic undefined in %d of %d replicates: %w", h, failed, reps, ErrNoVariance)
		}
		v[h] = m2 / float64(good-1)
		df[h] = float64(n - 1)
	}
	return v, df, est, nil
}

// Cell is a weighted mean over the days of one cell (a metric of one group
// in one period, say), summed per block: Sum[b] is Σ weight·value and
// Weight[b] is Σ weight over the cell's days in block b. Build it with
// NewCell and Add; Used lists, in ascending order, the blocks Add gave
// weight, so that Mean costs the cell's blocks rather than all blocks (a
// month's cell has four or five of a study's hundred-odd).
type Cell struct {
	Sum, Weight []float64
	Used        []int
}

// NewCell returns a cell over blocks blocks.
func NewCell(blocks int) Cell {
	return Cell{Sum: make([]float64, blocks), Weight: make([]float64, blocks)}
}

// Add adds a day with value x and weight wt to block b. A weight of 0
// adds nothing.
func (c *Cell) Add(b int, x, wt float64) {
	if wt == 0 {
		return
	}
	if c.Weight[b] == 0 {
		i, found := slices.BinarySearch(c.Used, b)
		if !found {
			c.Used = slices.Insert(c.Used, i, b)
		}
	}
	c.Sum[b] += wt * x
	c.Weight[b] += wt
}

// Mean returns Σ w[b]·Sum[b] / Σ w[b]·Weight[b], or NaN if the weight is zero.
func (c Cell) Mean(w []float64) float64 {
	var s, t float64
	for _, b := range c.Used {
		x := c.Weight[b]
		if x == 0 {
			continue
		}
		s += w[b] * c.Sum[b]
		t += w[b] * x
	}
	if t == 0 {
		return math.NaN()
	}
	return s / t
}

// mean1 is Mean with every weight 1.
func (c Cell) mean1() float64 {
	var s, t float64
	for _, b := range c.Used {
		if x := c.Weight[b]; x != 0 {
			s += c.Sum[b]
			t += x
		}
	}
	if t == 0 {
		return math.NaN()
	}
	return s / t
}

// Blocks returns how many blocks of the given list have weight in the cell.
func (c Cell) Blocks(list []int) int {
	n := 0
	for _, b := range list {
		if c.Weight[b] > 0 {
			n++
		}
	}
	return n
}
