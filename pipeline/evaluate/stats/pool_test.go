package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestPartialPoolReference compares PartialPool with the independent
// computation in testdata/pool_reference.py (another algorithm for τ², the
// formulas written out again); its output is pasted here.
func TestPartialPoolReference(t *testing.T) {
	y := []float64{-0.012, 0.004, 0.010, -0.003, 0.021, -0.060, 0.002, 0.007}
	se := []float64{0.010, 0.012, 0.008, 0.015, 0.011, 0.009, 0.020, 0.013}
	v := make([]float64, len(se))
	for i, s := range se {
		v[i] = s * s
	}
	p, out, ok, err := PartialPool(y, v, 0)
	if err != nil {
		t.Fatal(err)
	}
	close := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) && math.Abs(got-want) > 1e-12 {
			t.Errorf("%s = %.12e, want %.12e", name, got, want)
		}
	}
	close("tau2", p.Tau2, 5.147621557990e-04)
	close("mu", p.Mu, -4.611372241252e-03)
	close("muvar", p.MuVar, 8.311605510938e-05)
	close("d2", p.D2, 2.986900084997e-03)
	want := [][4]float64{ // estimate, shrinkage, low, high
		{-1.089876624797e-02, 1.490444217768e-01, -3.306613958527e-02, 1.123818433542e-02},
		{2.278012008434e-03, 1.999667350712e-01, -2.362014896680e-02, 2.824296876568e-02},
		{8.530898868195e-03, 1.005450485791e-01, -9.744731711380e-03, 2.683029212438e-02},
		{-3.449167320629e-03, 2.787483296101e-01, -3.421770195999e-02, 2.734567547635e-02},
		{1.667707045251e-02, 1.687894544177e-01, -8.448815181329e-03, 4.190315517124e-02},
		{-5.500647508280e-02, 9.015433527169e-02, -7.796126633122e-02, -3.120022369557e-02},
		{-6.412628143793e-04, 3.995029651937e-01, -3.841936061934e-02, 3.738368946395e-02},
		{4.382522702809e-03, 2.254235970398e-01, -2.340176727427e-02, 3.228314206895e-02},
	}
	for i, w := range want {
		if !ok[i] {
			t.Fatalf("entry %d left out", i)
		}
		close("estimate", out[i].Estimate, w[0])
		close("shrinkage", out[i].Shrinkage, w[1])
		close("low", out[i].Low, w[2])
		close("high", out[i].High, w[3])
	}
}

func TestPartialPoolEdges(t *testing.T) {
	if _, _, _, err := PartialPool([]float64{1, 2, 3, 4}, []float64{1, 1, 1, 1}, 0); err != ErrTooFewToPool {
		t.Errorf("4 estimates: err %v, want ErrTooFewToPool", err)
	}
	// Identical estimates: τ² = 0, every effect the mean.
	y := []float64{0.01, 0.01, 0.01, 0.01, 0.01, math.NaN()}
	v := []float64{1e-4, 2e-4, 1e-4, 3e-4, 1e-4, 1e-4}
	p, out, ok, err := PartialPool(y, v, 0)
	if err != nil {
		t.Fatal(err)
	}
	if p.Tau2 != 0 || p.K != 5 || ok[5] {
		t.Errorf("tau2 %v k %d ok[5] %v, want 0, 5, false", p.Tau2, p.K, ok[5])
	}
	for i := range 5 {
		if math.Abs(out[i].Estimate-0.01) > 1e-15 || math.Abs(out[i].Shrinkage-1) > 1e-12 {
			t.Errorf("entry %d: %+v, want the mean with shrinkage 1", i, out[i])
		}
	}
	// The floor widens the mean's variance.
	p2, _, _, _ := PartialPool(y, v, 1)
	if p2.MuVar != 1 {
		t.Errorf("MuVar with floor 1: %v", p2.MuVar)
	}
}

// TestPartialPoolCoverage is a coverage study of PartialPool alone, in
// three cities of 30 departments with their own noise (the common shock
// of their shared days included, as a department's bootstrap includes
// it): all alike; 27 alike and 3 whose true effect is far worse (5× a
// tolerance of −0.01); every department different (true effects spread
// with SD 0.01). The pooled intervals must cover the true effects at 93–99%
// overall and for the alike, at least 80% for the far-off ones, never judge
// a far-off (harmed) one safe more often than 1 in 1000, and be narrower
// than the departments' own intervals where they are alike.
func TestPartialPoolCoverage(t *testing.T) {
	for _, sc := range []struct {
		name     string
		far      int     // departments with the true effect harm
		spread   float64 // SD of the other departments' true effects
		maxRatio float64 // pooled width ÷ raw width, at most
	}{
		{"alike", 0, 0.002, 0.7},
		{"three far off", 3, 0.002, 0.85},
		{"all different", 0, 0.01, 1.0},
	} {
		t.Run(sc.name, func(t *testing.T) {
			const (
				k     = 30
				shock = 0.004 // SD of the common shock
				harm  = -0.05
				tol   = -0.01
			)
			reps := 3000
			if testing.Short() {
				reps = 1000
			}
			r := rand.New(rand.NewPCG(1, 2))
			var all, alike, outl, outSafe, rawAll int
			var widthRatio float64
			y, v, theta := make([]float64, k), make([]float64, k), make([]float64, k)
			for range reps {
				c := shock * r.NormFloat64()
				var prec float64
				for i := range k {
					own := 0.004 + 0.026*r.Float64() // SD of the department's own noise
					v[i] = own*own + shock*shock
					prec += 1 / (own * own)
					theta[i] = 0.004 + sc.spread*r.NormFloat64()
					if i < sc.far {
						theta[i] = harm
					}
					y[i] = theta[i] + c + own*r.NormFloat64()
				}
				_, out, _, err := PartialPool(y, v, shock*shock+1/prec)
				if err != nil {
					t.Fatal(err)
				}
				for i := range k {
					hit := out[i].Low <= theta[i] && theta[i] <= out[i].High
					if math.Abs(y[i]-theta[i]) <= 1.96*math.Sqrt(v[i]) {
						rawAll++
					}
					if hit {
						all++
					}
					if i < sc.far {
						if hit {
							outl++
						}
						if out[i].Low >= tol {
							outSafe++
						}
						continue
					}
					if hit {
						alike++
					}
					widthRatio += (out[i].High - out[i].Low) / (2 * 1.96 * math.Sqrt(v[i]))
				}
			}
			cov := float64(all) / float64(reps*k)
			covAlike := float64(alike) / float64(reps*(k-sc.far))
			ratio := widthRatio / float64(reps*(k-sc.far))
			t.Logf("pooled coverage %.3f (the others %.3f); raw %.3f; width pooled/raw %.2f", cov, covAlike, float64(rawAll)/float64(reps*k), ratio)
			if cov < 0.93 || cov > 0.99 {
				t.Errorf("pooled coverage %.3f, want 0.93 to 0.99", cov)
			}
			if covAlike < 0.93 {
				t.Errorf("coverage of the other departments %.3f, want ≥ 0.93", covAlike)
			}
			if sc.far > 0 {
				covOut := float64(outl) / float64(reps*sc.far)
				t.Logf("far-off: coverage %.3f, judged safe %d of %d", covOut, outSafe, reps*sc.far)
				if covOut < 0.80 {
					t.Errorf("coverage of the far-off departments %.3f, want ≥ 0.80", covOut)
				}
				if outSafe*1000 > reps*sc.far {
					t.Errorf("%d of %d far-off (harmed) departments judged safe", outSafe, reps*sc.far)
				}
			}
			if ratio > sc.maxRatio {
				t.Errorf("pooled intervals %.2f of the raw width, want at most %.2f", ratio, sc.maxRatio)
			}
		})
	}
}
