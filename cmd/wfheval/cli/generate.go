package cli

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bekasi/wfheval/pipeline/generate"
)

// genFlags are the flags that shape a synthetic city.
type genFlags struct {
	seed      uint64
	employees int
	from, to  string
	format    string
	badRows   bool
	monthly   bool
}

// register adds the flags; format and to are the command's default file
// format and last day (the demo exercises the Indonesian exports and two
// months of the policy after the trial; generate writes canonical files of
// the trial unless told).
func (g *genFlags) register(c *cobra.Command, format string, to time.Time) {
	d := generate.DefaultOptions()
	var formats, badRows []string
	for _, f := range generate.Formats {
		formats = append(formats, f.Name+" ("+f.Description+")")
		if f.BadRows {
			badRows = append(badRows, f.Name)
		}
	}
	c.Flags().StringVar(&g.format, "format", format, "data files: "+strings.Join(formats, " or "))
	c.Flags().BoolVar(&g.badRows, "bad-rows", true, "with --format "+strings.Join(badRows, " or ")+": plant a few faulty rows (listed in expected_rejects.json) for ingest to reject")
	c.Flags().Uint64Var(&g.seed, "seed", d.Seed, "random seed; the same seed gives the same city")
	c.Flags().IntVar(&g.employees, "employees", d.Employees, fmt.Sprintf("number of employees, %d to %d", generate.MinEmployees, generate.MaxEmployees))
	c.Flags().StringVar(&g.from, "from", d.From.Format(time.DateOnly), "first day of data (YYYY-MM-DD)")
	c.Flags().StringVar(&g.to, "to", to.Format(time.DateOnly), "last day of data (YYYY-MM-DD); past 2025-12-31 the city continues under a Thursday WFH policy (phase thursday2026)")
	c.Flags().BoolVar(&g.monthly, "monthly-files", false, "write attendance, costs and tickets as one file per month (attendance_2026-01.csv, …), as departments send them")
}

func (g *genFlags) options() (generate.Options, error) {
	o := generate.DefaultOptions()
	o.Seed, o.Employees, o.Format, o.MonthlyFiles = g.seed, g.employees, g.format, g.monthly
	f := generate.FormatByName(g.format)
	if f == nil {
		return o, usageError{fmt.Errorf("--format %q: want %s", g.format, strings.Join(generate.FormatNames(), " or "))}
	}
	o.BadRows = g.badRows && f.BadRows
	var err error
	if o.From, err = time.Parse(time.DateOnly, g.from); err != nil {
		return o, usageError{fmt.Errorf("--from %q: want YYYY-MM-DD", g.from)}
	}
	if o.To, err = time.Parse(time.DateOnly, g.to); err != nil {
		return o, usageError{fmt.Errorf("--to %q: want YYYY-MM-DD", g.to)}
	}
	if !o.To.After(o.From) {
		return o, usageError{fmt.Errorf("--to %s is not after --from %s", g.to, g.from)}
	}
	if o.Employees < generate.MinEmployees || o.Employees > generate.MaxEmployees {
		return o, usageError{fmt.Errorf("--employees %d: want %d to %d (three per department at least)", o.Employees, generate.MinEmployees, generate.MaxEmployees)}
	}
	return o, nil
}

func newGenerate() *cobra.Command {
	var (
		out string
		g   genFlags
	)
	c := &cobra.Command{
		Use:   "generate --out DIR [--seed N] [--employees N] [--from DATE] [--to DATE] [--monthly-files]",
		Short: "Write a synthetic city with known planted effects (CSV, truth.json, policy.yaml)",
		Long: `generate writes a deterministic synthetic Kota Bekasi: employees, attendance,
costs, tickets and meter readings as CSV, the policy config that matches them
(policy.yaml), and truth.json, the effects planted in the data in the
estimands of summary.json — so an evaluation can be checked against the truth.
The data run from 2024-09-01 through the trial (to 2025-12-31) by default;
a later --to continues the same city under a continuing Thursday WFH policy,
and --monthly-files writes attendance, costs and tickets month by month;
--format parquet writes the same rows as typed Parquet files.`,
		Example: `  wfheval generate --out city
  wfheval generate --out city-id --format id --employees 3000 --seed 7
  wfheval generate --out city-2026 --to 2026-06-30 --monthly-files
  wfheval generate --out province --format parquet --employees 290000 --to 2026-02-28`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usageError{fmt.Errorf("--out DIR is required")}
			}
			o, err := g.options()
			if err != nil {
				return err
			}
			start := time.Now()
			sum, err := generate.Write(cmd.Context(), out, o)
			if err != nil {
				return err
			}
			names := make([]string, 0, len(sum.Files))
			for n := range sum.Files {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s/%s (%d rows)\n", out, n, sum.Files[n])
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "generated %d employees in %d departments in %s\n",
				sum.Employees, sum.Departments, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "", "directory to write the city into")
	g.register(c, generate.FormatCanonical, generate.DefaultOptions().To)
	return c
}
