// Package words holds every sentence, name and number format that a person
// reads in wfheval's summary and reports, in Bahasa Indonesia ("id") and
// English ("en"). Evaluate describes what it found as codes with arguments
// (summary.Message); a Printer writes them in its language, with the
// metrics', categories', months' and periods' names and the Indonesian or
// English ways of writing numbers, rupiah and dates. It imports no
// database and no renderer.
package words

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bekasi/wfheval/pipeline/summary"
)

// Languages are the languages words writes, the default first.
var Languages = []string{"id", "en"}

// Lang returns lang if words writes it, else the default language ("id").
func Lang(lang string) string {
	for _, l := range Languages {
		if l == lang {
			return l
		}
	}
	return Languages[0]
}

// Printer writes in one language.
type Printer struct {
	// Lang is "id" or "en".
	Lang string
	// Names are the names of periods and schemes by id ("phase1" →
	// "Tahap I"); an id without a name is written as it is.
	Names map[string]string
}

// New returns a Printer of lang (see Lang).
func New(lang string) *Printer { return &Printer{Lang: Lang(lang)} }

// Text returns a text of the reports by key, or the key itself.
func (p *Printer) Text(key string) string {
	if s, ok := texts[p.Lang][key]; ok {
		return s
	}
	return key
}

// Name returns the name of a period or scheme id.
func (p *Printer) Name(id string) string {
	if id == summary.SchemeWFO {
		return p.Text("wfo_short")
	}
	if n, ok := p.Names[id]; ok {
		return n
	}
	return id
}

// MetricName returns a metric's short name ("Kehadiran", "Attendance").
func (p *Printer) MetricName(metric string) string {
	if w, ok := metricWords[p.Lang][metric]; ok {
		return w.name
	}
	if c, ok := summary.CostCategory(metric); ok {
		return p.CategoryName(c)
	}
	return metric
}

// MetricPhrase returns a metric's name as it stands inside a sentence
// ("tingkat kehadiran", "attendance rate").
func (p *Printer) MetricPhrase(metric string) string {
	if w, ok := metricWords[p.Lang][metric]; ok && w.phrase != "" {
		return w.phrase
	}
	if c, ok := summary.CostCategory(metric); ok {
		return strings.ToLower(p.Text("cost_of")) + " " + strings.ToLower(p.CategoryName(c))
	}
	return metric
}

// CategoryName returns a cost category's name.
func (p *Printer) CategoryName(c string) string {
	if s, ok := categoryNames[p.Lang][c]; ok {
		return s
	}
	return c
}

// KindName names a kind of input ("Presensi", "Attendance").
func (p *Printer) KindName(kind string) string {
	if s, ok := kindNames[p.Lang][kind]; ok {
		return s
	}
	return kind
}

// Message writes m.
func (p *Printer) Message(m summary.Message) string {
	tmpl, ok := messages[p.Lang][m.Code]
	if !ok {
		return string(m.Code)
	}
	a := m.Args
	amount := func(x *float64) string {
		if x == nil {
			return "?"
		}
		if a.Metric != "" {
			return p.Change(a.Metric, *x)
		}
		return p.Rupiah(*x)
	}
	return strings.NewReplacer(
		"{scheme}", p.Name(a.Scheme),
		"{metric}", p.MetricPhrase(a.Metric),
		"{value}", amount(a.Value),
		"{low}", amount(a.Low),
		"{high}", amount(a.High),
		"{tolerance}", amount(a.Tolerance),
		"{period}", p.Name(a.Period),
		"{n}", p.Decimal(float64(a.N), 0),
		"{year}", strconv.Itoa(a.Year),
		"{df}", p.Decimal(a.DF, 1),
		"{detail}", a.Detail,
		"{days}", p.schemeDays(a.Weekday),
		"{month}", p.monthYear(a.Month),
	).Replace(tmpl)
}

// schemeDays names a scheme's WFH days in the plural: "hari Kamis",
// "Thursdays" for a weekday ("thursday"), else "hari WFH", "WFH days".
func (p *Printer) schemeDays(weekday string) string {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.EqualFold(d.String(), weekday) {
			if p.Lang == "id" {
				return "hari " + [...]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}[d]
			}
			return d.String() + "s"
		}
	}
	return p.Text("wfh_days")
}

// monthYear names a "YYYY-MM" month: "Maret 2026"; the text itself if it
// is not one.
func (p *Printer) monthYear(ym string) string {
	t, err := time.Parse("2006-01", ym)
	if err != nil {
		return ym
	}
	return p.Month(t.Month()) + " " + strconv.Itoa(t.Year())
}

// Messages writes ms joined by "; ".
func (p *Printer) Messages(ms []summary.Message) string { return strings.Join(p.Each(ms), "; ") }

// Each writes every message of ms.
func (p *Printer) Each(ms []summary.Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = p.Message(m)
	}
	return out
}

// TextKeys returns the keys of the reports' texts in lang, sorted.
func TextKeys(lang string) []string { return slices.Sorted(maps.Keys(texts[lang])) }
