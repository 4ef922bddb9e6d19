package reports_test

import (
	"image/png"
	"io"
)

// darkShare returns how many pixels of a PNG are clearly not white, and
// how many there are.
func darkShare(r io.Reader) (dark, total int, err error) {
	img, err := png.Decode(r)
	if err != nil {
		return 0, 0, err
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if (r+g+bl)/3 < 0xc000 {
				dark++
			}
			total++
		}
	}
	return dark, total, nil
}
