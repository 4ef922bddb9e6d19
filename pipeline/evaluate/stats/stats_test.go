package stats_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bekasi/wfheval/pipeline/evaluate/stats"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// The 15 p-values of Benjamini & Hochberg (1995, §4.2, the myocardial
// infarction example). The expected q-values are R's p.adjust(p, "BH"),
// worked by hand here: p(j)·15/j, then the running minimum from the largest
// p down. E.g. rank 6: 0.0278·15/6 = 0.0695, but rank 7 gives
// 0.0298·15/7 = 0.063857, which is smaller, so q(6) = 0.063857.
func TestBHPaperExample(t *testing.T) {
	p := []float64{0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
		0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000}
	want := []float64{0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.0638571, 0.0638571, 0.0645,
		0.0765, 0.486, 0.5811818, 0.714875, 0.7532308, 0.8132143, 1}
	// Shuffle the order: q-values follow their p-values.
	perm := []int{7, 0, 14, 3, 9, 1, 12, 5, 10, 2, 13, 6, 11, 4, 8}
	pp := make([]float64, len(p))
	for i, j := range perm {
		pp[i] = p[j]
	}
	q := stats.BH(pp)
	for i, j := range perm {
		if !near(q[i], want[j], 1e-6) {
			t.Errorf("p=%v: q=%v, want %v", p[j], q[i], want[j])
		}
	}
	// At FDR 5% BH rejects the four smallest, as in the paper.
	rejected := 0
	for _, v := range q {
		if v <= 0.05 {
			rejected++
		}
	}
	if rejected != 4 {
		t.Errorf("%d rejected at q ≤ 0.05, the paper rejects 4", rejected)
	}
}

func TestBHEdgeCases(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name string
		p    []float64
		want []float64
	}{
		{"empty", nil, []float64{}},
		{"one", []float64{0.03}, []float64{0.03}},
		// R: p.adjust(c(0.01,0.02,0.03,0.04,0.05), "BH") is 0.05 five times.
		{"all equal after adjustment", []float64{0.01, 0.02, 0.03, 0.04, 0.05}, []float64{0.05, 0.05, 0.05, 0.05, 0.05}},
		// NaN is left out of m: the rest is p.adjust(c(0.01, 0.04), "BH") = 0.02, 0.04.
		{"NaN skipped", []float64{0.04, nan, 0.01}, []float64{0.04, nan, 0.02}},
		// Ties: p.adjust(c(0.02, 0.02, 0.5), "BH") = 0.03, 0.03, 0.5.
		{"ties", []float64{0.02, 0.02, 0.5}, []float64{0.03, 0.03, 0.5}},
		{"capped at 1", []float64{0.9, 0.95}, []float64{0.95, 0.95}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q := stats.BH(tc.p)
			if len(q) != len(tc.want) {
				t.Fatalf("len %d, want %d", len(q), len(tc.want))
			}
			for i := range q {
				if math.IsNaN(tc.want[i]) != math.IsNaN(q[i]) || (!math.IsNaN(q[i]) && !near(q[i], tc.want[i], 1e-12)) {
					t.Errorf("q[%d] = %v, want %v", i, q[i], tc.want[i])
				}
			}
		})
	}
}

// Quantiles of Student's t from printed tables (e.g. NIST/SEMATECH
// e-Handbook, table 1.3.6.7.2): t(0.975; 3) = 3.182, t(0.975; 10) = 2.228,
// t(0.80; 3) = 0.978, t(0.80; 10) = 0.879; normal 1.960 and 0.842.
func TestTInterval(t *testing.T) {
	cases := []struct {
		name           string
		est, se, df    float64
		low, high, mde float64
		p              float64
	}{
		{"df 3", 1, 0.5, 3, 1 - 3.182446*0.5, 1 + 3.182446*0.5, (3.182446 + 0.978472) * 0.5, 0.1393},
		{"df 10", -2, 1, 10, -2 - 2.228139, -2 + 2.228139, 2.228139 + 0.879058, 0.07339},
		{"normal", 0, 1, math.Inf(1), -1.959964, 1.959964, 2.801585, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			iv, err := stats.TInterval(tc.est, tc.se, tc.df)
			if err != nil {
				t.Fatal(err)
			}
			if !near(iv.Low, tc.low, 1e-5) || !near(iv.High, tc.high, 1e-5) || !near(iv.MDE, tc.mde, 1e-5) {
				t.Errorf("got [%v, %v] mde %v, want [%v, %v] mde %v", iv.Low, iv.High, iv.MDE, tc.low, tc.high, tc.mde)
			}
			// p-values: 2·P(T_3 > 2) = 0.1393 and 2·P(T_10 > 2) = 0.07339 (tables of the t CDF).
			if !near(iv.P, tc.p, 5e-4) {
				t.Errorf("p = %v, want %v", iv.P, tc.p)
			}
		})
	}
	if _, err := stats.TInterval(1, 0, 5); !errors.Is(err, stats.ErrNoVariance) {
		t.Errorf("se 0 with estimate 1: err %v, want ErrNoVariance", err)
	}
	if iv, err := stats.TInterval(0, 0, 5); err != nil || iv.P != 1 || iv.Low != 0 || iv.High != 0 {
		t.Errorf("se 0 with estimate 0: %+v, %v", iv, err)
	}
}

// Welch's classic case: s1²/n1 = 4, s2²/n2 = 1 with 3 and 8 degrees of
// freedom: (4+1)² / (16/3 + 1/8) = 25 / 5.458333 = 4.580153.
func TestSatterthwaite(t *testing.T) {
	if got := stats.Satterthwaite([]float64{4, 1}, []float64{3, 8}); !near(got, 4.580153, 1e-6) {
		t.Errorf("got %v", got)
	}
	if got := stats.Satterthwaite([]float64{0, 0}, []float64{3, 8}); got != 0 {
		t.Errorf("all zero: got %v", got)
	}
}

// A small case by hand. Stratum 0 has four weekly means 1, 2, 3, 6 (mean 3,
// s² = (4+1+0+9)/3 = 14/3, so s²/n = 7/6); stratum 1 has 2, 4 (mean 3,
// s² = 2, s²/n = 1). The difference of means is 0 with variance
// 7/6 + 1 = 13/6 (SE 1.4719601) and Welch df (13/6)² / ((7/6)²/3 + 1²/1)
// = 4.694444 / 1.453704 = 3.229299. The rescaling bootstrap's variance equals
// these in expectation; with 200,000 replicates it is within 1%.
func TestBootstrapByHand(t *testing.T) {
	x := []float64{1, 2, 3, 6, 2, 4}
	d := stats.Design{Blocks: 6, Strata: [][]int{{0, 1, 2, 3}, {4, 5}}}
	mean := func(w []float64, from, to int) float64 {
		var s, n float64
		for i := from; i < to; i++ {
			s += w[i] * x[i]
			n += w[i]
		}
		return s / n
	}
	diff := func(w []float64) float64 { return mean(w, 0, 4) - mean(w, 4, 6) }
	b := stats.Bootstrap{Reps: 200000, Rand: rand.New(rand.NewPCG(1, 2))}
	v, df, est, err := b.Components(d, diff)
	if err != nil {
		t.Fatal(err)
	}
	if est != 0 {
		t.Errorf("estimate %v, want 0", est)
	}
	if !near(v[0], 7.0/6, 0.01*7/6) || !near(v[1], 1, 0.01) {
		t.Errorf("variance components %v, want [1.1667 1]", v)
	}
	if df[0] != 3 || df[1] != 1 {
		t.Errorf("df %v, want [3 1]", df)
	}
	iv, err := b.Interval(d, diff)
	if err != nil {
		t.Fatal(err)
	}
	if !near(iv.SE, 1.4719601, 0.01) || !near(iv.DF, 3.229299, 0.05) {
		t.Errorf("SE %v df %v, want 1.47196 and 3.2293", iv.SE, iv.DF)
	}
}

func TestBootstrapTooFewBlocks(t *testing.T) {
	d := stats.Design{Blocks: 3, Strata: [][]int{{0, 1}, {2}}}
	b := stats.Bootstrap{Reps: 10, Rand: rand.New(rand.NewPCG(1, 1))}
	_, err := b.Interval(d, func(w []float64) float64 { return w[0] + w[2] })
	if !errors.Is(err, stats.ErrNoVariance) {
		t.Errorf("err %v, want ErrNoVariance", err)
	}
}

func TestBootstrapDeterministic(t *testing.T) {
	d := stats.Design{Blocks: 5, Strata: [][]int{{0, 1, 2, 3, 4}}}
	x := []float64{3, 1, 4, 1, 5}
	f := func(w []float64) float64 {
		var s, n float64
		for i := range x {
			s += w[i] * x[i]
			n += w[i]
		}
		return s / n
	}
	run := func() stats.Interval {
		iv, err := stats.Bootstrap{Rand: rand.New(rand.NewPCG(7, 7))}.Interval(d, f)
		if err != nil {
			t.Fatal(err)
		}
		return iv
	}
	if a, b := run(), run(); a != b {
		t.Errorf("same seed, different intervals: %+v vs %+v", a, b)
	}
}

// The interval's coverage in the design that matters most: a difference of
// a 4-week phase and a 9-week baseline with normal weekly noise whose
// variance differs between the periods. The rescaled t interval must cover
// 95% ± 1.5%. It takes about 0.2 s, so -short runs it too.
func TestBootstrapCoverageFourWeeks(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 4))
	const sims = 3000
	covered := 0
	d := stats.Design{Blocks: 13, Strata: [][]int{{0, 1, 2, 3}, {4, 5, 6, 7, 8, 9, 10, 11, 12}}}
	x := make([]float64, 13)
	mean := func(w []float64, from, to int) float64 {
		var s, n float64
		for i := from; i < to; i++ {
			s += w[i] * x[i]
			n += w[i]
		}
		return s / n
	}
	f := func(w []float64) float64 { return mean(w, 0, 4) - mean(w, 4, 13) }
	b := stats.Bootstrap{Reps: 300, Rand: rng}
	for s := 0; s < sims; s++ {
		for i := range x {
			sd := 1.0
			if i < 4 {
				sd = 1.5
			}
			x[i] = rng.NormFloat64() * sd
			if i < 4 {
				x[i] += 0.7 // the true difference
			}
		}
		iv, err := b.Interval(d, f)
		if err != nil {
			t.Fatal(err)
		}
		if iv.Low <= 0.7 && 0.7 <= iv.High {
			covered++
		}
	}
	rate := float64(covered) / sims
	t.Logf("coverage %.3f over %d simulations", rate, sims)
	if rate < 0.935 || rate > 0.97 {
		t.Errorf("coverage %.3f, want 0.95 ± 0.015", rate)
	}
}

func TestCell(t *testing.T) {
	c := stats.NewCell(3)
	c.Add(0, 0.9, 100)
	c.Add(0, 0.8, 100)
	c.Add(2, 0.5, 200)
	w := []float64{1, 1, 1}
	if got := c.Mean(w); !near(got, (90+80+100)/400.0, 1e-12) {
		t.Errorf("mean %v", got)
	}
	if got := c.Blocks([]int{0, 1, 2}); got != 2 {
		t.Errorf("blocks with data %d, want 2", got)
	}
	if got := c.Mean([]float64{0, 1, 0}); !math.IsNaN(got) {
		t.Errorf("no weight: %v, want NaN", got)
	}
}

// IntervalOf, which recomputes only the cells of the stratum being
// resampled, gives the same interval, bit for bit, as Interval of the same
// statistic written over all the weights; and every cell counts (a cell in
// no stratum stays at its mean).
func TestIntervalOfMatchesInterval(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const blocks = 12
	cells := make([]stats.Cell, 4)
	for i := range cells {
		cells[i] = stats.NewCell(blocks)
		for b := 3 * i; b < 3*i+3; b++ {
			for range 5 {
				cells[i].Add(b, r.Float64()+float64(i), 1+r.Float64())
			}
		}
	}
	d := stats.Design{Blocks: blocks, Strata: [][]int{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}}} // cell 3 fixed
	f := func(m []float64) float64 { return m[0]*m[3] - m[1]/m[2] }
	whole := func(w []float64) float64 {
		return f([]float64{cells[0].Mean(w), cells[1].Mean(w), cells[2].Mean(w), cells[3].Mean(w)})
	}
	a, err := stats.Bootstrap{Reps: 300, Rand: rand.New(rand.NewPCG(9, 9))}.Interval(d, whole)
	if err != nil {
		t.Fatal(err)
	}
	b, err := stats.Bootstrap{Reps: 300, Rand: rand.New(rand.NewPCG(9, 9))}.IntervalOf(d, stats.CellStatistic{Cells: cells, F: f})
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Errorf("IntervalOf %+v, Interval %+v: want equal", b, a)
	}
	if got, want := (stats.CellStatistic{Cells: cells, F: f}).Estimate(), whole(ones(blocks)); got != want {
		t.Errorf("Estimate %v, want %v", got, want)
	}
}

func ones(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
	}
	return w
}
