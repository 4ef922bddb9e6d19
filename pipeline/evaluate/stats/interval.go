package stats

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Level is the confidence level of every interval wfheval reports.
const Level = 0.95

// Power is the power the minimum detectable effect is computed for.
const Power = 0.80

// ErrNoVariance means the data give no estimate of the uncertainty: too few
// blocks in a stratum, or a standard error of zero for a non-zero estimate.
var ErrNoVariance = errors.New("stats: too little data to estimate the uncertainty")

// Interval is an estimate with its uncertainty.
type Interval struct {
	Estimate float64 // the point estimate
	SE       float64 // standard error
	DF       float64 // degrees of freedom of the t reference distribution
	Low      float64 // lower end of the 95% interval
	High     float64 // upper end of the 95% interval
	P        float64 // two-sided p-value of "no effect" (estimate = 0)
	MDE      float64 // minimum detectable effect: 5% two-sided test, 80% power
}

// TInterval returns the t-based interval of an estimate with standard error
// se and df degrees of freedom: estimate ± t(0.975, df)·se, the two-sided
// p-value of estimate/se under t(df), and the minimum detectable effect
// (t(0.975, df) + t(0.80, df))·se, which is 2.8·se for large df.
//
// A standard error of zero gives a degenerate interval: p = 1 and MDE = 0 if
// the estimate is zero too, else ErrNoVariance. df is clamped to at least 1;
// df = +Inf means the normal distribution.
func TInterval(estimate, se, df float64) (Interval, error) {
	iv := Interval{Estimate: estimate, SE: se, DF: df}
	if math.IsNaN(estimate) || math.IsNaN(se) || math.IsNaN(df) || se < 0 || math.IsInf(estimate, 0) || math.IsInf(se, 0) {
		return iv, ErrNoVariance
	}
	if se == 0 {
		if estimate != 0 {
			return iv, ErrNoVariance
		}
		iv.Low, iv.High, iv.P = estimate, estimate, 1
		return iv, nil
	}
	if df < 1 {
		df = 1
		iv.DF = df
	}
	crit := tQuantile(1-(1-Level)/2, df)
	iv.Low, iv.High = estimate-crit*se, estimate+crit*se
	iv.P = 2 * tSurvival(math.Abs(estimate)/se, df)
	if iv.P > 1 {
		iv.P = 1
	}
	iv.MDE = (crit + tQuantile(Power, df)) * se
	return iv, nil
}

func tDist(df float64) distuv.StudentsT {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}
}

func tQuantile(p, df float64) float64 {
	if math.IsInf(df, 1) || df > 1e7 {
		return distuv.UnitNormal.Quantile(p)
	}
	return tDist(df).Quantile(p)
}

func tSurvival(x, df float64) float64 {
	if math.IsInf(df, 1) || df > 1e7 {
		return distuv.UnitNormal.Survival(x)
	}
	return tDist(df).Survival(x)
}

// Satterthwaite returns the Welch–Satterthwaite degrees of freedom of a sum
// of independent variance components v[i], each estimated with df[i]
// degrees of freedom: (Σv)² / Σ(v²/df). Components with v = 0 don't count.
// It returns 0 if every component is zero.
func Satterthwaite(v, df []float64) float64 {
	var num, den float64
	for i := range v {
		if v[i] <= 0 {
			continue
		}
		num += v[i]
		den += v[i] * v[i] / df[i]
	}
	if den == 0 {
		return 0
	}
	return num * num / den
}
