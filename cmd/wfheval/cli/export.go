package cli

import (
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/bekasi/wfheval/pipeline/export"
	"github.com/bekasi/wfheval/pipeline/project"
	"github.com/bekasi/wfheval/pipeline/store"
)

func newExport() *cobra.Command {
	var db dbFlags
	var out string
	c := &cobra.Command{
		Use:   "export DIR --parquet OUT | export --db FILE --parquet OUT",
		Short: "Write the tables and the evaluation's daily series as Hive-partitioned Parquet for Spark, Trino or DuckDB over many files",
		Long: `export writes into OUT, which must not exist or be empty, one folder per
relation: employees, attendance, costs, tickets, meters, punches, load_log, the
daily attendance sums per department and job category (attendance_daily)
and the latest published evaluation's city-wide daily values
(evaluation_daily). Relations with dates are Hive-partitioned by year and
month (OUT/attendance/year=2025/month=11/data_0.parquet); read them with
read_parquet('OUT/attendance/**/*.parquet', hive_partitioning = true) in
DuckDB, spark.read.parquet("OUT/attendance") or a Trino Hive table.
docs/scale.md says how a national evaluation splits and pools.

DIR is a project folder (its DIR/wfheval.duckdb); --db FILE exports another
database. The database is opened read-only.`,
		Example: `  wfheval export wfh-bekasi --parquet /data/bekasi-2026-03
  wfheval export --db wfheval-demo/wfheval.duckdb --parquet demo-parquet`,
		Args: func(cmd *cobra.Command, args []string) error {
			hasDB := cmd.Flags().Changed("db")
			if len(args) > 1 || (len(args) == 1) == hasDB {
				return usageError{errors.New("want one project DIR or --db FILE (see wfheval export --help)")}
			}
			if out == "" {
				return usageError{errors.New("--parquet OUT is required: the directory to write into")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			path := db.path
			if len(args) == 1 {
				d := project.Dir(args[0])
				if err := d.Check(); err != nil {
					return err
				}
				path = d.Database()
			}
			db.opts.ReadOnly = true
			d, err := db.open(ctx, path, "")
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("%s: no database yet", path)
			}
			if errors.Is(err, store.ErrLocked) {
				return fmt.Errorf("%w: wait until the ingest or run writing it has finished, then try again", err)
			}
			if err != nil {
				return err
			}
			defer d.Close()
			done, err := export.Parquet(ctx, d.SQL(), out)
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "relation\trows\tfolder")
			for _, x := range done {
				fmt.Fprintf(w, "%s\t%d\t%s\n", x.Relation.Name, x.Rows, x.Dir)
			}
			return w.Flush()
		},
	}
	db.register(c, false)
	c.Flags().Lookup("db").Usage = "DuckDB database file (opened read-only), instead of a project DIR"
	c.Flags().StringVar(&out, "parquet", "", "directory to write the Parquet folders into (must not exist or be empty)")
	return c
}
