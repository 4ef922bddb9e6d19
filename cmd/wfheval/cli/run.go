package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bekasi/wfheval/queries"

	"github.com/spf13/cobra"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/evaluate"
	"github.com/bekasi/wfheval/pipeline/ingest"
	"github.com/bekasi/wfheval/pipeline/project"
	"github.com/bekasi/wfheval/pipeline/store"
	"github.com/bekasi/wfheval/pipeline/summary"
)

func newRun() *cobra.Command {
	var month, label string
	c := &cobra.Command{
		Use:   "run DIR [--month YYYY-MM] [--label TEXT]",
		Short: "The monthly run of a project: load DIR/inbox, evaluate through the month, publish DIR/reports/YYYY-MM/",
		Long: `run is a project's month (docs/cycle.md). In DIR (made by wfheval init) it

  1. loads every file in DIR/inbox not loaded before (by sha256) into
     DIR/wfheval.duckdb, each in its own transaction; a file that fails stays
     in the inbox with its one-line error in FILE.error.txt, the others load;
  2. moves each loaded file (and any already loaded) to DIR/archive/YYYY-MM/;
  3. evaluates with DIR/policy.yaml through the month's last day (data after
     it is not used): the month of --month, by default the latest calendar
     month with attendance data;
  4. publishes DIR/reports/YYYY-MM/: summary.json, the reports and
     changes.md (this run's loads; against the previous run, the departments
     whose recommendation changed and how the savings per scheme moved). A
     published folder is never overwritten: a rerun of a month writes
     YYYY-MM-r2/ (r3, …) and says so;
  5. records the run in the runs table (wfheval runs DIR).

Exit status 1 when a file of the inbox failed to load, even if the month
was published: the file waits in the inbox to be fixed.`,
		Example: `  wfheval run wfh-bekasi
  wfheval run wfh-bekasi --month 2026-02 --label "koreksi biaya Dinas PUPR"`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{errors.New("want one project DIR (see wfheval run --help)")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			var first time.Time
			if month != "" {
				t, err := project.ParseMonth(month)
				if err != nil {
					return usageError{fmt.Errorf("--month: %w", err)}
				}
				first = t
			}
			return runMonth(cmd, project.Dir(args[0]), first, label)
		},
	}
	c.Flags().StringVar(&month, "month", "", "the month to evaluate through, YYYY-MM (default: the latest month with attendance data)")
	c.Flags().StringVar(&label, "label", "", "a label for this run in the runs table and changes.md")
	return c
}

// runMonth is wfheval run on the project d; month is the month's first day,
// zero for the default.
func runMonth(cmd *cobra.Command, d project.Dir, month time.Time, label string) error {
	ctx, log := cmd.Context(), cmd.ErrOrStderr()
	if err := d.Check(); err != nil {
		return err
	}
	pol, err := loadPolicy(d.Policy())
	if err != nil {
		return err
	}
	if err := pol.comparable(); err != nil {
		return err
	}
	opts, err := store.Options{}.WithEnv(os.Getenv)
	if err != nil {
		return usageError{err}
	}
	opts.TimeZone = pol.cfg.Timezone
	db, err := store.Open(ctx, d.Database(), opts)
	if err != nil {
		return err
	}
	defer db.Close()
	q, err := queries.LoadRuns()
	if err != nil {
		return err
	}

	// 1. The inbox.
	files, err := d.InboxFiles()
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "inbox: %d file(s) in %s\n", len(files), d.Inbox())
	in := &inboxRun{}
	var pending []string
	for _, f := range files {
		sum, err := project.SHA256(f)
		if err != nil {
			return err
		}
		var id int64
		switch err := db.SQL().QueryRowContext(ctx, q.LoadedSHA256, sum).Scan(&id); {
		case err == nil:
			fmt.Fprintf(log, "%s: already loaded (load %d, same sha256); nothing to load\n", f, id)
			in.already = append(in.already, alreadyLoaded{f, id})
		case errors.Is(err, sql.ErrNoRows):
			pending = append(pending, f)
		default:
			return fmt.Errorf("reading load_log: %w", err)
		}
	}
	if err := in.load(ctx, db, pol, pending, log); err != nil {
		return err
	}

	// 2. The month.
	if month.IsZero() {
		var last sql.NullTime
		if err := db.SQL().QueryRowContext(ctx, q.LastAttendanceDay).Scan(&last); err != nil {
			return fmt.Errorf("reading the last day of attendance: %w", err)
		}
		if !last.Valid {
			return in.failedToo(fmt.Errorf("%s holds no attendance yet: put the attendance exports into %s (or give --month)", d.Database(), d.Inbox()))
		}
		month = time.Date(last.Time.Year(), last.Time.Month(), 1, 0, 0, 0, 0, time.UTC)
		fmt.Fprintf(log, "month: %s (the latest month with attendance; --month chooses another)\n", month.Format("2006-01"))
	}
	label0 := month.Format("2006-01")

	// 3. Archive what loaded; note what failed.
	// One line for the lot (each load's line named its file), and one per
	// file archived under another name because the name was taken.
	archived := 0
	for _, p := range in.archivable() {
		dst, err := d.ArchiveFile(p, label0)
		if err != nil {
			return err
		}
		archived++
		if filepath.Base(dst) != filepath.Base(p) {
			fmt.Fprintf(log, "archived %s as %s (the name was taken)\n", p, dst)
		}
	}
	if archived > 0 {
		fmt.Fprintf(log, "archived %d file(s) to %s\n", archived, d.Archive(label0))
	}
	for _, f := range in.failed {
		if err := project.WriteError(f.path, oneLine(f.err)); err != nil {
			return fmt.Errorf("writing %s: %w", f.path+project.ErrorSuffix, err)
		}
		fmt.Fprintf(log, "%s: not loaded, left in the inbox; why: %s\n", f.path, f.path+project.ErrorSuffix)
	}

	// 4. Evaluate through the month into its reports folder.
	start := time.Now()
	out, s, id, err := publishMonth(cmd, d, db, pol, q, month, label, in)
	if err != nil {
		return in.failedToo(err)
	}
	fmt.Fprintf(log, "run %d ok: %s published (%d levels, %d effects, data through %s) in %s\n",
		id, out, len(s.Levels), len(s.Effects), s.DataThrough, time.Since(start).Round(time.Millisecond))
	fmt.Fprintln(cmd.OutOrStdout(), out)
	return in.failedToo(nil)
}

// publishMonth evaluates db through the end of month with the project's
// policy and publishes DIR/reports/YYYY-MM (or its next rerun folder, said
// on stderr) with changes.md, recorded in runs: what `run` and the demo
// share. It returns the folder, the summary and the run's id.
func publishMonth(cmd *cobra.Command, d project.Dir, db *store.DB, pol *policy, q *queries.Runs,
	month time.Time, label string, in *inboxRun) (string, *summary.Summary, int64, error) {
	ctx, log := cmd.Context(), cmd.ErrOrStderr()
	label0 := month.Format("2006-01")
	out, rerun, err := d.ReportDir(label0)
	if err != nil {
		return "", nil, 0, err
	}
	if rerun > 0 {
		fmt.Fprintf(log, "reports/%s is published already and is never overwritten: this rerun writes %s\n", label0, out)
	}
	st, err := pipeline.Stage(out)
	if err != nil {
		return "", nil, 0, err
	}
	defer st.Close()
	rec, err := startRun(ctx, db, "run", label0, label, out, pol.sha256)
	if err != nil {
		return "", nil, 0, err
	}
	prev, err := previousRun(ctx, db, q, rec.id)
	if err != nil {
		return "", nil, 0, rec.failed(ctx, err)
	}
	fp, err := dataFingerprint(ctx, db, q)
	if err != nil {
		return "", nil, 0, rec.failed(ctx, err)
	}
	through := project.MonthEnd(month)
	fmt.Fprintf(log, "run %d: evaluating through %s with %s\n", rec.id, through.Format(time.DateOnly), d.Policy())
	ch := &changes{run: rec.id, month: label0, label: label, rerun: rerun, fingerprint: fp, inbox: in, prev: prev}
	s, err := evaluateInto(cmd, db, pol.cfg, evaluate.Options{ConfigSHA256: pol.sha256, Through: through}, st, nil, "",
		func(s *summary.Summary, dir string) error {
			return pipeline.WriteFile(filepath.Join(dir, project.ChangesFile), ch.markdown(s))
		}, false)
	if ferr := rec.finish(ctx, err); ferr != nil && err == nil {
		err = fmt.Errorf("%w; %s is published", ferr, out)
	}
	if err != nil {
		return "", nil, 0, err
	}
	return out, s, rec.id, nil
}

// failed records the run as failed and returns err.
func (r *runRecord) failed(ctx context.Context, err error) error {
	if ferr := r.finish(ctx, err); ferr != nil {
		return fmt.Errorf("%w (and %w)", err, ferr)
	}
	return err
}

// inboxRun is what a run did with the inbox.
type inboxRun struct {
	loaded  []ingest.Result
	already []alreadyLoaded
	failed  []failedFile
}

type alreadyLoaded struct {
	path string
	load int64
}

type failedFile struct {
	path string
	err  error
}

// load loads paths, parents first, each in its own transaction; a file
// that fails is set aside and the others are loaded.
func (in *inboxRun) load(ctx context.Context, db *store.DB, pol *policy, paths []string, log io.Writer) error {
	l := ingest.NewLoader(db, pol.ingestOptions(log))
	rest := paths
	for len(rest) > 0 {
		res, err := l.LoadFiles(ctx, rest)
		in.loaded = append(in.loaded, res...)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return err
		}
		done := map[string]bool{}
		for _, r := range res {
			done[r.Path] = true
		}
		bad := failingFile(err, rest)
		if bad == "" {
			// The error names no file of ours: none of the rest is loaded.
			for _, p := range rest {
				if !done[p] {
					in.failed = append(in.failed, failedFile{p, err})
				}
			}
			return nil
		}
		in.failed = append(in.failed, failedFile{bad, err})
		done[bad] = true
		var next []string
		for _, p := range rest {
			if !done[p] {
				next = append(next, p)
			}
		}
		rest = next
	}
	return nil
}

// failingFile returns the file of paths that err names, or "".
func failingFile(err error, paths []string) string {
	var fe *pipeline.FileError
	if !errors.As(err, &fe) {
		return ""
	}
	for _, p := range paths {
		if fe.File == p || fe.File == strconv.Quote(p) {
			return p
		}
	}
	return ""
}

// archivable are the inbox files to move to the archive: those loaded now
// and those loaded before.
func (in *inboxRun) archivable() []string {
	var out []string
	for _, r := range in.loaded {
		out = append(out, r.Path)
	}
	for _, a := range in.already {
		out = append(out, a.path)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// failedToo returns err, or when files failed to load, an error that says
// so (after err, if any).
func (in *inboxRun) failedToo(err error) error {
	if len(in.failed) == 0 {
		return err
	}
	var names []string
	for _, f := range in.failed {
		names = append(names, filepath.Base(f.path))
	}
	msg := fmt.Sprintf("%d file(s) failed to load and stay in the inbox: %s (each FILE.error.txt says why)", len(in.failed), strings.Join(names, ", "))
	if err != nil {
		return fmt.Errorf("%w; %s", err, msg)
	}
	return errors.New(msg)
}

// prevRun is the run changes.md compares with.
type prevRun struct {
	id                   int64
	month, label, outDir string
	summary              *summary.Summary
}

func previousRun(ctx context.Context, db *store.DB, q *queries.Runs, before int64) (*prevRun, error) {
	var p prevRun
	var js string
	err := db.SQL().QueryRowContext(ctx, q.PreviousRun, before).Scan(&p.id, &p.month, &p.label, &p.outDir, &js)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the previous run: %w", err)
	}
	p.summary = new(summary.Summary)
	if err := json.Unmarshal([]byte(js), p.summary); err != nil {
		return nil, fmt.Errorf("reading the summary of run %d: %w", p.id, err)
	}
	return &p, nil
}
