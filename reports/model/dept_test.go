package model

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/pipeline/words"
	"github.com/bekasi/wfheval/reports/internal/synth"
)

func TestFileName(t *testing.T) {
	cases := []struct{ code, want string }{
		{"DISDIK", "DISDIK"},
		{"KEC_BEKASI_BARAT", "KEC_BEKASI_BARAT"},
		{"UPT-1", "UPT-1"},
		{"DP3A/UPTD", "DP3A_UPTD"},
		{"../etc", "___etc"},
		{"Dinas Sosial", "Dinas_Sosial"},
		{"Ärzte", "_rzte"},
		{"", "opd"},
	}
	for _, tc := range cases {
		if got := FileName(tc.code); got != tc.want {
			t.Errorf("FileName(%q) = %q, want %q", tc.code, got, tc.want)
		}
	}
	// Codes that only differ in unsafe characters keep apart.
	s := trialSummary(t)
	s.Recommendations = []summary.Recommendation{{OPDCode: "A/B", Scheme: summary.SchemeWFO}, {OPDCode: "A_B", Scheme: summary.SchemeWFO}, {OPDCode: "a b", Scheme: summary.SchemeWFO}}
	r, err := New(s, "id")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, p := range r.DeptPages() {
		files = append(files, p.File)
	}
	if want := []string{"A_B", "A_B-2", "a_b-3"}; !slices.Equal(files, want) {
		t.Errorf("files %v, want %v", files, want)
	}
}

func f64(x float64) *float64 { return &x }
func str(s string) *string   { return &s }
func num(n int) *int         { return &n }

// decided is a 3-month synthetic policy whose first departments are
// decided as the cases below need, each kind of page once.
func decided(t *testing.T, opts synth.Options) (*summary.Summary, map[string]int) {
	t.Helper()
	s := policy(t, opts)
	at := map[string]int{}
	for i, rec := range s.Recommendations {
		at[rec.OPDCode] = i
	}
	g := func(metric, scheme, judgment string, lo, est, hi, tol float64) summary.Guardrail {
		return summary.Guardrail{Metric: metric, Scheme: scheme, Estimate: f64(est), CILow: f64(lo), CIHigh: f64(hi), Tolerance: tol,
			Judgment: judgment, Pooled: true, RawCILow: f64(lo - 0.01), RawCIHigh: f64(hi + 0.01)}
	}
	recs := s.Recommendations
	// BAPENDA safe under the weekday scheme.
	recs[at["BAPENDA"]] = summary.Recommendation{OPDCode: "BAPENDA", OPDName: "Badan Pendapatan Daerah", Scheme: "phase1", Decision: summary.DecisionWFH,
		AnnualSavingsIDR: summary.Amount{Estimate: 20e6, CILow: 14e6, CIHigh: 26e6},
		Guardrails: []summary.Guardrail{g(summary.AttendanceRate, "scheme:phase1", summary.JudgmentSafe, -0.002, 0.004, 0.01, -0.01),
			g(summary.AttendanceRate, "scheme:phase2", summary.JudgmentInconclusive, -0.03, 0.01, 0.05, -0.01)},
		SchemeSavings: []summary.SchemeSaving{{Scheme: "scheme:phase1", AnnualIDR: summary.Amount{Estimate: 20e6, CILow: 14e6, CIHigh: 26e6}, Available: true},
			{Scheme: "scheme:phase2", Available: false}}}
	// BPKAD harmed everywhere.
	recs[at["BPKAD"]] = summary.Recommendation{OPDCode: "BPKAD", Scheme: summary.SchemeWFO, Decision: summary.DecisionWFOHarm,
		Guardrails: []summary.Guardrail{g(summary.SLAMetRate, "scheme:phase2", summary.JudgmentHarmful, -0.12, -0.09, -0.06, -0.02),
			g(summary.SLAMetRate, "scheme:phase1", summary.JudgmentHarmful, -0.12, -0.09, -0.06, -0.02)}}
	// DBMSDA not yet known: 9 more Thursdays, by March; harmed under the rotation.
	recs[at["DBMSDA"]] = summary.Recommendation{OPDCode: "DBMSDA", Scheme: summary.SchemeWFO, Decision: summary.DecisionInconclusive,
		ExtraSchemeDaysNeeded: num(9), DecisionDate: str("2026-03-26"),
		ReasonCodes: []summary.Message{{Code: summary.ReasonNotYetKnown, Args: summary.Args{Scheme: "scheme:phase1", N: 9, Detail: "2026-03-26"}}},
		Guardrails: []summary.Guardrail{g(summary.AttendanceRate, "scheme:phase1", summary.JudgmentInconclusive, -0.02, -0.004, 0.012, -0.01),
			g(summary.ResolutionHoursMedian, "scheme:phase2", summary.JudgmentHarmful, 5, 7, 9, 4)}}
	// DCKTR not yet known under the rotation, beyond the projection year.
	recs[at["DCKTR"]] = summary.Recommendation{OPDCode: "DCKTR", Scheme: summary.SchemeWFO, Decision: summary.DecisionInconclusive,
		ExtraSchemeDaysNeeded: num(1200),
		ReasonCodes:           []summary.Message{{Code: summary.ReasonNotYetKnownNoDate, Args: summary.Args{Scheme: "scheme:phase2", N: 1200, Year: 2026}}},
		Guardrails:            []summary.Guardrail{g(summary.AttendanceRate, "scheme:phase2", summary.JudgmentInconclusive, -0.02, -0.004, 0.012, -0.01)}}
	return s, at
}

// A department's decision in words, in each language: which scheme and
// what it saves when shown safe; the guardrail harmed and the direction;
// the WFH days still needed counted in the scheme's weekday (or WFH days
// for a rotation) and the month they would be reached; exempt and
// suppressed departments get a short page.
func TestDeptPageWords(t *testing.T) {
	s, _ := decided(t, synth.Options{Months: 3})
	want := map[string]map[string][]string{
		"id": {
			"BAPENDA": {DeptSafe, "Terbukti aman dengan WFH setiap Kamis (Tahap I, Kamis WFH 2026): disarankan WFH.",
				"Penghematan sekitar Rp 20 jt setahun pada 2026 (interval 95% Rp 14 jt s.d. Rp 26 jt).", "Per skema: WFH Kamis: aman; 50:50: belum diketahui."},
			"BPKAD": {DeptHarm, "Terbukti merugikan layanan atau kehadiran di setiap skema: tetap bekerja dari kantor.",
				"Per skema: WFH Kamis: kepatuhan SLA turun; 50:50: kepatuhan SLA turun."},
			"DBMSDA": {DeptUnknown, "Belum diketahui: WFH Kamis perlu sekitar 9 hari Kamis lagi, sekitar Maret 2026.",
				"Sementara tetap bekerja dari kantor (WFO).", "Per skema: WFH Kamis: belum diketahui; 50:50: median waktu penyelesaian naik."},
			"DCKTR":  {DeptUnknown, "Belum diketahui: 50:50 perlu sekitar 1.200 hari WFH lagi, lebih dari sisa tahun 2026."},
			"BPBD":   {DeptExempt, "Dikecualikan dari kebijakan WFH: tetap bekerja dari kantor sebagai kelompok pembanding."},
			"DINSOS": {DeptSuppressed, "Hasil OPD ini tidak ditampilkan."},
		},
		"en": {
			"BAPENDA": {DeptSafe, "Shown safe under WFH every Thursday (Phase I, Kamis WFH 2026): WFH recommended.",
				"Saves about Rp 20 mn a year in 2026 (95% interval Rp 14 mn to Rp 26 mn)."},
			"BPKAD":  {DeptHarm, "Shown to harm service or attendance under every scheme: keep working from the office.", "Per scheme: WFH Thursday: SLA met rate fell; 50:50: SLA met rate fell."},
			"DBMSDA": {DeptUnknown, "Not yet known: WFH Thursday needs about 9 more Thursdays, around March 2026.", "In the office (WFO) meanwhile."},
			"DCKTR":  {DeptUnknown, "Not yet known: 50:50 needs about 1,200 more WFH days, more than 2026 has left."},
			"BPBD":   {DeptExempt, "Exempt from the WFH policy: works from the office as the comparison group."},
		},
	}
	for lang, pages := range want {
		r, err := New(s, lang)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]DeptPage{}
		for _, p := range r.DeptPages() {
			got[p.Code] = p
		}
		for code, w := range pages {
			p := got[code]
			if p.Kind != w[0] || p.Headline != w[1] {
				t.Errorf("%s %s: %s %q, want %s %q", lang, code, p.Kind, p.Headline, w[0], w[1])
			}
			for _, line := range w[2:] {
				if !slices.Contains(p.Lines, line) {
					t.Errorf("%s %s: lines %q lack %q", lang, code, p.Lines, line)
				}
			}
			if p.Short() != (p.Kind == DeptExempt || p.Kind == DeptSuppressed) || p.Short() && (len(p.Guardrails) > 0 || len(p.Trend) > 0) {
				t.Errorf("%s %s: a short page with guardrails or months", lang, code)
			}
		}
		// The safe department: savings per scheme, the chosen one marked,
		// the unavailable one kept; its months (3) for attendance and cost.
		sv := got["BAPENDA"].Savings
		if len(sv) != 2 || !sv[0].Recommended || sv[1].Recommended || sv[1].Available {
			t.Errorf("%s: savings %+v", lang, sv)
		}
		tr := got["BAPENDA"].Trend
		if len(tr) != 2 || tr[0].Metric != summary.AttendanceRate || tr[1].Metric != summary.CostTotal || len(tr[0].Points) != 3 ||
			tr[0].Tolerance == nil || *tr[0].Tolerance != -0.01 || tr[1].Tolerance != nil {
			t.Errorf("%s: trend %+v", lang, tr)
		}
	}
	// A Friday scheme counts Fridays.
	fri, _ := decided(t, synth.Options{Months: 3, Weekday: time.Friday})
	for lang, want := range map[string]string{"id": "perlu sekitar 9 hari Jumat lagi, sekitar Maret 2026", "en": "needs about 9 more Fridays, around March 2026"} {
		r, err := New(fri, lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range r.DeptPages() {
			if p.Code == "DBMSDA" && !strings.Contains(p.Headline, want) {
				t.Errorf("%s: %q lacks %q", lang, p.Headline, want)
			}
		}
	}
}

// A guardrail judged on the pooled interval keeps the department's own
// one beside it (the summary's raw interval, the effect's estimate); rows
// go by metric, then by scheme in the summary's order.
func TestGuardrailRows(t *testing.T) {
	s := policy(t, synth.Options{Months: 3})
	r, err := New(s, "id")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range r.DeptPages() {
		for i, g := range p.Guardrails {
			if i > 0 {
				prev := p.Guardrails[i-1]
				if prev.Metric == g.Metric && r.schemeOrder(prev.Scheme) > r.schemeOrder(g.Scheme) {
					t.Errorf("%s: %s before %s", p.Code, prev.Scheme, g.Scheme)
				}
			}
			if !g.Pooled {
				continue
			}
			n++
			sc, _ := r.Scheme(g.Scheme)
			e := r.Effect(g.Metric, g.Scheme, estimand(g.Metric, sc.Primary), summary.ScopeOPD, p.Code)
			if e == nil || e.Pooled == nil || g.RawEstimate != e.Estimate || *g.RawLow != *e.CILow || *g.RawHigh != *e.CIHigh ||
				*g.Estimate != e.Pooled.Estimate || g.Shrinkage == nil || *g.Shrinkage != e.Pooled.Shrinkage {
				t.Errorf("%s %s %s: row %+v, effect %+v", p.Code, g.Metric, g.Scheme, g, e)
			}
			if r.RawIntervalText(g) == "" || r.BasisName(g) != "pooling antar-OPD" {
				t.Errorf("%s: own interval %q, basis %q", p.Code, r.RawIntervalText(g), r.BasisName(g))
			}
		}
	}
	if n == 0 {
		t.Fatal("no pooled guardrail")
	}
}

// Page 1's groups: not yet known with the month in words beside the days,
// a harm under one scheme named beside the scheme still open, a judgment
// on pooled intervals marked "*" with a footnote.
func TestDecisionGroupsMonths(t *testing.T) {
	s, _ := decided(t, synth.Options{Months: 3})
	for lang, want := range map[string][]string{
		"id": {"DBMSDA* 9 (Maret 2026; WFH Kamis: belum diketahui; 50:50: median waktu penyelesaian naik)", "DCKTR* 1.200+", "BAPENDA*", "BPKAD* (Kepatuhan SLA)"},
		"en": {"DBMSDA* 9 (March 2026; WFH Thursday: not yet known; 50:50: median resolution time rose)", "DCKTR* 1,200+"},
	} {
		r, err := New(s, lang)
		if err != nil {
			t.Fatal(err)
		}
		var all []string
		for _, g := range r.SchemeGroups() {
			all = append(all, g.OPDs...)
		}
		for _, w := range want {
			if !slices.Contains(all, w) {
				t.Errorf("%s: groups %q lack %q", lang, all, w)
			}
		}
		if r.GroupsNote() == "" {
			t.Errorf("%s: no footnote for the pooled judgments", lang)
		}
	}
	// Without pooling, no mark and no footnote.
	for i := range s.Recommendations {
		for j := range s.Recommendations[i].Guardrails {
			s.Recommendations[i].Guardrails[j].Pooled = false
		}
	}
	r, err := New(s, "id")
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range r.SchemeGroups() {
		for _, c := range g.OPDs {
			if strings.Contains(c, "*") {
				t.Errorf("%q marked pooled", c)
			}
		}
	}
	if r.GroupsNote() != "" {
		t.Errorf("a footnote without pooling: %q", r.GroupsNote())
	}
}

// The falsification checks: named with their weekday, failed only when
// the interval excludes zero, and a failed one is page 1's second caveat
// (after the days judged) saying which check, metric, scheme, estimate
// and interval and what it means.
func TestChecks(t *testing.T) {
	s := policy(t, synth.Options{Months: 3})
	s.Checks = append(s.Checks, summary.Check{ID: summary.CheckSpillover, Metric: summary.AttendanceRate, Scope: summary.ScopeExempt, Scheme: "scheme:phase1"})
	for lang, want := range map[string]struct {
		names  []string
		caveat string
	}{
		"id": {[]string{"Plasebo hari WFH (dalam masa sebelum WFH)", "Plasebo hari WFH (dalam masa sebelum WFH)", "Plasebo hari Selasa",
			"Perpindahan ke hari Jumat", "Limpahan ke OPD yang dikecualikan", "Limpahan ke OPD yang dikecualikan"},
			"Uji plasebo gagal: plasebo hari Selasa — tingkat kehadiran (seluruh kota), WFH Kamis: -1,4 pp (interval 95% -2,3 s.d. -0,5 pp). Ada selisih di tempat yang seharusnya tidak ada, sehingga perbandingan mungkin bias."},
		"en": {[]string{"Placebo WFH day (within the baseline)", "Placebo WFH day (within the baseline)", "Placebo weekday (Tuesdays)",
			"Displacement onto Fridays", "Spillover onto exempt departments", "Spillover onto exempt departments"},
			"Placebo check failed: placebo weekday (Tuesdays) — attendance rate (whole city), WFH Thursday: -1.4 pp (95% interval -2.3 to -0.5 pp). A difference where none should be, so the comparison may be biased."},
	} {
		r, err := New(s, lang)
		if err != nil {
			t.Fatal(err)
		}
		rows := r.Checks()
		var names []string
		failed := 0
		for _, c := range rows {
			names = append(names, c.Name)
			if c.Failed {
				failed++
			}
		}
		if !slices.Equal(names, want.names) || failed != 1 {
			t.Errorf("%s: checks %q, %d failed", lang, names, failed)
		}
		if last := rows[len(rows)-1]; last.Failed || last.Result != r.Verdict(summary.InsufficientData) {
			t.Errorf("%s: a check without numbers is %q (failed %v)", lang, last.Result, last.Failed)
		}
		if cs := r.Caveats(); len(cs) < 2 || cs[1] != want.caveat {
			t.Errorf("%s: caveat\n got %q\nwant %q", lang, cs[1], want.caveat)
		}
	}
	s.Checks = nil
	r, err := New(s, "id")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.CheckCaveats()) != 0 {
		t.Errorf("caveats without checks: %v", r.CheckCaveats())
	}
}

// Every text key the reports' code asks for exists in pipeline/words, in
// every language: a missing one would print as its key. (That the texts
// are in both languages and name no policy is pipeline/words' test.)
func TestReportTexts(t *testing.T) {
	used := map[string]bool{}
	patterns := []*regexp.Regexp{
		regexp.MustCompile(`\.T\("([A-Za-z0-9_]+)"\)`),
		regexp.MustCompile(`\.fill\("([A-Za-z0-9_]+)"`),
		regexp.MustCompile(`\.T\.([A-Za-z0-9_]+)`),
		regexp.MustCompile(`\.T "([A-Za-z0-9_]+)"`),
	}
	files, _ := filepath.Glob("../*/*.go")
	more, _ := filepath.Glob("../*.go")
	files = append(append(files, more...), "../web/report.html.tmpl")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, re := range patterns {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				used[m[1]] = true
			}
		}
	}
	for _, j := range []string{summary.JudgmentSafe, summary.JudgmentHarmful, summary.JudgmentInconclusive} {
		used["judgment_"+j] = true
	}
	if len(used) < 100 {
		t.Fatalf("found only %d keys in the reports' code", len(used))
	}
	for k := range used {
		for _, lang := range words.Languages {
			if !slices.Contains(words.TextKeys(lang), k) {
				t.Errorf("%s: no text %q", lang, k)
			}
		}
	}
}
