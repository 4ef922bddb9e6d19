package cli

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/evaluate"
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
	)
	c := &cobra.Command{
		Use:   "evaluate --db FILE --config FILE --out DIR [--lang id|en] [--format " + strings.Join(reports.FormatNames(), "|") + "]",
		Short: "Compare the baseline with each phase and write DIR/summary.json and the reports",
		Long: `evaluate measures every metric (attendance, costs, public service) per period
and per department and job category, estimates what each phase changed with a
95% interval, p- and q-values and the minimum detectable effect, recommends a
scheme per department and projects the savings over 2026. It writes
DIR/summary.json (docs/contract.md §5), rewrites the calendar, policy_exemptions and
policy_sla tables and stores the run in the eval_* tables.

The intervals come from a bootstrap of whole weeks of working days, so the
same data, config and --seed give the same summary. docs/methods.md explains
each estimand and interval.

It then writes the reports from the summary (--format, a comma list; default
all): DIR/report.pdf (the brief for leadership), DIR/report.html (one
self-contained page), DIR/tables.xlsx and the charts in DIR/charts as PNG,
SVG and PDF, in the language of --lang. docs/reports.md describes them.`,
		Example: `  wfheval evaluate --db bekasi.duckdb --config policy.yaml --out hasil`,
		Args:    cobra.NoArgs,
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
			formats, err := reports.ParseFormats(format)
			if err != nil {
				return usageError{fmt.Errorf("--format: %w", err)}
			}
			pol, err := loadPolicy(configPath)
			if err != nil {
				return err
			}
			start := time.Now()
			d, err := db.open(cmd.Context(), db.path, pol.cfg.Timezone)
			if err != nil {
				return err
			}
			defer d.Close()
			s, err := runEvaluateFormats(cmd, d, pol.cfg, evaluate.Options{Seed: seed, ConfigSHA256: pol.sha256}, out, formats, lang)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "evaluated %d levels and %d effects in %s\n",
				len(s.Levels), len(s.Effects), time.Since(start).Round(time.Millisecond))
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
	c.Flags().StringVar(&format, "format", reports.FormatAll, "outputs to write, a comma list of "+strings.Join(reports.FormatNames(), ", "))
	return c
}

// runEvaluate evaluates the open database and writes DIR/summary.json and
// every report.
func runEvaluate(cmd *cobra.Command, d *store.DB, cfg *config.Config, opts evaluate.Options, out string) (*summary.Summary, error) {
	return runEvaluateFormats(cmd, d, cfg, opts, out, nil, "")
}

// runEvaluateFormats evaluates the open database and writes the outputs in
// formats (nil: all): summary.json for "json", the reports for the others,
// in lang ("": the summary's).
func runEvaluateFormats(cmd *cobra.Command, d *store.DB, cfg *config.Config, opts evaluate.Options, out string, formats map[string]bool, lang string) (*summary.Summary, error) {
	s, err := evaluate.Run(cmd.Context(), d, cfg, opts)
	if err != nil {
		return nil, err
	}
	if formats == nil || formats[reports.FormatJSON] {
		if err := summary.WriteJSON(out, s); err != nil {
			return nil, err
		}
	}
	start := time.Now()
	paths, err := reports.Write(cmd.Context(), out, s, reports.Options{Formats: formats, Lang: lang})
	if err != nil {
		return nil, err
	}
	if len(paths) > 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "wrote %d report files in %s\n", len(paths), time.Since(start).Round(time.Millisecond))
	}
	return s, nil
}
