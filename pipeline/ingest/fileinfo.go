package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
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

// containers are each container's name, the extension of a name made for
// DuckDB's reader of it (duckdbPath), and what that reader is called in a
// load's line ("" where DuckDB's readers do not read it).
var containers = [...]struct{ name, ext, reader string }{
	containerCSV:     {"CSV", ".csv", "CSV"},
	containerXLSX:    {"XLSX", ".xlsx", ""},
	containerJSONL:   {"JSON Lines", ".jsonl", "JSON"},
	containerParquet: {"Parquet", ".parquet", "Parquet"},
}

func (c container) String() string { return containers[c].name }

// encoding of a text file.
type textEncoding int

const (
	encUTF8 textEncoding = iota
	encWindows1252
)

// fileInfo is what one pass over a file's bytes tells before any row is
// read: its sha256, its container (from magic bytes, then the name), and for
// text whether it is UTF-8 or Windows-1252. It also keeps what later passes
// need to make sure they read the very bytes inspect hashed (the file can
// change while it is loaded): the file's identity and times, and a quick
// digest of its bytes.
type fileInfo struct {
	path      string
	sha256    string
	digest    uint64      // maphash of the bytes (with digestSeed)
	stat      os.FileInfo // taken before inspect read the file
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

// digestSeed seeds the digest that later passes compare with inspect's:
// a 64-bit hash whose seed no file can know, so a changed file cannot
// match it but by chance (2^-64). It is much cheaper than a second sha256.
var digestSeed = maphash.MakeSeed()

// inspect reads path once: hashing it, and for text checking the encoding.
func inspect(path string) (*fileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	fi := &fileInfo{path: path, stat: st}
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
	d := newDigest()
	fr := &countingReader{r: f}
	// Every byte read is hashed, on a goroutine of its own: the text
	// check below takes the other core.
	raw := newHashingReader(fr, io.MultiWriter(h, d))
	defer raw.wait()
	if fi.container == containerCSV {
		if strings.HasSuffix(strings.TrimSuffix(name, ".gz"), ".jsonl") || strings.HasSuffix(strings.TrimSuffix(name, ".gz"), ".ndjson") {
			fi.container = containerJSONL
		}
		var text io.Reader = raw
		if fi.gzip {
			zr, err := guard(path, formatGzip, func() (*gzip.Reader, error) { return gzip.NewReader(bufio.NewReaderSize(raw, 1<<20)) })
			if errors.Is(err, ErrReaderPanic) {
				return nil, err
			}
			if err != nil {
				return nil, &pipeline.FileError{File: path, Err: fmt.Errorf("%w: %v", errTruncated, err)}
			}
			text = &safeReader{r: &gzipLimit{r: zr, path: path, size: st.Size()}, path: path, format: formatGzip}
		}
		if err := fi.checkText(text); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) {
				return nil, &pipeline.FileError{File: path, Err: fmt.Errorf("%w: %v", errTruncated, err)}
			}
			return nil, err
		}
	}
	if fi.container == containerXLSX && st.Size() > maxXLSXFile {
		return nil, &pipeline.FileError{File: path, Err: fmt.Errorf("%w: the workbook is %s; at most %s is read (save the sheet as CSV)",
			ErrLimit, sizeText(st.Size()), sizeText(maxXLSXFile))}
	}
	// The rest (a workbook's or Parquet file's every byte), for the hash,
	// in reads of 1 MiB: io.Copy to io.Discard reads 8 KB at a time, each
	// a block handed to the hashing goroutine.
	buf := make([]byte, fi.bufferFor(1<<20))
	for {
		_, err := raw.Read(buf)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if fr.n != st.Size() {
		return nil, fi.changed() // it grew or shrank while inspect read it
	}
	raw.wait()
	fi.sha256, fi.digest = hex.EncodeToString(h.Sum(nil)), d.Sum64()
	if fi.container == containerXLSX {
		if err := checkWorkbook(path, f, st.Size()); err != nil {
			return nil, err
		}
	}
	return fi, nil
}

func newDigest() *maphash.Hash {
	var d maphash.Hash
	d.SetSeed(digestSeed)
	return &d
}

// hashingReader passes on what it reads from r and writes a copy of it to
// w (the hashes) on a goroutine of its own, a few blocks behind at most;
// wait returns once w has had all of it. For the 217 MB of the default
// city's attendance, inspect took 0.21 s with the hashes in line and
// takes 0.16 s with them beside the text check.
type hashingReader struct {
	r      io.Reader
	blocks chan []byte // read, for w
	free   chan []byte // written to w, for the next read
	done   chan struct{}
	closed bool
}

func newHashingReader(r io.Reader, w io.Writer) *hashingReader {
	const ahead = 3
	t := &hashingReader{r: r, blocks: make(chan []byte, ahead), free: make(chan []byte, ahead), done: make(chan struct{})}
	for range ahead {
		t.free <- nil
	}
	go func() {
		defer close(t.done)
		for b := range t.blocks {
			w.Write(b) // hashes: no error
			t.free <- b
		}
	}()
	return t
}

func (t *hashingReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if n > 0 {
		b := <-t.free
		t.blocks <- append(b[:0], p[:n]...)
	}
	return n, err
}

// wait returns when every byte read has been written to w; the reader
// must not be read after.
func (t *hashingReader) wait() {
	if !t.closed {
		t.closed = true
		close(t.blocks)
	}
	<-t.done
}

// bufferFor is the size of a buffer for reading fi's text: limit, or less
// when the text is the file's own bytes and fewer than that (a month's
// small file need not clear megabytes for each of its passes: 1.7 ms of
// the 13 a 352-row costs file took).
func (fi *fileInfo) bufferFor(limit int) int {
	if fi.stat == nil || fi.gzip || fi.encoding != encUTF8 {
		return limit // unpacked or transcoded, the text may be longer
	}
	return int(min(int64(limit), fi.stat.Size()+16))
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// gzipLimit stops a gzip stream that unpacks to more than maxGzipRatio
// times the file's size (past gzipRatioFloor): a decompression bomb.
type gzipLimit struct {
	r    io.Reader
	path string
	size int64 // of the compressed file
	n    int64
}

func (g *gzipLimit) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	g.n += int64(n)
	if g.n > gzipRatioFloor && g.n > maxGzipRatio*g.size {
		return n, &pipeline.FileError{File: g.path, Err: fmt.Errorf("%w: the gzip stream unpacks to more than %d times the file's %s (%s so far): a decompression bomb?",
			ErrLimit, maxGzipRatio, sizeText(g.size), sizeText(g.n))}
	}
	return n, err
}

// changed is the error for a file whose bytes are no longer those inspect
// hashed.
func (fi *fileInfo) changed() error {
	return &pipeline.FileError{File: fi.path, Err: ErrChanged}
}

// open opens the file for another pass, making sure it is still the file
// inspect read: the same file (not another renamed into its place), of the
// same size and times. What the pass reads is checked against inspect's
// digest at its end (textStream.verify).
func (fi *fileInfo) open() (*os.File, error) {
	f, err := os.Open(fi.path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !sameState(fi.stat, st) {
		f.Close()
		return nil, fi.changed()
	}
	return f, nil
}

// unchanged checks that the file at its path is still the one inspect
// read, before a load commits: DuckDB's readers read the file by name.
func (fi *fileInfo) unchanged() error {
	st, err := os.Stat(fi.path)
	if err != nil || !sameState(fi.stat, st) {
		return fi.changed()
	}
	return nil
}

// sameState reports whether b is the file a was, unmodified: the same
// device and inode, size, modification time and (where the system keeps
// one) status-change time, which no program can set back.
func sameState(a, b os.FileInfo) bool {
	return os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime()) && changeTime(a).Equal(changeTime(b))
}

// checkText decides the encoding: UTF-8 if every byte sequence is valid,
// Windows-1252 if not but every byte is defined there, an error otherwise.
// A file with both valid UTF-8 characters and bytes that are not UTF-8 is
// refused, naming the first line of the encoding that came second: read
// either way, some of its text would be garbled ("JÃ¼rgen").
func (fi *fileInfo) checkText(r io.Reader) error {
	buf := make([]byte, fi.bufferFor(4<<20))
	carried := 0 // bytes of a character cut by the last read, at buf[:carried]
	first := true
	line := 1
	// The first line with a multi-byte UTF-8 character, and with a byte
	// that is not UTF-8; whether every such byte is defined in Windows-1252.
	utf8Line, badLine, cp1252 := 0, 0, true
	for {
		n, err := r.Read(buf[carried:])
		chunk := buf[:carried+n]
		carried = 0
		if first && len(chunk) > 0 {
			fi.bom = bytes.HasPrefix(chunk, []byte("\xef\xbb\xbf"))
			first = false
		}
		if bytes.IndexByte(chunk, 0) >= 0 {
			return &pipeline.FileError{File: fi.path, Err: errBinary}
		}
		next := chunk[len(chunk):]
		if err == nil {
			// The chunk may end inside a character: carry its tail over.
			if cut := incompleteTail(chunk); cut < len(chunk) {
				chunk, next = chunk[:cut], chunk[cut:]
			}
		}
		if badLine == 0 && utf8.Valid(chunk) {
			if utf8Line == 0 {
				if i := firstNonASCII(chunk); i >= 0 {
					utf8Line = line + bytes.Count(chunk[:i], []byte{'\n'})
				}
			}
		} else {
			scanEncodings(chunk, line, &utf8Line, &badLine, &cp1252)
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
	case badLine == 0:
		fi.encoding = encUTF8
	case !cp1252:
		return &pipeline.FileError{File: fi.path, Line: badLine, Err: ErrEncoding}
	case utf8Line > 0 && utf8Line < badLine:
		return &pipeline.FileError{File: fi.path, Line: badLine, Err: fmt.Errorf(
			"%w: this line is not UTF-8 (Windows-1252?), line %d is UTF-8; export the file again in one encoding", ErrMixedEncoding, utf8Line)}
	case utf8Line > 0:
		return &pipeline.FileError{File: fi.path, Line: utf8Line, Err: fmt.Errorf(
			"%w: this line is UTF-8, line %d is not (Windows-1252?); export the file again in one encoding", ErrMixedEncoding, badLine)}
	default:
		fi.encoding = encWindows1252
	}
	return nil
}

// incompleteTail returns where a character cut off by the end of b starts,
// or len(b).
func incompleteTail(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return i
			}
			break
		}
	}
	return len(b)
}

// firstNonASCII returns the index of the first byte of b above 0x7f, or -1.
func firstNonASCII(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= 0x80 {
			return i
		}
	}
	return -1
}

// scanEncodings notes, in text that starts at line, the first line with a
// valid multi-byte UTF-8 character and the first with a byte that is not
// UTF-8, and whether each such byte is defined in Windows-1252 (five bytes
// are not: 81 8D 8F 90 9D).
func scanEncodings(b []byte, line int, utf8Line, badLine *int, cp1252 *bool) {
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x80 {
			if c == '\n' {
				line++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			if *badLine == 0 {
				*badLine = line
			}
			if c == 0x81 || c == 0x8d || c == 0x8f || c == 0x90 || c == 0x9d {
				*cp1252 = false
			}
			i++
			continue
		}
		if *utf8Line == 0 {
			*utf8Line = line
		}
		i += size
	}
}

// textStream is one pass over a text file: decompressed and transcoded,
// its raw bytes digested, so that a pass that read it all can check it
// read the bytes inspect hashed (verify).
type textStream struct {
	io.Reader
	fi      *fileInfo
	raw     *countingReader // the file, as read
	digest  *maphash.Hash
	closers []io.Closer
}

// openText opens a text file as UTF-8: decompressed and transcoded. With a
// progress writer (a terminal), large files show a progress bar.
func (fi *fileInfo) openText(progress io.Writer) (*textStream, error) {
	f, err := fi.open()
	if err != nil {
		return nil, err
	}
	t := &textStream{fi: fi, digest: newDigest(), closers: []io.Closer{f}}
	t.raw = &countingReader{r: f}
	var r io.Reader = io.TeeReader(t.raw, t.digest)
	if progress != nil {
		if size := fi.stat.Size(); size > 32<<20 {
			bar := progressbar.NewOptions64(size, progressbar.OptionSetWriter(progress),
				progressbar.OptionSetDescription("reading "+displayName(filepath.Base(fi.path))), progressbar.OptionShowBytes(true),
				progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100*time.Millisecond))
			r = io.TeeReader(r, bar)
			t.closers = append(t.closers, closerFunc(bar.Finish))
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
		r = &gzipLimit{r: zr, path: fi.path, size: fi.stat.Size()}
		t.closers = append(t.closers, zr)
	}
	if fi.encoding == encWindows1252 {
		r = charmap.Windows1252.NewDecoder().Reader(r)
	}
	t.Reader = &safeReader{r: r, path: fi.path, format: format, hook: fi.readHook}
	return t, nil
}

// verify is called when a pass has read the text to its end: it reads
// what the decoders left of the file and checks that the pass read the
// bytes inspect hashed.
func (t *textStream) verify() error {
	if _, err := io.Copy(t.digest, t.raw); err != nil {
		return err
	}
	if t.raw.n != t.fi.stat.Size() || t.digest.Sum64() != t.fi.digest {
		return t.fi.changed()
	}
	return nil
}

func (t *textStream) Close() error {
	var errs []error
	for i := len(t.closers) - 1; i >= 0; i-- {
		errs = append(errs, t.closers[i].Close())
	}
	return errors.Join(errs...)
}

type closerFunc func() error

func (f closerFunc) Close() error { return f() }

// duckDBReadable reports whether DuckDB's read_csv reads the file's bytes
// as Go does: UTF-8 text, plain or gzip (the SQL says which).
func (fi *fileInfo) duckDBReadable() bool {
	switch fi.container {
	case containerCSV:
		return fi.encoding == encUTF8
	case containerJSONL:
		// read_json: UTF-8 without a byte order mark (what read_json does
		// with one is not checked).
		return fi.encoding == encUTF8 && !fi.bom
	case containerParquet:
		return true // read_parquet; its rows' text is what Go checks (parquetSource)
	}
	return false
}
