package cli

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/spf13/cobra"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/generate"
	"github.com/bekasi/wfheval/pipeline/ingest"
	"github.com/bekasi/wfheval/pipeline/project"
	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/queries"
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
		Short: "Generate the sample city into a project folder, load it and publish its month as wfheval run would",
		Long: `demo runs the whole job on built-in sample data and leaves a project
folder (docs/cycle.md) that wfheval run continues: it generates a synthetic
city into DIR/data, copies its policy to DIR/policy.yaml, loads the data
into a new DIR/wfheval.duckdb and evaluates it through the latest month with
attendance, publishing DIR/reports/YYYY-MM/ (summary.json, the reports,
changes.md) and recording the run in the runs table, as wfheval run does.
DIR/inbox/ is made empty for next month's exports. The data run from
September 2024 through the trial (November–December 2025) and two months of
the Thursday WFH policy that continues it (to 2026-02-28), so the month is
2026-02. The data comes as the departments' systems export it (--format id:
semicolon CSV with title lines, XLSX, JSON Lines, Indonesian words and
numbers) with a few planted faulty rows that ingest rejects.

DIR/data keeps the generated city as it is (with truth.json, the planted
effects): the demo loads its files from there, not through the inbox.
DIR/summary.json is a copy of the month's summary.json, where earlier
versions of the demo wrote it. A second demo into the same DIR starts a
fresh database; a month published before is kept and the new one goes to
YYYY-MM-r2, as a rerun's would.`,
		Example: `  wfheval demo
  wfheval demo --out /tmp/demo --employees 3000
  wfheval run wfheval-demo        # next month, with the exports in wfheval-demo/inbox`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
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
			return runDemo(cmd, project.Dir(out), o, &db)
		},
	}
	c.Flags().StringVar(&out, "out", "wfheval-demo", "the project folder to make: sample data, database, reports")
	g.register(c, generate.FormatID, demoTo)
	db.register(c, false)
	c.Flags().Lookup("db").Hidden = true
	return c
}

// runDemo generates the city into d/data, makes d a project and publishes
// its latest month as run does, the data loaded from d/data.
func runDemo(cmd *cobra.Command, d project.Dir, o generate.Options, db *dbFlags) error {
	ctx, log := cmd.Context(), cmd.ErrOrStderr()
	start := time.Now()
	dataDir := filepath.Join(string(d), "data")
	sum, err := generate.Write(ctx, dataDir, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "generated %d employees in %d departments into %s (%s)\n",
		sum.Employees, sum.Departments, dataDir, time.Since(start).Round(time.Millisecond))

	// The project: the generated policy, an empty inbox, a fresh database.
	policyYAML, err := os.ReadFile(filepath.Join(dataDir, generate.PolicyFile))
	if err != nil {
		return err
	}
	if err := pipeline.WriteFile(d.Policy(), policyYAML); err != nil {
		return err
	}
	if err := os.MkdirAll(d.Inbox(), 0o755); err != nil {
		return err
	}
	for _, p := range []string{d.Database(), d.Database() + ".wal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("removing the previous demo database: %w", err)
		}
	}
	pol, err := loadPolicy(d.Policy())
	if err != nil {
		return err
	}
	sdb, err := db.open(ctx, d.Database(), pol.cfg.Timezone)
	if err != nil {
		return err
	}
	defer sdb.Close()
	// Every data file the generator wrote; the loader orders them.
	var files []string
	for name := range sum.Files {
		files = append(files, filepath.Join(dataDir, name))
	}
	sort.Strings(files)
	res, err := ingest.NewLoader(sdb, pol.ingestOptions(log)).LoadFiles(ctx, files)
	if err != nil {
		return err
	}

	// The month, published as run publishes it.
	q, err := queries.LoadRuns()
	if err != nil {
		return err
	}
	var last sql.NullTime
	if err := sdb.SQL().QueryRowContext(ctx, q.LastAttendanceDay).Scan(&last); err != nil {
		return fmt.Errorf("reading the last day of attendance: %w", err)
	}
	if !last.Valid {
		return errors.New("the demo city has no attendance")
	}
	month := time.Date(last.Time.Year(), last.Time.Month(), 1, 0, 0, 0, 0, time.UTC)
	evalStart := time.Now()
	out, s, id, err := publishMonth(cmd, d, sdb, pol, q, month, "demo", &inboxRun{loaded: res})
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "evaluated %d levels and %d effects in %s\n",
		len(s.Levels), len(s.Effects), time.Since(evalStart).Round(time.Millisecond))
	// Where earlier demos wrote summary.json.
	if err := summary.WriteJSON(string(d), s); err != nil {
		return err
	}
	fmt.Fprintf(log, "run %d ok: %s published; demo done in %s\n", id, out, time.Since(start).Round(time.Millisecond))
	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "project:   %s (policy %s, inbox %s)\n", string(d), d.Policy(), d.Inbox())
	fmt.Fprintf(w, "database:  %s\n", d.Database())
	fmt.Fprintf(w, "reports:   %s (summary.json, report.pdf, report.html, tables.xlsx, charts/, changes.md)\n", out)
	fmt.Fprintf(w, "inputs:    %s (%s format), planted effects: %s\n", dataDir, o.Format, filepath.Join(dataDir, generate.TruthFile))
	fmt.Fprintf(w, "explore:   wfheval sql --db %s   (or: duckdb -readonly %s)\n", d.Database(), d.Database())
	fmt.Fprintf(w, "history:   wfheval runs %s\n", string(d))
	fmt.Fprintf(w, "next month: put the files in %s and run `wfheval run %s`\n", d.Inbox(), string(d))
	return nil
}
