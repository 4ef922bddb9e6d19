package generate

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
)

// Ticket channels, in the order of service.channels.
const (
	chWalkIn = iota
	chOnline
	chPhone
	chChat
)

var channelNames = [4]string{"walk_in", "online", "phone", "chat"}

const (
	ticketDayNoise = 0.15 // a department's day-to-day volume swing (mean-one factor)
	offDayOnline   = 0.25 // online volume on non-working days, relative to working days
)

// satisfaction distributions (ratings 1..5) of resolved tickets that met
// or missed their SLA; their means are 4.23 and 3.25.
var (
	ratingMet    = [5]float64{0.02, 0.03, 0.10, 0.40, 0.45}
	ratingMissed = [5]float64{0.10, 0.15, 0.30, 0.30, 0.15}
)

func ratingMean(p [5]float64) float64 {
	var m float64
	for i, q := range p {
		m += float64(i+1) * q
	}
	return m
}

// Resolution factor kinds: no effect, a closed day, a rotation day.
const (
	factorNone = iota
	factorClosed
	factorRotation
	nFactor
)

// factorKind returns which resolution factor applies to tickets of
// department dept created on day d.
func (w *world) factorKind(dept int, d *dayInfo) int {
	if !d.workday {
		return factorNone
	}
	return w.factorOfRule(dept, d.rule)
}

// factorOfRule returns which resolution factor applies to tickets of
// department dept created on a working day of a rule kind.
func (w *world) factorOfRule(dept int, rule uint8) int {
	if !w.depts[dept].affected {
		return factorNone
	}
	switch rule {
	case ruleClosed:
		return factorClosed
	case ruleRotation:
		return factorRotation
	}
	return factorNone
}

// factor returns the multiplier of resolution times of a factor kind.
func (w *world) factor(kind int) float64 {
	switch kind {
	case factorClosed:
		return 1 + w.eff.ClosedDayResolutionIncrease
	case factorRotation:
		return 1 + w.eff.RotationResolutionIncrease
	}
	return 1
}

// logMean returns μ of the log-normal resolution time (hours) of s: the
// share s.met of tickets is resolved within s.sla without any effect.
func (s *service) logMean() float64 {
	return math.Log(s.sla) - normQuantile(s.met)*s.sigma
}

// metProb returns the probability that a ticket of s is resolved within
// its SLA when resolution times are multiplied by f.
func (s *service) metProb(f float64) float64 {
	return normCDF(normQuantile(s.met) - math.Log(f)/s.sigma)
}

type ticket struct {
	svc, channel int
	created      int64 // local seconds since 1970
}

// ticketRow is one row of the tickets file.
type ticketRow struct {
	id      string
	dept    int
	day     int // index into world.days of the day of creation
	svc     *service
	channel int
	// created, response and resolved are local seconds since 1970;
	// response and resolved are -1 when empty.
	created, response, resolved int64
	status                      string // canonical: open, resolved, cancelled
	rating                      int    // 0: none
	handler                     string // NIP, "" for none
}

// Ticket statuses.
const (
	ticketOpen      = "open"
	ticketResolved  = "resolved"
	ticketCancelled = "cancelled"
)

// writeTickets writes the canonical tickets.csv.
func (w *world) writeTickets(ctx context.Context, c *csvWriter) error {
	c.begin(w, func(c *csvWriter, _, _ int) {
		c.header("ticket_id", "opd_code", "service", "channel", "created_at", "first_response_at",
			"resolved_at", "status", "sla_hours", "satisfaction", "handled_by")
	})
	return w.ticketRows(ctx, func(t *ticketRow) {
		c.at(w.days[t.day].month)
		c.text(t.id)
		c.text(departments[t.dept].code)
		c.text(t.svc.name)
		c.text(channelNames[t.channel])
		c.timestamp(t.created)
		if t.response >= 0 {
			c.timestamp(t.response)
		} else {
			c.empty()
		}
		if t.resolved >= 0 {
			c.timestamp(t.resolved)
		} else {
			c.empty()
		}
		c.text(t.status)
		if t.svc.rowSLA {
			c.fixed(t.svc.sla, -1)
		} else {
			c.empty()
		}
		if t.rating > 0 {
			c.int(int64(t.rating))
		} else {
			c.empty()
		}
		c.text(t.handler)
		c.end()
	})
}

// ticketRows generates the tickets: day by day, department by department,
// in order of creation. Each department's day draws from its own stream.
func (w *world) ticketRows(ctx context.Context, emit func(*ticketRow)) error {
	keyed := newKeyedRand(w.opts.Seed, streamTickets)
	var day []ticket
	var id []byte
	for k := range w.days {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := &w.days[k]
		midnight := d.num * 86400
		for di := range departments {
			dep := &departments[di]
			if len(dep.services) == 0 {
				continue
			}
			r := keyed.at(uint64(d.num), uint64(di))
			fk := w.factorKind(di, d)
			f := w.factor(fk)
			shift := 0.0
			if fk != factorNone {
				shift = w.eff.OnlineShift
			}
			day = day[:0]
			volume := 1 + ticketDayNoise*truncNorm(r)
			for si := range dep.services {
				s := &dep.services[si]
				if !d.workday {
					n := poisson(r, s.rate*w.scale*s.channels[chOnline]*offDayOnline)
					for range n {
						day = append(day, ticket{svc: si, channel: chOnline, created: midnight + int64(r.IntN(86400))})
					}
					continue
				}
				ch := s.channels
				ch[chOnline] += ch[chWalkIn] * shift
				ch[chWalkIn] *= 1 - shift
				n := poisson(r, s.rate*w.scale*volume)
				for range n {
					t := ticket{svc: si, channel: pick(r, ch[:])}
					t.created = midnight + int64(w.createdSecond(r, t.channel))
					day = append(day, t)
				}
			}
			slices.SortStableFunc(day, func(a, b ticket) int { return int(a.created - b.created) })
			for seq, t := range day {
				s := &dep.services[t.svc]
				id = append(id[:0], dep.code...)
				id = append(id, '-')
				id = append(id, d.ymd[0:4]...)
				id = append(id, d.ymd[5:7]...)
				id = append(id, d.ymd[8:10]...)
				id = append(id, '-')
				if seq+1 < 1000 {
					id = append(id, '0')
				}
				if seq+1 < 100 {
					id = append(id, '0')
				}
				if seq+1 < 10 {
					id = append(id, '0')
				}
				id = strconv.AppendInt(id, int64(seq+1), 10)
				emit(w.resolveTicket(r, string(id), di, k, s, t, f))
			}
		}
	}
	return nil
}

// createdSecond returns the second of the day a ticket of a channel comes
// in: walk-ins during counter hours (07:30–15:30, busiest in the morning),
// phone and chat in office hours, online at any time.
func (w *world) createdSecond(r *rand.Rand, channel int) int {
	switch channel {
	case chWalkIn:
		// The smaller of two uniforms: a density falling through the day.
		return w.startSec + min(r.IntN(8*3600), r.IntN(8*3600))
	case chOnline:
		return r.IntN(86400)
	}
	return w.startSec + r.IntN(8*3600+30*60)
}

// resolveTicket resolves one ticket into its row. Every draw is made
// whatever the export time, so that a ticket's values (and the draws of
// the tickets after it) do not depend on the range; the export then hides
// what had not happened by its time: a ticket resolved after it is open,
// without resolved_at and rating, and a first response after it is empty.
func (w *world) resolveTicket(r *rand.Rand, id string, dept, day int, s *service, t ticket, f float64) *ticketRow {
	hours := math.Exp(s.logMean()+s.sigma*r.NormFloat64()) * f
	resolved := t.created + max(1, int64(math.Round(hours*3600)))
	cancelled := r.Float64() < cancelShare
	var response int64 = -1
	switch {
	case t.channel == chWalkIn:
		response = t.created + min(resolved-t.created, int64(60+r.IntN(45*60)))
	case r.Float64() >= responseMissing:
		response = t.created + int64(float64(resolved-t.created)*(0.05+0.35*r.Float64()))
	}
	rating := 0
	if !cancelled && r.Float64() < ratedShare {
		p := ratingMissed
		if hours <= s.sla {
			p = ratingMet
		}
		rating = 1 + pick(r, p[:])
	}
	handler := ""
	if !cancelled || r.IntN(2) == 0 {
		handler = w.handler(r, dept, day)
	}

	// The export.
	status := ticketResolved
	switch {
	case cancelled:
		status = ticketCancelled
	case resolved > w.snapshot:
		status = ticketOpen
	}
	if response > w.snapshot {
		response = -1
	}
	if status != ticketResolved {
		resolved, rating = -1, 0
	}
	return &ticketRow{id: id, dept: dept, day: day, svc: s, channel: t.channel, created: t.created,
		response: response, resolved: resolved, status: status, rating: rating, handler: handler}
}

// handler returns the NIP of a front-office employee of dept, preferably
// one active on day.
func (w *world) handler(r *rand.Rand, dept, day int) string {
	front := w.depts[dept].front
	for range 8 {
		e := &w.emps[front[r.IntN(len(front))]]
		if e.first <= day && day <= e.last {
			return e.nip
		}
	}
	return w.emps[front[r.IntN(len(front))]].nip
}

// pick returns an index drawn with the given weights (summing to about 1).
func pick(r *rand.Rand, weights []float64) int {
	u := r.Float64()
	for i, p := range weights {
		if u < p {
			return i
		}
		u -= p
	}
	return len(weights) - 1
}
