package config

import (
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/bekasi/wfheval/pipeline"
)

// DateOrders are the values of date_order: how numeric dates with a
// separator (06/11/2025, 6-11-2025) are read.
var DateOrders = []string{"dmy", "mdy", "ymd"}

// DefaultDateOrder is the order of kinds date_order does not name.
const DefaultDateOrder = "dmy"

// DateOrderOf returns the date order of a dataset kind: its own entry, else
// the "default" entry, else DefaultDateOrder.
func (c *Config) DateOrderOf(kind string) string {
	if o, ok := c.DateOrder[kind]; ok {
		return o
	}
	if o, ok := c.DateOrder["default"]; ok {
		return o
	}
	return DefaultDateOrder
}

// dateOrder decodes date_order: one order for every kind (date_order: mdy)
// or a mapping of kinds, with "default" for the others
// (date_order: {tickets: mdy, default: dmy}). A nil result means dmy
// everywhere.
func (d *decoder) dateOrder(n *yaml.Node, path string) map[string]string {
	if resolve(n).Kind == yaml.ScalarNode {
		if o := d.oneOf(n, path, ErrInvalidValue, "", DateOrders...); o != "" {
			return map[string]string{"default": o}
		}
		return nil
	}
	allowed := append(slices.Clone(pipeline.Kinds), "default")
	out := map[string]string{}
	for _, e := range d.entries(n, path, "dmy, mdy, ymd or a mapping of dataset kinds, e.g. {tickets: mdy}", allowed) {
		if isNull(e.val) {
			continue
		}
		if o := d.oneOf(e.val, path+"."+e.name, ErrInvalidValue, "", DateOrders...); o != "" {
			out[e.name] = o
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
