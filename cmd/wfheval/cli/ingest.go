package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bekasi/wfheval/pipeline/ingest"
)

func newIngest() *cobra.Command {
	var (
		db         dbFlags
		configPath string
		kind       string
		sheet      string
	)
	c := &cobra.Command{
		Use:   "ingest --db FILE [--config FILE] [--kind KIND] FILE...",
		Short: "Load attendance, employee, cost, ticket or meter exports into the database",
		Long: `ingest loads each FILE in its own transaction: the rows that pass the
contract's checks go into the table of the file's kind, the others into
rejects with their line, column and reason, and load_log records the load.
A file that fails as a whole changes nothing. A file already loaded (same
sha256) is skipped. Employees are loaded before the kinds that refer to them.

Kinds: ` + strings.Join(ingest.KindNames(), ", ") + ` (detected from the header).
Containers: CSV/TSV (comma, semicolon or tab), .csv.gz, XLSX, Parquet, JSON Lines;
UTF-8 (with or without BOM) or Windows-1252 text, not both in one file.
A record longer than 1 MiB is rejected; decompression bombs and workbooks
beyond Excel's sizes are refused (docs/ingest.md, Limits). A file that
changes while it is loaded is refused and changes nothing.`,
		Example: `  wfheval ingest --db bekasi.duckdb employees.csv attendance.csv costs.csv tickets.csv`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("no FILE to load (see wfheval ingest --help)")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, files []string) error {
			ctx := cmd.Context()
			log := cmd.ErrOrStderr()
			opts := ingest.Options{Log: log, Progress: progressWriter(log)}
			tz := ""
			if configPath != "" {
				p, err := loadPolicy(configPath)
				if err != nil {
					return err
				}
				opts, tz = p.ingestOptions(log), p.cfg.Timezone
			}
			opts.Kind, opts.Sheet = kind, sheet
			if db.path == "" {
				return usageError{errMissingDB}
			}
			if kind != "" && ingest.KindByName(kind) == nil {
				return usageError{fmt.Errorf("--kind %q: want one of %s", kind, strings.Join(ingest.KindNames(), ", "))}
			}
			d, err := db.open(ctx, db.path, tz)
			if err != nil {
				return err
			}
			defer d.Close()
			_, err = ingest.NewLoader(d, opts).LoadFiles(ctx, files)
			return err
		},
	}
	db.register(c, true)
	c.Flags().StringVar(&configPath, "config", "", "policy config (YAML): header mappings, number locale, time zone")
	c.Flags().StringVar(&kind, "kind", "", "dataset kind of every FILE, instead of detecting it: "+strings.Join(ingest.KindNames(), ", "))
	c.Flags().StringVar(&sheet, "sheet", "", "XLSX: the sheet to read (default: the first)")
	return c
}
