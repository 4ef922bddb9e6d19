package config

import (
	"errors"
	"fmt"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// Load reads the config file at path and parses it with Parse.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	return Parse(data, path)
}

// Parse parses a YAML policy config; filename names it in errors. Keys left
// out take the defaults documented on Config; an empty document gives just
// the defaults. Weekday names may be English or Indonesian (senin … minggu),
// in any case; dates are YYYY-MM-DD.
//
// On a problem Parse returns a *pipeline.FileError for the first problem in the file
// (in document order; the checks across keys, such as overlapping phases,
// come after every single key is valid), so the message fits on one line as
// the command line's contract asks. It wraps one of the package's sentinels.
func Parse(data []byte, filename string) (cfg *Config, err error) {
	defer func() {
		// The YAML parser should not panic, but a config must never crash the tool.
		if r := recover(); r != nil {
			cfg, err = nil, &pipeline.FileError{File: filename, Err: &problem{fmt.Sprintf("reading YAML: %v", r), ErrSyntax}}
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, syntaxError(filename, err)
	}
	cfg = defaults()
	if len(doc.Content) == 0 || isNull(doc.Content[0]) {
		return cfg, nil
	}
	d := &decoder{file: filename, nodes: map[string]*yaml.Node{}, root: doc.Content[0]}
	d.config(doc.Content[0], cfg)
	if len(d.errs) == 0 {
		d.validate(cfg)
	}
	if len(d.errs) > 0 {
		return nil, d.errs[0]
	}
	return cfg, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError turns the YAML library's "yaml: line N: msg" into a *pipeline.FileError.
func syntaxError(file string, err error) error {
	msg := err.Error()
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	return &pipeline.FileError{File: file, Line: line, Err: &problem{"invalid YAML: " + msg, ErrSyntax}}
}

// decoder walks the YAML node tree, filling a Config and collecting problems.
type decoder struct {
	file  string
	errs  []*pipeline.FileError
	root  *yaml.Node
	nodes map[string]*yaml.Node // value node of each decoded path, for later checks
}

func (d *decoder) fail(n *yaml.Node, kind error, format string, args ...any) {
	pe := &pipeline.FileError{File: d.file, Err: &problem{fmt.Sprintf(format, args...), kind}}
	if n != nil {
		pe.Line, pe.Column = n.Line, n.Column
	}
	d.errs = append(d.errs, pe)
}

// at returns the node recorded for path, or the document root.
func (d *decoder) at(path string) *yaml.Node {
	if n, ok := d.nodes[path]; ok {
		return n
	}
	return d.root
}

var topKeys = []string{
	"name", "timezone", "language", "office_hours", "min_group_size", "number_locale",
	"baseline", "reference_year_offset", "phases", "exempt_job_categories", "exempt_opds",
	"holidays", "events", "billing_lag_months", "sla_hours", "tolerance", "columns", "workweek",
	"date_order", "values", "constants", "projection_year", "national_holidays", "when_inconclusive",
	"attendance_rows",
}

func (d *decoder) config(n *yaml.Node, c *Config) {
	for _, e := range d.entries(n, "", "a mapping of settings (name: …, baseline: …, phases: …)", topKeys) {
		if isNull(e.val) {
			continue // "key:" with no value keeps the default
		}
		p := e.name
		switch e.name {
		case "name":
			c.Name, _ = d.scalar(e.val, p)
		case "timezone":
			if s, ok := d.scalar(e.val, p); ok {
				if _, err := time.LoadLocation(s); err != nil || s == "" || s == "Local" {
					d.fail(e.val, ErrInvalidValue, "%s: unknown time zone %q; want an IANA name such as %s", p, s, pipeline.DefaultTimeZone)
				} else {
					c.Timezone = s
				}
			}
		case "language":
			c.Language = d.oneOf(e.val, p, ErrInvalidValue, c.Language, "id", "en")
		case "office_hours":
			d.officeHours(e.val, p, &c.OfficeHours)
		case "min_group_size":
			d.intIn(e.val, p, MinGroupSizeRange, &c.MinGroupSize, "employees")
		case "number_locale":
			c.NumberLocale = d.oneOf(e.val, p, ErrInvalidValue, c.NumberLocale, "id", "en", "auto")
		case "baseline":
			c.Baseline = d.period(e.val, p)
		case "when_inconclusive":
			c.WhenInconclusive = d.oneOf(e.val, p, ErrInvalidValue, c.WhenInconclusive, "wfo", "continue")
		case "attendance_rows":
			c.AttendanceRows = d.oneOf(e.val, p, ErrInvalidValue, c.AttendanceRows, AttendanceAllDays, AttendancePresentOnly)
		case "national_holidays":
			c.NationalHolidays = d.boolean(e.val, p)
		case "projection_year":
			d.intIn(e.val, p, Range{MinYear, MaxYear}, &c.ProjectionYear, "a year")
		case "reference_year_offset":
			d.intIn(e.val, p, ReferenceYearOffsetRange, &c.ReferenceYearOffset, "years (0: no reference year)")
		case "phases":
			for i, pn := range d.list(e.val, p, "a list of phases") {
				c.Phases = append(c.Phases, d.phase(pn, fmt.Sprintf("phases[%d]", i)))
			}
		case "exempt_job_categories":
			c.ExemptJobCategories = d.jobCategories(e.val, p)
		case "exempt_opds":
			c.ExemptOPDs = d.strs(e.val, p)
		case "holidays":
			c.Holidays = d.holidays(e.val, p)
		case "events":
			for i, en := range d.list(e.val, p, "a list of events") {
				c.Events = append(c.Events, d.event(en, fmt.Sprintf("events[%d]", i)))
			}
		case "billing_lag_months":
			d.intIn(e.val, p, BillingLagMonthsRange, &c.BillingLagMonths, "months (0: no lag)")
		case "sla_hours":
			c.SLAHours = d.slaHours(e.val, p)
			if _, ok := c.SLAHours["default"]; !ok && c.SLAHours != nil {
				c.SLAHours["default"] = DefaultSLAHours // services it does not name
			}
		case "tolerance":
			c.Tolerance = d.tolerance(e.val, p)
		case "columns":
			c.Columns = d.columns(e.val, p)
		case "date_order":
			c.DateOrder = d.dateOrder(e.val, p)
		case "values":
			c.Values = d.values(e.val, p)
		case "constants":
			c.Constants = d.constants(e.val, p)
		case "workweek":
			c.Workweek = d.weekdays(e.val, p, ErrEmptyWorkweek, "the workweek needs at least one day")
		}
	}
}

func (d *decoder) officeHours(n *yaml.Node, path string, o *OfficeHours) {
	for _, e := range d.entries(n, path, `a mapping like {start: "07:30", grace_minutes: 0}`, []string{"start", "grace_minutes"}) {
		p := path + "." + e.name
		switch e.name {
		case "start":
			if s, ok := d.scalar(e.val, p); ok {
				if _, ok := clockMinutes(s); !ok {
					d.fail(e.val, ErrInvalidValue, "%s: invalid time %q; want HH:MM from 00:00 to 23:59, quoted, e.g. \"07:30\"", p, s)
				}
				o.Start = s
			}
		case "grace_minutes":
			d.intIn(e.val, p, GraceMinutesRange, &o.GraceMinutes, "minutes")
		}
	}
}

// period decodes {from, to}; both are required and from must not be after to.
func (d *decoder) period(n *yaml.Node, path string) Period {
	var p Period
	es := d.entries(n, path, "a mapping like {from: 2025-09-01, to: 2025-10-31}", []string{"from", "to"})
	if !d.require(n, path, es, "from", "to") {
		return p
	}
	for _, e := range es {
		switch e.name {
		case "from":
			p.From = d.date(e.val, path+".from")
		case "to":
			p.To = d.date(e.val, path+".to")
		}
	}
	d.order(path, p.From, p.To)
	return p
}

// order reports from after to, at the from value.
func (d *decoder) order(path string, from, to time.Time) {
	if !from.IsZero() && !to.IsZero() && from.After(to) {
		d.fail(d.at(path+".from"), ErrDateOrder, "%s: from %s is after to %s",
			path, from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
}

var (
	phaseID     = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	reservedIDs = []string{PeriodBaseline, PeriodReference, "all", "wfo"}
)

func (d *decoder) phase(n *yaml.Node, path string) Phase {
	var ph Phase
	es := d.entries(n, path, "a mapping with id, name, from, to and rule", []string{"id", "name", "from", "to", "rule"})
	if !d.require(n, path, es, "id", "from", "rule") {
		return ph
	}
	for _, e := range es {
		p := path + "." + e.name
		switch e.name {
		case "id":
			id, ok := d.scalar(e.val, p)
			switch {
			case !ok:
			case !phaseID.MatchString(id):
				d.fail(e.val, ErrInvalidValue, "%s: invalid id %q; use letters, digits, '_' and '-'", p, id)
			case slices.Contains(reservedIDs, strings.ToLower(id)):
				d.fail(e.val, ErrReservedID, "%s: %q is reserved; choose an id other than %s", p, id, strings.Join(reservedIDs, ", "))
			}
			ph.ID = id
		case "name":
			ph.Name, _ = d.scalar(e.val, p)
		case "from":
			ph.From = d.date(e.val, p)
		case "to":
			ph.To = d.date(e.val, p)
		case "rule":
			ph.Rule = d.rule(e.val, p)
		}
	}
	d.order(path, ph.From, ph.To)
	return ph
}

func (d *decoder) rule(n *yaml.Node, path string) Rule {
	var r Rule
	es := d.entries(n, path, "a mapping like {type: weekday, weekdays: [thursday]}", []string{"type", "weekdays", "groups", "alternate"})
	if !d.require(n, path, es, "type") {
		return r
	}
	byName := map[string]entry{}
	for _, e := range es {
		byName[e.name] = e
	}
	t := byName["type"]
	typ, ok := d.scalar(t.val, path+".type")
	if !ok {
		return r
	}
	r.Type = strings.ToLower(strings.TrimSpace(typ))
	// keys that do not apply to the type
	notFor := map[string][]string{RuleWeekday: {"groups", "alternate"}, RuleRotation: {"weekdays"}}
	switch r.Type {
	case RuleWeekday:
		w, ok := byName["weekdays"]
		if !ok || isNull(w.val) {
			d.fail(n, ErrMissingWeekdays, "%s: a weekday rule needs weekdays, e.g. weekdays: [thursday]", path)
			break
		}
		r.Weekdays = d.weekdays(w.val, path+".weekdays", ErrMissingWeekdays, "a weekday rule needs at least one weekday")
	case RuleRotation:
		g, ok := byName["groups"]
		if !ok || isNull(g.val) {
			d.fail(n, ErrTooFewGroups, "%s: a rotation rule needs at least two groups, e.g. groups: [A, B]", path)
			break
		}
		r.Groups = d.groups(g.val, path+".groups")
		r.Alternate = AlternateDaily
		if a, ok := byName["alternate"]; ok && !isNull(a.val) {
			r.Alternate = d.oneOf(a.val, path+".alternate", ErrUnknownAlternate, AlternateDaily, AlternateDaily, AlternateWeekly)
		}
	default:
		d.fail(t.val, ErrUnknownRuleType, "%s.type: unknown rule type %q; allowed: %s, %s", path, typ, RuleWeekday, RuleRotation)
		return r
	}
	for _, k := range notFor[r.Type] {
		if e, ok := byName[k]; ok {
			d.fail(e.key, ErrRuleKey, "%s: %s does not apply to a %s rule", path, k, r.Type)
		}
	}
	return r
}

var weekdayNames = map[string]time.Weekday{
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday,
	"senin": time.Monday, "selasa": time.Tuesday, "rabu": time.Wednesday,
	"kamis": time.Thursday, "jumat": time.Friday, "jum'at": time.Friday,
	"saturday": time.Saturday, "sunday": time.Sunday,
	"sabtu": time.Saturday, "minggu": time.Sunday, "ahad": time.Sunday,
}

const allowedWeekdays = "monday … sunday (or senin … minggu)"

// weekdays decodes a list of distinct weekday names (phase rules and the
// workweek); an empty list fails with kind empty, saying needs. Each item's
// node is recorded as path[i], for the checks across keys.
func (d *decoder) weekdays(n *yaml.Node, path string, empty error, needs string) []time.Weekday {
	items := d.list(n, path, "a list of weekdays, e.g. [thursday]")
	if isEmptyList(n) {
		d.fail(n, empty, "%s: empty; %s", path, needs)
	}
	var out []time.Weekday
	for i, it := range items {
		d.nodes[fmt.Sprintf("%s[%d]", path, i)] = resolve(it)
		s, ok := d.scalar(it, path)
		if !ok {
			continue
		}
		key := strings.ToLower(strings.TrimSpace(s))
		wd, ok := weekdayNames[key]
		switch {
		case !ok:
			d.fail(it, ErrUnknownWeekday, "%s: unknown weekday %q; allowed: %s", path, s, allowedWeekdays)
		case slices.Contains(out, wd):
			d.fail(it, ErrInvalidValue, "%s: %s is listed twice", path, strings.ToLower(wd.String()))
		default:
			out = append(out, wd)
		}
	}
	return out
}

func (d *decoder) groups(n *yaml.Node, path string) []string {
	items := d.list(n, path, "a list of groups, e.g. [A, B]")
	var out []string
	for _, it := range items {
		s, ok := d.scalar(it, path)
		if !ok {
			continue
		}
		s = strings.TrimSpace(s)
		switch {
		case s == "":
			d.fail(it, ErrInvalidValue, "%s: empty group name", path)
		case containsFold(out, s):
			d.fail(it, ErrInvalidValue, "%s: group %q is listed twice", path, s)
		default:
			out = append(out, s)
		}
	}
	if resolve(n).Kind == yaml.SequenceNode && len(items) < 2 {
		d.fail(n, ErrTooFewGroups, "%s: %d group(s); a rotation rule needs at least two, e.g. [A, B]", path, len(items))
	}
	return out
}

func (d *decoder) event(n *yaml.Node, path string) Event {
	var ev Event
	es := d.entries(n, path, "a mapping like {from: 2025-12-29, to: 2025-12-31, kind: wfa, exclude: true}",
		[]string{"from", "to", "kind", "exclude"})
	if !d.require(n, path, es, "from", "to", "kind") {
		return ev
	}
	for _, e := range es {
		p := path + "." + e.name
		switch e.name {
		case "from":
			ev.From = d.date(e.val, p)
		case "to":
			ev.To = d.date(e.val, p)
		case "kind":
			if s, ok := d.scalar(e.val, p); ok {
				if ev.Kind = strings.TrimSpace(s); ev.Kind == "" {
					d.fail(e.val, ErrInvalidValue, "%s: empty; name the kind of event, e.g. wfa", p)
				}
			}
		case "exclude":
			ev.Exclude = d.boolean(e.val, p)
		}
	}
	d.order(path, ev.From, ev.To)
	return ev
}

func (d *decoder) holidays(n *yaml.Node, path string) []time.Time {
	var out []time.Time
	for _, it := range d.list(n, path, "a list of dates, e.g. [2025-12-25]") {
		t := d.date(it, path)
		if t.IsZero() {
			continue
		}
		if slices.ContainsFunc(out, t.Equal) {
			d.fail(it, ErrInvalidValue, "%s: %s is listed twice", path, t.Format(time.DateOnly))
			continue
		}
		out = append(out, t)
	}
	return out
}

// jobAliases maps the Indonesian job categories of docs/contract.md §1 to canonical ones.
var jobAliases = map[string]string{
	"front_office": "front_office", "back_office": "back_office", "field": "field", "essential": "essential",
	"pelayanan": "front_office", "administrasi": "back_office", "lapangan": "field", "esensial": "essential",
}

func (d *decoder) jobCategories(n *yaml.Node, path string) []string {
	var out []string
	for _, it := range d.list(n, path, "a list of job categories, e.g. [essential]") {
		s, ok := d.scalar(it, path)
		if !ok {
			continue
		}
		c, ok := jobAliases[strings.ToLower(strings.TrimSpace(s))]
		if !ok {
			d.fail(it, ErrInvalidValue, "%s: unknown job category %q; allowed: front_office, back_office, field, essential "+
				"(or pelayanan, administrasi, lapangan, esensial)", path, s)
			continue
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// strs decodes a list of non-empty single values.
func (d *decoder) strs(n *yaml.Node, path string) []string {
	var out []string
	for _, it := range d.list(n, path, "a list of values") {
		s, ok := d.scalar(it, path)
		if !ok {
			continue
		}
		if s = strings.TrimSpace(s); s == "" {
			d.fail(it, ErrInvalidValue, "%s: empty value", path)
			continue
		}
		out = append(out, s)
	}
	return out
}

// slaHours decodes sla_hours: service names to hours in (0, MaxSLAHours].
func (d *decoder) slaHours(n *yaml.Node, path string) map[string]float64 {
	es := d.entries(n, path, "a mapping of services to hours, e.g. {default: 72, KTP-el: 24}", nil)
	if len(es) == 0 {
		return nil
	}
	out := make(map[string]float64, len(es))
	for _, e := range es {
		p := path + "." + e.name
		v, ok := d.number(e.val, p)
		if !ok {
			continue
		}
		if v <= 0 || v > MaxSLAHours {
			d.fail(e.val, ErrInvalidValue, "%s: %v is out of range; want hours above 0 and at most %v (a year)", p, v, MaxSLAHours)
		}
		out[e.name] = v
	}
	return out
}

// tolerance decodes tolerance: guardrail metric ids (GuardrailMetrics) to
// a change in the metric's unit within ToleranceRange.
func (d *decoder) tolerance(n *yaml.Node, path string) map[string]float64 {
	es := d.entries(n, path, "a mapping of metric ids to changes, e.g. {sla_met_rate: -0.02}", nil)
	if len(es) == 0 {
		return nil
	}
	known := GuardrailMetrics()
	out := make(map[string]float64, len(es))
	for _, e := range es {
		p := path + "." + e.name
		m, ok := summary.MetricByID(e.name)
		switch {
		case ok && m.Monthly:
			d.fail(e.key, ErrUnknownKey, "%s: %s is a cost, not a guardrail (the saving chooses among the schemes that pass); guardrail metrics: %s",
				path, e.name, strings.Join(known, ", "))
			continue
		case !ok:
			d.fail(e.key, ErrUnknownKey, "%s: unknown metric %q; guardrail metrics: %s", path, e.name, strings.Join(known, ", "))
			continue
		}
		v, ok := d.number(e.val, p)
		if !ok {
			continue
		}
		if lo, hi, unit := ToleranceRange(m.Unit); v < lo || v > hi {
			d.fail(e.val, ErrInvalidValue, "%s: %v is out of range; want a change from %v to %v %s", p, v, lo, hi, unit)
		}
		out[e.name] = v
	}
	return out
}

func (d *decoder) columns(n *yaml.Node, path string) map[string]map[string]string {
	es := d.entries(n, path, `a mapping of dataset kinds, e.g. {attendance: {"Tgl Absen": date}}`, pipeline.Kinds)
	if len(es) == 0 {
		return nil
	}
	out := map[string]map[string]string{}
	for _, e := range es {
		if isNull(e.val) {
			continue
		}
		p := path + "." + e.name
		m := map[string]string{}
		for _, h := range d.entries(e.val, p, `a mapping of header names to canonical columns, e.g. {"Tgl Absen": date}`, nil) {
			if s, ok := d.scalar(h.val, p+"."+h.name); ok {
				if s = strings.TrimSpace(s); s == "" {
					d.fail(h.val, ErrInvalidValue, "%s: %q maps to nothing; name a canonical column", p, h.name)
				}
				m[h.name] = s
			}
		}
		if len(m) > 0 {
			out[e.name] = m
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// entry is one key and its value in a mapping.
type entry struct {
	name     string
	key, val *yaml.Node
}

// entries checks that n is a mapping (null is not) whose keys are in allowed (any key if
// allowed is nil), each given once, and returns its entries in order.
func (d *decoder) entries(n *yaml.Node, path, want string, allowed []string) []entry {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		d.fail(n, ErrType, "%swant %s, not %s", prefix(path), want, kindName(n))
		return nil
	}
	var out []entry
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.fail(k, ErrType, "%sa key must be a single value, not %s", prefix(path), kindName(k))
			continue
		}
		name := k.Value
		switch {
		case allowed != nil && !slices.Contains(allowed, name):
			d.fail(k, ErrUnknownKey, "%sunknown key %q; allowed: %s", prefix(path), name, strings.Join(allowed, ", "))
		case seen[name]:
			d.fail(k, ErrDuplicateKey, "%skey %q is given twice", prefix(path), name)
		case strings.TrimSpace(name) == "":
			d.fail(k, ErrInvalidValue, "%sempty key", prefix(path))
		default:
			seen[name] = true
			out = append(out, entry{name, k, v})
			if path != "" {
				d.nodes[path+"."+name] = resolve(v)
			} else {
				d.nodes[name] = resolve(v)
			}
		}
	}
	return out
}

// require reports the keys of names missing from es, at the mapping n.
func (d *decoder) require(n *yaml.Node, path string, es []entry, names ...string) bool {
	if n = resolve(n); n.Kind != yaml.MappingNode {
		return false // already reported
	}
	ok := true
	for _, name := range names {
		i := slices.IndexFunc(es, func(e entry) bool { return e.name == name })
		if i < 0 || isNull(es[i].val) {
			d.fail(n, ErrMissingKey, "%smissing key %q", prefix(path), name)
			ok = false
		}
	}
	return ok
}

// list checks that n is a sequence and returns its items; null gives nil.
func (d *decoder) list(n *yaml.Node, path, want string) []*yaml.Node {
	n = resolve(n)
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.fail(n, ErrType, "%s: want %s, not %s", path, want, kindName(n))
		return nil
	}
	return n.Content
}

// scalar returns the text of a single value.
func (d *decoder) scalar(n *yaml.Node, path string) (string, bool) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode {
		d.fail(n, ErrType, "%s: want a single value, not %s", path, kindName(n))
		return "", false
	}
	if isNull(n) {
		return "", true
	}
	return n.Value, true
}

// oneOf returns the value of n lower-cased if it is one of allowed, else
// reports it with kind and returns current.
func (d *decoder) oneOf(n *yaml.Node, path string, kind error, current string, allowed ...string) string {
	s, ok := d.scalar(n, path)
	if !ok {
		return current
	}
	v := strings.ToLower(strings.TrimSpace(s))
	if !slices.Contains(allowed, v) {
		d.fail(n, kind, "%s: unknown value %q; allowed: %s", path, s, strings.Join(allowed, ", "))
		return current
	}
	return v
}

// intIn reads a whole number into *dst and reports it, with the allowed
// range and unit, when it is outside r.
func (d *decoder) intIn(n *yaml.Node, path string, r Range, dst *int, unit string) {
	s, ok := d.scalar(n, path)
	if !ok {
		return
	}
	want := fmt.Sprintf("want a whole number from %d to %d %s", r.Min, r.Max, unit)
	v, err := strconv.Atoi(strings.TrimSpace(s))
	switch {
	case errors.Is(err, strconv.ErrRange):
		d.fail(n, ErrInvalidValue, "%s: %s is out of range; %s", path, s, want)
		return
	case err != nil:
		d.fail(n, ErrInvalidValue, "%s: %q is not a whole number; %s", path, s, want)
		return
	case v < r.Min && r.Min == 0:
		d.fail(n, ErrInvalidValue, "%s: %d is negative; %s", path, v, want)
	case v < r.Min:
		d.fail(n, ErrInvalidValue, "%s: %d is below %d; %s", path, v, r.Min, want)
	case v > r.Max:
		d.fail(n, ErrInvalidValue, "%s: %d is above %d; %s", path, v, r.Max, want)
	}
	*dst = v
}

// number reads a finite number.
func (d *decoder) number(n *yaml.Node, path string) (float64, bool) {
	s, ok := d.scalar(n, path)
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || s == "" || math.IsNaN(v) || math.IsInf(v, 0) {
		d.fail(n, ErrInvalidValue, "%s: %q is not a number; write e.g. 24 or -0.02", path, s)
		return 0, false
	}
	return v, true
}

func (d *decoder) boolean(n *yaml.Node, path string) bool {
	s, ok := d.scalar(n, path)
	if !ok {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		return true
	case "false":
		return false
	}
	d.fail(n, ErrInvalidValue, "%s: %q is not true or false", path, s)
	return false
}

// date parses a YYYY-MM-DD value; it returns the zero time on a problem.
func (d *decoder) date(n *yaml.Node, path string) time.Time {
	s, ok := d.scalar(n, path)
	if !ok {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		d.fail(n, ErrInvalidDate, "%s: invalid date %q; want YYYY-MM-DD, e.g. 2025-11-01", path, s)
		return time.Time{}
	}
	if t.Year() < MinYear || t.Year() > MaxYear {
		d.fail(n, ErrInvalidDate, "%s: %s is out of range; want a date in the years %d to %d", path, t.Format(time.DateOnly), MinYear, MaxYear)
		return time.Time{}
	}
	return t
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isEmptyList(n *yaml.Node) bool {
	n = resolve(n)
	return n.Kind == yaml.SequenceNode && len(n.Content) == 0
}

func isNull(n *yaml.Node) bool {
	n = resolve(n)
	return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func kindName(n *yaml.Node) string {
	n = resolve(n)
	if isNull(n) {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("the value %q", n.Value)
	}
	return "nothing"
}

func prefix(path string) string {
	if path == "" {
		return ""
	}
	return path + ": "
}
