// Package tables writes tables.xlsx for analysts with excelize: a sheet
// each for the levels, effects, recommendations, savings, data quality and
// the periods (every month of a continuing policy a row, with its name) and
// the falsification checks,
// with real number, percent and date formats, a frozen header and an
// autofilter. It reads only the report model.
package tables

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bekasi/wfheval/pipeline/summary"
	"github.com/bekasi/wfheval/reports/model"
)

type styles struct {
	header, pct, idr, num, int, date, text int
}

// Write writes the workbook of r to w.
func Write(w io.Writer, r *model.Report) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("writing tables.xlsx: %w", cerr)
		}
	}()
	st, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("writing tables.xlsx: %w", err)
	}
	created := r.S.GeneratedAt
	if err := f.SetDocProps(&excelize.DocProperties{Title: r.Title(), Creator: "wfheval " + r.S.ToolVersion,
		Created: created, Modified: created, Language: r.Lang}); err != nil {
		return fmt.Errorf("writing tables.xlsx: %w", err)
	}
	sheets := []struct {
		name string
		fill func(*sheet) error
	}{
		{r.T("sheet_levels"), func(s *sheet) error { return levels(s, r) }},
		{r.T("sheet_effects"), func(s *sheet) error { return effects(s, r) }},
		{r.T("sheet_recommendations"), func(s *sheet) error { return recommendations(s, r) }},
		{r.T("sheet_savings"), func(s *sheet) error { return savings(s, r) }},
		{r.T("sheet_quality"), func(s *sheet) error { return quality(s, r) }},
		{r.T("sheet_periods"), func(s *sheet) error { return periods(s, r) }},
		{r.T("sheet_checks"), func(s *sheet) error { return checks(s, r) }},
	}
	// The first sheet is the active one. Said now, while it is the only
	// one: said after the sheets are streamed, excelize reads every sheet
	// back into memory and writes it again (0.9 CPU-s of a city's reports).
	f.SetActiveSheet(0)
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				return fmt.Errorf("writing tables.xlsx: %w", err)
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			return fmt.Errorf("writing tables.xlsx: %w", err)
		}
		sw, err := f.NewStreamWriter(sh.name)
		if err != nil {
			return fmt.Errorf("writing tables.xlsx: %w", err)
		}
		s := &sheet{sw: sw, st: st, name: sh.name, table: i + 1}
		if err := sh.fill(s); err != nil {
			return fmt.Errorf("writing sheet %s: %w", sh.name, err)
		}
		if err := s.finish(); err != nil {
			return fmt.Errorf("writing sheet %s: %w", sh.name, err)
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("writing tables.xlsx: %w", err)
	}
	return nil
}

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	var err error
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	str := func(s string) *string { return &s }
	st.header = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DCE6F1"}, Pattern: 1}})
	st.pct = mk(&excelize.Style{NumFmt: 10})                       // 0.00%
	st.idr = mk(&excelize.Style{CustomNumFmt: str(`"Rp" #,##0`)})  // Rp 1,234,567 (shown in the reader's locale)
	st.num = mk(&excelize.Style{CustomNumFmt: str("#,##0.00")})    // 1,234.57
	st.int = mk(&excelize.Style{NumFmt: 3})                        // #,##0
	st.date = mk(&excelize.Style{CustomNumFmt: str("dd/mm/yyyy")}) // 06/11/2025
	st.text = mk(&excelize.Style{Alignment: &excelize.Alignment{WrapText: false}})
	return st, err
}

// sheet writes one table: a header row and data rows.
type sheet struct {
	sw    *excelize.StreamWriter
	st    styles
	name  string
	table int
	row   int
	cols  int
}

func (s *sheet) header(widths []float64, names ...string) error {
	s.cols = len(names)
	for i, w := range widths {
		if err := s.sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := s.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	vals := make([]any, len(names))
	for i, n := range names {
		vals[i] = excelize.Cell{StyleID: s.st.header, Value: n}
	}
	s.row = 1
	return s.sw.SetRow("A1", vals)
}

func (s *sheet) add(vals ...any) error {
	s.row++
	cell, err := excelize.CoordinatesToCellName(1, s.row)
	if err != nil {
		return err
	}
	return s.sw.SetRow(cell, vals)
}

func (s *sheet) finish() error {
	last, err := excelize.CoordinatesToCellName(s.cols, max(s.row, 2))
	if err != nil {
		return err
	}
	f := false
	if err := s.sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: fmt.Sprintf("T%d", s.table), StyleName: "TableStyleLight1", ShowRowStripes: &f}); err != nil {
		return err
	}
	return s.sw.Flush()
}

// value returns a cell of metric's unit, or nil for a missing number.
func (s *sheet) value(metric string, x *float64) any {
	if x == nil {
		return nil
	}
	switch summary.UnitOf(metric) {
	case summary.Share:
		return excelize.Cell{StyleID: s.st.pct, Value: *x}
	case summary.Rupiah:
		return excelize.Cell{StyleID: s.st.idr, Value: *x}
	}
	return excelize.Cell{StyleID: s.st.num, Value: *x}
}

func (s *sheet) money(x float64) any { return excelize.Cell{StyleID: s.st.idr, Value: x} }
func (s *sheet) integer(x int64) any { return excelize.Cell{StyleID: s.st.int, Value: x} }
func (s *sheet) number(x *float64) any {
	if x == nil {
		return nil
	}
	return excelize.Cell{StyleID: s.st.num, Value: *x}
}
func (s *sheet) date(iso string) any {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return excelize.Cell{StyleID: s.st.date, Value: t}
}

func str(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func levels(s *sheet, r *model.Report) error {
	from, to := map[string]string{}, map[string]string{}
	for _, p := range r.S.Periods {
		from[p.ID], to[p.ID] = p.From, p.To
	}
	if err := s.header([]float64{30, 26, 20, 12, 12, 13, 22, 16, 16, 16, 8, 11},
		"metric", r.T("metric"), "period", "from", "to", "scope", "scope_value", "estimate", "ci_low", "ci_high", "n", "suppressed"); err != nil {
		return err
	}
	for _, l := range r.S.Levels {
		var n any
		if l.N != nil {
			n = s.integer(int64(*l.N))
		}
		if err := s.add(l.Metric, r.MetricName(l.Metric), l.Period, s.date(from[l.Period]), s.date(to[l.Period]),
			l.Scope, str(l.ScopeValue), s.value(l.Metric, l.Estimate), s.value(l.Metric, l.CILow), s.value(l.Metric, l.CIHigh), n, l.Suppressed); err != nil {
			return err
		}
	}
	return nil
}

func effects(s *sheet, r *model.Report) error {
	if err := s.header([]float64{30, 26, 10, 18, 13, 22, 16, 12, 16, 16, 10, 10, 16, 20, 20, 60},
		"metric", r.T("metric"), "phase", "estimand", "scope", "scope_value", "estimate", "estimate_pct", "ci_low", "ci_high",
		"p_value", "q_value", "mde", "verdict", r.T("verdict"), r.T("method")); err != nil {
		return err
	}
	for i := range r.S.Effects {
		e := &r.S.Effects[i]
		var pct any
		if e.EstimatePct != nil {
			// estimate_pct is in percent; the cell holds the share so that
			// the percent format shows the same number.
			pct = excelize.Cell{StyleID: s.st.pct, Value: *e.EstimatePct / 100}
		}
		if err := s.add(e.Metric, r.MetricName(e.Metric), e.Phase, e.Estimand, e.Scope, str(e.ScopeValue),
			s.value(e.Metric, e.Estimate), pct, s.value(e.Metric, e.CILow), s.value(e.Metric, e.CIHigh),
			s.number(e.PValue), s.number(e.QValue), s.value(e.Metric, e.MDE), e.Verdict, r.Verdict(e.Verdict), r.Method(e)); err != nil {
			return err
		}
	}
	return nil
}

func recommendations(s *sheet, r *model.Report) error {
	if err := s.header([]float64{22, 40, 12, 16, 18, 18, 18, 100},
		"opd_code", "opd_name", "scheme", r.T("scheme"), "annual_savings_idr", "ci_low", "ci_high", r.T("reasons")); err != nil {
		return err
	}
	for i := range r.S.Recommendations {
		rec := &r.S.Recommendations[i]
		a := rec.AnnualSavingsIDR
		if err := s.add(rec.OPDCode, rec.OPDName, rec.Scheme, r.SchemeShort(rec.Scheme), s.money(a.Estimate), s.money(a.CILow), s.money(a.CIHigh),
			strings.Join(r.Reasons(rec), "; ")); err != nil {
			return err
		}
	}
	return nil
}

func savings(s *sheet, r *model.Report) error {
	if err := s.header([]float64{18, 40, 18, 18, 18, 18, 18, 18, 10, 12, 16, 16, 18, 18, 18, 18, 18, 18, 10, 10},
		"phase", r.T("scheme"), "monthly_idr", "monthly_ci_low", "monthly_ci_high", "annual_2026_idr", "ci_low", "ci_high",
		"projection_year", "scheme_days", "scheme_days_projection_year", "scheme_days_remaining",
		"realised_idr", "realised_ci_low", "realised_ci_high", "remaining_idr", "remaining_ci_low", "remaining_ci_high",
		"holidays_known", "available"); err != nil {
		return err
	}
	for _, sv := range r.Savings() {
		year := sv.ProjectionYear
		if year == 0 {
			year = r.Year
		}
		vals := []any{sv.Phase, sv.Label, s.money(sv.MonthlyIDR), s.money(sv.MonthlyCILow), s.money(sv.MonthlyCIHigh),
			s.money(sv.AnnualIDR), s.money(sv.CILow), s.money(sv.CIHigh), year, s.integer(int64(sv.SchemeDays)),
			s.integer(int64(sv.SchemeDaysYear)), nil, nil, nil, nil, nil, nil, nil, nil, sv.Available}
		if sv.Scheme { // realised and remaining exist for schemes only
			vals[11] = s.integer(int64(sv.SchemeDaysRemaining))
			vals[12], vals[13], vals[14] = s.money(sv.RealisedIDR), s.money(sv.RealisedCILow), s.money(sv.RealisedCIHigh)
			vals[15], vals[16], vals[17] = s.money(sv.RemainingIDR), s.money(sv.RemainingCILow), s.money(sv.RemainingCIHigh)
			vals[18] = sv.HolidaysKnown
		}
		if err := s.add(vals...); err != nil {
			return err
		}
	}
	return nil
}

// periods lists every period (months included) and scheme with its name in
// the report language, so that the ids of the other sheets can be read.
func periods(s *sheet, r *model.Report) error {
	if err := s.header([]float64{30, 50, 10, 16, 10, 12, 12, 10, 12, 18, 11},
		"id", r.T("period"), "kind", "phase", "month", "from", "to", "workdays", "scheme_days", "scheme", "continuing"); err != nil {
		return err
	}
	for _, p := range r.S.Periods {
		if p.ReferenceFor != "" {
			continue
		}
		label := r.Name(p.ID)
		if mp, ok := r.Period(p.ID); ok {
			label = mp.Long
		}
		if err := s.add(p.ID, label, p.Kind, p.Phase, str(p.Month), s.date(p.From), s.date(p.To), s.integer(int64(p.Workdays)),
			s.integer(int64(p.SchemeDays)), p.Scheme, p.Continuing); err != nil {
			return err
		}
	}
	for _, sc := range r.Schemes {
		if err := s.add(sc.ID, sc.Long, model.ColumnScheme, strings.Join(sc.Phases, ","), nil, nil, s.date(r.S.DataThrough),
			s.integer(int64(sc.Workdays)), s.integer(int64(sc.SchemeDays)), sc.ID, nil); err != nil {
			return err
		}
	}
	return nil
}

func quality(s *sheet, r *model.Report) error {
	if err := s.header([]float64{10, 16, 22, 14, 14, 70},
		"load_id", "kind", r.T("kind"), "rows_loaded", "rows_rejected", "source_sha256"); err != nil {
		return err
	}
	for _, in := range r.S.Inputs {
		if err := s.add(s.integer(in.LoadID), in.Kind, r.KindName(in.Kind), s.integer(in.RowsLoaded), s.integer(in.RowsRejected), in.SourceSHA256); err != nil {
			return err
		}
	}
	q := r.Quality()
	for _, g := range q.SuppressedGroups {
		if err := s.add(nil, summary.Suppressed, r.T("suppressed_groups"), nil, nil, g); err != nil {
			return err
		}
	}
	return nil
}

// checks lists the falsification checks (summary checks), passed or not,
// with their names and results in the report language.
func checks(s *sheet, r *model.Report) error {
	if err := s.header([]float64{18, 40, 24, 26, 10, 24, 16, 12, 14, 14, 14, 10, 14, 50},
		"id", r.T("check"), "metric", r.T("metric"), "scope", r.T("check_scope"), "scheme", "weekday", "estimate", "ci_low", "ci_high",
		"passed", r.T("check_result"), "method"); err != nil {
		return err
	}
	for _, c := range r.Checks() {
		if err := s.add(c.ID, c.Name, c.Metric, r.MetricName(c.Metric), c.Scope, c.ScopeName, c.Scheme, c.Weekday,
			s.value(c.Metric, c.Estimate), s.value(c.Metric, c.CILow), s.value(c.Metric, c.CIHigh), c.Passed, c.Result, c.Method); err != nil {
			return err
		}
	}
	return nil
}
