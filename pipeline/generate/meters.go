package generate

import (
	"context"
	"math"
)

// Meter noise: a day's shock common to all departments (weather, air
// conditioning) and each reading's own noise, both mean-one factors.
const (
	meterDayNoise     = 0.03
	meterReadingNoise = 0.05
)

// idleShare is a department's use on a non-working day (weekend, holiday,
// WFA day) as a share of its working-day use: standby, servers, 24-hour
// posts and wards.
func idleShare(d *department) float64 {
	switch {
	case d.kind == kindHealth:
		return 0.85
	case d.kind == kindOperations:
		return 0.60
	case d.servers:
		return 0.50
	}
	return 0.25
}

// meterDay returns the expected reading of department dept on day d before
// noise: the working day's electricity use (as in costs) on a working day,
// the idle share of the effect-free use otherwise.
func (w *world) meterDay(dept int, d *dayInfo) float64 {
	if d.workday {
		return w.dayUse(dept, d, costElectricity)
	}
	return w.depts[dept].rates[costElectricity] * idleShare(&departments[dept])
}

// meterRow is one row of the meters file.
type meterRow struct {
	dept   int
	day    *dayInfo
	tenths int64 // kWh in tenths
}

// meterRows generates a reading on every calendar day for every department
// with a meter, day by day; each day draws from its own stream.
func (w *world) meterRows(ctx context.Context, emit func(*meterRow)) error {
	keyed := newKeyedRand(w.opts.Seed, streamMeters)
	for k := range w.days {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := &w.days[k]
		r := keyed.at(uint64(d.num), 0)
		shock := 1 + meterDayNoise*truncNorm(r)
		for di := range departments {
			if !departments[di].meter {
				continue
			}
			v := w.meterDay(di, d) * (1 + meterReadingNoise*truncNorm(r))
			if d.workday {
				v *= shock
			}
			emit(&meterRow{dept: di, day: d, tenths: int64(math.Round(v * 10))})
		}
	}
	return nil
}

// writeMeters writes the canonical meters.csv.
func (w *world) writeMeters(ctx context.Context, c *csvWriter) error {
	c.header("opd_code", "date", "electricity_kwh")
	return w.meterRows(ctx, func(m *meterRow) {
		c.text(departments[m.dept].code)
		c.text(m.day.ymd)
		c.sep()
		c.row = appendFixed(c.row, m.tenths, 1, '.', 0)
		c.end()
	})
}
