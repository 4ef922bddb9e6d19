package evaluate

import (
	"fmt"

	"github.com/bekasi/wfheval/pipeline/summary"
)

// Texts of the summary in its two languages. Method texts name the
// estimand and the interval; reasons explain a recommendation.
type textID int

const (
	txtPhaseVsBaselineAdj textID = iota
	txtPhaseVsBaselineRaw
	txtWFHDay
	txtExemptControl
	txtExemptControlRatio
	txtBootstrap
	txtMonthly
	txtTooFewWeeks
	txtNoVariance
	txtNoDataIn
	txtNoControl
	txtNoMonthlyNoise
	txtSuppressedMethod
	txtSumOfCategories
	txtReasonExempt
	txtReasonSuppressed
	txtReasonChosen
	txtReasonWithin
	txtReasonBreach
	txtReasonUnknown
	txtReasonNoSaving
	txtReasonSaving
	txtReasonNoCost
	txtReasonNoneFits
	txtReasonNotWorse
)

var texts = map[string]map[textID]string{
	"en": {
		txtPhaseVsBaselineAdj: "phase − baseline × (reference-year phase ÷ reference-year baseline): seasonally adjusted by %d",
		txtPhaseVsBaselineRaw: "phase − baseline: not seasonally adjusted (no reference-year data)",
		txtWFHDay:             "(WFH weekdays − other weekdays) in the phase − the same in the baseline",
		txtExemptControl:      "(phase − baseline) in departments following the rule − (phase − baseline) in exempt departments",
		txtExemptControlRatio: "phase − baseline × (exempt departments' phase ÷ baseline): ratio form for a size-dependent metric",
		txtBootstrap:          "weekly block bootstrap per period (Rao–Wu rescaled), t interval with %.1f df",
		txtMonthly:            "monthly data: month-to-month noise from a department × month model of the months outside the phases, t interval (delta method) with %.1f df",
		txtTooFewWeeks:        "insufficient data: fewer than two weeks with data in a period",
		txtNoVariance:         "insufficient data: the weeks give no estimate of the uncertainty",
		txtNoDataIn:           "insufficient data: no data in %s",
		txtNoControl:          "insufficient data: the exempt departments or the group lack data in the phase or baseline",
		txtNoMonthlyNoise:     "insufficient data: too few months outside the phases to measure month-to-month noise",
		txtSuppressedMethod:   "suppressed: fewer than %d employees",
		txtSumOfCategories:    "the sum of the categories' estimates, each adjusted on its own",
		txtReasonExempt:       "exempt from the trial: serves the public face to face; kept 100%% in the office (the comparison group)",
		txtReasonSuppressed:   "fewer than %d employees: results are not shown, to protect privacy; keep working from the office",
		txtReasonChosen:       "%s recommended: it saves the most (about %s a year in 2026, 95%% interval %s to %s) among the schemes whose service and attendance stay within tolerance",
		txtReasonWithin:       "%s: %s changed by %s (95%% interval %s to %s), within the tolerated %s",
		txtReasonBreach:       "%s: %s changed by %s (95%% interval %s to %s); the interval reaches beyond the tolerated %s, so harm cannot be ruled out",
		txtReasonUnknown:      "%s: too little data on %s to rule out harm beyond the tolerated %s",
		txtReasonNoSaving:     "%s: no saving measured (%s a year in 2026, 95%% interval %s to %s)",
		txtReasonSaving:       "%s: saves about %s a year in 2026 (95%% interval %s to %s)",
		txtReasonNoCost:       "%s: the cost data give no estimate of the saving",
		txtReasonNoneFits:     "no scheme both saves money and keeps service and attendance within tolerance: keep working from the office",
		txtReasonNotWorse:     "%s: no %s data for this department",
	},
	"id": {
		txtPhaseVsBaselineAdj: "tahap − baseline × (tahap tahun pembanding ÷ baseline tahun pembanding): disesuaikan musiman dengan %d",
		txtPhaseVsBaselineRaw: "tahap − baseline: tanpa penyesuaian musiman (tidak ada data tahun pembanding)",
		txtWFHDay:             "(hari WFH − hari kerja lain) pada tahap − selisih yang sama pada baseline",
		txtExemptControl:      "(tahap − baseline) pada OPD yang mengikuti aturan − (tahap − baseline) pada OPD yang dikecualikan",
		txtExemptControlRatio: "tahap − baseline × (rasio tahap ÷ baseline OPD yang dikecualikan): bentuk rasio untuk metrik yang bergantung pada ukuran",
		txtBootstrap:          "bootstrap blok mingguan per periode (Rao–Wu), interval t dengan %.1f derajat bebas",
		txtMonthly:            "data bulanan: variasi antarbulan dari model OPD × bulan pada bulan di luar tahap, interval t (metode delta) dengan %.1f derajat bebas",
		txtTooFewWeeks:        "data tidak cukup: kurang dari dua minggu berdata dalam satu periode",
		txtNoVariance:         "data tidak cukup: minggu-minggu yang ada tidak memberi taksiran ketidakpastian",
		txtNoDataIn:           "data tidak cukup: tidak ada data pada %s",
		txtNoControl:          "data tidak cukup: OPD yang dikecualikan atau kelompok ini tidak punya data pada tahap atau baseline",
		txtNoMonthlyNoise:     "data tidak cukup: terlalu sedikit bulan di luar tahap untuk mengukur variasi antarbulan",
		txtSuppressedMethod:   "disembunyikan: kurang dari %d pegawai",
		txtSumOfCategories:    "jumlah taksiran per kategori, masing-masing disesuaikan sendiri",
		txtReasonExempt:       "dikecualikan dari uji coba: melayani publik secara tatap muka; tetap 100%% bekerja dari kantor (kelompok pembanding)",
		txtReasonSuppressed:   "kurang dari %d pegawai: hasil tidak ditampilkan demi perlindungan data pribadi; tetap bekerja dari kantor",
		txtReasonChosen:       "%s direkomendasikan: penghematan terbesar (sekitar %s setahun pada 2026, interval 95%% %s s.d. %s) di antara skema yang layanan dan kehadirannya tetap dalam batas toleransi",
		txtReasonWithin:       "%s: %s berubah %s (interval 95%% %s s.d. %s), masih dalam toleransi %s",
		txtReasonBreach:       "%s: %s berubah %s (interval 95%% %s s.d. %s); intervalnya melewati toleransi %s, sehingga dampak buruk tidak dapat disingkirkan",
		txtReasonUnknown:      "%s: data %s terlalu sedikit untuk menyingkirkan dampak buruk melebihi toleransi %s",
		txtReasonNoSaving:     "%s: tidak terukur penghematan (%s setahun pada 2026, interval 95%% %s s.d. %s)",
		txtReasonSaving:       "%s: menghemat sekitar %s setahun pada 2026 (interval 95%% %s s.d. %s)",
		txtReasonNoCost:       "%s: data biaya tidak memberi taksiran penghematan",
		txtReasonNoneFits:     "tidak ada skema yang menghemat biaya sekaligus menjaga layanan dan kehadiran dalam batas toleransi: tetap bekerja dari kantor",
		txtReasonNotWorse:     "%s: tidak ada data %s untuk OPD ini",
	},
}

func (e *evaluator) text(id textID, args ...any) string {
	return fmt.Sprintf(texts[e.lang][id], args...)
}

// metricNames are the metrics' names in reasons.
var metricNames = map[string]map[string]string{
	"en": {
		summary.AttendanceRate: "attendance rate", summary.SLAMetRate: "SLA met rate", summary.PunctualityRate: "punctuality rate",
		summary.UnexcusedAbsenceRate: "unexcused absence rate", summary.SickRate: "sick rate", summary.SatisfactionMean: "satisfaction",
		summary.ResolutionHoursMedian: "median resolution time", summary.ResolutionHoursP90: "90th percentile resolution time",
		summary.FirstResponseHoursMedian: "median first response time", summary.ResolvedPerStaffDay: "tickets resolved per staff-day",
		summary.ModeComplianceRate: "mode compliance", summary.WorkHoursMean: "work hours", summary.TicketsPerWorkday: "tickets per working day",
	},
	"id": {
		summary.AttendanceRate: "tingkat kehadiran", summary.SLAMetRate: "kepatuhan SLA", summary.PunctualityRate: "ketepatan waktu",
		summary.UnexcusedAbsenceRate: "tingkat mangkir", summary.SickRate: "tingkat sakit", summary.SatisfactionMean: "kepuasan",
		summary.ResolutionHoursMedian: "median waktu penyelesaian", summary.ResolutionHoursP90: "persentil 90 waktu penyelesaian",
		summary.FirstResponseHoursMedian: "median waktu respons pertama", summary.ResolvedPerStaffDay: "tiket selesai per hari kerja pegawai",
		summary.ModeComplianceRate: "kepatuhan mode kerja", summary.WorkHoursMean: "jam kerja", summary.TicketsPerWorkday: "tiket per hari kerja",
	},
}

func (e *evaluator) metricName(id string) string {
	if n, ok := metricNames[e.lang][id]; ok {
		return n
	}
	return id
}
