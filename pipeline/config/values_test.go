package config_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline/config"
)

func TestValues(t *testing.T) {
	c := mustParse(t, "values:\n  tickets: {status: {Closed: RESOLVED, \"In Progress\": open}, channel: {MOBILE: online}}\n  attendance: {work_mode: {remote: wfh}}\n")
	want := map[string]map[string]map[string]string{
		"tickets":    {"status": {"Closed": "resolved", "In Progress": "open"}, "channel": {"MOBILE": "online"}},
		"attendance": {"work_mode": {"remote": "WFH"}},
	}
	if !reflect.DeepEqual(c.Values, want) {
		t.Errorf("Values = %v, want %v", c.Values, want)
	}
	data, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if back := mustParse(t, string(data)); !reflect.DeepEqual(back, c) {
		t.Errorf("round trip through\n%s\ngives %v", data, back.Values)
	}
}

func TestValuesErrors(t *testing.T) {
	for in, msg := range map[string]string{
		"values: {tickets: {status: {Closed: done}}}\n":   `p.yaml:1:37: values.tickets.status.Closed: "done" is not a status; allowed: open, resolved, cancelled`,
		"values: {tickets: {service: {A: b}}}\n":          `p.yaml:1:20: values.tickets: unknown key "service"; allowed: channel, status`,
		"values: {meters: {x: {A: b}}}\n":                 `p.yaml:1:10: values: unknown key "meters"; allowed: employees, attendance, costs, tickets`,
		"values: {tickets: {status: {open: resolved}}}\n": `p.yaml:1:29: values.tickets.status: "open" is the canonical value open itself and cannot map to resolved`,
	} {
		_, err := config.Parse([]byte(in), "p.yaml")
		if err == nil || !strings.HasPrefix(err.Error(), msg) {
			t.Errorf("Parse(%q) = %v, want %s…", in, err, msg)
		}
	}
}

func TestConstants(t *testing.T) {
	c := mustParse(t, "constants: {meters: {opd_code: SETDA}, tickets: {channel: \"123\"}}\n")
	want := map[string]map[string]string{"meters": {"opd_code": "SETDA"}, "tickets": {"channel": "123"}}
	if !reflect.DeepEqual(c.Constants, want) {
		t.Errorf("Constants = %v, want %v", c.Constants, want)
	}
	data, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if back := mustParse(t, string(data)); !reflect.DeepEqual(back, c) {
		t.Errorf("round trip through\n%s\ngives %v", data, back.Constants)
	}
	for in, msg := range map[string]string{
		"constants: {meter: {opd_code: X}}\n":     `p.yaml:1:13: constants: unknown key "meter"`,
		"constants: {meters: {opd_code: \"\"}}\n": `p.yaml:1:32: constants.meters.opd_code: empty`,
	} {
		if _, err := config.Parse([]byte(in), "p.yaml"); err == nil || !strings.HasPrefix(err.Error(), msg) {
			t.Errorf("Parse(%q) = %v, want %s…", in, err, msg)
		}
	}
}
