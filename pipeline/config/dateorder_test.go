package config_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline/config"
)

func TestDateOrder(t *testing.T) {
	tests := []struct {
		yaml string
		want map[string]string
		of   map[string]string // kind -> DateOrderOf
	}{
		{"", nil, map[string]string{"tickets": "dmy"}},
		{"date_order: MDY\n", map[string]string{"default": "mdy"}, map[string]string{"tickets": "mdy", "meters": "mdy"}},
		{"date_order: {tickets: mdy}\n", map[string]string{"tickets": "mdy"}, map[string]string{"tickets": "mdy", "meters": "dmy"}},
		{"date_order: {tickets: mdy, default: ymd}\n", map[string]string{"tickets": "mdy", "default": "ymd"},
			map[string]string{"tickets": "mdy", "meters": "ymd"}},
	}
	for _, tc := range tests {
		c := mustParse(t, tc.yaml)
		if !reflect.DeepEqual(c.DateOrder, tc.want) {
			t.Errorf("%q: DateOrder = %v, want %v", tc.yaml, c.DateOrder, tc.want)
		}
		for k, want := range tc.of {
			if got := c.DateOrderOf(k); got != want {
				t.Errorf("%q: DateOrderOf(%s) = %s, want %s", tc.yaml, k, got, want)
			}
		}
		data, err := c.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if back := mustParse(t, string(data)); !reflect.DeepEqual(back, c) {
			t.Errorf("%q: round trip through\n%s\ngives %v", tc.yaml, data, back.DateOrder)
		}
	}
}

func TestDateOrderErrors(t *testing.T) {
	for in, msg := range map[string]string{
		"date_order: dym\n":              `p.yaml:1:13: date_order: unknown value "dym"; allowed: dmy, mdy, ymd`,
		"date_order: {ticket: mdy}\n":    `p.yaml:1:14: date_order: unknown key "ticket"; allowed: employees, punches, attendance, costs, tickets, meters, default`,
		"date_order: {tickets: month}\n": `p.yaml:1:23: date_order.tickets: unknown value "month"; allowed: dmy, mdy, ymd`,
		"date_order: [mdy]\n":            `p.yaml:1:13: date_order: want dmy, mdy, ymd or a mapping of dataset kinds`,
	} {
		_, err := config.Parse([]byte(in), "p.yaml")
		if err == nil || !strings.HasPrefix(err.Error(), msg) {
			t.Errorf("Parse(%q) = %v, want %s…", in, err, msg)
		}
		if err != nil && !errors.Is(err, config.ErrInvalidValue) && !errors.Is(err, config.ErrUnknownKey) && !errors.Is(err, config.ErrType) {
			t.Errorf("Parse(%q): %v wraps none of the sentinels", in, err)
		}
	}
}
