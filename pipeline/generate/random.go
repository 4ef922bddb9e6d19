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

// keyedRand is a random stream re-seeded for every key (a date, a month, a
// department's day): the draws under one key are the same whatever else is
// generated, so the rows of a date do not depend on the data's range. It
// reuses one PCG source, so re-seeding costs nothing.
type keyedRand struct {
	seed, stream uint64
	src          *rand.PCG
	r            *rand.Rand
}

func newKeyedRand(seed, stream uint64) *keyedRand {
	src := rand.NewPCG(0, 0)
	return &keyedRand{seed: seed, stream: stream, src: src, r: rand.New(src)}
}

// at returns the stream of the keys a and b, seeded afresh.
func (k *keyedRand) at(a, b uint64) *rand.Rand {
	h := splitmix64(k.stream*0x9E3779B97F4A7C15 + a)
	h = splitmix64(h ^ (b + 0x632BE59BD9B4E019))
	k.src.Seed(k.seed, h)
	return k.r
}

// splitmix64 is the finaliser of SplitMix64: a bijective mix of x's bits.
func splitmix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	return x
}
