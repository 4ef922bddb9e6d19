package generate

import (
	"math/rand/v2"
	"strings"
)

// Indonesian given names and family-style names, common in West Java
// (Sundanese, Javanese, Betawi) and across Indonesia. Names are personal
// data: they appear in employees.csv only, as they would in a real export.
var (
	maleNames = []string{
		"Agus", "Ahmad", "Andi", "Arif", "Asep", "Bambang", "Budi", "Cecep", "Dadang", "Dedi",
		"Deden", "Dimas", "Eko", "Endang", "Fajar", "Firman", "Gilang", "Hadi", "Hendra", "Heru",
		"Ilham", "Irfan", "Iwan", "Joko", "Muhammad", "Nanang", "Ridwan", "Rizky", "Rudi", "Slamet",
		"Teguh", "Ujang", "Wahyu", "Yayat", "Yusuf", "Aditya", "Bayu", "Dani", "Galih", "Hafiz",
	}
	femaleNames = []string{
		"Siti", "Dewi", "Sri", "Rina", "Yuni", "Nur", "Ani", "Ratna", "Wulan", "Fitri",
		"Indah", "Intan", "Putri", "Ayu", "Rini", "Euis", "Neneng", "Lilis", "Ika", "Mega",
		"Nurul", "Rahma", "Tuti", "Yanti", "Dian", "Eka", "Maya", "Novi", "Kartika", "Anisa",
		"Cucu", "Elis", "Imas", "Nia", "Reni", "Sari", "Tati", "Vina", "Winda", "Zahra",
	}
	maleFamily = []string{
		"Santoso", "Wijaya", "Saputra", "Hidayat", "Nugroho", "Kurniawan", "Setiawan", "Pratama",
		"Permana", "Sulaeman", "Hermawan", "Gunawan", "Suryadi", "Firmansyah", "Ramadhan", "Maulana",
		"Syahputra", "Hakim", "Fauzi", "Rohman", "Munandar", "Sopandi", "Supriatna", "Rusmana",
		"Kusnadi", "Hasibuan", "Siregar", "Simanjuntak", "Lubis", "Nasution",
	}
	femaleFamily = []string{
		"Rahmawati", "Susanti", "Lestari", "Nurhayati", "Handayani", "Wulandari", "Anggraini",
		"Purnamasari", "Hasanah", "Kusumawati", "Fitriani", "Maharani", "Safitri", "Permatasari",
		"Rahayu", "Marlina", "Komalasari", "Nurjanah", "Oktaviani", "Puspitasari",
	}
	// degrees are written after the name, comma separated, as in official
	// Indonesian documents ("Dewi Lestari, S.E., M.M."): names with a
	// degree need quoting in CSV.
	degrees = map[int][]string{
		catFront:     {"A.Md.", "S.E.", "S.Sos.", "S.Kom.", "S.AP.", "S.H."},
		catBack:      {"S.E.", "S.H.", "S.Kom.", "S.Sos.", "S.I.P.", "S.AP.", "S.Ak.", "S.T.", "A.Md."},
		catField:     {"S.T.", "A.Md.", "S.Si.", "S.P."},
		catEssential: {"A.Md.Kep.", "S.Kep.", "A.Md.Keb.", "S.Farm.", "A.Md."},
	}
	masters = []string{"M.Si.", "M.M.", "M.AP.", "M.H.", "M.T."}
)

// personName returns a random name for sex (1 male, 2 female) and job
// category; doctor gets the "dr." prefix.
func personName(r *rand.Rand, sex, cat int, doctor bool) string {
	var b strings.Builder
	if doctor {
		b.WriteString("dr. ")
	} else if r.IntN(25) == 0 {
		if sex == 1 {
			b.WriteString("H. ")
		} else {
			b.WriteString("Hj. ")
		}
	}
	given, family := maleNames, maleFamily
	if sex == 2 {
		given, family = femaleNames, femaleFamily
	}
	b.WriteString(given[r.IntN(len(given))])
	switch x := r.IntN(10); {
	case x < 7:
		b.WriteByte(' ')
		b.WriteString(family[r.IntN(len(family))])
	case x < 8:
		// A single name, common in Java.
	default:
		b.WriteByte(' ')
		b.WriteString(given[r.IntN(len(given))])
	}
	if !doctor && r.IntN(100) < 45 {
		ds := degrees[cat]
		b.WriteString(", ")
		b.WriteString(ds[r.IntN(len(ds))])
		if cat == catBack && r.IntN(5) == 0 {
			b.WriteString(", ")
			b.WriteString(masters[r.IntN(len(masters))])
		}
	}
	return b.String()
}

var (
	frontPositions = []string{"Petugas Pelayanan", "Pengadministrasi Layanan", "Operator Layanan Operasional", "Penata Layanan Operasional"}
	backPositions  = []string{
		"Analis Kebijakan", "Pengadministrasi Perkantoran", "Penata Kelola Sistem dan Teknologi Informasi",
		"Analis Keuangan", "Arsiparis", "Perencana", "Analis Sumber Daya Manusia Aparatur", "Pranata Komputer",
		"Pengolah Data dan Informasi", "Pengadministrasi Perkantoran", "Pengelola Barang Milik Daerah",
		"Analis Hukum", "Auditor", "Pengelola Keuangan",
	}
	fieldPositions = map[kind][]string{
		kindSecretariat: {"Pengemudi", "Pengawas Lapangan"},
		kindService:     {"Petugas Verifikasi Lapangan", "Pengemudi"},
		kindTechnical:   {"Pengawas Lapangan", "Teknik Jalan dan Jembatan", "Pengawas Lingkungan Hidup", "Penyuluh", "Teknisi"},
		kindOperations:  {"Petugas Lapangan", "Pengemudi"},
		kindHealth:      {"Sanitarian", "Penyuluh Kesehatan Masyarakat", "Pengemudi Ambulans"},
		kindDistrict:    {"Petugas Ketenteraman dan Ketertiban", "Pengawas Lapangan"},
	}
	essentialPositions = map[string][]string{
		"RSUD":     {"Dokter", "Perawat", "Perawat", "Bidan", "Apoteker", "Perawat"},
		"DINKES":   {"Dokter", "Perawat", "Bidan", "Nutrisionis", "Perawat"},
		"SATPOLPP": {"Polisi Pamong Praja"},
		"DAMKAR":   {"Petugas Pemadam Kebakaran"},
		"DISHUB":   {"Petugas Pengatur Lalu Lintas", "Penguji Kendaraan Bermotor"},
		"BPBD":     {"Petugas Pusat Pengendalian Operasi", "Petugas Tanggap Darurat"},
	}
	otherEssential = []string{"Petugas Keamanan", "Pengemudi", "Teknisi Listrik"}
)

// position returns a random position for a job category in department d.
func position(r *rand.Rand, d *department, cat int) string {
	var list []string
	switch cat {
	case catFront:
		list = frontPositions
	case catBack:
		list = backPositions
	case catField:
		list = fieldPositions[d.kind]
	default:
		list = essentialPositions[d.code]
		if list == nil {
			list = otherEssential
		}
	}
	return list[r.IntN(len(list))]
}
