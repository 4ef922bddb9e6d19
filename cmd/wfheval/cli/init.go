package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/project"
)

func newInit() *cobra.Command {
	var (
		name  string
		force bool
	)
	c := &cobra.Command{
		Use:   "init DIR [--name TEXT] [--force]",
		Short: "Create a project folder for the monthly cycle: policy.yaml, inbox/, reports/ and a README",
		Long: `init creates the folder of a monthly evaluation (docs/cycle.md):

  DIR/policy.yaml   Kota Bekasi's policy with every config key, commented in
                    Indonesian and English (the header mappings as examples)
  DIR/inbox/        where the departments' exports go
  DIR/reports/      where wfheval run publishes each month
  DIR/README.md     what goes where, and the monthly commands

It refuses to overwrite an existing policy.yaml unless --force.`,
		Example: `  wfheval init wfh-bekasi --name "Kajian WFH ASN Kota Bekasi"`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{errors.New("want one DIR (see wfheval init --help)")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			d := project.Dir(args[0])
			if _, err := os.Stat(d.Policy()); err == nil && !force {
				return usageError{fmt.Errorf("%s exists; init does not overwrite it (--force replaces it)", d.Policy())}
			} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			pol, err := project.Policy(name)
			if err != nil {
				return err
			}
			for _, dir := range []string{d.Inbox(), d.Reports()} {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					return fmt.Errorf("creating %s: %w", dir, err)
				}
			}
			if err := pipeline.WriteFile(d.Policy(), pol); err != nil {
				return err
			}
			readme := filepath.Join(string(d), project.ReadmeFile)
			if _, err := os.Stat(readme); errors.Is(err, fs.ErrNotExist) || force {
				if err := pipeline.WriteFile(readme, project.Readme(name)); err != nil {
					return err
				}
			}
			log := cmd.ErrOrStderr()
			fmt.Fprintf(log, "created %s: edit policy.yaml, put the exports in %s, then run: wfheval run %s\n",
				string(d), d.Inbox(), string(d))
			fmt.Fprintln(cmd.OutOrStdout(), d.Policy())
			return nil
		},
	}
	c.Flags().StringVar(&name, "name", project.DefaultName, "the study's name, shown in the reports")
	c.Flags().BoolVar(&force, "force", false, "replace an existing policy.yaml (and README.md)")
	return c
}
