package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"reflect"
	"time"

	"github.com/bekasi/wfheval/pipeline"
	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/ingest"
)

// policy is a policy config file as the commands use it: parsed, with the
// sha256 of the file as written (summary.json's config_sha256) and its time
// zone.
type policy struct {
	path   string
	cfg    *config.Config
	sha256 string
	loc    *time.Location
	empty  bool // the file holds no setting (only space or comments)
}

func loadPolicy(path string) (*policy, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	cfg, err := config.Parse(raw, path)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil {
		return nil, fmt.Errorf("%s: timezone %q: %w", path, cfg.Timezone, err)
	}
	sum := sha256.Sum256(raw)
	// An empty document parses to the defaults alone (and never fails).
	defaults, _ := config.Parse(nil, path)
	empty := reflect.DeepEqual(cfg, defaults)
	return &policy{path: path, cfg: cfg, sha256: hex.EncodeToString(sum[:]), loc: loc, empty: empty}, nil
}

// comparable checks that the config holds what evaluate compares, a
// baseline and at least one phase; the error names the file.
func (p *policy) comparable() error {
	var what string
	switch {
	case p.empty:
		what = "the config is empty"
	case p.cfg.Baseline.IsZero() && len(p.cfg.Phases) == 0:
		what = "the config has no baseline and no phases"
	case p.cfg.Baseline.IsZero():
		what = "the config has no baseline"
	case len(p.cfg.Phases) == 0:
		what = "the config has no phases"
	default:
		return nil
	}
	return &pipeline.FileError{File: p.path, Err: fmt.Errorf("%s; evaluate needs a baseline and at least one phase (docs/contract.md §2)", what)}
}

// ingestOptions are the loader's options the config sets: header mappings,
// number locale, date order, value maps, constants, time zone; log gets the summary lines and, on a terminal,
// the progress bars.
func (p *policy) ingestOptions(log io.Writer) ingest.Options {
	return ingest.Options{Columns: p.cfg.Columns, NumberLocale: p.cfg.NumberLocale, DateOrder: p.cfg.DateOrder,
		Values: p.cfg.Values, Constants: p.cfg.Constants, Location: p.loc,
		Log: log, Progress: progressWriter(log)}
}
