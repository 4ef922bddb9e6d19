// Command wfheval evaluates a work-from-home trial for a city government:
// it loads attendance, cost and service exports into DuckDB, compares the
// baseline with the trial phases and reports what each scheme did.
// Run "wfheval --help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/bekasi/wfheval/cmd/wfheval/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
