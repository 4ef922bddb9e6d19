package holidays

import "time"

// tables holds each tabled year's days, sorted by date. Names follow the
// decrees; from 2025 the decrees use "Yesus Kristus" where 2024 used
// "Isa Al Masih" (Keppres 8/2024 renamed the Christian holidays).
//
// Islamic holidays are set in advance from the calendar of the Ministry of
// Religious Affairs; if a later isbat moves one, the government amends the
// SKB. The lists below include every amendment known when they were written
// (see each year's comment); a later amendment must be added here.
var tables = map[int][]Holiday{
	2024: y2024,
	2025: y2025,
	2026: y2026,
}

// 2024: SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB
// Nomor 855 Tahun 2023, Nomor 3 Tahun 2023, Nomor 4 Tahun 2023 (12 Sep 2023):
// 17 libur nasional and 10 cuti bersama. Two election days were declared
// national holidays by presidential decree on top of the SKB:
// Keppres 10/2024 (Pemilu, 14 Feb) and Keppres 33/2024 (Pilkada, 27 Nov).
var y2024 = []Holiday{
	libur(2024, 1, 1, "Tahun Baru 2024 Masehi"),
	libur(2024, 2, 8, "Isra Mikraj Nabi Muhammad SAW"),
	cuti(2024, 2, 9, "Cuti Bersama Tahun Baru Imlek 2575 Kongzili"),
	libur(2024, 2, 10, "Tahun Baru Imlek 2575 Kongzili"),
	libur(2024, 2, 14, "Hari Pemungutan Suara Pemilihan Umum Tahun 2024"), // Keppres 10/2024
	libur(2024, 3, 11, "Hari Suci Nyepi Tahun Baru Saka 1946"),
	cuti(2024, 3, 12, "Cuti Bersama Hari Suci Nyepi Tahun Baru Saka 1946"),
	libur(2024, 3, 29, "Wafat Isa Al Masih"),
	libur(2024, 3, 31, "Hari Paskah"),
	cuti(2024, 4, 8, "Cuti Bersama Hari Raya Idul Fitri 1445 Hijriah"),
	cuti(2024, 4, 9, "Cuti Bersama Hari Raya Idul Fitri 1445 Hijriah"),
	libur(2024, 4, 10, "Hari Raya Idul Fitri 1445 Hijriah"),
	libur(2024, 4, 11, "Hari Raya Idul Fitri 1445 Hijriah"),
	cuti(2024, 4, 12, "Cuti Bersama Hari Raya Idul Fitri 1445 Hijriah"),
	cuti(2024, 4, 15, "Cuti Bersama Hari Raya Idul Fitri 1445 Hijriah"),
	libur(2024, 5, 1, "Hari Buruh Internasional"),
	libur(2024, 5, 9, "Kenaikan Isa Al Masih"),
	cuti(2024, 5, 10, "Cuti Bersama Kenaikan Isa Al Masih"),
	libur(2024, 5, 23, "Hari Raya Waisak 2568 BE"),
	cuti(2024, 5, 24, "Cuti Bersama Hari Raya Waisak 2568 BE"),
	libur(2024, 6, 1, "Hari Lahir Pancasila"),
	libur(2024, 6, 17, "Hari Raya Idul Adha 1445 Hijriah"),
	cuti(2024, 6, 18, "Cuti Bersama Hari Raya Idul Adha 1445 Hijriah"),
	libur(2024, 7, 7, "Tahun Baru Islam 1446 Hijriah"),
	libur(2024, 8, 17, "Hari Kemerdekaan Republik Indonesia"),
	libur(2024, 9, 16, "Maulid Nabi Muhammad SAW"),
	libur(2024, 11, 27, "Hari Pemungutan Suara Pemilihan Kepala Daerah Serentak Tahun 2024"), // Keppres 33/2024
	libur(2024, 12, 25, "Hari Raya Natal"),
	cuti(2024, 12, 26, "Cuti Bersama Hari Raya Natal"),
}

// 2025: SKB Nomor 1017 Tahun 2024, Nomor 2 Tahun 2024, Nomor 2 Tahun 2024
// (14 Oct 2024): 17 libur nasional and 10 cuti bersama; amended by SKB
// Nomor 933 Tahun 2025, Nomor 1 Tahun 2025, Nomor 3 Tahun 2025 (7 Aug 2025),
// which added cuti bersama on Monday 18 Aug 2025 for the 80th Independence Day.
var y2025 = []Holiday{
	libur(2025, 1, 1, "Tahun Baru 2025 Masehi"),
	libur(2025, 1, 27, "Isra Mikraj Nabi Muhammad S.A.W."),
	cuti(2025, 1, 28, "Cuti Bersama Tahun Baru Imlek 2576 Kongzili"),
	libur(2025, 1, 29, "Tahun Baru Imlek 2576 Kongzili"),
	cuti(2025, 3, 28, "Cuti Bersama Hari Suci Nyepi (Tahun Baru Saka 1947)"),
	libur(2025, 3, 29, "Hari Suci Nyepi (Tahun Baru Saka 1947)"),
	libur(2025, 3, 31, "Idul Fitri 1446 Hijriah"),
	libur(2025, 4, 1, "Idul Fitri 1446 Hijriah"),
	cuti(2025, 4, 2, "Cuti Bersama Idul Fitri 1446 Hijriah"),
	cuti(2025, 4, 3, "Cuti Bersama Idul Fitri 1446 Hijriah"),
	cuti(2025, 4, 4, "Cuti Bersama Idul Fitri 1446 Hijriah"),
	cuti(2025, 4, 7, "Cuti Bersama Idul Fitri 1446 Hijriah"),
	libur(2025, 4, 18, "Wafat Yesus Kristus"),
	libur(2025, 4, 20, "Kebangkitan Yesus Kristus (Paskah)"),
	libur(2025, 5, 1, "Hari Buruh Internasional"),
	libur(2025, 5, 12, "Hari Raya Waisak 2569 BE"),
	cuti(2025, 5, 13, "Cuti Bersama Hari Raya Waisak 2569 BE"),
	libur(2025, 5, 29, "Kenaikan Yesus Kristus"),
	cuti(2025, 5, 30, "Cuti Bersama Kenaikan Yesus Kristus"),
	libur(2025, 6, 1, "Hari Lahir Pancasila"),
	libur(2025, 6, 6, "Idul Adha 1446 Hijriah"),
	cuti(2025, 6, 9, "Cuti Bersama Idul Adha 1446 Hijriah"),
	libur(2025, 6, 27, "1 Muharam Tahun Baru Islam 1447 Hijriah"),
	libur(2025, 8, 17, "Proklamasi Kemerdekaan"),
	cuti(2025, 8, 18, "Cuti Bersama Hari Ulang Tahun ke-80 Kemerdekaan Republik Indonesia"), // SKB 933/2025 amendment
	libur(2025, 9, 5, "Maulid Nabi Muhammad S.A.W."),
	libur(2025, 12, 25, "Kelahiran Yesus Kristus"),
	cuti(2025, 12, 26, "Cuti Bersama Kelahiran Yesus Kristus"),
}

// 2026: SKB Nomor 1497 Tahun 2025, Nomor 2 Tahun 2025, Nomor 5 Tahun 2025
// (announced 19 Sep 2025): 17 libur nasional and 8 cuti bersama. No amendment
// was known when this was written. The Islamic dates (Isra Mikraj 16 Jan,
// Idul Fitri 21–22 Mar, Idul Adha 27 May, 1 Muharam 16 Jun, Maulid 25 Aug)
// are the decree's advance dates and may still move after an isbat.
var y2026 = []Holiday{
	libur(2026, 1, 1, "Tahun Baru 2026 Masehi"),
	libur(2026, 1, 16, "Isra Mikraj Nabi Muhammad S.A.W."),
	cuti(2026, 2, 16, "Cuti Bersama Tahun Baru Imlek 2577 Kongzili"),
	libur(2026, 2, 17, "Tahun Baru Imlek 2577 Kongzili"),
	cuti(2026, 3, 18, "Cuti Bersama Hari Suci Nyepi (Tahun Baru Saka 1948)"),
	libur(2026, 3, 19, "Hari Suci Nyepi (Tahun Baru Saka 1948)"),
	cuti(2026, 3, 20, "Cuti Bersama Idul Fitri 1447 Hijriah"),
	libur(2026, 3, 21, "Idul Fitri 1447 Hijriah"),
	libur(2026, 3, 22, "Idul Fitri 1447 Hijriah"),
	cuti(2026, 3, 23, "Cuti Bersama Idul Fitri 1447 Hijriah"),
	cuti(2026, 3, 24, "Cuti Bersama Idul Fitri 1447 Hijriah"),
	libur(2026, 4, 3, "Wafat Yesus Kristus"),
	libur(2026, 4, 5, "Kebangkitan Yesus Kristus (Paskah)"),
	libur(2026, 5, 1, "Hari Buruh Internasional"),
	libur(2026, 5, 14, "Kenaikan Yesus Kristus"),
	cuti(2026, 5, 15, "Cuti Bersama Kenaikan Yesus Kristus"),
	libur(2026, 5, 27, "Idul Adha 1447 Hijriah"),
	cuti(2026, 5, 28, "Cuti Bersama Idul Adha 1447 Hijriah"),
	libur(2026, 5, 31, "Hari Raya Waisak 2570 BE"),
	libur(2026, 6, 1, "Hari Lahir Pancasila"),
	libur(2026, 6, 16, "1 Muharam Tahun Baru Islam 1448 Hijriah"),
	libur(2026, 8, 17, "Proklamasi Kemerdekaan"),
	libur(2026, 8, 25, "Maulid Nabi Muhammad S.A.W."),
	cuti(2026, 12, 24, "Cuti Bersama Kelahiran Yesus Kristus"),
	libur(2026, 12, 25, "Kelahiran Yesus Kristus"),
}

func libur(y int, m time.Month, d int, name string) Holiday {
	return Holiday{Date: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), Name: name}
}

func cuti(y int, m time.Month, d int, name string) Holiday {
	return Holiday{Date: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), Name: name, CutiBersama: true}
}
