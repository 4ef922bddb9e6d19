package words_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/pipeline/words"
)

func f(x float64) *float64 { return &x }

// Every code of the summary, filled with every argument, is written in
// every language without a placeholder left over or the code itself.
func TestEveryCodeHasWords(t *testing.T) {
	placeholder := regexp.MustCompile(`\{[a-z_]+\}`)
	args := summary.Args{Scheme: "phase1", Metric: summary.AttendanceRate, Value: f(-0.004), Low: f(-0.02),
		High: f(0.012), Tolerance: f(-0.01), Period: "baseline", N: 5, Year: 2024, DF: 7.25}
	for _, lang := range words.Languages {
		p := words.New(lang)
		for _, c := range summary.Codes {
			got := p.Message(summary.Message{Code: c, Args: args})
			if got == string(c) || got == "" {
				t.Errorf("%s: no text for %s", lang, c)
			}
			if m := placeholder.FindString(got); m != "" {
				t.Errorf("%s %s: placeholder %s left in %q", lang, c, m, got)
			}
		}
	}
}

// Every metric of the catalogue has a name and a phrase of its own in
// every language (cost metrics through their category).
func TestEveryMetricHasAName(t *testing.T) {
	for _, lang := range words.Languages {
		p := words.New(lang)
		for _, m := range summary.Metrics() {
			if n := p.MetricName(m.ID); n == m.ID || n == "" {
				t.Errorf("%s: no name for %s", lang, m.ID)
			}
			if n := p.MetricPhrase(m.ID); n == m.ID || n == "" {
				t.Errorf("%s: no phrase for %s", lang, m.ID)
			}
		}
		for _, c := range append(summary.CostCategories, summary.CostTotalCategory) {
			if n := p.CategoryName(c); n == c {
				t.Errorf("%s: no name for category %s", lang, c)
			}
		}
	}
}

// The languages have the same report texts.
func TestTextsInEveryLanguage(t *testing.T) {
	want := words.TextKeys(words.Languages[0])
	if len(want) < 50 {
		t.Fatalf("only %d text keys", len(want))
	}
	for _, lang := range words.Languages[1:] {
		if got := words.TextKeys(lang); !slices.Equal(got, want) {
			t.Errorf("%s has texts %v,\nthe default language %v", lang, got, want)
		}
	}
}

// A change of a share is written in percentage points in either language;
// without a metric an amount is rupiah.
func TestMessageUnits(t *testing.T) {
	within := summary.Message{Code: summary.ReasonWithin, Args: summary.Args{Scheme: "phase1", Metric: summary.SLAMetRate,
		Value: f(-0.004), Low: f(-0.015), High: f(0.007), Tolerance: f(-0.02)}}
	en := words.New("en")
	en.Names = map[string]string{"phase1": "Phase I"}
	if got, want := en.Message(within), "Phase I: SLA met rate changed by -0.4 pp (95% interval -1.5 pp to +0.7 pp), within the tolerated -2.0 pp"; got != want {
		t.Errorf("en:\n got %q\nwant %q", got, want)
	}
	if got := words.New("id").Message(within); !strings.Contains(got, "-0,4 pp") || !strings.HasPrefix(got, "phase1: kepatuhan SLA berubah") {
		t.Errorf("id: %q", got)
	}
	saving := summary.Message{Code: summary.ReasonSaving, Args: summary.Args{Scheme: "phase2", Value: f(1.2e9), Low: f(4e8), High: f(2e9), Year: 2026}}
	if got, want := en.Message(saving), "phase2: saves about Rp 1.2 bn a year in 2026 (95% interval Rp 400 mn to Rp 2.0 bn)"; got != want {
		t.Errorf("en:\n got %q\nwant %q", got, want)
	}
}

func ExamplePrinter_Message() {
	m := summary.Message{Code: summary.MethodSuppressed, Args: summary.Args{N: 5}}
	fmt.Println(words.New("id").Message(m))
	fmt.Println(words.New("en").Message(m))
	// Output:
	// disembunyikan: kurang dari 5 pegawai
	// suppressed: fewer than 5 employees
}

// The reports' texts speak of a policy, not of the 2025 trial: the
// phases' names, the WFH weekday and the years come from the summary
// ({day}, {year}, the config's names), never from the texts themselves.
func TestTextsNameNoPolicy(t *testing.T) {
	for _, lang := range words.Languages {
		p := words.New(lang)
		for _, k := range words.TextKeys(lang) {
			s := p.Text(k)
			for _, bad := range []string{"Tahap I", "Phase I", "Kamis", "Thursday", "Jumat", "Friday", "uji coba", "trial", "2025", "2026"} {
				if strings.Contains(s, bad) {
					t.Errorf("%s %s holds %q: %q", lang, k, bad, s)
				}
			}
		}
	}
}
