package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/spf13/cobra"

	"github.com/bekasi/wfheval/pipeline/evaluate"
	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/ingest"
	"github.com/bekasi/wfheval/pipeline/summary"
)

// demoTo is the last day of the demo's data: the trial (to 2025-12-31) and
// the first two months of the Thursday policy that continues it.
var demoTo = time.Date(2026, time.February, 28, 0, 0, 0, 0, time.UTC)

func newDemo() *cobra.Command {
	var (
		out string
		g   genFlags
		db  dbFlags
	)
	c := &cobra.Command{
		Use:   "demo [--out DIR]",
		Short: "Generate the sample city, load it into a fresh database and evaluate it",
		Long: `demo runs the whole job on built-in sample data: it generates a synthetic
city into DIR/data, loads it into a new DIR/wfheval.duckdb and evaluates it
into DIR/summary.json. The data run from September 2024 through the trial
(November–December 2025) and two months of the Thursday WFH policy that
continues it (to 2026-02-28). The data comes as the departments' systems export it
(--format id: semicolon CSV with title lines, XLSX, JSON Lines, Indonesian
words and numbers) with a few planted faulty rows that ingest rejects.`,
		Example: `  wfheval demo
  wfheval demo --out /tmp/demo --employees 3000`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, log := cmd.Context(), cmd.ErrOrStderr()
			o, err := g.options()
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("db") {
				return usageError{errors.New("--db: demo writes its database into --out (DIR/wfheval.duckdb); give --out instead")}
			}
			if _, err := db.options(); err != nil {
				return err
			}
			start := time.Now()
			dataDir := filepath.Join(out, "data")
			sum, err := generate.Write(ctx, dataDir, o)
			if err != nil {
				return err
			}
			fmt.Fprintf(log, "generated %d employees in %d departments into %s (%s)\n",
				sum.Employees, sum.Departments, dataDir, time.Since(start).Round(time.Millisecond))

			dbPath := filepath.Join(out, "wfheval.duckdb")
			for _, p := range []string{dbPath, dbPath + ".wal"} {
				if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return fmt.Errorf("removing the previous demo database: %w", err)
				}
			}
			policy := filepath.Join(dataDir, "policy.yaml")
			pol, err := loadPolicy(policy)
			if err != nil {
				return err
			}
			d, err := db.open(ctx, dbPath, pol.cfg.Timezone)
			if err != nil {
				return err
			}
			defer d.Close()
			// Every data file the generator wrote; the loader orders them.
			var files []string
			for name := range sum.Files {
				files = append(files, filepath.Join(dataDir, name))
			}
			sort.Strings(files)
			if _, err := ingest.NewLoader(d, pol.ingestOptions(log)).LoadFiles(ctx, files); err != nil {
				return err
			}
			evalStart := time.Now()
			s, err := runEvaluate(cmd, d, pol.cfg, evaluate.Options{ConfigSHA256: pol.sha256}, out)
			if err != nil {
				return err
			}
			fmt.Fprintf(log, "evaluated %d levels and %d effects in %s\n",
				len(s.Levels), len(s.Effects), time.Since(evalStart).Round(time.Millisecond))
			fmt.Fprintf(log, "demo done in %s\n", time.Since(start).Round(time.Millisecond))
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "database:  %s\n", dbPath)
			fmt.Fprintf(w, "inputs:    %s (%s format), policy: %s, planted effects: %s\n",
				dataDir, o.Format, policy, filepath.Join(dataDir, "truth.json"))
			fmt.Fprintf(w, "summary:   %s\n", filepath.Join(out, summary.File))
			fmt.Fprintf(w, "explore:   wfheval sql --db %s   (or: duckdb -readonly %s)\n", dbPath, dbPath)
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "wfheval-demo", "directory for the sample data and the database")
	g.register(c, generate.FormatID, demoTo)
	db.register(c, false)
	c.Flags().Lookup("db").Hidden = true
	return c
}
