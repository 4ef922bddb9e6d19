package cli

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// commands returns c's subcommands and theirs, depth first.
func commands(c *cobra.Command) []*cobra.Command {
	var out []*cobra.Command
	for _, sub := range c.Commands() {
		out = append(out, sub)
		out = append(out, commands(sub)...)
	}
	return out
}

// Every command, found from the root so that a new one is covered without
// being listed here, has a short and a long help and an example, and
// "--help" exits 0 printing its usage line and its long help on stdout.
func TestEveryCommandHasHelp(t *testing.T) {
	root := newRoot(strings.NewReader(""), io.Discard, io.Discard)
	subs := commands(root)
	if len(subs) < 6 {
		t.Fatalf("the root has %d commands, want at least 6 (generate, ingest, evaluate, demo, sql, query)", len(subs))
	}
	for _, c := range append([]*cobra.Command{root}, subs...) {
		t.Run(c.CommandPath(), func(t *testing.T) {
			if strings.TrimSpace(c.Short) == "" {
				t.Error("no Short help")
			}
			if strings.TrimSpace(c.Long) == "" {
				t.Error("no Long help")
			}
			if c != root && strings.TrimSpace(c.Example) == "" {
				t.Error("no Example")
			}
			args := append(strings.Fields(c.CommandPath())[1:], "--help")
			var out, errb bytes.Buffer
			if code := Run(context.Background(), args, strings.NewReader(""), &out, &errb); code != ExitOK {
				t.Fatalf("%v: exit %d, stderr %q", args, code, errb.String())
			}
			longFirst, _, _ := strings.Cut(c.Long, "\n")
			for _, want := range []string{"Usage:\n  " + c.UseLine(), longFirst} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("%v: stdout lacks %q:\n%s", args, want, out.String())
				}
			}
			if c.Example != "" && !strings.Contains(out.String(), c.Example) {
				t.Errorf("%v: stdout lacks the example %q", args, c.Example)
			}
			if errb.Len() != 0 {
				t.Errorf("%v: stderr %q, want nothing", args, errb.String())
			}
		})
	}
}
