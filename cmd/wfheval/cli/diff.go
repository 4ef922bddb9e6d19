package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/bekasi/wfheval/pipeline/project"
	"github.com/bekasi/wfheval/pipeline/store"
	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/queries"
)

// diffSchema is the first schema version wfheval diff reads: eval_runs
// says which evaluations are what-ifs (006).
const diffSchema = 6

func newDiff() *cobra.Command {
	return &cobra.Command{
		Use:   "diff DIR [RUN_A RUN_B]",
		Short: "What changed between two runs of a project: loads, verdicts, recommendations, savings",
		Long: `diff compares two runs of the project in DIR (ids as wfheval runs DIR
prints them; default: the last two ok runs that published, what-ifs left
out) and prints, one section each:

  - the loads made between them (file, kind, rows read, loaded, replaced,
    changed, rejected) and whether the data fingerprint differs;
  - the verdicts that flipped: effects of the same metric, phase, estimand
    and scope (the city, a job category, a department) whose verdict
    differs;
  - the departments whose recommended scheme changed;
  - the savings per scheme, projected over the projection year, that moved
    beyond their 95% interval (either estimate outside the other run's
    interval).

It says "nothing changed" when none of these did. The database is opened
read-only; the runs' summaries are read from eval_runs.`,
		Example: `  wfheval diff wfh-bekasi
  wfheval diff wfh-bekasi 1 3`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 && len(args) != 3 {
				return usageError{errors.New("want a project DIR, and optionally two run ids (see wfheval diff --help)")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			var ids []int64
			for _, a := range args[1:] {
				id, err := strconv.ParseInt(a, 10, 64)
				if err != nil || id < 1 {
					return usageError{fmt.Errorf("run id %q: want a whole number as wfheval runs prints it", a)}
				}
				ids = append(ids, id)
			}
			return runDiff(cmd.Context(), project.Dir(args[0]), ids, cmd.OutOrStdout())
		},
	}
}

func runDiff(ctx context.Context, d project.Dir, ids []int64, w io.Writer) error {
	if err := d.Check(); err != nil {
		return err
	}
	db, err := store.Open(ctx, d.Database(), store.Options{ReadOnly: true})
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%s: no database yet; wfheval run %s makes it", d.Database(), string(d))
	}
	if err != nil {
		return err
	}
	defer db.Close()
	if v, err := db.SchemaVersion(ctx); err != nil {
		return err
	} else if v < diffSchema {
		return fmt.Errorf("%s has schema version %d; wfheval run %s upgrades it", d.Database(), v, string(d))
	}
	q, err := queries.LoadRuns()
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		if ids, err = lastTwoRuns(ctx, db, q); err != nil {
			return err
		}
		if len(ids) < 2 {
			return fmt.Errorf("%s has %d ok published run(s): diff needs two (wfheval runs %s lists them; give two ids to compare what-ifs)", string(d), len(ids), string(d))
		}
		ids[0], ids[1] = ids[1], ids[0]
	}
	a, err := readRunToCompare(ctx, db, q, ids[0])
	if err != nil {
		return err
	}
	b, err := readRunToCompare(ctx, db, q, ids[1])
	if err != nil {
		return err
	}
	loads, known, err := loadsBetween(ctx, db, q, a.fp, b.fp)
	if err != nil {
		return err
	}
	root, _ := filepath.Abs(string(d))
	writeDiff(w, a, b, loads, known, project.Compare(a.summary, b.summary), root)
	return nil
}

// comparedRun is one side of a diff.
type comparedRun struct {
	id                                                int64
	command, month, label, status, out, fp, cfgSHA256 string
	started                                           time.Time
	whatIf                                            bool
	summary                                           *summary.Summary
}

func lastTwoRuns(ctx context.Context, db *store.DB, q *queries.Runs) ([]int64, error) {
	rows, err := db.SQL().QueryContext(ctx, q.LastTwoRuns)
	if err != nil {
		return nil, fmt.Errorf("reading runs: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("reading runs: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func readRunToCompare(ctx context.Context, db *store.DB, q *queries.Runs, id int64) (*comparedRun, error) {
	r := &comparedRun{id: id}
	var js string
	err := db.SQL().QueryRowContext(ctx, q.RunToCompare, id).Scan(&r.id, &r.command, &r.month, &r.label, &r.started, &r.status,
		&r.out, &r.fp, &r.cfgSHA256, &r.whatIf, &js)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("no run %d in the runs table (wfheval runs lists them)", id)
	}
	if err != nil {
		return nil, fmt.Errorf("reading run %d: %w", id, err)
	}
	if r.status != "ok" || js == "" {
		return nil, fmt.Errorf("run %d is %s and recorded no evaluation: nothing to compare", id, r.status)
	}
	r.summary = new(summary.Summary)
	if err := json.Unmarshal([]byte(js), r.summary); err != nil {
		return nil, fmt.Errorf("reading the summary of run %d: %w", id, err)
	}
	return r, nil
}

// loadRow is a row of load_log as diff shows it.
type loadRow struct {
	id                               int64
	kind, path, sha256               string
	read, loaded, replaced, rejected int64
	changed                          sql.NullInt64
}

// loadsBetween returns the ok loads the run with fingerprint later saw and
// the run with fingerprint earlier did not. A run's data fingerprint is
// that of the ok loads, in load_id order, as they stood when it evaluated
// (project.Fingerprint): each run's is the fingerprint of a prefix of
// them, and the loads between are those between the two prefixes. known
// is false when a fingerprint matches no prefix (a load_log edited by
// hand, or a failed run).
func loadsBetween(ctx context.Context, db *store.DB, q *queries.Runs, earlier, later string) (loads []loadRow, known bool, err error) {
	rows, err := db.SQL().QueryContext(ctx, q.OKLoads)
	if err != nil {
		return nil, false, fmt.Errorf("reading load_log: %w", err)
	}
	defer rows.Close()
	var all []loadRow
	for rows.Next() {
		var l loadRow
		if err := rows.Scan(&l.id, &l.kind, &l.path, &l.sha256, &l.read, &l.loaded, &l.replaced, &l.changed, &l.rejected); err != nil {
			return nil, false, fmt.Errorf("reading load_log: %w", err)
		}
		all = append(all, l)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("reading load_log: %w", err)
	}
	from, to := -1, -1
	hs := make([]string, 0, len(all))
	for k := 0; k <= len(all); k++ {
		fp := project.Fingerprint(hs)
		if from < 0 && fp == earlier {
			from = k
		}
		if fp == later {
			to = k
		}
		if k < len(all) {
			hs = append(hs, all[k].sha256)
		}
	}
	if from < 0 || to < 0 {
		return nil, false, nil
	}
	if from > to {
		from, to = to, from
	}
	return all[from:to], true, nil
}

// describe names a run for people: id, command, month, label, what-if.
func (r *comparedRun) describe() string {
	parts := []string{r.command}
	if r.month != "" {
		parts = append(parts, r.month)
	}
	if r.label != "" {
		parts = append(parts, strconv.Quote(r.label))
	}
	if r.whatIf {
		parts = append(parts, "what-if")
	}
	return fmt.Sprintf("run %d (%s; data through %s)", r.id, strings.Join(parts, ", "), r.summary.DataThrough)
}

// writeDiff writes the comparison of run a with the later run b.
func writeDiff(w io.Writer, a, b *comparedRun, loads []loadRow, known bool, c *project.Comparison, root string) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("%s -> %s\n", a.describe(), b.describe())
	if a.id > b.id {
		p("(run %d is the earlier: read the changes backwards)\n", b.id)
	}
	sameData := a.fp == b.fp && known && len(loads) == 0
	if sameData && a.cfgSHA256 == b.cfgSHA256 && c.Unchanged() {
		p("\nnothing changed: the same data (fingerprint %s) and config (%s); no verdict, recommendation or saving moved (%d effects, %d departments compared)\n",
			short(b.fp), short(b.cfgSHA256), c.EffectsCompared, c.Departments)
		return
	}

	p("\n## Loads\n\n")
	switch {
	case a.fp == b.fp:
		p("Data fingerprint %s in both: the same files.\n", short(b.fp))
	default:
		p("Data fingerprint %s -> %s: the data differ.\n", dash(short(a.fp)), dash(short(b.fp)))
	}
	if a.cfgSHA256 != b.cfgSHA256 {
		p("Config sha256 %s -> %s: the policy differs.\n", short(a.cfgSHA256), short(b.cfgSHA256))
	}
	switch {
	case !known:
		p("Which loads came between the two runs is not known: a data fingerprint matches no state of load_log.\n")
	case len(loads) == 0:
		p("No load between the two runs.\n")
	default:
		p("%d load(s) between the two runs:\n\n", len(loads))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "LOAD\tKIND\tFILE\tREAD\tLOADED\tREPLACED\tCHANGED\tREJECTED")
		for _, l := range loads {
			// The name it was loaded under: a run loads from the inbox,
			// then archives the file under the same name.
			path := l.path
			if abs, err := filepath.Abs(path); err == nil {
				if rel, err := filepath.Rel(root, abs); err == nil && filepath.IsLocal(rel) {
					path = filepath.Base(path)
				}
			}
			changed := "-"
			if l.changed.Valid {
				changed = strconv.FormatInt(l.changed.Int64, 10)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%d\t%s\t%d\n", l.id, l.kind, path, l.read, l.loaded, l.replaced, changed, l.rejected)
		}
		tw.Flush()
	}

	p("\n## Verdicts that flipped\n\n")
	if len(c.Verdicts) == 0 {
		p("None: every effect in both runs has the same verdict (%d compared).\n", c.EffectsCompared)
	} else {
		p("%d of %d effects in both runs:\n\n", len(c.Verdicts), c.EffectsCompared)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SCOPE\tPHASE\tMETRIC\tESTIMAND\tBEFORE\tNOW\tESTIMATE")
		for _, v := range c.Verdicts {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", scopeName(v), v.Phase, v.Metric, v.Estimand, v.Before, v.After,
				estimateMove(v))
		}
		tw.Flush()
	}
	if c.EffectsNew > 0 || c.EffectsGone > 0 {
		p("(%d effects only in run %d, %d only in run %d: periods one run has and the other not, such as a new month.)\n",
			c.EffectsNew, b.id, c.EffectsGone, a.id)
	}

	p("\n## Recommendations that flipped\n\n")
	if len(c.Decisions) == 0 {
		p("None: no department's recommended scheme changed (%d departments).\n", c.Departments)
	} else {
		p("%d of %d departments:\n\n", len(c.Decisions), c.Departments)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "DEPARTMENT\tNAME\tBEFORE\tNOW")
		for _, dc := range c.Decisions {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", dc.OPDCode, dash(clip(dc.OPDName, 40)), orNot(dc.Before), orNot(dc.After))
		}
		tw.Flush()
	}

	p("\n## Savings per scheme (projected over the projection year, IDR, 95%% interval)\n\n")
	var beyond int
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCHEME\tBEFORE\tNOW\tCHANGE\tMOVED BEYOND THE INTERVAL")
	for _, sv := range c.Savings {
		switch {
		case sv.Before == nil:
			fmt.Fprintf(tw, "%s\t(none)\t%s\t\tnew scheme\n", sv.Scheme, amount(*sv.After))
			beyond++
		case sv.After == nil:
			fmt.Fprintf(tw, "%s\t%s\t(none)\t\tno longer evaluated\n", sv.Scheme, amount(*sv.Before))
			beyond++
		default:
			moved := "no"
			switch {
			case sv.NewOutsideOld && sv.OldOutsideNew:
				moved = "YES: each estimate outside the other's interval"
			case sv.NewOutsideOld:
				moved = "YES: the new estimate is outside the earlier interval"
			case sv.OldOutsideNew:
				moved = "YES: the earlier estimate is outside the new interval"
			}
			if sv.Beyond() {
				beyond++
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", sv.Scheme, amount(*sv.Before), amount(*sv.After), idr(sv.After.AnnualIDR-sv.Before.AnnualIDR), moved)
		}
	}
	tw.Flush()
	if beyond == 0 {
		p("No scheme's saving moved beyond its interval.\n")
	}
}

func scopeName(v project.VerdictChange) string {
	switch v.Scope {
	case summary.ScopeAll:
		return "city"
	case summary.ScopeOPD:
		if v.Name != "" {
			return v.ScopeValue + " (" + clip(v.Name, 30) + ")"
		}
		return v.ScopeValue
	}
	return v.Scope + " " + v.ScopeValue
}

// estimateMove writes an effect's estimate before and now, as a
// percentage of the counterfactual where both runs give one.
func estimateMove(v project.VerdictChange) string {
	if v.PctBefore != nil && v.PctAfter != nil {
		return fmt.Sprintf("%+.1f%% -> %+.1f%%", *v.PctBefore, *v.PctAfter)
	}
	f := func(x *float64) string {
		if x == nil {
			return "n/a"
		}
		return strconv.FormatFloat(*x, 'g', 3, 64)
	}
	return f(v.EstBefore) + " -> " + f(v.EstAfter)
}

func orNot(scheme string) string {
	if scheme == "" {
		return "(not evaluated)"
	}
	return scheme
}
