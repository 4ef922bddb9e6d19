package stats

import (
	"errors"
	"math"
)

// MinPool is the fewest estimates PartialPool pools: below it the spread
// between them says too little about how alike they are.
const MinPool = 5

// ErrTooFewToPool means PartialPool got fewer than MinPool usable estimates.
var ErrTooFewToPool = errors.New("stats: too few estimates to pool")

// Pool is the random-effects fit behind a partial pooling: the estimates
// y_i of k related effects (the departments' effects of one metric and
// period) with sampling variances v_i are taken as y_i ~ N(θ_i, v_i) with
// θ_i ~ N(Mu, Tau2).
type Pool struct {
	K     int
	Mu    float64 // the precision-weighted mean of the effects
	MuVar float64 // its variance: Knapp–Hartung, floored by the caller's
	Tau2  float64 // the between-effects variance (Paule–Mandel)
	D2    float64 // how much more a department apart may differ
	DF    float64 // degrees of freedom of the intervals, K − 1
}

// Pooled is one effect after partial pooling.
type Pooled struct {
	Estimate  float64
	SE        float64
	Low, High float64 // the 95% interval
	// Shrinkage is B_i = v_i / (v_i + τ²): the weight of the mean, 0 (the
	// effect's own estimate) to 1 (the mean alone).
	Shrinkage float64
}

// PartialPool pools the estimates y with sampling variances v (docs/methods.md
// §6b) under a random-effects model whose departments are mostly alike but
// may differ: θ_i = μ + δ_i with δ_i ~ (1 − Apart)·N(0, τ²) +
// Apart·N(0, τ² + D²).
//
//   - τ² is the Paule–Mandel estimate over all the estimates (Σ w_i (y_i −
//     μ)² = k − 1 with w_i = 1/(v_i + τ²)); μ their weighted mean, with the
//     Knapp–Hartung variance max(1, Q/(k−1)) / Σw, never below muVarFloor
//     (the caller's variance of the mean that also counts what the
//     estimates share, e.g. a shock to every department on the same days).
//   - D² is how far the most different department appears to be beyond
//     its own noise, max_i((y_i − μ)² − v_i), at least the estimates'
//     spread Σ(y_i − μ)²/(k − 1): a department may differ that much.
//   - Each component shrinks y_i to μ + (1 − B)(y_i − μ), B = v_i/(v_i + T)
//     for its prior variance T, with Morris's variance, which adds the
//     uncertainty of μ and of B: v_i(1 − B) + B²·Var(μ) + Var(B)(y_i − μ)²,
//     Var(B) = B²/(v_i + T)² · 2/Σw² · k/(k − 3). The components weigh by
//     how well they predict y_i.
//
// The pooled estimate is the mixture's mean, its interval the mixture's
// 2.5% and 97.5% points with each component's spread scaled by
// t(0.975, k − 1)/z(0.975). A department like the others is pulled to them
// and gets a narrow interval; one far from them keeps about its own
// estimate and interval; one whose own noise is large keeps a wide tail,
// since the data cannot say it is like the others. Entries with a variance
// that is not positive and finite, or an estimate that is not finite, are
// left out and get the zero Pooled and ok false.
func PartialPool(y, v []float64, muVarFloor float64) (Pool, []Pooled, []bool, error) {
	ok := make([]bool, len(y))
	var ys, vs []float64
	for i := range y {
		if finiteNum(y[i]) && finiteNum(v[i]) && v[i] > 0 {
			ok[i] = true
			ys, vs = append(ys, y[i]), append(vs, v[i])
		}
	}
	k := len(ys)
	if k < MinPool {
		return Pool{K: k}, nil, ok, ErrTooFewToPool
	}
	tau2 := pauleMandel(ys, vs)
	mu, sw, sw2, q := weighted(ys, vs, tau2)
	muVar := math.Max(math.Max(1, q/float64(k-1))/sw, muVarFloor)
	var spread, far float64
	for i := range ys {
		d := ys[i] - mu
		spread += d * d / float64(k-1)
		far = math.Max(far, d*d-vs[i])
	}
	p := Pool{K: k, Mu: mu, MuVar: muVar, Tau2: tau2, D2: math.Max(far, spread), DF: float64(k - 1)}
	scale := tQuantile(1-(1-Level)/2, p.DF) / 1.959963984540054
	out := make([]Pooled, len(y))
	for i := range y {
		if !ok[i] {
			continue
		}
		d := y[i] - mu
		var comp [2]struct{ w, m, sd, b float64 }
		for c, T := range [2]float64{tau2, tau2 + p.D2} {
			b := v[i] / (v[i] + T)
			varB := b * b / ((v[i] + T) * (v[i] + T)) * 2 / sw2 * float64(k) / float64(k-3)
			prior := 1 - Apart
			if c == 1 {
				prior = Apart
			}
			pv := v[i] + T + muVar
			comp[c].w = prior * math.Exp(-d*d/(2*pv)) / math.Sqrt(pv)
			comp[c].m = mu + (1-b)*d
			comp[c].sd = math.Sqrt(v[i]*(1-b) + b*b*muVar + varB*d*d)
			comp[c].b = b
		}
		tw := comp[0].w + comp[1].w
		var est, m2, shrink float64
		for c := range comp {
			comp[c].w /= tw
			est += comp[c].w * comp[c].m
			m2 += comp[c].w * (comp[c].sd*comp[c].sd + comp[c].m*comp[c].m)
			shrink += comp[c].w * comp[c].b
		}
		cdf := func(x float64) float64 {
			var f float64
			for _, c := range comp {
				f += c.w * 0.5 * math.Erfc(-(x-c.m)/(c.sd*scale*math.Sqrt2))
			}
			return f
		}
		lo := math.Min(comp[0].m-10*scale*comp[0].sd, comp[1].m-10*scale*comp[1].sd)
		hi := math.Max(comp[0].m+10*scale*comp[0].sd, comp[1].m+10*scale*comp[1].sd)
		out[i] = Pooled{Estimate: est, SE: math.Sqrt(math.Max(0, m2-est*est)), Shrinkage: shrink,
			Low: quantile(cdf, (1-Level)/2, lo, hi), High: quantile(cdf, 1-(1-Level)/2, lo, hi)}
	}
	return p, out, ok, nil
}

// Apart is the prior share of departments that may differ from the rest
// by D (PartialPool): one in five.
const Apart = 0.2

// quantile returns the x in [lo, hi] at which the increasing cdf reaches
// p, by bisection.
func quantile(cdf func(float64) float64, p, lo, hi float64) float64 {
	for range 100 {
		mid := (lo + hi) / 2
		if cdf(mid) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// weighted returns the weighted mean of y with weights 1/(v_i + tau2),
// the sums of the weights and of their squares, and Cochran's Q at tau2.
func weighted(y, v []float64, tau2 float64) (mu, sw, sw2, q float64) {
	var swy float64
	for i := range y {
		w := 1 / (v[i] + tau2)
		sw += w
		sw2 += w * w
		swy += w * y[i]
	}
	mu = swy / sw
	for i := range y {
		d := y[i] - mu
		q += d * d / (v[i] + tau2)
	}
	return mu, sw, sw2, q
}

// pauleMandel returns the τ² ≥ 0 at which the generalised Q equals its
// expectation k − 1 (0 when Q is already below it at τ² = 0), by
// bisection: Q falls as τ² grows.
func pauleMandel(y, v []float64) float64 {
	k := float64(len(y))
	f := func(t float64) float64 {
		_, _, _, q := weighted(y, v, t)
		return q - (k - 1)
	}
	if f(0) <= 0 {
		return 0
	}
	var lo, hi float64 = 0, 1e-12
	for _, x := range y {
		hi = math.Max(hi, x*x)
	}
	for f(hi) > 0 && hi < 1e300 {
		hi *= 4
	}
	for range 200 {
		mid := (lo + hi) / 2
		if f(mid) > 0 {
			lo = mid
		} else {
			hi = mid
		}
		if hi-lo <= 1e-15*hi {
			break
		}
	}
	return (lo + hi) / 2
}

func finiteNum(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
