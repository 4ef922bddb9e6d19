package stats_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/bekasi/wfheval/pipeline/evaluate/stats"
)

func ExampleBH() {
	q := stats.BH([]float64{0.01, 0.04, 0.03, 0.5})
	fmt.Printf("%.3f\n", q)
	// Output: [0.040 0.053 0.053 0.500]
}

func ExampleTInterval() {
	// An estimate of −0.08 with standard error 0.02 on 8 degrees of freedom.
	iv, _ := stats.TInterval(-0.08, 0.02, 8)
	fmt.Printf("[%.3f, %.3f] p=%.4f mde=%.3f\n", iv.Low, iv.High, iv.P, iv.MDE)
	// Output: [-0.126, -0.034] p=0.0039 mde=0.064
}

func ExampleBootstrap() {
	// Weekly SLA rates: four phase weeks (blocks 0–3), five baseline weeks (4–8).
	rate := []float64{0.84, 0.86, 0.83, 0.85, 0.91, 0.92, 0.90, 0.93, 0.91}
	d := stats.Design{Blocks: 9, Strata: [][]int{{0, 1, 2, 3}, {4, 5, 6, 7, 8}}}
	mean := func(w []float64, blocks []int) float64 {
		var s, n float64
		for _, b := range blocks {
			s += w[b] * rate[b]
			n += w[b]
		}
		return s / n
	}
	change := func(w []float64) float64 { return mean(w, d.Strata[0]) - mean(w, d.Strata[1]) }
	b := stats.Bootstrap{Rand: rand.New(rand.NewPCG(1, 1))}
	iv, _ := b.Interval(d, change)
	fmt.Printf("change %.3f, 95%% interval [%.3f, %.3f]\n", iv.Estimate, iv.Low, iv.High)
	// By hand: s²/n is 0.0000417 (phase) + 0.0000260 (baseline), SE 0.0082,
	// Welch df 6.1, t = 2.44: −0.069 ± 0.020.
	// Output: change -0.069, 95% interval [-0.089, -0.049]
}
