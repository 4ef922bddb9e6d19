package config

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Marshal returns c as YAML in the layout of docs/contract.md §2: small mappings
// and lists in flow style, one phase or event per entry. Parse(Marshal(c))
// gives back c for any config that Parse accepts. Empty lists and maps are
// left out.
func (c *Config) Marshal() ([]byte, error) {
	root := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key string, val *yaml.Node) { root.Content = append(root.Content, str(key), val) }

	add("name", quoted(c.Name))
	add("timezone", str(c.Timezone))
	add("language", str(c.Language))
	add("office_hours", flowMap("start", quoted(c.OfficeHours.Start), "grace_minutes", integer(c.OfficeHours.GraceMinutes)))
	add("min_group_size", integer(c.MinGroupSize))
	add("number_locale", str(c.NumberLocale))
	if !c.Baseline.IsZero() {
		add("baseline", flowMap("from", day(c.Baseline.From), "to", day(c.Baseline.To)))
	}
	add("reference_year_offset", integer(c.ReferenceYearOffset))
	if c.WhenInconclusive != "" {
		add("when_inconclusive", str(c.WhenInconclusive))
	}
	if c.AttendanceRows != "" {
		add("attendance_rows", str(c.AttendanceRows))
	}
	if !c.NationalHolidays {
		add("national_holidays", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "false"})
	}
	if c.ProjectionYear != 0 {
		add("projection_year", integer(c.ProjectionYear))
	}
	if len(c.Phases) > 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for _, ph := range c.Phases {
			m := &yaml.Node{Kind: yaml.MappingNode}
			m.Content = append(m.Content, str("id"), str(ph.ID))
			if ph.Name != "" {
				m.Content = append(m.Content, str("name"), quoted(ph.Name))
			}
			m.Content = append(m.Content, str("from"), day(ph.From))
			if !ph.Continuing() {
				m.Content = append(m.Content, str("to"), day(ph.To))
			}
			m.Content = append(m.Content, str("rule"), ruleNode(ph.Rule))
			seq.Content = append(seq.Content, m)
		}
		add("phases", seq)
	}
	if len(c.ExemptJobCategories) > 0 {
		add("exempt_job_categories", flowList(c.ExemptJobCategories))
	}
	if len(c.ExemptOPDs) > 0 {
		add("exempt_opds", flowList(c.ExemptOPDs))
	}
	if len(c.Workweek) > 0 && !slices.Equal(c.Workweek, DefaultWorkweek()) {
		names := make([]string, len(c.Workweek))
		for i, wd := range c.Workweek {
			names[i] = strings.ToLower(wd.String())
		}
		add("workweek", flowList(names))
	}
	if len(c.Holidays) > 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, h := range c.Holidays {
			seq.Content = append(seq.Content, day(h))
		}
		add("holidays", seq)
	}
	if len(c.Events) > 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for _, ev := range c.Events {
			seq.Content = append(seq.Content, flowMap("from", day(ev.From), "to", day(ev.To),
				"kind", str(ev.Kind), "exclude", boolean(ev.Exclude)))
		}
		add("events", seq)
	}
	add("billing_lag_months", integer(c.BillingLagMonths))
	if len(c.SLAHours) > 0 {
		add("sla_hours", numberMap(c.SLAHours, "default"))
	}
	if len(c.Tolerance) > 0 {
		add("tolerance", numberMap(c.Tolerance, ""))
	}
	if len(c.Columns) > 0 {
		kinds := &yaml.Node{Kind: yaml.MappingNode}
		for _, k := range sortedKeys(c.Columns, "") {
			m := &yaml.Node{Kind: yaml.MappingNode}
			for _, h := range sortedKeys(c.Columns[k], "") {
				m.Content = append(m.Content, quoted(h), str(c.Columns[k][h]))
			}
			kinds.Content = append(kinds.Content, str(k), m)
		}
		add("columns", kinds)
	}
	if len(c.DateOrder) > 0 {
		if o, ok := c.DateOrder["default"]; ok && len(c.DateOrder) == 1 {
			add("date_order", str(o))
		} else {
			m := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
			for _, k := range sortedKeys(c.DateOrder, "default") {
				m.Content = append(m.Content, str(k), str(c.DateOrder[k]))
			}
			add("date_order", m)
		}
	}
	if len(c.Values) > 0 {
		kinds := &yaml.Node{Kind: yaml.MappingNode}
		for _, k := range sortedKeys(c.Values, "") {
			cols := &yaml.Node{Kind: yaml.MappingNode}
			for _, col := range sortedKeys(c.Values[k], "") {
				m := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
				for _, w := range sortedKeys(c.Values[k][col], "") {
					m.Content = append(m.Content, quoted(w), str(c.Values[k][col][w]))
				}
				cols.Content = append(cols.Content, str(col), m)
			}
			kinds.Content = append(kinds.Content, str(k), cols)
		}
		add("values", kinds)
	}
	if len(c.Constants) > 0 {
		kinds := &yaml.Node{Kind: yaml.MappingNode}
		for _, k := range sortedKeys(c.Constants, "") {
			m := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
			for _, col := range sortedKeys(c.Constants[k], "") {
				m.Content = append(m.Content, quoted(col), quoted(c.Constants[k][col]))
			}
			kinds.Content = append(kinds.Content, str(k), m)
		}
		add("constants", kinds)
	}

	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return nil, fmt.Errorf("encoding config: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encoding config: %w", err)
	}
	return buf.Bytes(), nil
}

func ruleNode(r Rule) *yaml.Node {
	kv := []any{"type", str(r.Type)}
	if len(r.Weekdays) > 0 {
		names := make([]string, len(r.Weekdays))
		for i, wd := range r.Weekdays {
			names[i] = strings.ToLower(wd.String())
		}
		kv = append(kv, "weekdays", flowList(names))
	}
	if len(r.Groups) > 0 {
		kv = append(kv, "groups", flowList(r.Groups))
	}
	if r.Alternate != "" {
		kv = append(kv, "alternate", str(r.Alternate))
	}
	return flowMap(kv...)
}

// flowMap builds a flow mapping from alternating string keys and value nodes.
func flowMap(kv ...any) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	for i := 0; i+1 < len(kv); i += 2 {
		m.Content = append(m.Content, str(kv[i].(string)), kv[i+1].(*yaml.Node))
	}
	return m
}

func flowList(items []string) *yaml.Node {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range items {
		seq.Content = append(seq.Content, str(s))
	}
	return seq
}

// numberMap writes a flow mapping with first (if present) ahead of the sorted keys.
func numberMap(m map[string]float64, first string) *yaml.Node {
	out := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	for _, k := range sortedKeys(m, first) {
		out.Content = append(out.Content, str(k), &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatFloat(m[k], 'f', -1, 64)})
	}
	return out
}

func sortedKeys[V any](m map[string]V, first string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		if k != first {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	if _, ok := m[first]; ok {
		keys = append([]string{first}, keys...)
	}
	return keys
}

// str is a string scalar, quoted by the encoder only where YAML needs it.
func str(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func quoted(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.DoubleQuotedStyle, Value: s}
}

func integer(v int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.Itoa(v)}
}

func boolean(v bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatBool(v)}
}

func day(t time.Time) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: t.Format(time.DateOnly)}
}
