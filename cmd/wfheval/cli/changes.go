package cli

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/bekasi/wfheval/pipeline/summary"
)

// changes is what changes.md of a run says: the loads of this run and,
// against the previous ok run, the departments whose recommended scheme
// changed and how the savings per scheme moved. Not yet: verdicts,
// decisions, completeness and corrections (wfheval diff, contract §8).
type changes struct {
	run         int64
	month       string
	label       string
	rerun       int
	fingerprint string
	inbox       *inboxRun
	prev        *prevRun
}

func (c *changes) markdown(s *summary.Summary) []byte {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# Changes: run %d, %s\n\n", c.run, c.month)
	if c.label != "" {
		p("Label: %s\n\n", c.label)
	}
	if c.rerun > 0 {
		p("A rerun of %s (r%d): the folder published before is left as it was.\n\n", c.month, c.rerun)
	}
	p("Data through %s; data fingerprint `%s`; config sha256 `%s`.\n\n", s.DataThrough, short(c.fingerprint), short(s.ConfigSHA256))

	p("## Loads of this run\n\n")
	in := c.inbox
	if len(in.loaded) == 0 && len(in.already) == 0 && len(in.failed) == 0 {
		p("The inbox was empty: the data are as at the previous run.\n\n")
	}
	if len(in.loaded) > 0 {
		p("| file | kind | load | rows read | loaded | replaced | rejected |\n|---|---|---:|---:|---:|---:|---:|\n")
		for _, r := range in.loaded {
			if r.AlreadyLoaded {
				p("| %s | %s | %d | same content as load %d: nothing loaded | | | |\n", filepath.Base(r.Path), r.Kind, r.LoadID, r.LoadID)
				continue
			}
			p("| %s | %s | %d | %d | %d | %d | %d |\n", filepath.Base(r.Path), r.Kind, r.LoadID, r.RowsRead, r.RowsLoaded, r.RowsReplaced, r.RowsRejected)
		}
		p("\nRejected rows are in the `rejects` table with their line, column and reason.\n\n")
	}
	for _, a := range in.already {
		p("- %s: loaded before (load %d, same sha256); archived, nothing changed.\n", filepath.Base(a.path), a.load)
	}
	for _, f := range in.failed {
		p("- **%s: not loaded**, left in the inbox: %s\n", filepath.Base(f.path), oneLine(f.err))
	}
	if len(in.already)+len(in.failed) > 0 {
		p("\n")
	}

	if c.prev == nil {
		p("## Since the previous run\n\nNo earlier run: nothing to compare with.\n")
		return b.Bytes()
	}
	ps := c.prev.summary
	p("## Since the previous run (run %d", c.prev.id)
	if c.prev.month != "" {
		p(", %s", c.prev.month)
	}
	if c.prev.label != "" {
		p(", %q", c.prev.label)
	}
	p(")\n\nThat run's data went through %s; this run's through %s.\n\n", ps.DataThrough, s.DataThrough)

	p("### Recommendations\n\n")
	before, now := schemesByOPD(ps), schemesByOPD(s)
	var rows []string
	for _, opd := range slices.Sorted(keys(before, now)) {
		a, okA := before[opd]
		z, okZ := now[opd]
		switch {
		case !okA:
			a = "(not evaluated)"
		case !okZ:
			z = "(not evaluated)"
		}
		if a != z {
			rows = append(rows, fmt.Sprintf("| %s | %s | %s |", opd, a, z))
		}
	}
	if len(rows) == 0 {
		p("No department's recommended scheme changed (%d departments).\n\n", len(now))
	} else {
		p("%d of %d departments changed their recommended scheme:\n\n| department | before | now |\n|---|---|---|\n%s\n\n",
			len(rows), len(now), strings.Join(rows, "\n"))
	}

	p("### Savings per scheme (projected over the projection year, IDR, 95%% interval)\n\n")
	p("| scheme | before | now | change | beyond the earlier interval |\n|---|---|---|---:|---|\n")
	old := schemeSavings(ps)
	for _, sv := range s.Savings {
		if !strings.HasPrefix(sv.Phase, "scheme:") {
			continue
		}
		was, ok := old[sv.Phase]
		if !ok {
			p("| %s | (none) | %s | | |\n", sv.Phase, amount(sv))
			continue
		}
		beyond := "no"
		if sv.AnnualIDR < was.CILow || sv.AnnualIDR > was.CIHigh {
			beyond = "**yes**"
		}
		p("| %s | %s | %s | %s | %s |\n", sv.Phase, amount(was), amount(sv), idr(sv.AnnualIDR-was.AnnualIDR), beyond)
	}
	p("\nThe projection year is %d now, %d before.\n", s.ProjectionYear, ps.ProjectionYear)
	return b.Bytes()
}

func schemesByOPD(s *summary.Summary) map[string]string {
	m := map[string]string{}
	for _, r := range s.Recommendations {
		m[r.OPDCode] = r.Scheme
	}
	return m
}

func schemeSavings(s *summary.Summary) map[string]summary.Saving {
	m := map[string]summary.Saving{}
	for _, sv := range s.Savings {
		m[sv.Phase] = sv
	}
	return m
}

func keys(ms ...map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		seen := map[string]bool{}
		for _, m := range ms {
			for k := range m {
				if !seen[k] {
					seen[k] = true
					if !yield(k) {
						return
					}
				}
			}
		}
	}
}

func amount(sv summary.Saving) string {
	return fmt.Sprintf("%s (%s to %s), %d", idr(sv.AnnualIDR), idr(sv.CILow), idr(sv.CIHigh), sv.ProjectionYear)
}

// idr writes a rupiah amount in whole rupiah with thousands separators
// (1,234,567).
func idr(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	s := strconv.FormatInt(int64(math.Round(math.Abs(v))), 10)
	var b strings.Builder
	if v < 0 && s != "0" {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// short shortens a sha256 for people: its first 12 hex digits.
func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
