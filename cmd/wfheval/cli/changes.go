package cli

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/bekasi/wfheval/pipeline/project"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// changes is what changes.md of a run says: the loads of this run and,
// against the previous ok run that published (what-ifs left out), the
// departments whose recommended scheme changed, the verdicts that flipped
// and how the savings per scheme moved (project.Compare, which wfheval
// diff uses too). Not yet: completeness and corrections (contract §8).
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

	cmp := project.Compare(ps, s)
	p("### Recommendations\n\n")
	var rows []string
	for _, dc := range cmp.Decisions {
		rows = append(rows, fmt.Sprintf("| %s | %s | %s |", dc.OPDCode, orNot(dc.Before), orNot(dc.After)))
	}
	if len(rows) == 0 {
		p("No department's recommended scheme changed (%d departments).\n\n", cmp.Departments)
	} else {
		p("%d of %d departments changed their recommended scheme:\n\n| department | before | now |\n|---|---|---|\n%s\n\n",
			len(rows), cmp.Departments, strings.Join(rows, "\n"))
	}

	p("### Verdicts\n\n")
	verdictsMarkdown(p, cmp)

	p("### Savings per scheme (projected over the projection year, IDR, 95%% interval)\n\n")
	p("| scheme | before | now | change | beyond the earlier interval |\n|---|---|---|---:|---|\n")
	for _, sc := range cmp.Savings {
		sv, was := sc.After, sc.Before
		switch {
		case sv == nil:
			continue // a scheme this run no longer has
		case was == nil:
			p("| %s | (none) | %s | | |\n", sv.Phase, amount(*sv))
			continue
		}
		beyond := "no"
		if sc.NewOutsideOld {
			beyond = "**yes**"
		}
		p("| %s | %s | %s | %s | %s |\n", sv.Phase, amount(*was), amount(*sv), idr(sv.AnnualIDR-was.AnnualIDR), beyond)
	}
	p("\nThe projection year is %d now, %d before.\n", s.ProjectionYear, ps.ProjectionYear)
	return b.Bytes()
}

// maxVerdictRows bounds the verdicts table of changes.md; wfheval diff
// lists them all.
const maxVerdictRows = 40

// verdictsMarkdown writes the effects whose verdict flipped since the
// previous run: the city's and the departments' (job categories are left
// to wfheval diff), at most maxVerdictRows.
func verdictsMarkdown(p func(string, ...any), cmp *project.Comparison) {
	if len(cmp.Verdicts) == 0 {
		p("No effect changed its verdict (%d effects in both runs).\n\n", cmp.EffectsCompared)
		return
	}
	var shown []project.VerdictChange
	for _, v := range cmp.Verdicts {
		if v.Scope == summary.ScopeAll || v.Scope == summary.ScopeOPD {
			shown = append(shown, v)
		}
	}
	p("%d of %d effects in both runs changed their verdict; %d of them for the city or a department:\n\n", len(cmp.Verdicts), cmp.EffectsCompared, len(shown))
	if len(shown) == 0 {
		return
	}
	p("| scope | phase | metric | estimand | before | now | estimate |\n|---|---|---|---|---|---|---|\n")
	for i, v := range shown {
		if i == maxVerdictRows {
			p("\n… and %d more: `wfheval diff` lists them all.\n", len(shown)-maxVerdictRows)
			break
		}
		p("| %s | %s | %s | %s | %s | %s | %s |\n", scopeName(v), v.Phase, v.Metric, v.Estimand, v.Before, v.After, estimateMove(v))
	}
	p("\n")
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
