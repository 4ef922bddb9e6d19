package cli

import (
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/bekasi/wfheval/queries"

	"github.com/spf13/cobra"

	"github.com/bekasi/wfheval/pipeline/project"
	"github.com/bekasi/wfheval/pipeline/store"
)

func newRuns() *cobra.Command {
	return &cobra.Command{
		Use:   "runs DIR",
		Short: "The run history of a project: id, month, label, when, data and config fingerprints, outcome",
		Long: `runs prints the runs table of DIR/wfheval.duckdb, oldest first: every
wfheval run of the project and every wfheval evaluate on its database (an
evaluate into a folder outside DIR/reports is a what-if). DATA is the start
of the data fingerprint (the sha256 over the ok loads' sha256s: two runs
with the same one saw the same files), CONFIG that of policy.yaml's sha256.
The database is opened read-only.`,
		Example: `  wfheval runs wfh-bekasi`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{errors.New("want one project DIR (see wfheval runs --help)")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			d := project.Dir(args[0])
			if err := d.Check(); err != nil {
				return err
			}
			db, err := store.Open(ctx, d.Database(), store.Options{ReadOnly: true})
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("%s: no database yet; wfheval run %s makes it", d.Database(), args[0])
			}
			if err != nil {
				return err
			}
			defer db.Close()
			if v, err := db.SchemaVersion(ctx); err != nil {
				return err
			} else if v < 4 {
				return fmt.Errorf("%s has schema version %d, without the runs table; wfheval run %s upgrades it", d.Database(), v, args[0])
			}
			q, err := queries.LoadRuns()
			if err != nil {
				return err
			}
			rows, err := db.SQL().QueryContext(ctx, q.History)
			if err != nil {
				return fmt.Errorf("reading runs: %w", err)
			}
			defer rows.Close()
			root, err := filepath.Abs(string(d))
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tCOMMAND\tMONTH\tLABEL\tWHEN\tDATA\tCONFIG\tOUTCOME\tOUT")
			n := 0
			for rows.Next() {
				var (
					id                                                    int64
					command, month, label, status, out, cfg, fp, ver, msg string
					started                                               time.Time
					finished                                              sql.NullTime
				)
				if err := rows.Scan(&id, &command, &month, &label, &started, &finished, &status, &out, &cfg, &fp, &ver, &msg); err != nil {
					return fmt.Errorf("reading runs: %w", err)
				}
				outcome := status
				if finished.Valid {
					outcome += fmt.Sprintf(" (%s)", finished.Time.Sub(started).Round(time.Second))
				}
				if msg != "" {
					outcome += ": " + clip(msg, 60)
				}
				if rel, err := filepath.Rel(root, out); err == nil && filepath.IsLocal(rel) {
					out = rel
				}
				fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", id, command, dash(month), dash(clip(label, 30)),
					started.Format("2006-01-02 15:04"), dash(short(fp)), dash(short(cfg)), outcome, out)
				n++
			}
			if err := rows.Err(); err != nil {
				return fmt.Errorf("reading runs: %w", err)
			}
			if err := w.Flush(); err != nil {
				return err
			}
			if n == 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "no runs yet: wfheval run %s makes the first\n", args[0])
			}
			return nil
		},
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// clip shortens s to n characters, marking the cut with "…".
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
