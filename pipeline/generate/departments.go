package generate

import "slices"

// kind is the kind of a department; it decides the mix of job categories,
// the positions and the cost profile.
type kind int

const (
	kindSecretariat kind = iota // secretariats, agencies: mostly back office
	kindService                 // front-office service departments
	kindTechnical               // public works, environment: many field staff
	kindOperations              // transport, civil police, fire, disaster: field and essential
	kindHealth                  // health office, hospital
	kindDistrict                // kecamatan (with their kelurahan)
)

// jobCategories are the canonical job categories, in the order used for
// mixes and accumulators.
var jobCategories = [4]string{"front_office", "back_office", "field", "essential"}

const (
	catFront = iota
	catBack
	catField
	catEssential
)

// mixes is the share of each job category by department kind.
var mixes = map[kind][4]float64{
	kindSecretariat: {0.05, 0.80, 0.10, 0.05},
	kindService:     {0.40, 0.45, 0.10, 0.05},
	kindTechnical:   {0.05, 0.40, 0.50, 0.05},
	kindOperations:  {0.10, 0.25, 0.35, 0.30},
	kindHealth:      {0.20, 0.25, 0.10, 0.45},
	kindDistrict:    {0.35, 0.45, 0.15, 0.05},
}

// service is one public service with tickets.
type service struct {
	name string
	// rate is the expected tickets per working day for the default city of
	// 12,000 employees; it scales with Options.Employees.
	rate float64
	// sla is the service's SLA in hours. With rowSLA it is written in the
	// sla_hours column of every ticket and left out of policy.yaml;
	// otherwise the column is empty and policy.yaml carries it (unless it
	// equals the default of 72 hours and defaultSLA is set).
	sla        float64
	rowSLA     bool
	defaultSLA bool
	// met is the share of tickets resolved within the SLA without any
	// effect; sigma is the log-normal spread of the resolution time.
	met, sigma float64
	// channels are the shares of walk_in, online, phone and chat.
	channels [4]float64
}

// department is one OPD of the synthetic city.
type department struct {
	code, name string
	head       string // position of the head of the department
	kind       kind
	weight     float64 // relative headcount
	exempt     bool    // kept 100% in the office: set from exemptOPDs
	servers    bool    // runs servers that can't be switched off
	meter      bool    // has a daily electricity meter (meters.csv)
	services   []service
}

var (
	chDukcapil  = [4]float64{0.55, 0.35, 0.05, 0.05}
	chPerizinan = [4]float64{0.30, 0.60, 0.05, 0.05}
	chDistrict  = [4]float64{0.80, 0.10, 0.05, 0.05}
	chOffice    = [4]float64{0.60, 0.25, 0.10, 0.05}
	chComplaint = [4]float64{0.05, 0.55, 0.10, 0.30}
)

// districtServices are the services of every kecamatan.
var districtServices = []service{
	{name: "Surat Pengantar", rate: 10, sla: 24, met: 0.93, sigma: 0.7, channels: chDistrict},
	{name: "Legalisir Dokumen", rate: 5, sla: 24, met: 0.95, sigma: 0.6, channels: chDistrict},
	{name: "Surat Keterangan Ahli Waris", rate: 2, sla: 72, defaultSLA: true, met: 0.90, sigma: 0.6, channels: chDistrict},
}

// departments is the synthetic Kota Bekasi: its OPD with real names and
// weights that roughly follow their real headcounts (teachers and
// puskesmas staff are left out).
var departments = []department{
	{code: "SETDA", name: "Sekretariat Daerah", head: "Sekretaris Daerah", kind: kindSecretariat, weight: 650, meter: true},
	{code: "SETWAN", name: "Sekretariat DPRD", head: "Sekretaris DPRD", kind: kindSecretariat, weight: 200, meter: true},
	{code: "INSPEKTORAT", name: "Inspektorat Daerah", head: "Inspektur", kind: kindSecretariat, weight: 150, meter: true},
	{code: "BAPPELITBANGDA", name: "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah", head: "Kepala Badan", kind: kindSecretariat, weight: 150, meter: true},
	{code: "BPKAD", name: "Badan Pengelolaan Keuangan dan Aset Daerah", head: "Kepala Badan", kind: kindSecretariat, weight: 250, servers: true, meter: true},
	{code: "BAPENDA", name: "Badan Pendapatan Daerah", head: "Kepala Badan", kind: kindService, weight: 350, servers: true, meter: true, services: []service{
		{name: "PBB", rate: 30, sla: 72, defaultSLA: true, met: 0.90, sigma: 0.7, channels: chOffice},
		{name: "BPHTB", rate: 15, sla: 48, met: 0.90, sigma: 0.7, channels: chOffice},
	}},
	{code: "BKPSDM", name: "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", head: "Kepala Badan", kind: kindSecretariat, weight: 150, meter: true},
	{code: "BPBD", name: "Badan Penanggulangan Bencana Daerah", head: "Kepala Pelaksana", kind: kindOperations, weight: 150},
	{code: "KESBANGPOL", name: "Badan Kesatuan Bangsa dan Politik", head: "Kepala Badan", kind: kindSecretariat, weight: 80},
	{code: "DISDIK", name: "Dinas Pendidikan", head: "Kepala Dinas", kind: kindSecretariat, weight: 700, meter: true},
	{code: "DINKES", name: "Dinas Kesehatan", head: "Kepala Dinas", kind: kindHealth, weight: 1600, meter: true, services: []service{
		{name: "Izin Praktik Tenaga Kesehatan", rate: 6, sla: 120, met: 0.90, sigma: 0.6, channels: chPerizinan},
	}},
	{code: "RSUD", name: "RSUD dr. Chasbullah Abdulmadjid", head: "Direktur", kind: kindHealth, weight: 1400, meter: true},
	{code: "DBMSDA", name: "Dinas Bina Marga dan Sumber Daya Air", head: "Kepala Dinas", kind: kindTechnical, weight: 450, meter: true},
	{code: "DISPERKIMTAN", name: "Dinas Perumahan, Kawasan Permukiman dan Pertanahan", head: "Kepala Dinas", kind: kindTechnical, weight: 250},
	{code: "DCKTR", name: "Dinas Cipta Karya dan Tata Ruang", head: "Kepala Dinas", kind: kindTechnical, weight: 250},
	{code: "SATPOLPP", name: "Satuan Polisi Pamong Praja", head: "Kepala Satuan", kind: kindOperations, weight: 700, meter: true},
	{code: "DAMKAR", name: "Dinas Pemadam Kebakaran", head: "Kepala Dinas", kind: kindOperations, weight: 450, meter: true},
	{code: "DINSOS", name: "Dinas Sosial", head: "Kepala Dinas", kind: kindService, weight: 200, meter: true, services: []service{
		{name: "Pendaftaran DTKS", rate: 15, sla: 72, defaultSLA: true, met: 0.88, sigma: 0.7, channels: chOffice},
		{name: "Rekomendasi PBI-JK", rate: 10, sla: 48, met: 0.90, sigma: 0.6, channels: chOffice},
	}},
	{code: "DISNAKER", name: "Dinas Ketenagakerjaan", head: "Kepala Dinas", kind: kindService, weight: 120, meter: true, services: []service{
		{name: "Kartu Pencari Kerja (AK-1)", rate: 25, sla: 24, met: 0.92, sigma: 0.7, channels: chOffice},
	}},
	{code: "DP3A", name: "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", head: "Kepala Dinas", kind: kindSecretariat, weight: 100},
	{code: "DPPKB", name: "Dinas Pengendalian Penduduk dan Keluarga Berencana", head: "Kepala Dinas", kind: kindSecretariat, weight: 200, meter: true},
	{code: "DKPPP", name: "Dinas Ketahanan Pangan, Pertanian dan Perikanan", head: "Kepala Dinas", kind: kindTechnical, weight: 180},
	{code: "DLH", name: "Dinas Lingkungan Hidup", head: "Kepala Dinas", kind: kindTechnical, weight: 900, meter: true},
	{code: "DISDUKCAPIL", name: "Dinas Kependudukan dan Pencatatan Sipil", head: "Kepala Dinas", kind: kindService, weight: 300, servers: true, meter: true, services: []service{
		{name: "KTP-el", rate: 110, sla: 24, met: 0.90, sigma: 0.8, channels: chDukcapil},
		{name: "Kartu Keluarga", rate: 80, sla: 48, met: 0.92, sigma: 0.7, channels: chDukcapil},
		{name: "Akta Kelahiran", rate: 50, sla: 48, met: 0.90, sigma: 0.7, channels: chDukcapil},
		{name: "Akta Kematian", rate: 15, sla: 48, met: 0.93, sigma: 0.6, channels: chDukcapil},
		{name: "KIA", rate: 25, sla: 48, met: 0.94, sigma: 0.6, channels: chDukcapil},
	}},
	{code: "DISHUB", name: "Dinas Perhubungan", head: "Kepala Dinas", kind: kindOperations, weight: 600, meter: true, services: []service{
		{name: "Uji KIR", rate: 20, sla: 24, met: 0.92, sigma: 0.6, channels: [4]float64{0.85, 0.10, 0.05, 0}},
	}},
	{code: "DISKOMINFO", name: "Dinas Komunikasi, Informatika, Statistik dan Persandian", head: "Kepala Dinas", kind: kindSecretariat, weight: 150, servers: true, meter: true, services: []service{
		{name: "Pengaduan SP4N-LAPOR!", rate: 10, sla: 120, met: 0.85, sigma: 0.9, channels: chComplaint},
	}},
	{code: "DISKOPUKM", name: "Dinas Koperasi dan Usaha Kecil Menengah", head: "Kepala Dinas", kind: kindSecretariat, weight: 100},
	{code: "DPMPTSP", name: "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", head: "Kepala Dinas", kind: kindService, weight: 180, meter: true, services: []service{
		{name: "PBG", rate: 8, sla: 168, rowSLA: true, met: 0.85, sigma: 0.5, channels: chPerizinan},
		{name: "NIB", rate: 40, sla: 24, rowSLA: true, met: 0.93, sigma: 0.8, channels: chPerizinan},
		{name: "Izin Reklame", rate: 6, sla: 120, rowSLA: true, met: 0.88, sigma: 0.6, channels: chPerizinan},
	}},
	{code: "DISBUDPAR", name: "Dinas Kebudayaan dan Pariwisata", head: "Kepala Dinas", kind: kindSecretariat, weight: 100},
	{code: "DISPORA", name: "Dinas Pemuda dan Olahraga", head: "Kepala Dinas", kind: kindSecretariat, weight: 100},
	{code: "DISPUSIP", name: "Dinas Perpustakaan dan Kearsipan", head: "Kepala Dinas", kind: kindSecretariat, weight: 100},
	{code: "DISDAGPERIN", name: "Dinas Perdagangan dan Perindustrian", head: "Kepala Dinas", kind: kindTechnical, weight: 200},
	{code: "KEC_BEKASI_BARAT", name: "Kecamatan Bekasi Barat", head: "Camat", kind: kindDistrict, weight: 115, meter: true, services: districtServices},
	{code: "KEC_BEKASI_TIMUR", name: "Kecamatan Bekasi Timur", head: "Camat", kind: kindDistrict, weight: 110, services: districtServices},
	{code: "KEC_BEKASI_UTARA", name: "Kecamatan Bekasi Utara", head: "Camat", kind: kindDistrict, weight: 120, services: districtServices},
	{code: "KEC_BEKASI_SELATAN", name: "Kecamatan Bekasi Selatan", head: "Camat", kind: kindDistrict, weight: 105, meter: true, services: districtServices},
	{code: "KEC_MEDAN_SATRIA", name: "Kecamatan Medan Satria", head: "Camat", kind: kindDistrict, weight: 100, services: districtServices},
	{code: "KEC_RAWALUMBU", name: "Kecamatan Rawalumbu", head: "Camat", kind: kindDistrict, weight: 105, services: districtServices},
	{code: "KEC_BANTARGEBANG", name: "Kecamatan Bantargebang", head: "Camat", kind: kindDistrict, weight: 100, services: districtServices},
	{code: "KEC_MUSTIKAJAYA", name: "Kecamatan Mustikajaya", head: "Camat", kind: kindDistrict, weight: 105, services: districtServices},
	{code: "KEC_JATIASIH", name: "Kecamatan Jatiasih", head: "Camat", kind: kindDistrict, weight: 110, meter: true, services: districtServices},
	{code: "KEC_JATISAMPURNA", name: "Kecamatan Jatisampurna", head: "Camat", kind: kindDistrict, weight: 100, services: districtServices},
	{code: "KEC_PONDOK_GEDE", name: "Kecamatan Pondok Gede", head: "Camat", kind: kindDistrict, weight: 110, services: districtServices},
	{code: "KEC_PONDOK_MELATI", name: "Kecamatan Pondok Melati", head: "Camat", kind: kindDistrict, weight: 100, services: districtServices},
}

// minDepartmentSize is the smallest headcount of a department, so that every
// service department has front-office staff to handle its tickets.
const minDepartmentSize = 3

// departmentIndex returns the index of the department with code, or -1.
func departmentIndex(code string) int {
	for i := range departments {
		if departments[i].code == code {
			return i
		}
	}
	return -1
}

// exemptOPDs are the departments kept 100% in the office, as Kota Bekasi's
// earlier WFA circular kept transport, civil police, health and
// disaster/fire services: policy.yaml's exempt_opds, the comparison group.
var exemptOPDs = []string{"DISHUB", "SATPOLPP", "RSUD", "DINKES", "BPBD", "DAMKAR"}

func init() {
	for _, code := range exemptOPDs {
		departments[departmentIndex(code)].exempt = true
	}
}

// exemptCodes returns the codes of the exempt departments.
func exemptCodes() []string {
	return slices.Clone(exemptOPDs)
}
