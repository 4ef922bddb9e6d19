package generate_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline/generate"
)

// Each format of the table is accepted by name, the default first; an
// unknown one is refused naming the formats, and bad rows are planted only
// where the table says they can be.
func TestFormats(t *testing.T) {
	if generate.Formats[0].Name != generate.FormatCanonical {
		t.Errorf("the default format is %s, want %s", generate.Formats[0].Name, generate.FormatCanonical)
	}
	for _, f := range generate.Formats {
		opts := generate.DefaultOptions()
		opts.Format, opts.BadRows = f.Name, f.BadRows
		if _, err := generate.Policy(opts); err != nil {
			t.Errorf("format %s: %v", f.Name, err)
		}
		if !f.BadRows {
			opts.BadRows = true
			if _, err := generate.Policy(opts); !errors.Is(err, generate.ErrInvalidOptions) {
				t.Errorf("format %s with bad rows: %v, want ErrInvalidOptions", f.Name, err)
			}
		}
	}
	opts := generate.DefaultOptions()
	opts.Format = "xlsx"
	_, err := generate.Policy(opts)
	if !errors.Is(err, generate.ErrInvalidOptions) || !strings.Contains(err.Error(), strings.Join(generate.FormatNames(), " or ")) {
		t.Errorf("format xlsx: %v", err)
	}
}
