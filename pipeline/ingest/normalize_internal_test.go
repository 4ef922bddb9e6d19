package ingest

import "testing"

// normalizeASCII, where it takes a word, writes what normalizeHeader
// returns for it.
func TestNormalizeASCIIAsNormalizeHeader(t *testing.T) {
	for _, w := range []string{"Hadir", "hadir", "HADIR", "Dinas Luar", "dinas-luar", "Tanpa_Keterangan", "WFO", "x",
		" Hadir", "Hadir ", "Ha\tdir", "Sakit\r", "\ufeffHadir", "Izin\u00a0", "Über", "a-b c_D", "0-9", "~!@#", "\x7f"} {
		var buf [64]byte
		n, ok := normalizeASCII([]byte(w), buf[:])
		if ok && string(buf[:n]) != normalizeHeader(w) {
			t.Errorf("%q: %q, normalizeHeader %q", w, buf[:n], normalizeHeader(w))
		}
	}
}

func FuzzNormalizeASCII(f *testing.F) {
	f.Add("Dinas Luar")
	f.Fuzz(func(t *testing.T, w string) {
		var buf [64]byte
		if n, ok := normalizeASCII([]byte(w), buf[:]); ok && string(buf[:n]) != normalizeHeader(w) {
			t.Errorf("%q: %q, normalizeHeader %q", w, buf[:n], normalizeHeader(w))
		}
	})
}
