package generate

import (
	"context"
	"math"
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

// writeCosts writes costs.csv: one row per department, month and category.
// A month's quantity (or amount) is the sum of the expected daily use of
// its working days times one noise factor; amounts of metered categories
// are the rounded quantity times the unit price.
func (w *world) writeCosts(ctx context.Context, c *csvWriter) error {
	r := newRand(w.opts.Seed, streamCosts)
	c.header("opd_code", "period", "category", "amount_idr", "quantity", "unit")
	for _, m := range w.months {
		if err := ctx.Err(); err != nil {
			return err
		}
		for di := range departments {
			for cat := range nCost {
				var use float64
				for k := m.firstDay; k < m.firstDay+m.nDays; k++ {
					use += w.dayUse(di, &w.days[k], cat)
				}
				use *= 1 + costNoise[cat]*truncNorm(r)
				c.text(departments[di].code)
				c.text(m.label)
				c.text(costCategories[cat])
				if unit := costUnits[cat]; unit != "" {
					q := math.Round(use*10) / 10
					c.int(int64(math.Round(q * unitPrices[cat] * m.price)))
					c.fixed(q, 1)
					c.text(unit)
				} else {
					c.int(int64(math.Round(use)))
					c.empty()
					c.empty()
				}
				c.end()
			}
		}
	}
	return nil
}
