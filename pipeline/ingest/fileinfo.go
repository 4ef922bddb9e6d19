package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/text/encoding/charmap"

	"github.com/bekasi/wfheval/pipeline"
)

// container is the file format around the rows.
type container int

const (
	containerCSV container = iota // CSV or TSV, delimiter sniffed; maybe gzip-compressed
	containerXLSX
	containerJSONL
	containerParquet
)

func (c container) String() string {
	return [...]string{"CSV", "XLSX", "JSON Lines", "Parquet"}[c]
}

// encoding of a text file.
type textEncoding int

const (
	encUTF8 textEncoding = iota
	encWindows1252
)

// fileInfo is what one pass over a file's bytes tells before any row is
// read: its sha256, its container (from magic bytes, then the name), and for
// text whether it is UTF-8 or Windows-1252.
type fileInfo struct {
	path      string
	sha256    string
	container container
	gzip      bool
	encoding  textEncoding
	bom       bool
	readHook  readHook // tests: see SetReadHook
}

var (
	errBinary    = errors.New("binary data, not a text export (NUL bytes)")
	errTruncated = errors.New("compressed data is truncated or corrupt")
)

// inspect reads path once: hashing it, and for text checking the encoding.
func inspect(path string) (*fileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi := &fileInfo{path: path}
	var magic [4]byte
	n, _ := f.ReadAt(magic[:], 0)
	name := strings.ToLower(path)
	switch {
	case bytes.HasPrefix(magic[:n], []byte("PK\x03\x04")):
		fi.container = containerXLSX
	case bytes.HasPrefix(magic[:n], []byte("PAR1")):
		fi.container = containerParquet
	case bytes.HasPrefix(magic[:n], []byte{0x1f, 0x8b}):
		fi.gzip = true
	}
	h := sha256.New()
	raw := io.TeeReader(f, h) // every byte read is hashed
	if fi.container == containerCSV {
		if strings.HasSuffix(strings.TrimSuffix(name, ".gz"), ".jsonl") || strings.HasSuffix(strings.TrimSuffix(name, ".gz"), ".ndjson") {
			fi.container = containerJSONL
		}
		text := raw
		if fi.gzip {
			zr, err := guard(path, formatGzip, func() (*gzip.Reader, error) { return gzip.NewReader(bufio.NewReaderSize(raw, 1<<20)) })
			if errors.Is(err, ErrReaderPanic) {
				return nil, err
			}
			if err != nil {
				return nil, &pipeline.FileError{File: path, Err: fmt.Errorf("%w: %v", errTruncated, err)}
			}
			text = &safeReader{r: zr, path: path, format: formatGzip}
		}
		if err := fi.checkText(text); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) {
				return nil, &pipeline.FileError{File: path, Err: fmt.Errorf("%w: %v", errTruncated, err)}
			}
			return nil, err
		}
	}
	if _, err := io.Copy(io.Discard, raw); err != nil { // the rest, for the hash
		return nil, err
	}
	fi.sha256 = hex.EncodeToString(h.Sum(nil))
	return fi, nil
}

// checkText decides the encoding: UTF-8 if every byte sequence is valid,
// Windows-1252 if not but every byte is defined there, an error otherwise.
func (fi *fileInfo) checkText(r io.Reader) error {
	buf := make([]byte, 4<<20)
	carried := 0 // bytes of a character cut by the last read, at buf[:carried]
	valid, cp1252, first := true, true, true
	line, badLine := 1, 0
	for {
		n, err := r.Read(buf[carried:])
		chunk := buf[:carried+n]
		carried = 0
		if first && n > 0 {
			fi.bom = bytes.HasPrefix(chunk, []byte("\xef\xbb\xbf"))
			first = false
		}
		if bytes.IndexByte(chunk, 0) >= 0 {
			return &pipeline.FileError{File: fi.path, Err: errBinary}
		}
		next := chunk[len(chunk):]
		if valid && !utf8.Valid(chunk) {
			// The chunk may end inside a character: carry its tail over.
			cut := len(chunk)
			for i := len(chunk) - 1; i >= 0 && i >= len(chunk)-utf8.UTFMax; i-- {
				if utf8.RuneStart(chunk[i]) {
					if !utf8.FullRune(chunk[i:]) {
						cut = i
					}
					break
				}
			}
			if err == nil && cut < len(chunk) && utf8.Valid(chunk[:cut]) {
				chunk, next = chunk[:cut], chunk[cut:]
			} else {
				valid = false
				badLine = line + bytes.Count(chunk[:firstInvalid(chunk)], []byte{'\n'})
			}
		}
		if !valid && cp1252 {
			// Five bytes have no character in Windows-1252.
			for _, b := range chunk {
				if b == 0x81 || b == 0x8d || b == 0x8f || b == 0x90 || b == 0x9d {
					cp1252 = false
				}
			}
		}
		line += bytes.Count(chunk, []byte{'\n'})
		carried = copy(buf, next)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	switch {
	case valid:
		fi.encoding = encUTF8
	case cp1252:
		fi.encoding = encWindows1252
	default:
		return &pipeline.FileError{File: fi.path, Line: badLine, Err: ErrEncoding}
	}
	return nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// openText opens a text file as UTF-8: decompressed and transcoded. With a
// progress writer (a terminal), large files show a progress bar.
func (fi *fileInfo) openText(progress io.Writer) (io.ReadCloser, error) {
	f, err := os.Open(fi.path)
	if err != nil {
		return nil, err
	}
	var r io.Reader = f
	closers := []io.Closer{f}
	if progress != nil {
		if st, err := f.Stat(); err == nil && st.Size() > 32<<20 {
			bar := progressbar.NewOptions64(st.Size(), progressbar.OptionSetWriter(progress),
				progressbar.OptionSetDescription("reading "+filepath.Base(fi.path)), progressbar.OptionShowBytes(true),
				progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100*time.Millisecond))
			r = io.TeeReader(f, bar)
			closers = append(closers, closerFunc(bar.Finish))
		}
	}
	format := formatText
	if fi.gzip {
		format = formatGzip
		zr, err := guard(fi.path, format, func() (*gzip.Reader, error) { return gzip.NewReader(bufio.NewReaderSize(r, 1<<20)) })
		if err != nil {
			f.Close()
			if errors.Is(err, ErrReaderPanic) {
				return nil, err
			}
			return nil, &pipeline.FileError{File: fi.path, Err: fmt.Errorf("%w: %v", errTruncated, err)}
		}
		r = zr
		closers = append(closers, zr)
	}
	if fi.encoding == encWindows1252 {
		r = charmap.Windows1252.NewDecoder().Reader(r)
	}
	r = &safeReader{r: r, path: fi.path, format: format, hook: fi.readHook}
	return &multiCloser{Reader: r, closers: closers}, nil
}

type closerFunc func() error

func (f closerFunc) Close() error { return f() }

type multiCloser struct {
	io.Reader
	closers []io.Closer
}

func (m *multiCloser) Close() error {
	var errs []error
	for i := len(m.closers) - 1; i >= 0; i-- {
		errs = append(errs, m.closers[i].Close())
	}
	return errors.Join(errs...)
}

// duckDBReadable reports whether DuckDB's read_csv reads the file's bytes
// as Go does: UTF-8, plain or gzip with a name DuckDB recognises.
func (fi *fileInfo) duckDBReadable() bool {
	if fi.container != containerCSV || fi.encoding != encUTF8 {
		return false
	}
	return !fi.gzip || strings.EqualFold(filepath.Ext(fi.path), ".gz")
}
