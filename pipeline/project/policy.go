package project

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/bekasi/wfheval/pipeline/holidays"
)

// DefaultName is the study name of a new project.
const DefaultName = "Kajian WFH ASN Kota Bekasi"

// Policy returns the policy.yaml of a new project named name: every key of
// the config (config.Keys) present with Kota Bekasi's policy — the baseline
// September–October 2025, Phase I (WFH every Thursday, November 2025),
// Phase II (50:50 daily rotation, December 2025) and the continuing
// Thursday policy from 2026-01-01 — each commented in Indonesian and
// English. The header mappings (columns, values, constants, date_order)
// are left empty with their examples commented out: "#   " starts an
// example line, so removing those four characters makes it part of the
// mapping above it.
func Policy(name string) ([]byte, error) {
	if strings.TrimSpace(name) == "" {
		name = DefaultName
	}
	// The reference year of the baseline through the policy year: the
	// national holidays and cuti bersama of the built-in table.
	hs, err := holidays.Between(time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return nil, fmt.Errorf("listing holidays: %w", err)
	}
	var b bytes.Buffer
	err = policyTemplate.Execute(&b, map[string]any{"Name": strconv.Quote(name), "Holidays": hs})
	return b.Bytes(), err
}

var policyTemplate = template.Must(template.New("policy.yaml").Funcs(template.FuncMap{
	"date": func(t time.Time) string { return t.Format(time.DateOnly) },
}).Parse(`# Kebijakan yang dievaluasi wfheval / The policy wfheval evaluates (docs/contract.md §2).
# Setiap kunci ada di sini; kunci tanpa nilai memakai bawaannya.
# Every key is here; a key with no value takes its default.
# Baris "#   " adalah contoh: hapus empat karakter itu untuk memakainya.
# Lines starting "#   " are examples: remove those four characters to use one.

# Nama kajian, tampil di laporan. / The study's name, shown in the reports.
name: {{.Name}}

# Zona waktu untuk jam tanpa offset (IANA). / Time zone of times without an offset (IANA).
timezone: Asia/Jakarta

# Bahasa laporan: id | en. / Report language: id | en.
language: id

# Jam masuk kantor dan toleransi keterlambatan (menit).
# Office start time and how many minutes late still count as punctual.
office_hours: {start: "07:30", grace_minutes: 0}

# Kelompok lebih kecil dari ini disembunyikan di laporan (privasi).
# Groups smaller than this are suppressed in the reports (privacy).
min_group_size: 5

# Cara membaca angka: id (1.234,5), en (1,234.5) atau auto (per kolom).
# How numbers are read: id (1.234,5), en (1,234.5) or auto (per column).
number_locale: auto

# Periode pembanding sebelum uji coba. / The period before the trial that phases are compared with.
baseline: {from: 2025-09-01, to: 2025-10-31}

# Musiman: bulan yang sama N tahun sebelumnya (0: tanpa penyesuaian).
# Seasonality: the same months N years earlier (0: not adjusted).
reference_year_offset: 1

# Tahap-tahap kebijakan, berurutan dan tidak tumpang tindih; hanya yang terakhir boleh tanpa "to:"
# (berlanjut sampai hari terakhir data). Aturan: weekday (hari tertentu) atau rotation (bergiliran).
# The policy's phases, in date order, not overlapping; only the last may have no "to:" (it continues
# through the last day with data). Rules: weekday (given days) or rotation (groups take turns).
phases:
  - id: phase1
    name: "Tahap I: WFH setiap Kamis"
    from: 2025-11-01
    to: 2025-11-30
    rule: {type: weekday, weekdays: [thursday]}
  - id: phase2
    name: "Tahap II: 50:50 bergantian"
    from: 2025-12-01
    to: 2025-12-31
    rule: {type: rotation, groups: [A, B], alternate: daily}   # A di rumah pada hari kerja pertama / A is home on the first working day
  - id: thursday2026
    name: "Kamis WFH 2026: WFH setiap Kamis"
    from: 2026-01-01
    rule: {type: weekday, weekdays: [thursday]}                 # tanpa to: berlanjut / no to: continuing

# Kategori jabatan yang tetap 100% di kantor. / Job categories kept 100% in the office.
exempt_job_categories: [essential]

# Perangkat daerah yang tetap 100% di kantor: kelompok pembanding.
# Departments kept 100% in the office: the comparison group.
exempt_opds: [DISHUB, SATPOLPP, RSUD, DINKES, BPBD, DAMKAR]

# Libur nasional dan cuti bersama tabel bawaan (2024–2026) adalah hari libur kalender kerja; false mematikannya.
# The built-in national holidays and cuti bersama (2024–2026) are holidays of the working calendar; false turns that off.
national_holidays: true

# Hari libur nasional dan cuti bersama (tabel bawaan, Sep 2024 – Des 2026, tertulis agar terlihat); tambahkan libur daerah.
# National holidays and cuti bersama (the built-in table, Sep 2024 – Dec 2026, written out to be seen); add local ones.
holidays:
{{- range .Holidays}}
  - {{date .Date}}   # {{if .CutiBersama}}cuti bersama: {{end}}{{.Name}}
{{- end}}

# Hari khusus lain; exclude: true mengeluarkannya dari analisis.
# Other special days; exclude: true leaves them out of the analysis.
events:
  - {from: 2025-12-29, to: 2025-12-31, kind: wfa, exclude: true}   # work from anywhere

# Biaya diekspor per bulan bayar: 1 memindahkannya ke bulan pemakaian.
# Costs exported by month of payment: 1 moves them back to the month of use.
billing_lag_months: 0

# SLA per layanan (jam); "default" untuk layanan lain. / SLA per service (hours); "default" for the rest.
sla_hours: {default: 72, "KTP-el": 24}

# Perubahan terburuk yang masih direkomendasikan (batas pengaman).
# The worst change a scheme may cause and still be recommended (guardrails).
tolerance: {sla_met_rate: -0.02, attendance_rate: -0.01}

# Nama kolom ekspor -> kolom baku, per jenis data. / Export header names -> canonical columns, per kind.
columns:
#   attendance: {"Tgl Absen": date, "NIP Pegawai": nip}
#   costs: {"Bulan Pemakaian": period, "Jumlah (Rp)": amount_idr}

# Hari kerja dalam seminggu. / The working days of the week.
workweek: [monday, tuesday, wednesday, thursday, friday]

# Urutan tanggal angka (03/01/2026): dmy (bawaan), mdy atau ymd; global atau per jenis data.
# Order of numeric dates (03/01/2026): dmy (default), mdy or ymd; for all kinds or per kind.
date_order:
#   tickets: mdy
#   default: dmy

# Kata tambahan untuk kolom berisi pilihan, per jenis data dan kolom.
# Extra words for enum columns, per kind and column.
values:
#   tickets: {status: {Closed: resolved, "In Progress": open}, channel: {MOBILE: online}}
#   attendance: {status: {DL: official_travel}}

# Kolom yang tidak ada di file, diisi satu nilai untuk setiap baris.
# A column the files lack, given one value for every row.
constants:
#   meters: {opd_code: SETDA}

# OPD yang keputusannya belum diketahui: wfo (tetap di kantor) atau continue (lanjut skema terdekat).
# A department whose decision is not yet known: wfo (stay in the office) or continue (go on with the nearest scheme).
when_inconclusive: wfo

# Isi ekspor presensi: all_days (satu baris per pegawai per hari kerja) atau
# present_only (hanya hari hadir, seperti log mesin sidik jari); kosong: otomatis.
# What the attendance exports list: all_days (a row per employee per working day) or
# present_only (present days only, like fingerprint punch logs); empty: automatic.
attendance_rows:

# Tahun proyeksi penghematan; kosong: otomatis (docs/contract.md §7).
# The year savings are projected over; empty: automatic (docs/contract.md §7).
projection_year:
`))

// Readme returns the README.md of a new project.
func Readme(name string) []byte {
	if strings.TrimSpace(name) == "" {
		name = DefaultName
	}
	return []byte(`# ` + name + `

A wfheval project folder (docs/cycle.md). / Folder proyek wfheval.

| where | what |
|---|---|
| ` + "`policy.yaml`" + ` | the policy: baseline, phases, exemptions, holidays — edit it, every key is explained |
| ` + "`inbox/`" + ` | put the departments' exports here (CSV, XLSX, JSON Lines, Parquet), as they arrive |
| ` + "`archive/YYYY-MM/`" + ` | files loaded by the run of that month are moved here |
| ` + "`reports/YYYY-MM/`" + ` | what the run of that month published: summary.json, report.pdf, report.html, tables.xlsx, charts/, changes.md |
| ` + "`wfheval.duckdb`" + ` | the database (every load and every run); read it with ` + "`wfheval sql --db wfheval.duckdb`" + ` |

Every month:

` + "```" + `
wfheval run .                      # load the inbox, evaluate through the latest month with attendance
wfheval run . --month 2026-02      # or a given month; a rerun writes reports/2026-02-r2/
wfheval runs .                     # the history of runs
` + "```" + `

A file that fails to load stays in ` + "`inbox/`" + ` with ` + "`FILE.error.txt`" + ` saying
why (file, line, column); fix or re-export it and run again. A published month
folder is never overwritten.
`)
}
