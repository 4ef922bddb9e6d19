package explore_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline/explore"
)

// Every output format parses from its name and has a writer of its own;
// an unknown name is refused with the list of names.
func TestFormatsParseAndWrite(t *testing.T) {
	for _, f := range explore.Formats {
		t.Run(string(f), func(t *testing.T) {
			got, err := explore.ParseFormat(strings.ToUpper(string(f)))
			if err != nil || got != f {
				t.Fatalf("ParseFormat(%q) = %q, %v", f, got, err)
			}
			var b strings.Builder
			w := explore.NewWriter(f, &b, explore.WriterOptions{})
			if err := w.Begin([]explore.Column{{Name: "answer", Type: "INTEGER"}}); err != nil {
				t.Fatal(err)
			}
			if err := w.Row([]any{int32(42)}); err != nil {
				t.Fatal(err)
			}
			if err := w.End(); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), "42") {
				t.Errorf("%s wrote %q", f, b.String())
			}
		})
	}
	_, err := explore.ParseFormat("html")
	if !errors.Is(err, explore.ErrUnknownFormat) || !strings.Contains(err.Error(), strings.Join(explore.FormatNames(), ", ")) {
		t.Errorf("ParseFormat(html): %v", err)
	}
}

// Every extension of FileFormats names its format, in any case; others
// name none.
func TestFileFormatOf(t *testing.T) {
	for _, f := range explore.FileFormats {
		for _, ext := range f.Exts {
			if got := explore.FileFormatOf("dir/result" + strings.ToUpper(ext)); got == nil || got.Exts[0] != f.Exts[0] {
				t.Errorf("FileFormatOf(*%s) = %v", ext, got)
			}
		}
	}
	for _, p := range []string{"r.html", "r", "csv"} {
		if got := explore.FileFormatOf(p); got != nil {
			t.Errorf("FileFormatOf(%q) = %v, want nil", p, got)
		}
	}
}
