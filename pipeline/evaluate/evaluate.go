// Package evaluate compares the baseline with each trial phase of a
// work-from-home policy: it reads the loaded data through the named queries
// of queries/evaluate, measures every metric of docs/contract.md §5 per period and
// scope, estimates the phases' effects with intervals that respect the
// dependence between days, and recommends a scheme per department. The
// result is a summary.Summary, written as summary.json (docs/contract.md §5) by summary.WriteJSON
// and stored in the eval_* tables.
//
// docs/methods.md explains each estimand and interval for an analyst.
package evaluate

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/store"
	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/pipeline/words"
	"github.com/bekasi/wfheval/queries"
)

// DefaultSeed is the bootstrap seed when Options.Seed is zero.
const DefaultSeed = 1

// Options tune an evaluation. The zero value is usable.
type Options struct {
	// Seed seeds the bootstrap; 0 means DefaultSeed. The same data, config
	// and seed give the same summary, byte for byte (GeneratedAt aside).
	Seed uint64
	// Reps is the number of bootstrap replicates per period; 0 means
	// stats.DefaultReps (1000).
	Reps int
	// ConfigSHA256 is the sha256 of the config file as the user wrote it;
	// "" means the sha256 of cfg.Marshal().
	ConfigSHA256 string
	// Language of the reasons: "id" or "en"; "" means the config's.
	Language string
	// Now returns the evaluation time; nil means time.Now.
	Now func() time.Time
	// Workers is the number of goroutines computing intervals; 0 means
	// GOMAXPROCS.
	Workers int
	// SkipStore leaves the eval_* tables alone (the calendar, exemptions and
	// SLA tables are always written: the queries read them); Record stores
	// the summary later, once the command's outputs are written.
	SkipStore bool
	// Through, when set, is the last day of data the evaluation may use
	// (its civil date counts): a month evaluated later sees the data as it
	// stood at the month's end. The data's range and the continuing
	// phases end there; phases that start after it are left out and
	// phases that run past it end on it, so no later day enters the
	// calendar. Zero means all the data. (Tickets created by then keep
	// their resolution and response times even when these came later.)
	Through time.Time
}

// evaluator holds one run's state.
type evaluator struct {
	cfg      *config.Config // continuing phases ended on the last day with data
	source   *config.Config // as the user wrote it
	opts     Options
	words    *words.Printer // writes in the summary's language
	plan     *plan
	projYear int // the year savings are projected over
	// projDays are the projection year's working days (holidaysKnown: the
	// national holidays of that year are tabled); projs the phases' and
	// schemes' projections.
	projDays      []time.Time
	holidaysKnown bool
	projs         []projection
	comp          *completeness
	q             *queries.Evaluate
	// presentOnly: the attendance exports list the present days only
	// (attendance_rows, docs/contract.md §6).
	presentOnly bool
	// sched caches AttendanceScheduled (scheduledDays): read once for
	// completeness and the present-only reading.
	sched struct {
		done   bool
		rows   []schedRow
		lo, hi time.Time
	}
	// recorded are the employee-days with an attendance record per working
	// day, department and job category (AttendanceDaily's scheduled), which
	// readAttendance notes for scheduledDays.
	recorded map[schedKey]float64
}

// Run evaluates the data in db under cfg and returns the summary. It
// rewrites the calendar, policy_exemptions and policy_sla tables from cfg,
// and, unless opts.SkipStore, stores the summary in the eval_* tables as a
// new run (see Record).
func Run(ctx context.Context, db *store.DB, cfg *config.Config, opts Options) (*summary.Summary, error) {
	if cfg == nil {
		return nil, fmt.Errorf("evaluating: %w", ErrNoConfig)
	}
	if len(cfg.Phases) == 0 || cfg.Baseline.IsZero() {
		return nil, fmt.Errorf("evaluating: %w", ErrNoPeriods)
	}
	q, err := queries.LoadEvaluate()
	if err != nil {
		return nil, err
	}
	e := &evaluator{cfg: cfg, source: cfg, opts: opts, q: q}
	if e.opts.Seed == 0 {
		e.opts.Seed = DefaultSeed
	}
	if e.opts.Workers <= 0 {
		e.opts.Workers = runtime.GOMAXPROCS(0)
	}
	lang := opts.Language
	if lang == "" {
		lang = cfg.Language
	}
	e.words = words.New(lang)
	sqldb := db.SQL()

	if err := e.layout(ctx, sqldb); err != nil {
		return nil, err
	}
	if err := e.writePolicy(ctx, db); err != nil {
		return nil, err
	}

	d, err := e.read(ctx, sqldb)
	if err != nil {
		return nil, err
	}
	res := e.compute(ctx, d)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s := e.summary(d, res)
	s.Daily = e.dailyPoints(d)
	if !opts.SkipStore {
		if err := e.store(ctx, db, s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// layout reads the data's dates and lays out the plan: the calendar from
// the first to the last date of data, continuing phases ended on the last
// day with daily data.
func (e *evaluator) layout(ctx context.Context, db *sql.DB) error {
	var from, to, daily sql.NullTime
	if err := db.QueryRowContext(ctx, e.q.DataRange, e.cfg.BillingLagMonths).Scan(&from, &to, &daily); err != nil {
		return fmt.Errorf("reading the data's dates: %w", err)
	}
	var dataFrom, dataTo, through time.Time
	if from.Valid && to.Valid {
		dataFrom, dataTo, through = civil(from.Time), civil(to.Time), civil(to.Time)
		if daily.Valid {
			through = civil(daily.Time)
		}
	}
	if !e.opts.Through.IsZero() {
		cut := civil(e.opts.Through)
		if dataTo.After(cut) {
			dataTo = cut
		}
		if through.After(cut) {
			through = cut
		}
		cfg, err := cutConfig(e.cfg, cut)
		if err != nil {
			return err
		}
		e.cfg = cfg
	}
	e.plan = newPlan(e.cfg, dataFrom, dataTo, through)
	e.cfg = e.plan.cfg
	// Reasons name a scheme as summary.json's schemes do.
	if e.words != nil {
		e.words.Names = map[string]string{}
		for _, per := range e.plan.periods {
			if per.kind == kindScheme {
				e.words.Names[per.id] = e.schemeName(per)
			}
		}
	}
	e.projYear = e.projectionYear()
	e.projDays, e.holidaysKnown = e.projectionDays()
	e.projs = e.projections()
	return nil
}

// cutConfig returns a copy of cfg that ends on cut (Options.Through):
// phases that start after cut are left out and those that end after it end
// on it. The baseline must end by cut.
func cutConfig(cfg *config.Config, cut time.Time) (*config.Config, error) {
	if cfg.Baseline.To.After(cut) {
		return nil, fmt.Errorf("evaluating through %s: the baseline runs to %s: %w",
			cut.Format(time.DateOnly), cfg.Baseline.To.Format(time.DateOnly), ErrNoPeriods)
	}
	out := *cfg
	out.Phases = nil
	for _, ph := range cfg.Phases {
		if ph.From.After(cut) {
			continue
		}
		if !ph.Continuing() && ph.To.After(cut) {
			ph.To = cut
		}
		out.Phases = append(out.Phases, ph)
	}
	if len(out.Phases) == 0 {
		return nil, fmt.Errorf("evaluating through %s: no phase has started by then: %w", cut.Format(time.DateOnly), ErrNoPeriods)
	}
	return &out, nil
}

// schemeName names a scheme by its phases' names in the config (their ids
// where unnamed), joined by " + ".
func (e *evaluator) schemeName(per periodInfo) string {
	var names []string
	for _, ph := range per.phases {
		n := e.cfg.Phases[ph].Name
		if n == "" {
			n = e.cfg.Phases[ph].ID
		}
		names = append(names, n)
	}
	return strings.Join(names, " + ")
}

// read runs the series queries and builds the daily series and monthly rows.
func (e *evaluator) read(ctx context.Context, db *sql.DB) (*data, error) {
	d := &data{daily: map[seriesKey]*series{}, sizes: map[groupKey]int{}, opdNames: map[string]string{}}
	switch e.cfg.AttendanceRows {
	case config.AttendancePresentOnly:
		e.presentOnly = true
	case "":
		if err := db.QueryRowContext(ctx, e.q.PunchLoads).Scan(&e.presentOnly); err != nil {
			return nil, fmt.Errorf("reading the loads: %w", err)
		}
	}
	att, err := e.readAttendance(ctx, db)
	if err != nil {
		return nil, err
	}
	tix, err := e.readTickets(ctx, db, nil)
	if err != nil {
		return nil, err
	}
	if d.monthly, err = e.readCosts(ctx, db); err != nil {
		return nil, err
	}
	if e.comp, err = e.checkCompleteness(ctx, db, d, tix); err != nil {
		return nil, err
	}
	e.comp.allPresent = e.allPresent(att)
	// Departments with incomplete tickets leave the city-wide and group
	// service series: read them again without those.
	if left := e.comp.leftOut(summary.CompleteTickets); len(left) > 0 {
		if tix, err = e.readTickets(ctx, db, left); err != nil {
			return nil, err
		}
	}
	e.attendanceSeries(d, att)
	e.ticketSeries(d, tix, att)
	if err := e.readMeters(ctx, db, d); err != nil {
		return nil, err
	}
	if err := e.readSizes(ctx, db, d); err != nil {
		return nil, err
	}
	if d.inputs, err = e.readInputs(ctx, db); err != nil {
		return nil, err
	}
	return d, nil
}

func (e *evaluator) readSizes(ctx context.Context, db *sql.DB, d *data) error {
	rows, err := db.QueryContext(ctx, e.q.GroupSizes)
	if err != nil {
		return fmt.Errorf("reading group sizes: %w", err)
	}
	defer rows.Close()
	total := 0
	for rows.Next() {
		var opd, cat, name sql.NullString
		var n int
		if err := rows.Scan(&opd, &cat, &name, &n); err != nil {
			return fmt.Errorf("reading group sizes: %w", err)
		}
		switch {
		case opd.Valid:
			d.sizes[groupKey{summary.ScopeOPD, opd.String}] = n
			d.opdNames[opd.String] = name.String
			d.opds = append(d.opds, opd.String)
			total += n
		case cat.Valid:
			d.sizes[groupKey{summary.ScopeJobCategory, cat.String}] = n
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading group sizes: %w", err)
	}
	d.sizes[groupKey{summary.ScopeAll, ""}] = total
	slices.Sort(d.opds)
	return nil
}

func (e *evaluator) readInputs(ctx context.Context, db *sql.DB) ([]summary.Input, error) {
	rows, err := db.QueryContext(ctx, e.q.LoadsUsed)
	if err != nil {
		return nil, fmt.Errorf("reading load_log: %w", err)
	}
	defer rows.Close()
	out := []summary.Input{}
	for rows.Next() {
		var in summary.Input
		if err := rows.Scan(&in.LoadID, &in.Kind, &in.SourceSHA256, &in.RowsLoaded, &in.RowsRejected); err != nil {
			return nil, fmt.Errorf("reading load_log: %w", err)
		}
		out = append(out, in)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading load_log: %w", err)
	}
	return out, nil
}

// configSHA256 returns the config's sha256: the one given, else that of its
// canonical YAML.
func (e *evaluator) configSHA256() string {
	if e.opts.ConfigSHA256 != "" {
		return e.opts.ConfigSHA256
	}
	b, err := e.source.Marshal()
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func (e *evaluator) now() time.Time {
	now := time.Now
	if e.opts.Now != nil {
		now = e.opts.Now
	}
	t := now()
	if loc, err := time.LoadLocation(e.cfg.Timezone); err == nil {
		t = t.In(loc)
	}
	return t
}

func toolVersion() string { return pipeline.ToolVersion() }
