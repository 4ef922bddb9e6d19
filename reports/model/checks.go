package model

import (
	"github.com/bekasi/wfheval/pipeline/summary"
)

// CheckRow is a falsification check (summary checks, docs/contract.md §9)
// in the report language.
type CheckRow struct {
	summary.Check
	// Name says which check it is ("Plasebo hari Selasa"); Scheme and
	// ScopeName what it looked at; Result "lulus", "gagal" or, without
	// an interval, "data kurang".
	Name, SchemeLabel, ScopeName, Result string
	// Failed is true when its 95% interval excludes zero.
	Failed bool
	// Method says how it was computed, in the report language.
	Method string
}

// Checks returns the summary's checks, in its order.
func (r *Report) Checks() []CheckRow {
	var out []CheckRow
	for _, c := range r.S.Checks {
		row := CheckRow{Check: c, Name: r.checkName(c), ScopeName: r.checkScope(c.Scope), Method: c.Method}
		if len(c.MethodCodes) > 0 {
			row.Method = r.Messages(c.MethodCodes)
		}
		row.SchemeLabel, _ = r.schemeShort(c.Scheme)
		hasCI := c.Estimate != nil && c.CILow != nil && c.CIHigh != nil
		row.Failed = hasCI && !c.Passed
		switch {
		case !hasCI:
			row.Result = r.Verdict(summary.InsufficientData)
		case row.Failed:
			row.Result = r.T("check_failed")
		default:
			row.Result = r.T("check_passed")
		}
		out = append(out, row)
	}
	return out
}

func (r *Report) checkName(c summary.Check) string {
	day := ""
	if wd, ok := parseWeekday(c.Weekday); ok {
		day = r.dayName(wd, r.Lang == "en")
	}
	switch c.ID {
	case summary.CheckPlaceboWFHDay:
		return r.T("check_placebo_wfh_day")
	case summary.CheckPlaceboWeekday:
		return r.fill("check_placebo_weekday", "{weekday}", day)
	case summary.CheckDisplacement:
		if day == "" {
			return r.T("check_displacement_0")
		}
		return r.fill("check_displacement", "{weekday}", day)
	case summary.CheckSpillover:
		return r.T("check_spillover")
	}
	return c.ID
}

func (r *Report) checkScope(scope string) string {
	switch scope {
	case summary.ScopeAll:
		return r.T("check_scope_all")
	case summary.ScopeExempt:
		return r.T("check_scope_exempt")
	}
	return scope
}

// CheckText writes a check's estimate and interval: "+1,2 pp", "+0,3 s.d.
// +2,1 pp"; "" without numbers.
func (r *Report) CheckText(c CheckRow) (estimate, interval string) {
	if c.Estimate != nil {
		estimate = r.Change(c.Metric, *c.Estimate)
	}
	if c.CILow != nil && c.CIHigh != nil {
		interval = r.ChangeInterval(c.Metric, *c.CILow, *c.CIHigh)
	}
	return estimate, interval
}

// CheckCaveats are page 1's caveats of the failed checks: which check,
// metric and scheme, its estimate and interval, and what it means.
func (r *Report) CheckCaveats() []string {
	var out []string
	for _, c := range r.Checks() {
		if !c.Failed {
			continue
		}
		failed, meaning := "check_failed_placebo", "check_meaning_placebo"
		switch c.ID {
		case summary.CheckDisplacement:
			failed, meaning = "check_failed_displace", "check_meaning_displace"
		case summary.CheckSpillover:
			failed, meaning = "check_failed_spill", "check_meaning_spill"
		}
		est, ci := r.CheckText(c)
		out = append(out, r.fill("check_caveat", "{failed}", r.T(failed), "{check}", lowerFirst(c.Name),
			"{metric}", r.MetricPhrase(c.Metric), "{scope}", c.ScopeName, "{scheme}", c.SchemeLabel,
			"{value}", est, "{interval}", ci, "{meaning}", r.T(meaning)))
	}
	return out
}

// lowerFirst lower-cases s's first letter when it is an ASCII capital
// ("Plasebo hari Selasa" → "plasebo hari Selasa").
func lowerFirst(s string) string {
	if s != "" && s[0] >= 'A' && s[0] <= 'Z' {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}
