package explore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"unicode"

	"github.com/chzyer/readline"

	sqlfiles "github.com/bekasi/wfheval/queries/explore"
)

// ConsoleOptions configure the interactive console.
type ConsoleOptions struct {
	// Banner is printed first.
	Banner string
	// HistoryFile keeps the statements typed, across sessions; "" keeps
	// none.
	HistoryFile string
	// Stdin, Stdout and Stderr are the console's streams; nil means the
	// process's. When Stdin is a terminal (an *os.File), line editing puts
	// that terminal in raw mode and reads the screen's width from Stdout.
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

const (
	prompt         = "wfheval> "
	continuePrompt = "    ...> "
)

// Console runs the interactive console on a terminal: line editing, history
// (statements are saved whole, on one line), Tab completion of table,
// view, column and dot-command names, and multi-line statements ended by
// ";". Ctrl-C drops the statement being typed, or stops a running query;
// Ctrl-D or .quit leaves. The session prints its results and errors.
func Console(ctx context.Context, s *Session, o ConsoleOptions) error {
	if o.HistoryFile != "" {
		if err := privateHistory(o.HistoryFile); err != nil {
			errOut := o.Stderr
			if errOut == nil {
				errOut = os.Stderr
			}
			fmt.Fprintf(errOut, "wfheval: %v: keeping no history\n", err)
			o.HistoryFile = ""
		}
	}
	names := completionNames(ctx, s.Runner.Conn())
	cfg := &readline.Config{
		Prompt:                 prompt,
		HistoryFile:            o.HistoryFile,
		DisableAutoSaveHistory: true,
		HistorySearchFold:      true,
		AutoComplete:           completer{names: names},
		Stdout:                 o.Stdout,
		Stderr:                 o.Stderr,
	}
	if o.Stdin != nil {
		// Cancelable, as readline's default is, so that closing the
		// console ends a pending read.
		cfg.Stdin = readline.NewCancelableStdin(o.Stdin)
		onTerminal(cfg, o.Stdin, o.Stdout, o.Stderr)
	}
	rl, err := readline.NewEx(cfg)
	if err != nil {
		return fmt.Errorf("starting the console: %w", err)
	}
	defer rl.Close()
	if o.HistoryFile != "" {
		// readline rewrites a long history through a file of its own
		// making (0666 less the umask) when it opens it.
		privateHistory(o.HistoryFile)
	}
	if o.Banner != "" {
		fmt.Fprint(rl.Stdout(), o.Banner)
	}

	// Signals: while a query runs, Ctrl-C (SIGINT) stops it; SIGTERM ends
	// the console. The caller's context is cancelled by the same signals
	// (cmd/wfheval's main), so queries run under a context of their own.
	base := context.WithoutCancel(ctx)
	var mu sync.Mutex
	var stop context.CancelFunc
	terminated := false
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			select {
			case v := <-sig:
				mu.Lock()
				if stop != nil {
					stop()
				}
				if v == syscall.SIGTERM {
					terminated = true
					rl.Close()
				}
				mu.Unlock()
			case <-done:
				return
			}
		}
	}()

	var entry []string // the lines of the statement being typed, for history
	for {
		line, err := rl.Readline()
		mu.Lock()
		term := terminated
		mu.Unlock()
		if term {
			return nil
		}
		switch {
		case errors.Is(err, readline.ErrInterrupt):
			if s.Pending() {
				s.Reset()
				entry = nil
			} else {
				fmt.Fprintln(rl.Stdout(), "(.quit or Ctrl-D leaves)")
			}
			rl.SetPrompt(prompt)
			continue
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return fmt.Errorf("reading the console: %w", err)
		}
		if strings.TrimSpace(line) != "" {
			entry = append(entry, strings.TrimSpace(line))
		}
		qctx, cancel := context.WithCancel(base)
		mu.Lock()
		stop = cancel
		mu.Unlock()
		err = s.Line(qctx, line)
		mu.Lock()
		stop = nil
		mu.Unlock()
		cancel()
		if !s.Pending() {
			if len(entry) > 0 {
				rl.SaveHistory(strings.Join(entry, " "))
			}
			entry = nil
			rl.SetPrompt(prompt)
		} else {
			rl.SetPrompt(continuePrompt)
		}
		if errors.Is(err, ErrQuit) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// privateHistory makes the history file readable by its owner only before
// readline opens it (readline would create it 0666 less the umask): the
// statements typed hold names and numbers from the data. A new file is
// created 0600; an existing regular file loses the group's and others'
// permissions. A symbolic link is left alone: the user made it.
func privateHistory(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		return f.Close()
	}
	if !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("opening the history %s: %w", path, err)
	}
	st, err := os.Lstat(path)
	if err != nil {
		return fmt.Errorf("opening the history %s: %w", path, err)
	}
	if st.Mode().IsRegular() && st.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(path, st.Mode().Perm()&0o700); err != nil {
			return fmt.Errorf("making the history %s private: %w", path, err)
		}
	}
	return nil
}

// onTerminal points readline's terminal handling at the console's own
// streams when in is a file: readline's defaults look at the process's
// standard input and output (file descriptors 0 and 1).
func onTerminal(cfg *readline.Config, in io.Reader, out, errOut io.Writer) {
	f, ok := in.(*os.File)
	if !ok {
		return
	}
	if out == nil {
		out = readline.Stdout // readline's defaults
	}
	if errOut == nil {
		errOut = readline.Stderr
	}
	fd := int(f.Fd())
	var state *readline.State
	cfg.FuncIsTerminal = func() bool {
		return readline.IsTerminal(fd) && (isTerminal(out) || isTerminal(errOut))
	}
	cfg.FuncMakeRaw = func() (err error) {
		state, err = readline.MakeRaw(fd)
		return err
	}
	cfg.FuncExitRaw = func() error {
		if state == nil {
			return nil
		}
		return readline.Restore(fd, state)
	}
	for _, w := range []io.Writer{out, errOut} {
		if wf, ok := w.(*os.File); ok && readline.IsTerminal(int(wf.Fd())) {
			wfd := int(wf.Fd())
			cfg.FuncGetWidth = func() int {
				cols, _, err := readline.GetSize(wfd)
				if err != nil {
					return -1
				}
				return cols
			}
			break
		}
	}
}

// isTerminal reports whether w is a file on a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && readline.IsTerminal(int(f.Fd()))
}

// dotCommands are completed after a "." at the start of a line.
var dotCommands = []string{".tables", ".views", ".schema", ".mode", ".maxrows", ".export", ".export!", ".help", ".quit"}

var sqlWords = []string{"SELECT", "FROM", "WHERE", "GROUP BY", "ORDER BY", "HAVING", "LIMIT", "JOIN", "LEFT JOIN",
	"WITH", "DESCRIBE", "SUMMARIZE", "EXPLAIN", "DISTINCT", "CREATE TEMP TABLE", "CREATE TEMP VIEW", "PIVOT"}

// completionNames reads the tables, views and columns once, for Tab.
func completionNames(ctx context.Context, conn *sql.Conn) []string {
	q, err := sqlfiles.LoadCatalog()
	if err != nil {
		return nil
	}
	rows, err := conn.QueryContext(ctx, q.Names)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if rows.Scan(&n) == nil {
			out = append(out, n)
		}
	}
	return out
}

// completer completes the word before the cursor.
type completer struct{ names []string }

func (c completer) Do(line []rune, pos int) ([][]rune, int) {
	start := pos
	for start > 0 && (unicode.IsLetter(line[start-1]) || unicode.IsDigit(line[start-1]) || line[start-1] == '_' || line[start-1] == '.') {
		start--
	}
	word := string(line[start:pos])
	var cands []string
	switch {
	case strings.HasPrefix(word, ".") && strings.TrimSpace(string(line[:start])) == "":
		cands = dotCommands
	case word == "":
		return nil, 0
	default:
		cands = append(append([]string{}, c.names...), sqlWords...)
	}
	var out [][]rune
	for _, cand := range cands {
		if len(cand) > len(word) && strings.EqualFold(cand[:len(word)], word) {
			rest := cand[len(word):]
			if word != strings.ToLower(word) && strings.ToUpper(word) == word {
				rest = strings.ToUpper(rest)
			} else if isUpperWord(cand) && strings.ToLower(word) == word {
				rest = strings.ToLower(rest)
			}
			out = append(out, []rune(rest))
		}
	}
	return out, len([]rune(word))
}

func isUpperWord(s string) bool { return strings.ToUpper(s) == s }
