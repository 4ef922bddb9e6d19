package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/evaluate"
	"github.com/bekasi/wfheval/pipeline/project"
	"github.com/bekasi/wfheval/pipeline/store"
	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/pipeline/words"
	"github.com/bekasi/wfheval/reports"
)

func newEvaluate() *cobra.Command {
	var (
		db         dbFlags
		configPath string
		out        string
		lang       string
		seed       uint64
		format     string
		label      string
		whatIf     bool
	)
	c := &cobra.Command{
		Use:   "evaluate --db FILE --config FILE --out DIR [--label TEXT] [--what-if] [--lang id|en] [--format " + strings.Join(reports.FormatNames(), "|") + "]",
		Short: "Compare the baseline with each phase and month and write DIR/summary.json and the reports",
		Long: `evaluate measures every metric (attendance, costs, public service) per period
and per department and job category, estimates what each phase changed with a
95% interval, p- and q-values and the minimum detectable effect, recommends a
scheme per department and projects the savings over the projection year. A
phase without to: continues through the last day with data and is evaluated
month by month and to date; phases with the same rule pool their evidence as
one scheme (docs/contract.md §7). It writes
DIR/summary.json (docs/contract.md §5), rewrites the calendar, policy_exemptions and
policy_sla tables and stores the run in the eval_* tables.

The intervals come from a bootstrap of whole weeks of working days, so the
same data, config and --seed give the same summary. docs/methods.md explains
each estimand and interval.

It then writes the reports from the summary (--format, a comma list; default
all): DIR/report.pdf (the brief for leadership), DIR/report.html (one
self-contained page), DIR/tables.xlsx and the charts in DIR/charts as PNG,
SVG and PDF, in the language of --lang. docs/reports.md describes them.

A what-if is an evaluation that does not publish (docs/cycle.md): every
evaluate on a project's database (DIR/wfheval.duckdb beside DIR/policy.yaml;
only wfheval run publishes a project's month), and any evaluate with
--what-if. It is stored in eval_* and runs like any other, marked what_if,
but the latest_* views keep showing the latest published evaluation, and
the calendar, policy_exemptions and policy_sla tables are put back as they
were before it. A what-if may not write into the project's reports folder.`,
		Example: `  wfheval evaluate --db bekasi.duckdb --config policy.yaml --out hasil
  wfheval evaluate --db wfh-bekasi/wfheval.duckdb --config tanpa-dishub.yaml --out /tmp/whatif --label "what-if: no DISHUB exemption"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch {
			case db.path == "":
				return usageError{errMissingDB}
			case configPath == "":
				return usageError{fmt.Errorf("--config FILE is required")}
			case out == "":
				return usageError{fmt.Errorf("--out DIR is required")}
			case lang != "" && !slices.Contains(words.Languages, lang):
				return usageError{fmt.Errorf("--lang %q: want %s", lang, strings.Join(words.Languages, " or "))}
			}
			proj, inProject := project.OfDatabase(db.path)
			whatIf = whatIf || inProject
			if inProject {
				if err := outsideReports(proj, out); err != nil {
					return err
				}
			}
			formats, err := reports.ParseFormats(format)
			if err != nil {
				return usageError{fmt.Errorf("--format: %w", err)}
			}
			if _, err := db.options(); err != nil {
				return err
			}
			pol, err := loadPolicy(configPath)
			if err != nil {
				return err
			}
			if err := pol.comparable(); err != nil {
				return err
			}
			// --out first: a command that cannot write its outputs must
			// fail before it evaluates, and record no run.
			st, err := pipeline.Stage(out)
			if err != nil {
				return err
			}
			defer st.Close()
			start := time.Now()
			d, err := db.openExisting(cmd.Context(), db.path, pol.cfg.Timezone)
			if err != nil {
				if cmd.Context().Err() != nil {
					return explainStop(cmd, st, "opening the database", err)
				}
				return err
			}
			defer d.Close()
			// The runs table records every evaluate, with its --label; a
			// what-if leaves latest_* and the policy tables as they were
			// (contract §8, whatif.go).
			var saved *savedPolicy
			if whatIf {
				if saved, err = savePolicyTables(cmd.Context(), d); err != nil {
					return err
				}
				defer saved.close()
			}
			rec, err := startRun(cmd.Context(), d, "evaluate", "", label, out, pol.sha256)
			if err != nil {
				return err
			}
			s, err := evaluateInto(cmd, d, pol.cfg, evaluate.Options{Seed: seed, ConfigSHA256: pol.sha256}, st, formats, lang, nil, whatIf)
			if saved != nil {
				if rerr := saved.restore(cmd.Context()); rerr != nil {
					err = errors.Join(err, rerr)
				}
			}
			if ferr := rec.finish(cmd.Context(), err); ferr != nil && err == nil {
				return fmt.Errorf("%w; the outputs are written and the evaluation recorded in eval_runs", ferr)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "evaluated %d levels and %d effects in %s\n",
				len(s.Levels), len(s.Effects), time.Since(start).Round(time.Millisecond))
			if whatIf {
				fmt.Fprintf(cmd.ErrOrStderr(), "run %d is a what-if: latest_* still show the latest published evaluation, and the calendar and policy tables are as before\n", rec.id)
			}
			if formats[reports.FormatJSON] {
				fmt.Fprintln(cmd.OutOrStdout(), filepath.Join(out, summary.File))
			}
			return nil
		},
	}
	// --db, --config and --out are required; RunE checks them so that a
	// missing one is a usage error (exit 2).
	db.register(c, false)
	c.Flags().StringVar(&configPath, "config", "", "policy config (YAML)")
	c.Flags().StringVar(&out, "out", "", "directory to write summary.json into")
	c.Flags().StringVar(&lang, "lang", "", "language of the reports: "+strings.Join(words.Languages, " or ")+" (default: the config's; summary.json keeps the config's)")
	c.Flags().Uint64Var(&seed, "seed", evaluate.DefaultSeed, "bootstrap seed")
	c.Flags().StringVar(&label, "label", "", "a label for this run in the runs table, e.g. \"what-if: no DISHUB exemption\"")
	c.Flags().BoolVar(&whatIf, "what-if", false, "a what-if: recorded, but latest_* and the calendar and policy tables stay as they were (always so on a project's database)")
	c.Flags().StringVar(&format, "format", reports.FormatAll, "outputs to write, a comma list of "+strings.Join(reports.FormatNames(), ", "))
	return c
}

// evaluateInto evaluates the open database and writes the outputs in
// formats (nil: all) into st's directory: summary.json for "json", the
// reports for the others, in lang ("": the summary's). The outputs are
// written into the staging directory, then the run is recorded in eval_*
// and the outputs swapped in within one transaction: a failure or an
// interruption at any step leaves DIR as it was and records no run.
// extra, if not nil, writes more outputs into the staging directory once
// the reports are written (run's changes.md), before anything is published.
// whatIf records the run as a what-if (evaluate.RecordWhatIf).
func evaluateInto(cmd *cobra.Command, d *store.DB, cfg *config.Config, opts evaluate.Options, st *pipeline.Staged, formats map[string]bool, lang string,
	extra func(s *summary.Summary, dir string) error, whatIf bool) (*summary.Summary, error) {
	ctx := cmd.Context()
	opts.SkipStore = true
	s, err := evaluate.Run(ctx, d, cfg, opts)
	if err != nil {
		return nil, explainStop(cmd, st, "evaluating", err)
	}
	warnAttendance(cmd.ErrOrStderr(), s)
	if formats == nil || formats[reports.FormatJSON] {
		if err := summary.WriteJSON(st.Dir(), s); err != nil {
			return nil, explainStop(cmd, st, "writing "+summary.File, err)
		}
	}
	start := time.Now()
	paths, err := reports.Write(ctx, st.Dir(), s, reports.Options{Formats: formats, Lang: lang})
	if err != nil {
		return nil, explainStop(cmd, st, "writing the reports", err)
	}
	if extra != nil {
		if err := extra(s, st.Dir()); err != nil {
			return nil, explainStop(cmd, st, "writing the outputs", err)
		}
	}
	published := false
	record := evaluate.Record
	if whatIf {
		record = evaluate.RecordWhatIf
	}
	err = record(ctx, d, s, func() error {
		if err := st.Publish(); err != nil {
			return err
		}
		published = true
		return nil
	})
	if err != nil {
		if published {
			if uerr := st.Undo(); uerr != nil {
				return nil, fmt.Errorf("recording the run: %w; the new outputs are in %s but the run was not recorded (%w)", err, st.Target(), uerr)
			}
		}
		return nil, explainStop(cmd, st, "recording the run", err)
	}
	if len(paths) > 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "wrote %d report files in %s\n", len(paths), time.Since(start).Round(time.Millisecond))
	}
	return s, nil
}

// explainStop says what a failed evaluate leaves behind: DIR as it was and
// no run recorded. An interruption says so first; a path error about a
// staged output names the output itself. For demo, which has written its
// data and database by then, Run explains an interruption.
func explainStop(cmd *cobra.Command, st *pipeline.Staged, doing string, err error) error {
	const left = "%s is unchanged and no run was recorded"
	ctx := cmd.Context()
	switch {
	case cmd.Name() != "evaluate":
		return st.Name(err)
	case ctx.Err() != nil:
		return interruptedf(err, "evaluate interrupted (%v) while %s; "+left, context.Cause(ctx), doing, st.Target())
	}
	return fmt.Errorf("%w; "+left, st.Name(err), st.Target())
}

// warnAttendance writes a line to w for each department whose attendance
// looks like an export of the present days only read as one of every day
// (docs/contract.md §6, §8): rows for under 90% of its scheduled
// employee-days in some months, or every row "present".
func warnAttendance(w io.Writer, s *summary.Summary) {
	const fix = "if its exports list the present days only, set attendance_rows: present_only in the policy"
	months := map[string][]string{}
	share := map[string][2]float64{}
	for _, c := range s.Completeness {
		if c.Kind != summary.CompleteAttendance || c.Complete {
			continue
		}
		months[c.OPDCode] = append(months[c.OPDCode], c.Month)
		x := share[c.OPDCode]
		share[c.OPDCode] = [2]float64{x[0] + c.Found, x[1] + c.Expected}
	}
	for _, opd := range slices.Sorted(maps.Keys(months)) {
		x := share[opd]
		if s.AttendanceRows == config.AttendancePresentOnly {
			fmt.Fprintf(w, "warning: %s has attendance rows on %.0f%% of its working days in %s (under 90%%): punch logs missing? It is left out of the city-wide results of those months\n",
				opd, 100*x[0]/max(x[1], 1), strings.Join(months[opd], ", "))
			continue
		}
		fmt.Fprintf(w, "warning: the attendance of %s has rows for %.0f%% of its scheduled employee-days in %s (under 90%%): it is left out of the city-wide results of those months; %s\n",
			opd, 100*x[0]/max(x[1], 1), strings.Join(months[opd], ", "), fix)
	}
	for _, opd := range s.AllPresent {
		fmt.Fprintf(w, "warning: every attendance row of %s says present, which reads 100%% attendance; %s\n", opd, fix)
	}
}
