package config

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/bekasi/wfheval/pipeline"
)

// values decodes values: {KIND: {COLUMN: {WORD: canonical}}}: extra words
// for the enum columns of pipeline.EnumValues. A target must be one of the
// column's canonical values (any case; stored canonical); a word may not be
// empty or be another canonical value of the column.
func (d *decoder) values(n *yaml.Node, path string) map[string]map[string]map[string]string {
	var kinds []string
	for _, k := range pipeline.Kinds {
		if len(pipeline.EnumValues[k]) > 0 {
			kinds = append(kinds, k)
		}
	}
	out := map[string]map[string]map[string]string{}
	for _, ke := range d.entries(n, path, `a mapping of dataset kinds, e.g. {tickets: {status: {Closed: resolved}}}`, kinds) {
		if isNull(ke.val) {
			continue
		}
		kp := path + "." + ke.name
		cols := pipeline.EnumValues[ke.name]
		names := make([]string, 0, len(cols))
		for c := range cols {
			names = append(names, c)
		}
		slices.Sort(names)
		for _, ce := range d.entries(ke.val, kp, `a mapping of enum columns, e.g. {status: {Closed: resolved}}`, names) {
			if isNull(ce.val) {
				continue
			}
			cp := kp + "." + ce.name
			canon := cols[ce.name]
			for _, we := range d.entries(ce.val, cp, `a mapping of words to canonical values, e.g. {Closed: resolved}`, nil) {
				s, ok := d.scalar(we.val, cp+"."+we.name)
				if !ok {
					continue
				}
				i := slices.IndexFunc(canon, func(c string) bool { return strings.EqualFold(c, strings.TrimSpace(s)) })
				if i < 0 {
					d.fail(we.val, ErrInvalidValue, "%s.%s: %q is not a %s; allowed: %s", cp, we.name, s, ce.name, strings.Join(canon, ", "))
					continue
				}
				w := strings.TrimSpace(we.name)
				if w == "" {
					d.fail(we.key, ErrInvalidValue, "%s: an empty word maps to %s; name a word", cp, canon[i])
					continue
				}
				if j := slices.IndexFunc(canon, func(c string) bool { return strings.EqualFold(c, w) }); j >= 0 && j != i {
					d.fail(we.key, ErrInvalidValue, "%s: %q is the canonical value %s itself and cannot map to %s", cp, we.name, canon[j], canon[i])
					continue
				}
				if out[ke.name] == nil {
					out[ke.name] = map[string]map[string]string{}
				}
				if out[ke.name][ce.name] == nil {
					out[ke.name][ce.name] = map[string]string{}
				}
				out[ke.name][ce.name][w] = canon[i]
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// constants decodes constants: {KIND: {COLUMN: value}}: one value for a
// column the files of a kind lack. The loader checks the column and the
// value against the kind (it knows the columns).
func (d *decoder) constants(n *yaml.Node, path string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, ke := range d.entries(n, path, `a mapping of dataset kinds, e.g. {meters: {opd_code: SETDA}}`, pipeline.Kinds) {
		if isNull(ke.val) {
			continue
		}
		kp := path + "." + ke.name
		for _, ce := range d.entries(ke.val, kp, `a mapping of columns to values, e.g. {opd_code: SETDA}`, nil) {
			s, ok := d.scalar(ce.val, kp+"."+ce.name)
			if !ok {
				continue
			}
			if strings.TrimSpace(s) == "" {
				d.fail(ce.val, ErrInvalidValue, "%s.%s: empty; give the value every row gets", kp, ce.name)
				continue
			}
			if out[ke.name] == nil {
				out[ke.name] = map[string]string{}
			}
			out[ke.name][ce.name] = s
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
