package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The formats of numbers, money and dates in the report language. Text
// uses the ASCII hyphen-minus for negative numbers so that every renderer
// (including gonum's cp1252 PDF backend) can draw it.

// Decimal formats x with prec decimals and the language's marks.
func (r *Report) Decimal(x float64, prec int) string {
	// Round half away from zero, as people do (FormatFloat rounds half to
	// even: 12.5 → "12").
	scale := math.Pow(10, float64(prec))
	x = math.Round(x*scale) / scale
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if s == "-"+strconv.FormatFloat(0, 'f', prec, 64) {
		s = s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	th, dec := ",", "."
	if r.Lang == "id" {
		th, dec = ".", ","
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(th)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(dec)
		b.WriteString(frac)
	}
	return b.String()
}

// Signed is Decimal with a plus sign on positive numbers.
func (r *Report) Signed(x float64, prec int) string {
	s := r.Decimal(x, prec)
	if !strings.HasPrefix(s, "-") && s != r.Decimal(0, prec) {
		s = "+" + s
	}
	return s
}

// Rupiah formats an amount in readable units: "Rp 57 jt", "Rp 1,2 M"
// (English: "Rp 57 mn", "Rp 1.2 bn").
func (r *Report) Rupiah(x float64) string {
	units := []struct {
		div    float64
		id, en string
	}{{1e12, "T", "tn"}, {1e9, "M", "bn"}, {1e6, "jt", "mn"}, {1e3, "rb", "k"}}
	a := math.Abs(x)
	sign := ""
	if x < 0 {
		sign = "-"
	}
	for _, u := range units {
		if a >= u.div {
			v := a / u.div
			prec := 0
			if v < 9.95 {
				prec = 1
			}
			num := r.Decimal(v, prec)
			// "Rp 57 jt", but "Rp 4,0 M" beside "Rp 7,2 M": for billions and
			// up the decimal is kept, so neighbouring amounts read alike.
			if prec == 1 && strings.HasSuffix(num, "0") && u.div < 1e9 {
				num = r.Decimal(v, 0)
			}
			unit := u.id
			if r.Lang == "en" {
				unit = u.en
			}
			if num == "0" {
				sign = ""
			}
			return sign + "Rp " + num + " " + unit
		}
	}
	return sign + "Rp " + r.Decimal(a, 0)
}

// RupiahFull formats whole rupiah: "Rp 29.201.432".
func (r *Report) RupiahFull(x float64) string {
	s := r.Decimal(math.Round(x), 0)
	if strings.HasPrefix(s, "-") {
		return "-Rp " + s[1:]
	}
	return "Rp " + s
}

// Percent formats a share as a percentage: 0.931 → "93,1%".
func (r *Report) Percent(x float64) string { return r.Decimal(100*x, 1) + "%" }

// Value formats a level of metric in its unit.
func (r *Report) Value(metric string, x float64) string {
	switch {
	case IsRate(metric):
		return r.Percent(x)
	case IsMoney(metric):
		return r.Rupiah(x)
	case IsHours(metric):
		return r.Decimal(x, 1) + " " + r.T("hours")
	default:
		return r.Decimal(x, 2)
	}
}

// Change formats an effect of metric: percentage points for rates, rupiah
// for costs, the unit otherwise, always signed.
func (r *Report) Change(metric string, x float64) string {
	switch {
	case IsRate(metric):
		return r.Signed(100*x, 1) + " pp"
	case IsMoney(metric):
		s := r.Rupiah(x)
		if x > 0 && !strings.HasPrefix(s, "Rp 0") {
			s = "+" + s
		}
		return s
	case IsHours(metric):
		return r.Signed(x, 1) + " " + r.T("hours")
	default:
		return r.Signed(x, 2)
	}
}

// IsHours reports whether metric is in hours.
func IsHours(metric string) bool { return strings.Contains(metric, "hours") }

// IsRate reports whether metric is a share (0–1).
func IsRate(metric string) bool { return strings.HasSuffix(metric, "_rate") }

// IsMoney reports whether metric is in rupiah.
func IsMoney(metric string) bool { return strings.HasSuffix(metric, "_idr") }

// Date formats d as "6 November 2025".
func (r *Report) Date(d time.Time) string {
	return fmt.Sprintf("%d %s %d", d.Day(), months[r.Lang][d.Month()-1], d.Year())
}

// MonthShort returns the short name of month m: "Agu", "Des".
func (r *Report) MonthShort(m time.Month) string { return monthsShort[r.Lang][m-1] }

// Month returns the name of month m.
func (r *Report) Month(m time.Month) string { return months[r.Lang][m-1] }

// DateRange formats a period: "1 September – 31 Oktober 2025".
func (r *Report) DateRange(from, to time.Time) string {
	if from.Year() == to.Year() {
		return fmt.Sprintf("%d %s – %s", from.Day(), months[r.Lang][from.Month()-1], r.Date(to))
	}
	return r.Date(from) + " – " + r.Date(to)
}
