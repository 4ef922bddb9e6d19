package ingest

import (
	"slices"
	"strings"

	"github.com/bekasi/wfheval/pipeline"
)

// valueType says how a column's text is read.
type valueType int

const (
	tText      valueType = iota // trimmed text; empty = NULL
	tNIP                        // 18 digits; spaces and dots stripped
	tDate                       // civil date
	tClock                      // time of day or timestamp, combined with the row's date
	tTimestamp                  // local timestamp
	tMonth                      // YYYY-MM
	tNumber                     // decimal number ≥ 0
	tInt                        // whole number
	tEnum                       // one of a fixed set of words, with aliases
)

// column describes one canonical column of a kind.
type column struct {
	name     string
	typ      valueType
	required bool              // the header must have it and a row must fill it
	enum     map[string]string // lower-case word -> canonical value (tEnum)
	min, max float64           // range for tNumber/tInt; max 0 = none
	above    bool              // the value must be greater than min, not only at least min
	dbType   string            // DuckDB type of the table column
}

// Kind is a dataset kind of the contract: its table, columns and key.
type Kind struct {
	Name    string
	Table   string
	columns []column
	key     []string // columns whose values identify a row
	// parent names what rows of this kind refer to: "nip" (employees),
	// "opd" (departments of employees) or "pin" (employees' pins); "" for
	// none.
	parent string
}

// Columns returns the canonical column names of the kind, in table order.
func (k *Kind) Columns() []string {
	out := make([]string, len(k.columns))
	for i, c := range k.columns {
		out[i] = c.name
	}
	return out
}

// Key returns the names of the kind's key columns.
func (k *Kind) Key() []string { return slices.Clone(k.key) }

func (k *Kind) column(name string) int {
	for i, c := range k.columns {
		if c.name == name {
			return i
		}
	}
	return -1
}

// words builds a word table from (word, canonical value) pairs; every
// canonical value also stands for itself, so that canonical files are read
// without folding case.
func words(pairs ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i < len(pairs); i += 2 {
		m[pairs[i]] = pairs[i+1]
		m[pairs[i+1]] = pairs[i+1]
	}
	return m
}

var (
	jobCategories = words(
		"front_office", "front_office", "back_office", "back_office", "field", "field", "essential", "essential",
		"pelayanan", "front_office", "administrasi", "back_office", "lapangan", "field", "esensial", "essential")
	statuses = words(
		"present", "present", "leave", "leave", "sick", "sick", "permit", "permit",
		"official_travel", "official_travel", "absent", "absent",
		"hadir", "present", "terlambat", "present", "cuti", "leave", "sakit", "sick", "izin", "permit", "ijin", "permit",
		"dinas_luar", "official_travel", "dinas luar", "official_travel", "dl", "official_travel", "sppd", "official_travel",
		"tanpa_keterangan", "absent", "tanpa keterangan", "absent", "tk", "absent", "alpa", "absent", "alpha", "absent")
	workModes  = words("wfo", "WFO", "wfh", "WFH")
	wfhGroups  = words("a", "A", "b", "B")
	categories = words(
		"electricity", "electricity", "water", "water", "fuel", "fuel", "telecom", "telecom",
		"office_supplies", "office_supplies", "meals", "meals", "travel", "travel", "other", "other",
		"listrik", "electricity", "air", "water", "bbm", "fuel", "telepon", "telecom", "internet", "telecom",
		"telekomunikasi", "telecom", "atk", "office_supplies", "makan_minum", "meals", "makan minum", "meals",
		"perjalanan_dinas", "travel", "perjalanan dinas", "travel", "lainnya", "other")
	units    = words("kwh", "kWh", "m3", "m3", "liter", "liter", "l", "liter")
	channels = words(
		"walk_in", "walk_in", "online", "online", "phone", "phone", "chat", "chat", "other", "other",
		"loket", "walk_in", "langsung", "walk_in", "daring", "online", "telepon", "phone", "whatsapp", "chat")
	ticketStatuses = words("open", "open", "resolved", "resolved", "cancelled", "cancelled",
		"canceled", "cancelled", "terbuka", "open", "selesai", "resolved", "batal", "cancelled")
)

// Kinds gives each dataset kind of the contract (pipeline.Kinds, in its
// order: parents first, the order in which a batch of files is loaded) its
// table, columns and key.
var Kinds = []*Kind{
	{
		Name: pipeline.KindEmployees, Table: "employees", key: []string{"nip"},
		columns: []column{
			{name: "nip", typ: tNIP, required: true, dbType: "VARCHAR"},
			{name: "name", typ: tText, dbType: "VARCHAR"},
			{name: "opd_code", typ: tText, required: true, dbType: "VARCHAR"},
			{name: "opd_name", typ: tText, dbType: "VARCHAR"},
			{name: "job_category", typ: tEnum, required: true, enum: jobCategories, dbType: "VARCHAR"},
			{name: "position", typ: tText, dbType: "VARCHAR"},
			{name: "wfh_group", typ: tEnum, enum: wfhGroups, dbType: "VARCHAR"},
			{name: "active_from", typ: tDate, dbType: "DATE"},
			{name: "active_to", typ: tDate, dbType: "DATE"},
			// The employee's user id on the attendance machines (schema
			// 7): how a scan log's PINs become NIPs. Two employees with
			// one pin fail the load (punches.go).
			{name: "pin", typ: tText, dbType: "VARCHAR"},
		},
	},
	{
		// Scans of fingerprint or face machines (docs/ingest.md, Punch
		// logs): ZKTeco/Solution attlog.dat without a header (header.go,
		// attlogHeader) or a headed export. A load keeps the scans and
		// derives the attendance of the days they touch (punches.go).
		Name: pipeline.KindPunches, Table: "punches", key: []string{"pin", "scanned_at"}, parent: "pin",
		columns: []column{
			{name: "pin", typ: tText, required: true, dbType: "VARCHAR"},
			{name: "scanned_at", typ: tTimestamp, required: true, dbType: "TIMESTAMP"},
			{name: "verify", typ: tText, dbType: "VARCHAR"},
			{name: "state", typ: tText, dbType: "VARCHAR"},
			{name: "workcode", typ: tText, dbType: "VARCHAR"},
		},
	},
	{
		Name: pipeline.KindAttendance, Table: "attendance", key: []string{"nip", "date"}, parent: "nip",
		columns: []column{
			{name: "nip", typ: tNIP, required: true, dbType: "VARCHAR"},
			{name: "date", typ: tDate, required: true, dbType: "DATE"},
			{name: "status", typ: tEnum, required: true, enum: statuses, dbType: "VARCHAR"},
			{name: "work_mode", typ: tEnum, enum: workModes, dbType: "VARCHAR"},
			{name: "check_in", typ: tClock, dbType: "TIMESTAMP"},
			{name: "check_out", typ: tClock, dbType: "TIMESTAMP"},
		},
	},
	{
		Name: pipeline.KindCosts, Table: "costs", key: []string{"opd_code", "period", "category"}, parent: "opd",
		columns: []column{
			{name: "opd_code", typ: tText, required: true, dbType: "VARCHAR"},
			{name: "period", typ: tMonth, required: true, dbType: "VARCHAR"},
			{name: "category", typ: tEnum, required: true, enum: categories, dbType: "VARCHAR"},
			{name: "amount_idr", typ: tNumber, required: true, max: maxDecimal18x2, dbType: "DECIMAL(18,2)"},
			{name: "quantity", typ: tNumber, dbType: "DOUBLE"},
			{name: "unit", typ: tEnum, enum: units, dbType: "VARCHAR"},
		},
	},
	{
		Name: pipeline.KindTickets, Table: "tickets", key: []string{"ticket_id"}, parent: "opd",
		columns: []column{
			{name: "ticket_id", typ: tText, required: true, dbType: "VARCHAR"},
			{name: "opd_code", typ: tText, required: true, dbType: "VARCHAR"},
			{name: "service", typ: tText, required: true, dbType: "VARCHAR"},
			{name: "channel", typ: tEnum, required: true, enum: channels, dbType: "VARCHAR"},
			{name: "created_at", typ: tTimestamp, required: true, dbType: "TIMESTAMP"},
			{name: "first_response_at", typ: tTimestamp, dbType: "TIMESTAMP"},
			{name: "resolved_at", typ: tTimestamp, dbType: "TIMESTAMP"},
			{name: "status", typ: tEnum, required: true, enum: ticketStatuses, dbType: "VARCHAR"},
			{name: "sla_hours", typ: tNumber, min: 0, above: true, dbType: "DOUBLE"},
			{name: "satisfaction", typ: tInt, min: 1, max: 5, dbType: "TINYINT"},
			{name: "handled_by", typ: tNIP, dbType: "VARCHAR"},
		},
	},
	{
		Name: pipeline.KindMeters, Table: "meters", key: []string{"opd_code", "date"}, parent: "opd",
		columns: []column{
			{name: "opd_code", typ: tText, required: true, dbType: "VARCHAR"},
			{name: "date", typ: tDate, required: true, dbType: "DATE"},
			{name: "electricity_kwh", typ: tNumber, required: true, dbType: "DOUBLE"},
		},
	},
}

// maxDecimal18x2 bounds a DECIMAL(18,2) column: 16 digits before the
// point. (In float64 the largest such value, 9999999999999999.99, rounds
// to 1e16, so the bound is exclusive: see validator.cell.)
const maxDecimal18x2 = 1e16

// KindNames returns the names of Kinds, in order, for help texts and
// error messages.
func KindNames() []string {
	out := make([]string, len(Kinds))
	for i, k := range Kinds {
		out[i] = k.Name
	}
	return out
}

// KindByName returns the kind with the given name, or nil.
func KindByName(name string) *Kind {
	for _, k := range Kinds {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// aliases maps normalized header names to canonical column names. An alias
// holds for the same column in every kind that has the column
// (docs/contract.md §1); in a kind without it the name stands for itself:
// "status" is the state of a punch log and the status of attendance and
// tickets.
var aliases = map[string]string{
	"nama": "name", "kode_opd": "opd_code", "unit_kerja_kode": "opd_code",
	"nama_opd": "opd_name", "unit_kerja": "opd_name", "opd": "opd_name",
	"kategori_jabatan": "job_category", "jabatan": "position", "kelompok": "wfh_group",
	"tanggal": "date", "mode": "work_mode", "mode_kerja": "work_mode",
	"jam_masuk": "check_in", "jam_pulang": "check_out",
	"bulan": "period", "periode": "period", "kategori": "category", "jenis_belanja": "category",
	"jumlah": "amount_idr", "nilai": "amount_idr", "realisasi": "amount_idr",
	"volume": "quantity", "satuan": "unit",
	"no_tiket": "ticket_id", "nomor": "ticket_id", "layanan": "service", "jenis_layanan": "service",
	"kanal": "channel", "waktu_masuk": "created_at", "tanggal_masuk": "created_at",
	"waktu_selesai": "resolved_at", "kepuasan": "satisfaction", "rating": "satisfaction",
	"petugas": "handled_by",
	// Punch logs and the employees' machine user ids (docs/contract.md §6).
	"user_id": "pin", "userid": "pin", "badgenumber": "pin", "badge_number": "pin",
	"no_absen": "pin", "id_mesin": "pin", "id_absen": "pin",
	"checktime": "scanned_at", "check_time": "scanned_at", "datetime": "scanned_at", "date_time": "scanned_at",
	"scan_time": "scanned_at", "waktu": "scanned_at", "tanggal_jam": "scanned_at", "waktu_scan": "scanned_at",
	"verifycode": "verify", "verify_code": "verify", "verifymode": "verify", "verify_mode": "verify",
	"checktype": "state", "check_type": "state", "status": "state",
	"work_code": "workcode",
}

// normalizeHeader folds a header cell for matching: trimmed, lower case,
// spaces and dashes as underscores.
func normalizeHeader(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\ufeff")))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return r
	}, s)
}
