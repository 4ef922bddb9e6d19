package generate

import (
	"bytes"
	"context"
	"math"
	"strconv"
	"time"
)

// The Indonesian-locale files (FormatID): the same rows as the canonical
// files, written as the departments' systems export them. Every form here
// is one docs/contract.md (§1) requires a loader to read; docs/generator.md
// lists them.

// Indonesian words for the canonical values, as in e-presensi, SIPD and
// the service desks' exports.
var (
	idStatuses      = [nStatus]string{"Hadir", "Cuti", "Sakit", "Izin", "DL", "TK"}
	idLate          = "Terlambat" // present, checked in after the office start
	idJobCategories = [4]string{"Pelayanan", "Administrasi", "Lapangan", "Esensial"}
	idCategories    = [nCost]string{"Listrik", "Air", "BBM", "Telekomunikasi", "ATK", "Makan Minum", "Perjalanan Dinas", "Lainnya"}
	idChannels      = [4]string{"loket", "daring", "telepon", "whatsapp"}
	idTicketStatus  = map[string]string{ticketOpen: "Terbuka", ticketResolved: "Selesai", ticketCancelled: "Batal"}
	idMonths        = [12]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}
	idMonthsShort   = [12]string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}
)

// appendSpacedNIP appends an 18-digit NIP as exports print it: birth date,
// appointment month, sex and serial apart (19850312 201001 1 003). Shorter
// strings (a planted 17-digit NIP) are split the same way as far as they go.
func appendSpacedNIP(b []byte, nip string) []byte {
	for i := 0; i < len(nip); i++ {
		if i == 8 || i == 14 || i == 15 {
			b = append(b, ' ')
		}
		b = append(b, nip[i])
	}
	return b
}

// appendDMY appends a YYYY-MM-DD date as DD/MM/YYYY.
func appendDMY(b []byte, ymd string) []byte {
	return append(b, ymd[8], ymd[9], '/', ymd[5], ymd[6], '/', ymd[0], ymd[1], ymd[2], ymd[3])
}

// appendHHMM appends seconds after midnight as HH:MM (whole minutes).
func appendHHMM(b []byte, sec int) []byte {
	h, m := sec/3600, sec/60%60
	return append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10))
}

// appendRupiah appends an amount in sen as Rp 45.250.000, or Rp
// 45.250.000,18 when it has sen or sen is set.
func appendRupiah(b []byte, amount int64, sen bool) []byte {
	b = append(b, "Rp "...)
	if sen || amount%100 != 0 {
		return appendFixed(b, amount, 2, ',', '.')
	}
	return appendGrouped(b, amount/100, '.')
}

// appendIDTimestamp appends local seconds since 1970 as an Indonesian export
// writes them: day first (06/11/2025 08:10:23), or, from the online
// portal, ISO 8601 with WIB's explicit offset (2025-11-06T21:15:23+07:00).
func appendIDTimestamp(b []byte, sec int64, offset bool) []byte {
	t := time.Unix(sec, 0).UTC()
	if offset {
		return t.AppendFormat(b, "2006-01-02T15:04:05+07:00")
	}
	return t.AppendFormat(b, "02/01/2006 15:04:05")
}

// writeAttendanceID writes attendance.csv as an e-presensi export saved
// from Excel (BOM, CRLF): title lines, Indonesian headers, spaced NIPs, DD/MM/YYYY, status words with
// Terlambat for a late check-in, HH:MM. These are all forms DuckDB's reader
// takes in pipeline/ingest (no month names, no quotes), so the big file
// loads on the fast path.
func (w *world) writeAttendanceID(ctx context.Context, c *csvWriter, p *planter) error {
	const width = 6
	c.begin(w, func(c *csvWriter, first, last int) {
		c.excel()
		c.title("DAFTAR HADIR PEGAWAI", width)
		c.title("PEMERINTAH KOTA BEKASI", width)
		period := appendDMY([]byte("Periode: "), w.days[first].ymd)
		period = appendDMY(append(period, " s.d. "...), w.days[last].ymd)
		c.title(string(period), width)
		c.title("", width)
		c.header("NIP", "Tanggal", "Status", "Mode Kerja", "Jam Masuk", "Jam Pulang")
	})
	c.keepLast = p.on
	spots := p.spots(w.attendanceTotal(), 5)
	next, n := 0, 0
	var prev attendanceRow
	plant := func(i int) { w.plantAttendance(c, p, i, &prev) }
	err := w.attendanceRows(ctx, func(a *attendanceRow) {
		c.at(a.day.month)
		w.attendanceLineID(c, a.emp.nip, a.day.ymd, a)
		c.end()
		prev = *a
		n++
		due(spots, &next, n, plant)
	})
	if err != nil {
		return err
	}
	due(spots, &next, math.MaxInt, plant) // a city with fewer rows than planted ones
	return nil
}

// attendanceLineID writes one attendance row in the Indonesian form, with
// the NIP and date given (a planted row changes them).
func (w *world) attendanceLineID(c *csvWriter, nip, ymd string, a *attendanceRow) {
	c.sep()
	c.row = appendSpacedNIP(c.row, nip)
	c.sep()
	c.row = appendDMY(c.row, ymd)
	switch {
	case a.status != stPresent:
		c.raw(idStatuses[a.status])
		c.empty()
		c.empty()
		c.empty()
	default:
		if a.in > w.startSec {
			c.raw(idLate)
		} else {
			c.raw(idStatuses[stPresent])
		}
		c.raw(modeNames[a.mode])
		c.sep()
		c.row = appendHHMM(c.row, a.in)
		c.sep()
		c.row = appendHHMM(c.row, a.out)
	}
}

// plantAttendance writes the i-th planted attendance row after prev, the
// last row written.
func (w *world) plantAttendance(c *csvWriter, p *planter, i int, prev *attendanceRow) {
	if prev.emp == nil {
		return
	}
	sick := attendanceRow{emp: prev.emp, day: prev.day, status: stSick}
	switch i {
	case 0:
		bad := prev.emp.nip[:17]
		w.attendanceLineID(c, bad, prev.day.ymd, &sick)
		c.endPlanted()
		p.add(c.lines, "nip", "NIP must have 18 digits", "a 17-digit NIP "+string(appendSpacedNIP(nil, bad)))
	case 1:
		w.attendanceLineID(c, w.unknownNIP(prev.emp.nip), prev.day.ymd, &sick)
		c.endPlanted()
		p.add(c.lines, "nip", "unknown NIP (not in employees)", "a NIP of nobody in the employee list")
	case 2:
		w.attendanceLineID(c, prev.emp.nip, prev.day.ymd[:4]+"-02-31", &sick)
		c.endPlanted()
		p.add(c.lines, "date", "not a date", "the date 31/02/"+prev.day.ymd[:4])
	case 3:
		c.sep()
		c.row = appendSpacedNIP(c.row, prev.emp.nip)
		c.sep()
		c.row = appendDMY(c.row, prev.day.ymd)
		c.raw("Mangkir")
		c.empty()
		c.empty()
		c.empty()
		c.endPlanted()
		p.add(c.lines, "status", `unknown status "Mangkir"`, "a status word outside the contract")
	case 4:
		c.row = append(c.row, bytes.TrimRight(c.last, "\r\n")...)
		c.endPlanted()
		p.add(c.lines, "nip,date", "duplicate key: same nip, date as line "+strconv.Itoa(c.lastLine),
			"the previous row again")
	}
}

// writeCostsID writes costs.csv as a SIPD spending report saved from
// Excel (BOM, CRLF): title lines,
// Indonesian headers and category words, months as November 2025 or Okt
// 2025, amounts as Rp 45.250.000 (with ,18 where they have sen) and
// quantities as 30.166,7.
func (w *world) writeCostsID(ctx context.Context, c *csvWriter, p *planter) error {
	var rows []costRow
	if err := w.costRows(ctx, func(r *costRow) { rows = append(rows, *r) }); err != nil {
		return err
	}
	// A loader reads the amounts in the style they prove (docs/contract.md §1),
	// file by file: should none of a file's amounts have sen or reach a
	// million (Rp 125.000 alone could be 125 rupiah in English style), every
	// amount of the file shows its sen.
	file := func(r *costRow) int {
		if c.split == nil {
			return 0
		}
		return r.month
	}
	proven := map[int]bool{}
	for i := range rows {
		if r := &rows[i]; r.sen%100 != 0 || r.sen >= 1_000_000_00 {
			proven[file(r)] = true
		}
	}
	const width = 6
	c.begin(w, func(c *csvWriter, _, _ int) {
		c.excel()
		c.title("REALISASI BELANJA OPERASIONAL PERANGKAT DAERAH", width)
		c.title("PEMERINTAH KOTA BEKASI", width)
		c.title("", width)
		c.header("Kode OPD", "Bulan", "Jenis Belanja", "Realisasi", "Volume", "Satuan")
	})
	spots := p.spots(len(rows), 1)
	next := 0
	for i := range rows {
		r := &rows[i]
		c.at(r.month)
		sen := !proven[file(r)]
		c.text(departments[r.dept].code)
		c.text(w.idMonth(r.month, r.dept%3 == 2))
		c.text(idCategories[r.cat])
		c.sep()
		c.row = appendRupiah(c.row, r.sen, sen)
		if r.tenths >= 0 {
			c.sep()
			c.row = appendFixed(c.row, r.tenths, 1, ',', '.')
			c.text(costUnits[r.cat])
		} else {
			c.empty()
			c.empty()
		}
		c.end()
		due(spots, &next, i+1, func(int) {
			// A correction booked as a negative amount.
			c.text(departments[r.dept].code)
			c.text(w.idMonth(r.month, false))
			c.text(idCategories[costOther])
			c.raw("-1.250.000")
			c.empty()
			c.empty()
			c.endPlanted()
			p.add(c.lines, "amount_idr", "must be at least 0", "a negative amount (a correction)")
		})
	}
	return ctx.Err()
}

// idMonth returns month mi of the data as November 2025, or Nov 2025 when
// short: some departments' exports abbreviate.
func (w *world) idMonth(mi int, short bool) string {
	d := w.days[w.months[mi].firstDay].date
	name := idMonths[d.Month()-1]
	if short {
		name = idMonthsShort[d.Month()-1]
	}
	return name + " " + strconv.Itoa(d.Year())
}

// writeMetersID writes meters.csv as saved from Excel (BOM, CRLF), with
// day-first dates and the kWh with a decimal comma (1.040,5).
func (w *world) writeMetersID(ctx context.Context, c *csvWriter, p *planter) error {
	const width = 3
	c.excel()
	c.title("PEMAKAIAN LISTRIK HARIAN (kWh)", width)
	c.header("Kode OPD", "Tanggal", "electricity_kwh")
	total := 0
	for _, d := range departments {
		if d.meter {
			total += len(w.days)
		}
	}
	spots := p.spots(total, 1)
	next, n := 0, 0
	return w.meterRows(ctx, func(m *meterRow) {
		c.text(departments[m.dept].code)
		c.sep()
		c.row = appendDMY(c.row, m.day.ymd)
		c.sep()
		c.row = appendFixed(c.row, m.tenths, 1, ',', '.')
		c.end()
		n++
		due(spots, &next, n, func(int) {
			c.text(unknownDepartment)
			c.sep()
			c.row = appendDMY(c.row, m.day.ymd)
			c.sep()
			c.row = appendFixed(c.row, m.tenths, 1, ',', '.')
			c.endPlanted()
			p.add(c.lines, "opd_code", `unknown department "`+unknownDepartment+`"`, "a department code that is not in the employee list")
		})
	})
}

// ticketKeys are the keys of every line of tickets.jsonl, in order: the
// contract's Indonesian aliases where it has them.
var ticketKeys = [11]string{"no_tiket", "kode_opd", "jenis_layanan", "kanal", "waktu_masuk", "first_response_at",
	"waktu_selesai", "status", "sla_hours", "kepuasan", "petugas"}

// writeTicketsJSONL writes tickets.jsonl as the service desk exports it:
// one object per line with Indonesian keys and words, every key on every
// line (null when empty), timestamps day first, or with +07:00 for
// tickets that came in online.
func (w *world) writeTicketsJSONL(ctx context.Context, c *csvWriter, p *planter) error {
	var spots []int // planted rows go before the first ticket of these days
	if p.on {
		for i := range 3 {
			spots = append(spots, len(w.days)*(i+1)/4)
		}
	}
	next := 0
	var last *ticketRow
	c.begin(w, func(*csvWriter, int, int) {}) // JSON Lines: no header
	err := w.ticketRows(ctx, func(t *ticketRow) {
		c.at(w.days[t.day].month)
		for next < len(spots) && spots[next] <= t.day {
			w.plantTicket(c, p, next, t)
			next++
		}
		ticketLine(c, t)
		last = t
	})
	if err != nil {
		return err
	}
	for ; next < len(spots) && last != nil; next++ {
		w.plantTicket(c, p, next, last)
	}
	return nil
}

// ticketLine writes one ticket as a JSON line.
func ticketLine(c *csvWriter, t *ticketRow) {
	c.row = appendTicketJSON(c.row, t)
	c.end()
}

// appendTicketJSON appends one ticket as a JSON object.
func appendTicketJSON(b []byte, t *ticketRow) []byte {
	online := t.channel == chOnline
	stamp := func(b []byte, sec int64) []byte {
		if sec < 0 {
			return append(b, "null"...)
		}
		b = append(b, '"')
		b = appendIDTimestamp(b, sec, online)
		return append(b, '"')
	}
	for i, key := range ticketKeys {
		if i == 0 {
			b = append(b, '{')
		} else {
			b = append(b, ',')
		}
		b = appendJSONString(b, key)
		b = append(b, ':')
		switch i {
		case 0:
			b = appendJSONString(b, t.id)
		case 1:
			b = appendJSONString(b, departments[t.dept].code)
		case 2:
			b = appendJSONString(b, t.svc.name)
		case 3:
			b = appendJSONString(b, idChannels[t.channel])
		case 4:
			b = stamp(b, t.created)
		case 5:
			b = stamp(b, t.response)
		case 6:
			b = stamp(b, t.resolved)
		case 7:
			b = appendJSONString(b, idTicketStatus[t.status])
		case 8:
			if t.svc.rowSLA {
				b = strconv.AppendFloat(b, t.svc.sla, 'f', -1, 64)
			} else {
				b = append(b, "null"...)
			}
		case 9:
			if t.rating > 0 {
				b = strconv.AppendInt(b, int64(t.rating), 10)
			} else {
				b = append(b, "null"...)
			}
		case 10:
			if t.handler == "" {
				b = append(b, "null"...)
			} else {
				b = append(b, '"')
				b = appendSpacedNIP(b, t.handler)
				b = append(b, '"')
			}
		}
	}
	return append(b, '}')
}

// plantTicket writes the i-th planted ticket, a walk-in of t's department,
// service and day.
func (w *world) plantTicket(c *csvWriter, p *planter, i int, t *ticketRow) {
	d := &w.days[t.day]
	bad := ticketRow{
		id:   departments[t.dept].code + "-" + d.ymd[:4] + d.ymd[5:7] + d.ymd[8:] + "-" + strconv.Itoa(9901+i),
		dept: t.dept, day: t.day, svc: t.svc, channel: chWalkIn,
		created: d.num*86400 + int64(w.startSec) + 2*3600, response: -1, status: ticketResolved,
	}
	switch i {
	case 0:
		bad.resolved = bad.created - 3600
		ticketLine(c, &bad)
		p.add(c.lines, "resolved_at", "resolved_at is before created_at", "a ticket resolved an hour before it came in")
	case 1:
		bad.resolved, bad.rating = bad.created+3*3600, 9
		ticketLine(c, &bad)
		p.add(c.lines, "satisfaction", "must be between 1 and 5", "satisfaction 9 on a 1–5 scale")
	case 2:
		// A line cut short after its status, as a broken export leaves it.
		bad.resolved, bad.status = -1, ticketOpen
		line := appendTicketJSON(nil, &bad)
		cut := bytes.Index(line, []byte(`,"sla_hours"`))
		c.row = append(c.row, line[:cut]...)
		c.end()
		p.add(c.lines, "", "malformed JSON", "a JSON line cut short")
	}
}

// appendJSONString appends s as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch == '"' || ch == '\\':
			b = append(b, '\\', ch)
		case ch < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[ch>>4], hex[ch&0xf])
		default:
			b = append(b, ch)
		}
	}
	return append(b, '"')
}
