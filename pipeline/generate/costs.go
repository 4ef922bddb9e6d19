package generate

import (
	"context"
	"math"
	"strconv"
)

// Cost categories, in the order of costs.csv.
const (
	costElectricity = iota
	costWater
	costFuel
	costTelecom
	costOfficeSupplies
	costMeals
	costTravel
	costOther
	nCost
)

var (
	costCategories = [nCost]string{"electricity", "water", "fuel", "telecom", "office_supplies", "meals", "travel", "other"}
	// costUnits are the units of the quantity column; "" means none.
	costUnits = [nCost]string{"kWh", "m3", "liter"}
	// unitPrices are the 2025 prices in rupiah per unit: PLN's tariff for
	// government offices (P-1), PDAM Tirta Patriot's water tariff for
	// institutions, Pertamax. 2024 prices are 1/priceStep of these.
	unitPrices = [nCost]float64{1699.53, 13500, 12500}
	// decemberJump multiplies a category's December spending (year-end
	// budget absorption), in every year.
	decemberJump = [nCost]float64{1, 1, 1, 1, 2.2, 1.8, 2.5, 1}
	// costNoise is the standard deviation of the multiplicative noise of a
	// month's amount (a normal truncated at ±3 standard deviations, so the
	// noise has mean exactly 1).
	costNoise = [nCost]float64{0.04, 0.06, 0.08, 0.08, 0.10, 0.10, 0.12, 0.10}
)

// buildRates sets each department's cost rates: use per working day at
// 2025 prices without any effect (kWh, m3 and liters for electricity,
// water and fuel; rupiah for the rest). They follow the department's
// headcount and kind.
func (w *world) buildRates() {
	for i := range departments {
		d := &departments[i]
		info := &w.depts[i]
		n := float64(info.size)
		r := &info.rates
		elec := 7.0 // kWh per employee and working day
		switch d.kind {
		case kindHealth:
			elec *= 1.8
		case kindOperations:
			elec *= 1.2
		}
		if d.servers {
			elec *= 1.6
		}
		r[costElectricity] = n * elec
		water := 0.06 // m3 per employee and working day
		if d.kind == kindHealth {
			water *= 4
		}
		r[costWater] = n * water
		fuel := 0.08 + 0.5*info.field // liters
		if d.kind == kindOperations {
			fuel += 0.3
		}
		r[costFuel] = n * fuel
		telecom := 1200.0
		if d.servers {
			telecom *= 3
		}
		r[costTelecom] = 25000 + n*telecom
		r[costOfficeSupplies] = n * 3500
		r[costMeals] = n * 5000
		r[costTravel] = n * 7000
		r[costOther] = n * 2500
	}
}

// saving returns the share of department dept's use of cost category c
// saved on day d: the planted effect of the day's rule.
func (w *world) saving(dept int, d *dayInfo, c int) float64 {
	if !d.workday || departments[dept].exempt {
		return 0
	}
	var s float64
	switch d.rule {
	case ruleClosed:
		s = w.eff.ClosedDaySaving.saving(c)
	case ruleRotation:
		s = w.eff.RotationSaving.saving(c)
	}
	if c == costElectricity && departments[dept].servers {
		s *= 1 - w.eff.ServerShare
	}
	return s
}

// dayUse returns the expected use of category c by department dept on day
// d: quantity for electricity, water and fuel, rupiah at d's prices for the
// rest. It is 0 on non-working days: costs are modelled per working day.
func (w *world) dayUse(dept int, d *dayInfo, c int) float64 {
	if !d.workday {
		return 0
	}
	u := w.depts[dept].rates[c] * (1 - w.saving(dept, d, c))
	if d.december {
		u *= decemberJump[c]
	}
	if costUnits[c] == "" {
		u *= d.price
	}
	return u
}

// dayAmount returns the expected rupiah amount of dayUse.
func (w *world) dayAmount(dept int, d *dayInfo, c int) float64 {
	u := w.dayUse(dept, d, c)
	if costUnits[c] != "" {
		u *= unitPrices[c] * d.price
	}
	return u
}

// costRow is one row of the costs file.
type costRow struct {
	dept, month, cat int
	// sen is the amount in sen (hundredths of a rupiah): the metered
	// categories' quantity times the unit price, rounded to the sen; the
	// others whole rupiah.
	sen int64
	// tenths is the quantity in tenths of its unit; -1 for none.
	tenths int64
}

// costRows generates the costs: one row per department, month and
// category, month by month. A month's quantity (or amount) is the sum of
// the expected daily use of its working days times one noise factor;
// amounts of metered categories are the rounded quantity times the unit
// price, to the sen. Each month draws from its own stream.
func (w *world) costRows(ctx context.Context, emit func(*costRow)) error {
	keyed := newKeyedRand(w.opts.Seed, streamCosts)
	for mi, m := range w.months {
		if err := ctx.Err(); err != nil {
			return err
		}
		first := w.days[m.firstDay].date
		r := keyed.at(uint64(12*first.Year()+int(first.Month())-1), 0)
		for di := range departments {
			for cat := range nCost {
				var use float64
				for k := m.firstDay; k < m.firstDay+m.nDays; k++ {
					use += w.dayUse(di, &w.days[k], cat)
				}
				use *= 1 + costNoise[cat]*truncNorm(r)
				row := costRow{dept: di, month: mi, cat: cat, tenths: -1}
				if costUnits[cat] != "" {
					row.tenths = int64(math.Round(use * 10))
					row.sen = int64(math.Round(float64(row.tenths) * unitPrices[cat] * m.price * 10))
				} else {
					row.sen = 100 * int64(math.Round(use))
				}
				emit(&row)
			}
		}
	}
	return nil
}

// writeCosts writes the canonical costs.csv: amounts in rupiah with two
// decimals when they have sen, quantities with one decimal.
func (w *world) writeCosts(ctx context.Context, c *csvWriter) error {
	c.begin(w, func(c *csvWriter, _, _ int) {
		c.header("opd_code", "period", "category", "amount_idr", "quantity", "unit")
	})
	return w.costRows(ctx, func(r *costRow) {
		c.at(r.month)
		c.text(departments[r.dept].code)
		c.text(w.months[r.month].label)
		c.text(costCategories[r.cat])
		c.sep()
		c.row = appendDecimal(c.row, r.sen, 2, '.')
		if r.tenths >= 0 {
			c.sep()
			c.row = appendFixed(c.row, r.tenths, 1, '.', 0)
			c.text(costUnits[r.cat])
		} else {
			c.empty()
			c.empty()
		}
		c.end()
	})
}

// appendDecimal appends v / 10^scale with scale decimals after point, or
// without decimals when they are all zero; no thousands separator.
func appendDecimal(b []byte, v int64, scale int, point byte) []byte {
	p := pow10(scale)
	if v%p == 0 {
		return strconv.AppendInt(b, v/p, 10)
	}
	return appendFixed(b, v, scale, point, 0)
}

// appendFixed appends v / 10^scale with exactly scale decimals after
// point, and thousands as separator of groups of three digits (0: none).
func appendFixed(b []byte, v int64, scale int, point, thousands byte) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	p := pow10(scale)
	b = appendGrouped(b, v/p, thousands)
	if scale > 0 {
		b = append(b, point)
		frac := v % p
		for d := p / 10; d > 0; d /= 10 {
			b = append(b, byte('0'+frac/d%10))
		}
	}
	return b
}

// appendGrouped appends v ≥ 0 with thousands between groups of three
// digits (0: no separator).
func appendGrouped(b []byte, v int64, thousands byte) []byte {
	var digits [20]byte
	s := strconv.AppendInt(digits[:0], v, 10)
	for i, d := range s {
		if i > 0 && thousands != 0 && (len(s)-i)%3 == 0 {
			b = append(b, thousands)
		}
		b = append(b, d)
	}
	return b
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}
