package config_test

import (
	"maps"
	"testing"

	"github.com/bekasi/wfheval/pipeline/config"
)

// A config that leaves out tolerance still has guardrails; one that gives
// its own replaces them whole, and tolerance: {} judges none.
func TestToleranceDefaults(t *testing.T) {
	const periods = "baseline: {from: 2025-09-01, to: 2025-10-31}\nphases:\n  - {id: p1, from: 2025-11-01, to: 2025-11-30, rule: {type: weekday, weekdays: [thursday]}}\n"
	cases := []struct {
		name, yaml string
		want       map[string]float64
	}{
		{"left out", periods, config.DefaultTolerance()},
		{"own", periods + "tolerance: {satisfaction_mean: -0.1}\nsla_hours: {KTP-el: 24}\n", map[string]float64{"satisfaction_mean": -0.1}},
		{"none", periods + "tolerance: {}\n", map[string]float64{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := config.Parse([]byte(tc.yaml), "policy.yaml")
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(c.Tolerance, tc.want) {
				t.Errorf("tolerance %v, want %v", c.Tolerance, tc.want)
			}
			if got := c.SLAFor("Akta Kelahiran"); got != config.DefaultSLAHours {
				t.Errorf("SLA of an unnamed service %v, want %v", got, config.DefaultSLAHours)
			}
		})
	}
	if len(config.DefaultTolerance()) == 0 {
		t.Fatal("no default guardrails")
	}
}
