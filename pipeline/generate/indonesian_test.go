package generate_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bekasi/wfheval/pipeline/generate"
)

// idFiles are the data files of the Indonesian format.
var idFiles = []string{
	generate.EmployeesXLSXFile, generate.AttendanceFile, generate.CostsFile, generate.TicketsJSONLFile, generate.MetersFile,
}

var (
	idOnce  sync.Once
	idSmall *city
	idErr   error
)

// idCity returns the small city written as Indonesian exports with the bad
// rows planted: the options of small but the format, generated once.
func idCity(t *testing.T) *city {
	small := smallCity(t)
	t.Helper()
	idOnce.Do(func() {
		opts := small.opts
		opts.Format, opts.BadRows = generate.FormatID, true
		dir := filepath.Join(root, "id")
		sum, err := generate.Write(context.Background(), dir, opts)
		idSmall, idErr = &city{dir: dir, opts: opts, summary: sum}, err
	})
	if idErr != nil {
		t.Fatal(idErr)
	}
	return idSmall
}

func expectedRejects(t *testing.T, dir string) map[string]map[int]generate.ExpectedReject {
	t.Helper()
	exp, err := generate.ReadExpectedRejects(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[int]generate.ExpectedReject{}
	for _, e := range exp.Rejects {
		if out[e.File] == nil {
			out[e.File] = map[int]generate.ExpectedReject{}
		}
		if _, dup := out[e.File][e.Line]; dup {
			t.Fatalf("%s:%d listed twice", e.File, e.Line)
		}
		out[e.File][e.Line] = e
	}
	return out
}

// idLines is a text file of the Indonesian format: its data lines by
// physical line number, below the header.
type idLines struct {
	header int // line of the header
	lines  []int
	text   map[int]string
}

func readIDLines(t *testing.T, dir, name, header string) *idLines {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := &idLines{text: map[int]string{}}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case out.header == 0 && header == "":
			out.header = -1 // JSON Lines: no header
			fallthrough
		case out.header != 0:
			if line == "" {
				t.Fatalf("%s:%d: blank line among the data", name, n)
			}
			out.lines = append(out.lines, n)
			out.text[n] = line
		case line == header:
			out.header = n
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if out.header == 0 {
		t.Fatalf("%s: no header %q", name, header)
	}
	return out
}

var (
	dmyRE  = regexp.MustCompile(`^(\d\d)/(\d\d)/(\d{4})$`)
	hhmmRE = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)
	nipRE  = regexp.MustCompile(`^\d{8} \d{6} [12] \d{3}$`)
	// idNumberRE is a number with dots between thousands and a decimal comma.
	idNumberRE = regexp.MustCompile(`^\d{1,3}(\.\d{3})*(,\d+)?$`)
)

// ymd turns DD/MM/YYYY into YYYY-MM-DD.
func ymd(t *testing.T, s string) string {
	t.Helper()
	m := dmyRE.FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("date %q: want DD/MM/YYYY", s)
	}
	return m[3] + "-" + m[2] + "-" + m[1]
}

// spacedNIP checks a NIP as the exports print it and returns its digits.
func spacedNIP(t *testing.T, s string) string {
	t.Helper()
	if !nipRE.MatchString(s) {
		t.Fatalf("NIP %q: want 19850312 201001 1 003", s)
	}
	return strings.ReplaceAll(s, " ", "")
}

// idNumber turns 1.234.567,89 (optionally with Rp) into 1234567.89.
func idNumber(t *testing.T, s string, rupiah bool) string {
	t.Helper()
	if rupiah {
		var ok bool
		if s, ok = strings.CutPrefix(s, "Rp "); !ok {
			t.Fatalf("amount %q: want Rp", s)
		}
	}
	if !idNumberRE.MatchString(s) {
		t.Fatalf("number %q: want 1.234.567,89", s)
	}
	return strings.Replace(strings.ReplaceAll(s, ".", ""), ",", ".", 1)
}

var (
	idStatuses = map[string]string{"Hadir": "present", "Terlambat": "present", "Cuti": "leave", "Sakit": "sick",
		"Izin": "permit", "DL": "official_travel", "TK": "absent"}
	idCategories = map[string]string{"Listrik": "electricity", "Air": "water", "BBM": "fuel", "Telekomunikasi": "telecom",
		"ATK": "office_supplies", "Makan Minum": "meals", "Perjalanan Dinas": "travel", "Lainnya": "other"}
	idChannels      = map[string]string{"loket": "walk_in", "daring": "online", "telepon": "phone", "whatsapp": "chat"}
	idTicketStatus  = map[string]string{"Terbuka": "open", "Selesai": "resolved", "Batal": "cancelled"}
	idJobCategories = map[string]string{"Pelayanan": "front_office", "Administrasi": "back_office", "Lapangan": "field", "Esensial": "essential"}
	idMonths        = map[string]int{}
)

func init() {
	for i, m := range []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"} {
		idMonths[m] = i + 1
	}
	for i, m := range []string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"} {
		idMonths[m] = i + 1
	}
}

// readBack reads an Indonesian data file back into canonical records (as
// the canonical file writes them) and returns the lines they stand on.
// Planted lines are left out and returned apart.
func readBack(t *testing.T, dir, name string, planted map[int]generate.ExpectedReject) (recs [][]string, lines []int, bad map[int]string) {
	t.Helper()
	bad = map[int]string{}
	if name == generate.EmployeesXLSXFile {
		return readBackXLSX(t, dir, planted)
	}
	headers := map[string]string{
		generate.AttendanceFile:   "NIP;Tanggal;Status;Mode Kerja;Jam Masuk;Jam Pulang",
		generate.CostsFile:        "Kode OPD;Bulan;Jenis Belanja;Realisasi;Volume;Satuan",
		generate.MetersFile:       "Kode OPD;Tanggal;electricity_kwh",
		generate.TicketsJSONLFile: "",
	}
	kind := singleName(name) // a monthly file reads as its single file
	f := readIDLines(t, dir, name, headers[kind])
	for _, n := range f.lines {
		line := f.text[n]
		if _, ok := planted[n]; ok {
			bad[n] = line
			continue
		}
		var rec []string
		switch kind {
		case generate.AttendanceFile:
			rec = attendanceBack(t, line)
		case generate.CostsFile:
			rec = costBack(t, line)
		case generate.MetersFile:
			c := strings.Split(line, ";")
			rec = []string{c[0], ymd(t, c[1]), idNumber(t, c[2], false)}
		case generate.TicketsJSONLFile:
			rec = ticketBack(t, line)
		}
		recs, lines = append(recs, rec), append(lines, n)
	}
	return recs, lines, bad
}

// monthlyRE matches a monthly file's name (Options.MonthlyFiles).
var monthlyRE = regexp.MustCompile(`^([a-z]+)_(\d{4}-\d{2})(\.[a-z]+)$`)

// singleName returns the name of the single file a monthly file is part
// of (attendance.csv for attendance_2026-01.csv), or name.
func singleName(name string) string {
	if m := monthlyRE.FindStringSubmatch(name); m != nil {
		return m[1] + m[3]
	}
	return name
}

func attendanceBack(t *testing.T, line string) []string {
	t.Helper()
	c := strings.Split(line, ";")
	if len(c) != 6 {
		t.Fatalf("attendance %q: %d fields", line, len(c))
	}
	status, ok := idStatuses[c[2]]
	if !ok {
		t.Fatalf("attendance %q: status %q", line, c[2])
	}
	rec := []string{spacedNIP(t, c[0]), ymd(t, c[1]), status, c[3], "", ""}
	if status == "present" {
		if !hhmmRE.MatchString(c[4]) || !hhmmRE.MatchString(c[5]) {
			t.Fatalf("attendance %q: times not HH:MM", line)
		}
		// Terlambat exactly for a check-in after the office start.
		if late := c[4] > "07:30"; late != (c[2] == "Terlambat") {
			t.Fatalf("attendance %q: %s with check-in %s", line, c[2], c[4])
		}
		rec[4], rec[5] = c[4]+":00", c[5]+":00"
	} else if c[3]+c[4]+c[5] != "" {
		t.Fatalf("attendance %q: mode or times when not present", line)
	}
	return rec
}

func costBack(t *testing.T, line string) []string {
	t.Helper()
	c := strings.Split(line, ";")
	if len(c) != 6 {
		t.Fatalf("costs %q: %d fields", line, len(c))
	}
	name, year, _ := strings.Cut(c[1], " ")
	m, ok := idMonths[name]
	if !ok || len(year) != 4 {
		t.Fatalf("costs %q: month %q", line, c[1])
	}
	cat, ok := idCategories[c[2]]
	if !ok {
		t.Fatalf("costs %q: category %q", line, c[2])
	}
	rec := []string{c[0], year + "-" + two(m), cat, idNumber(t, c[3], true), "", c[5]}
	if c[4] != "" {
		rec[4] = idNumber(t, c[4], false)
	}
	return rec
}

func two(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

var wib = time.FixedZone("WIB", 7*3600)

// ticketBack reads a JSON line with Indonesian keys and words.
func ticketBack(t *testing.T, line string) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(line))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		t.Fatalf("tickets %q: %v", line, err)
	}
	if len(obj) != 11 {
		t.Fatalf("tickets %q: %d keys, want all 11 on every line", line, len(obj))
	}
	str := func(k string) string {
		v, ok := obj[k]
		if !ok {
			t.Fatalf("tickets %q: no key %s", line, k)
		}
		switch v := v.(type) {
		case nil:
			return ""
		case string:
			return v
		case json.Number:
			return v.String()
		}
		t.Fatalf("tickets %q: %s is %T", line, k, v)
		return ""
	}
	stamp := func(k string) string {
		s := str(k)
		if s == "" {
			return ""
		}
		if strings.Contains(s, "T") {
			if !strings.HasSuffix(s, "+07:00") {
				t.Fatalf("tickets %q: %s %q: want the +07:00 offset", line, k, s)
			}
			v, err := time.Parse(time.RFC3339, s)
			if err != nil {
				t.Fatal(err)
			}
			return v.In(wib).Format(time.DateTime)
		}
		v, err := time.Parse("02/01/2006 15:04:05", s)
		if err != nil {
			t.Fatalf("tickets %q: %s: %v", line, k, err)
		}
		return v.Format(time.DateTime)
	}
	handler := str("petugas")
	if handler != "" {
		handler = spacedNIP(t, handler)
	}
	return []string{str("no_tiket"), str("kode_opd"), str("jenis_layanan"), idChannels[str("kanal")],
		stamp("waktu_masuk"), stamp("first_response_at"), stamp("waktu_selesai"), idTicketStatus[str("status")],
		str("sla_hours"), str("kepuasan"), handler}
}

// readBackXLSX reads the employee workbook: its title block, its header and
// rows, with the dates from real date cells.
func readBackXLSX(t *testing.T, dir string, planted map[int]generate.ExpectedReject) (recs [][]string, lines []int, bad map[int]string) {
	t.Helper()
	bad = map[int]string{}
	f, err := excelize.OpenFile(filepath.Join(dir, generate.EmployeesXLSXFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	merged, err := f.GetMergeCells(sheet)
	if err != nil || len(merged) < 2 || merged[0].GetStartAxis() != "A1" || merged[0].GetEndAxis() != "I1" {
		t.Errorf("title block: merged cells %v, %v; want A1:I1 and A2:I2", merged, err)
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"NIP", "Nama", "Kode OPD", "Unit Kerja", "Kategori Jabatan", "Jabatan", "Kelompok", "active_from", "active_to"}
	if len(rows) < 5 || !slices.Equal(rows[3], want) || len(rows[2]) != 0 {
		t.Fatalf("sheet rows 3 and 4: %q, %q; want a blank row and the header", rows[2], rows[3])
	}
	date := func(row int, s string) string {
		if s == "" {
			return ""
		}
		serial, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("sheet row %d: date %q is not a date cell", row, s)
		}
		d, err := excelize.ExcelDateToTime(serial, false)
		if err != nil {
			t.Fatal(err)
		}
		return d.Format(time.DateOnly)
	}
	for i, cells := range rows[4:] {
		row := i + 5
		cells = append(cells, make([]string, 9-len(cells))...)
		if _, ok := planted[row]; ok {
			bad[row] = strings.Join(cells, "\t")
			continue
		}
		cat, ok := idJobCategories[cells[4]]
		if !ok {
			t.Fatalf("sheet row %d: Kategori Jabatan %q", row, cells[4])
		}
		recs = append(recs, []string{spacedNIP(t, cells[0]), cells[1], cells[2], cells[3], cat, cells[5], cells[6],
			date(row, cells[7]), date(row, cells[8])})
		lines = append(lines, row)
	}
	return recs, lines, bad
}

// The Indonesian files hold the canonical city row for row, in the same
// order, plus the planted rows; the truth and the policy are the same.
func TestIndonesianFilesHoldTheSameCity(t *testing.T) {
	small := smallCity(t)
	id := idCity(t)
	planted := expectedRejects(t, id.dir)
	canonicalNames := map[string]string{generate.EmployeesXLSXFile: generate.EmployeesFile, generate.TicketsJSONLFile: generate.TicketsFile}
	if got := slices.Sorted(func(yield func(string) bool) {
		for k := range id.summary.Files {
			if !yield(k) {
				return
			}
		}
	}); !slices.Equal(got, slices.Sorted(slices.Values(idFiles))) {
		t.Errorf("Summary.Files %v, want %v", got, idFiles)
	}
	for _, name := range idFiles {
		t.Run(name, func(t *testing.T) {
			// The CSV files as Excel's "CSV UTF-8" writes them: a BOM, CRLF.
			if strings.HasSuffix(name, ".csv") {
				b := mustRead(t, filepath.Join(id.dir, name))
				if !bytes.HasPrefix(b, []byte("\ufeff")) || bytes.Count(b, []byte("\n")) != bytes.Count(b, []byte("\r\n")) {
					t.Error("not a BOM and CRLF line ends")
				}
			}
			recs, lines, bad := readBack(t, id.dir, name, planted[name])
			canon := name
			if c, ok := canonicalNames[name]; ok {
				canon = c
			}
			want := readTable(t, small.dir, canon).rows
			if len(recs) != len(want) {
				t.Fatalf("%d rows, the canonical file has %d", len(recs), len(want))
			}
			for i := range want {
				if !slices.Equal(recs[i], want[i]) {
					t.Fatalf("line %d reads back as\n%q\nthe canonical row is\n%q", lines[i], recs[i], want[i])
				}
			}
			if len(bad) != len(planted[name]) || id.summary.BadRows[name] != len(bad) {
				t.Errorf("%d planted lines found, expected_rejects.json lists %d, Summary.BadRows %d",
					len(bad), len(planted[name]), id.summary.BadRows[name])
			}
			if n := id.summary.Files[name]; n != len(recs)+len(bad) {
				t.Errorf("Summary.Files: %d rows, the file has %d", n, len(recs)+len(bad))
			}
		})
	}
	for _, name := range []string{generate.TruthFile, generate.PolicyFile} {
		if !bytes.Equal(mustRead(t, filepath.Join(id.dir, name)), mustRead(t, filepath.Join(small.dir, name))) {
			t.Errorf("%s differs from the canonical city's", name)
		}
	}
	for _, name := range []string{generate.EmployeesFile, generate.TicketsFile} {
		if _, err := os.Stat(filepath.Join(id.dir, name)); err == nil {
			t.Errorf("%s written in the Indonesian format", name)
		}
	}
}

// Every planted row stands where expected_rejects.json says and carries
// the fault it names.
func TestPlantedRows(t *testing.T) {
	small := smallCity(t)
	id := idCity(t)
	planted := expectedRejects(t, id.dir)
	nips := map[string]bool{}
	opds := map[string]bool{}
	for _, row := range readTable(t, small.dir, generate.EmployeesFile).rows {
		nips[row[0]], opds[row[2]] = true, true
	}
	var kinds []string
	for _, name := range idFiles {
		_, _, bad := readBack(t, id.dir, name, planted[name])
		for line, e := range planted[name] {
			text, ok := bad[line]
			if !ok {
				t.Errorf("%s:%d: no data row there", name, line)
				continue
			}
			kinds = append(kinds, name+" "+e.Column)
			fields := strings.Split(text, ";")
			if name == generate.EmployeesXLSXFile {
				fields = strings.Split(text, "\t")
			}
			var obj map[string]any
			if name == generate.TicketsJSONLFile && e.Column != "" {
				if err := json.Unmarshal([]byte(text), &obj); err != nil {
					t.Fatalf("%s:%d: %v", name, line, err)
				}
			}
			ok = false
			switch e.Column {
			case "nip":
				nip := strings.ReplaceAll(fields[0], " ", "")
				if strings.Contains(e.Reason, "18 digits") {
					ok = regexp.MustCompile(`^\d{17}$`).MatchString(nip)
				} else {
					ok = len(nip) == 18 && !nips[nip]
				}
			case "date":
				_, err := time.Parse("02/01/2006", fields[1])
				ok = dmyRE.MatchString(fields[1]) && err != nil
			case "status":
				_, known := idStatuses[fields[2]]
				ok = !known && strings.Contains(e.Reason, fields[2])
			case "nip,date":
				first, err := strconv.Atoi(e.Reason[strings.LastIndexByte(e.Reason, ' ')+1:])
				f := readIDLines(t, id.dir, name, "NIP;Tanggal;Status;Mode Kerja;Jam Masuk;Jam Pulang")
				ok = err == nil && first < line && f.text[first] == text
			case "amount_idr":
				ok = strings.HasPrefix(fields[3], "-")
			case "opd_code":
				ok = !opds[fields[0]] && strings.Contains(e.Reason, fields[0])
			case "resolved_at":
				created, _ := time.Parse("02/01/2006 15:04:05", obj["waktu_masuk"].(string))
				resolved, _ := time.Parse("02/01/2006 15:04:05", obj["waktu_selesai"].(string))
				ok = resolved.Before(created) && obj["status"] == "Selesai"
			case "satisfaction":
				ok = obj["kepuasan"] == 9.0
			case "":
				ok = !json.Valid([]byte(text))
			}
			if !ok {
				t.Errorf("%s:%d: planted %q (%s: %s) is not there: %s", name, line, e.Fault, e.Column, e.Reason, text)
			}
		}
	}
	slices.Sort(kinds)
	want := []string{
		"attendance.csv date", "attendance.csv nip", "attendance.csv nip", "attendance.csv nip,date", "attendance.csv status",
		"costs.csv amount_idr", "employees.xlsx nip", "meters.csv opd_code",
		"tickets.jsonl ", "tickets.jsonl resolved_at", "tickets.jsonl satisfaction",
	}
	if !slices.Equal(kinds, want) {
		t.Errorf("planted rows %q, want %q", kinds, want)
	}
}

func TestIndonesianDeterminism(t *testing.T) {
	id := idCity(t)
	again := t.TempDir()
	if _, err := generate.Write(context.Background(), again, id.opts); err != nil {
		t.Fatal(err)
	}
	for _, name := range append(idFiles, generate.ExpectedRejectsFile) {
		if !bytes.Equal(mustRead(t, filepath.Join(id.dir, name)), mustRead(t, filepath.Join(again, name))) {
			t.Errorf("%s: same options, different files", name)
		}
	}
}

// Without BadRows the Indonesian files carry no planted row and no
// expected_rejects.json, and a directory holds one city: writing one
// format removes the other's files.
func TestFormatsReplaceEachOther(t *testing.T) {
	small := smallCity(t)
	dir := t.TempDir()
	opts := small.opts
	opts.Format, opts.BadRows = generate.FormatID, true
	ctx := context.Background()
	if _, err := generate.Write(ctx, dir, opts); err != nil {
		t.Fatal(err)
	}
	opts.BadRows = false
	sum, err := generate.Write(ctx, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.BadRows) != 0 {
		t.Errorf("BadRows %v without planting", sum.BadRows)
	}
	ls := func() []string {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}
	want := append(slices.Sorted(slices.Values(idFiles)), generate.PolicyFile, generate.TruthFile)
	slices.Sort(want)
	if got := ls(); !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
	for name, n := range sum.Files {
		canon := strings.NewReplacer(".xlsx", ".csv", ".jsonl", ".csv").Replace(name)
		if n != small.summary.Files[canon] {
			t.Errorf("%s: %d rows, the canonical %s has %d", name, n, canon, small.summary.Files[canon])
		}
	}
	opts.Format = generate.FormatCanonical
	if _, err := generate.Write(ctx, dir, opts); err != nil {
		t.Fatal(err)
	}
	want = append(slices.Clone(csvFiles), generate.PolicyFile, generate.TruthFile)
	slices.Sort(want)
	if got := ls(); !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
}
