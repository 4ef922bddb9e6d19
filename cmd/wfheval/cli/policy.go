package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
	"github.com/bekasi/wfheval/pipeline/ingest"
)

// policy is a policy config file as the commands use it: parsed, with the
// sha256 of the file as written (summary.json's config_sha256) and its time
// zone.
type policy struct {
	cfg    *config.Config
	sha256 string
	loc    *time.Location
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
	return &policy{cfg: cfg, sha256: hex.EncodeToString(sum[:]), loc: loc}, nil
}

// ingestOptions are the loader's options the config sets: header mappings,
// number locale, time zone; log gets the summary lines and, on a terminal,
// the progress bars.
func (p *policy) ingestOptions(log io.Writer) ingest.Options {
	return ingest.Options{Columns: p.cfg.Columns, NumberLocale: p.cfg.NumberLocale, Location: p.loc,
		Log: log, Progress: progressWriter(log)}
}
