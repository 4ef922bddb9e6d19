package words

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/summary"
)

// The formats of numbers, money and dates in the report language. Text
// uses the ASCII hyphen-minus for negative numbers so that every renderer
// (including gonum's cp1252 PDF backend) can draw it.

// Decimal formats x with prec decimals and the language's marks.
func (p *Printer) Decimal(x float64, prec int) string {
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
	if p.Lang == "id" {
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
func (p *Printer) Signed(x float64, prec int) string {
	s := p.Decimal(x, prec)
	if !strings.HasPrefix(s, "-") && s != p.Decimal(0, prec) {
		s = "+" + s
	}
	return s
}

// Rupiah formats an amount in readable units: "Rp 57 jt", "Rp 1,2 M"
// (English: "Rp 57 mn", "Rp 1.2 bn").
func (p *Printer) Rupiah(x float64) string {
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
			num := p.Decimal(v, prec)
			// "Rp 57 jt", but "Rp 4,0 M" beside "Rp 7,2 M": for billions and
			// up the decimal is kept, so neighbouring amounts read alike.
			if prec == 1 && strings.HasSuffix(num, "0") && u.div < 1e9 {
				num = p.Decimal(v, 0)
			}
			unit := u.id
			if p.Lang == "en" {
				unit = u.en
			}
			if num == "0" {
				sign = ""
			}
			return sign + "Rp " + num + " " + unit
		}
	}
	return sign + "Rp " + p.Decimal(a, 0)
}

// RupiahFull formats whole rupiah: "Rp 29.201.432".
func (p *Printer) RupiahFull(x float64) string {
	s := p.Decimal(math.Round(x), 0)
	if strings.HasPrefix(s, "-") {
		return "-Rp " + s[1:]
	}
	return "Rp " + s
}

// Percent formats a share as a percentage: 0.931 → "93,1%".
func (p *Printer) Percent(x float64) string { return p.Decimal(100*x, 1) + "%" }

// Value formats a level of metric in its unit.
func (p *Printer) Value(metric string, x float64) string {
	switch summary.UnitOf(metric) {
	case summary.Share:
		return p.Percent(x)
	case summary.Rupiah:
		return p.Rupiah(x)
	case summary.Hours:
		return p.Decimal(x, 1) + " " + p.Text("hours")
	default:
		return p.Decimal(x, 2)
	}
}

// Change formats an effect of metric: percentage points for shares,
// rupiah for costs, the unit otherwise, always signed.
func (p *Printer) Change(metric string, x float64) string {
	switch summary.UnitOf(metric) {
	case summary.Share:
		return p.Signed(100*x, 1) + " pp"
	case summary.Rupiah:
		s := p.Rupiah(x)
		if x > 0 && !strings.HasPrefix(s, "Rp 0") {
			s = "+" + s
		}
		return s
	case summary.Hours:
		return p.Signed(x, 1) + " " + p.Text("hours")
	default:
		return p.Signed(x, 2)
	}
}

// Date formats d as "6 November 2025".
func (p *Printer) Date(d time.Time) string {
	return fmt.Sprintf("%d %s %d", d.Day(), months[p.Lang][d.Month()-1], d.Year())
}

// MonthShort returns the short name of month m: "Agu", "Des".
func (p *Printer) MonthShort(m time.Month) string { return monthsShort[p.Lang][m-1] }

// Month returns the name of month m.
func (p *Printer) Month(m time.Month) string { return months[p.Lang][m-1] }

// DateRange formats a period: "1 September – 31 Oktober 2025".
func (p *Printer) DateRange(from, to time.Time) string {
	if from.Year() == to.Year() {
		return fmt.Sprintf("%d %s – %s", from.Day(), months[p.Lang][from.Month()-1], p.Date(to))
	}
	return p.Date(from) + " – " + p.Date(to)
}
