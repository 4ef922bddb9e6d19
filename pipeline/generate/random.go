package generate

import (
	"math"
	"math/rand/v2"
)

// truncNorm returns a standard normal draw truncated to [-3, 3] by
// rejection. The truncation is symmetric, so the mean stays exactly 0 and
// a noise factor 1 + σ·truncNorm has mean exactly 1 (and stays positive
// for σ < 1/3).
func truncNorm(r *rand.Rand) float64 {
	for {
		if z := r.NormFloat64(); z >= -3 && z <= 3 {
			return z
		}
	}
}

// poisson returns a Poisson draw with mean lambda: Knuth's product method
// below 30, a rounded normal approximation above (whose mean differs from
// lambda by far less than a ticket).
func poisson(r *rand.Rand, lambda float64) int {
	switch {
	case lambda <= 0:
		return 0
	case lambda < 30:
		limit, p := math.Exp(-lambda), 1.0
		for k := 0; ; k++ {
			p *= r.Float64()
			if p <= limit {
				return k
			}
		}
	default:
		return max(0, int(math.Round(lambda+math.Sqrt(lambda)*r.NormFloat64())))
	}
}

// normCDF is the standard normal distribution function Φ.
func normCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// normQuantile is Φ⁻¹.
func normQuantile(p float64) float64 { return math.Sqrt2 * math.Erfinv(2*p-1) }
