// Package generate writes a deterministic synthetic Kota Bekasi: about 45
// departments (OPD) with their employees, daily attendance, monthly costs,
// public-service tickets and daily electricity meters, the policy config
// that describes the data (policy.yaml) and the effects planted in it
// (truth.json). The same Options always give byte-identical files. The
// data files come as canonical CSV or, with the same content, as the
// Indonesian-locale exports of the departments' systems (FormatID), with
// optionally a known set of faulty rows planted for a loader to reject,
// and as single files or one file per month. The city covers the 2025
// trial; past 2025-12-31 it continues under a continuing Thursday policy,
// and the rows of a date never depend on how far the data run.
//
// The generating model and the exact definition of every truth value are
// documented in docs/generator.md.
package generate

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
)

// File names written by Write. The canonical format writes the five CSV
// files; the Indonesian format (FormatID) writes the employees as
// EmployeesXLSXFile and the tickets as TicketsJSONLFile instead, and the
// planted bad rows' ExpectedRejectsFile when there are any.
const (
	EmployeesFile       = "employees.csv"
	AttendanceFile      = "attendance.csv"
	CostsFile           = "costs.csv"
	TicketsFile         = "tickets.csv"
	MetersFile          = "meters.csv"
	TruthFile           = "truth.json"
	PolicyFile          = "policy.yaml"
	EmployeesXLSXFile   = "employees.xlsx"
	TicketsJSONLFile    = "tickets.jsonl"
	ExpectedRejectsFile = "expected_rejects.json"
)

// Formats of the data files (Options.Format).
const (
	// FormatCanonical is comma-separated CSV with the contract's English
	// column names and values: ISO dates, plain numbers.
	FormatCanonical = "canonical"
	// FormatID writes the same city as Indonesian-locale exports:
	// semicolon CSV with title lines and Indonesian headers and words,
	// spaced NIPs, day-first dates, Rp amounts with decimal commas, the
	// employee list as an XLSX workbook and the tickets as JSON Lines.
	FormatID = "id"
)

// FileFormat is a form of the data files: its name (Options.Format,
// wfheval's --format), what it writes, and the files that make it.
type FileFormat struct {
	Name        string
	Description string // for help texts
	// BadRows says whether Options.BadRows can plant faulty rows in it.
	BadRows bool
	// jobs returns the data files in two groups written concurrently:
	// attendance, and everything else.
	jobs func(w *world) [][]job
}

// Formats lists the forms of the data files, the default first. Help
// texts, Options' validation and Write derive from it.
var Formats = []FileFormat{
	{Name: FormatCanonical, Description: "English CSV", jobs: (*world).canonicalJobs},
	{Name: FormatID, Description: "Indonesian-locale exports: semicolon CSV with title lines, XLSX, JSON Lines",
		BadRows: true, jobs: (*world).indonesianJobs},
	{Name: FormatParquet, Description: "typed Parquet files of the canonical columns", jobs: (*world).parquetJobs},
}

// FormatNames returns the names of Formats, in order.
func FormatNames() []string {
	out := make([]string, len(Formats))
	for i, f := range Formats {
		out[i] = f.Name
	}
	return out
}

// FormatByName returns the format named name, or nil.
func FormatByName(name string) *FileFormat {
	for i := range Formats {
		if Formats[i].Name == name {
			return &Formats[i]
		}
	}
	return nil
}

// badRowFormats returns the names of the formats that can hold planted
// bad rows.
func badRowFormats() []string {
	var out []string
	for _, f := range Formats {
		if f.BadRows {
			out = append(out, f.Name)
		}
	}
	return out
}

// Options say what city to generate. Zero fields take the defaults of
// DefaultOptions, except Effects: its zero value plants no effect at all.
type Options struct {
	// Seed seeds every random stream; default 1 (0 means 1).
	Seed uint64
	// Employees is the number of employees; default 12000, from
	// MinEmployees to MaxEmployees.
	Employees int
	// From and To are the first and last dates of the data, civil dates
	// (only the date counts); default 2024-09-01 to 2025-12-31, so that
	// the reference year (September–December 2024) is in the data.
	From, To time.Time
	// Effects are the planted effect sizes.
	Effects Effects
	// Format is the form of the data files: FormatCanonical (the default;
	// "" means it) or FormatID. Both formats hold the same city: the same
	// options give the same employees, days and values, and the same
	// truth.json and policy.yaml.
	Format string
	// BadRows plants a small known set of faulty rows in the data files,
	// as extra rows (the good rows are the same as without them), and
	// lists where a loader must reject them in expected_rejects.json. Only
	// with FormatID, where it is the usual choice (wfheval generate
	// --format id turns it on); DefaultOptions leaves it off.
	BadRows bool
	// MonthlyFiles writes attendance, costs and tickets as one file per
	// calendar month of the data, as departments send them
	// (MonthlyFileName: attendance_2026-01.csv, costs_2026-01.csv,
	// tickets_2026-01.csv or .jsonl), each in the form of the single file
	// (its own title lines and header), with the same rows in total.
	// Employees and meters stay one file each.
	MonthlyFiles bool
}

// Bounds of Options.Employees: MinEmployees is three per department (the
// smallest department the generator builds, 44 departments).
const (
	MinEmployees = 132
	MaxEmployees = 1_000_000
)

// DefaultOptions returns the default city: seed 1, 12,000 employees,
// 2024-09-01 to 2025-12-31, DefaultEffects.
func DefaultOptions() Options {
	return Options{
		Seed:      1,
		Employees: 12000,
		From:      civilDate(2024, 9, 1),
		To:        civilDate(2025, 12, 31),
		Effects:   DefaultEffects(),
	}
}

// Summary says what Write wrote.
type Summary struct {
	// Files maps each data file's name (with its extension) to its number
	// of data rows, planted bad rows included: the rows a loader reads,
	// not counting title lines, the header or blank lines.
	Files map[string]int
	// BadRows maps each data file with planted bad rows to their number;
	// a loader loads Files[name] − BadRows[name] rows of it. Empty without
	// Options.BadRows.
	BadRows map[string]int
	// Departments and Employees count the employees (the rows of the
	// employee file, planted bad rows not counted) and the departments
	// they belong to.
	Departments, Employees int
}

// Write generates the city described by opts into dir (created if needed):
// the five data files of opts.Format (with opts.MonthlyFiles attendance,
// costs and tickets as one file per month), truth.json and policy.yaml, and
// with opts.BadRows expected_rejects.json. Existing files of those names
// are replaced; the data files of the other format, the single or monthly
// files not written and a stale expected_rejects.json are removed, so that
// dir holds one city.
func Write(ctx context.Context, dir string, opts Options) (Summary, error) {
	w, err := newWorld(opts)
	if err != nil {
		return Summary{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Summary{}, fmt.Errorf("creating output directory: %w", err)
	}
	policy, err := w.cfg.Marshal()
	if err != nil {
		return Summary{}, fmt.Errorf("writing %s: %w", PolicyFile, err)
	}
	if err := os.WriteFile(filepath.Join(dir, PolicyFile), policy, 0o644); err != nil {
		return Summary{}, fmt.Errorf("writing %s: %w", PolicyFile, err)
	}

	// Attendance is most of the work; the other files are written
	// alongside it. Every file has its own random streams, so the output
	// does not depend on scheduling.
	jobs := w.jobs()
	outs := make([][]fileOutput, len(jobs))
	errs := make([]error, len(jobs))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for i, group := range jobs {
		outs[i] = make([]fileOutput, len(group))
		wg.Go(func() {
			for j, jb := range group {
				out := &outs[i][j]
				out.planted = planter{file: jb.name, on: w.opts.BadRows}
				if err := jb.write(ctx, dir, out); err != nil {
					errs[i] = fmt.Errorf("writing %s: %w", jb.name, err)
					cancel()
					return
				}
			}
		})
	}
	truth := w.truth()
	wg.Wait()
	// A failing writer cancels the other: report the cause, not the
	// cancellation it caused.
	var first error
	for _, err := range errs {
		if err != nil && (first == nil || errors.Is(first, context.Canceled)) {
			first = err
		}
	}
	if first != nil {
		return Summary{}, first
	}
	if err := writeJSON(filepath.Join(dir, TruthFile), truth); err != nil {
		return Summary{}, fmt.Errorf("writing %s: %w", TruthFile, err)
	}

	sum := Summary{Files: map[string]int{}, BadRows: map[string]int{}, Departments: len(departments), Employees: len(w.emps)}
	written := map[string]bool{}
	var rejects []ExpectedReject
	for i, group := range jobs {
		for j, jb := range group {
			out := &outs[i][j]
			files := out.files
			if files == nil {
				files = map[string]int{jb.name: out.rows}
			}
			for name, n := range files {
				sum.Files[name] = n
				written[name] = true
			}
			for _, r := range out.planted.rejects {
				sum.BadRows[r.File]++
			}
			rejects = append(rejects, out.planted.rejects...)
		}
	}
	if w.opts.BadRows {
		slices.SortFunc(rejects, func(a, b ExpectedReject) int {
			return cmp.Or(cmp.Compare(fileOrder(a.File), fileOrder(b.File)), cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
		})
		written[ExpectedRejectsFile] = true
		doc := ExpectedRejects{SchemaVersion: 1, Rejects: rejects}
		if err := writeJSON(filepath.Join(dir, ExpectedRejectsFile), doc); err != nil {
			return Summary{}, fmt.Errorf("writing %s: %w", ExpectedRejectsFile, err)
		}
	}
	stale := slices.Clone(generatedFiles)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return Summary{}, fmt.Errorf("listing %s: %w", dir, err)
	}
	for _, e := range entries {
		if monthlyFileRE.MatchString(e.Name()) {
			stale = append(stale, e.Name())
		}
	}
	for _, name := range stale {
		if !written[name] {
			if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return Summary{}, fmt.Errorf("removing the stale %s: %w", name, err)
			}
		}
	}
	return sum, nil
}

// generatedFiles are the data files of either format and the expected
// rejects, in the order the loader takes them (parents first).
var generatedFiles = []string{
	EmployeesFile, EmployeesXLSXFile, parquetName(EmployeesFile), AttendanceFile, parquetName(AttendanceFile), CostsFile, parquetName(CostsFile),
	TicketsFile, TicketsJSONLFile, parquetName(TicketsFile), MetersFile, parquetName(MetersFile), ExpectedRejectsFile,
}

// fileOrder is the place of a data file (or of the single file a monthly
// file is part of) in generatedFiles.
func fileOrder(name string) int { return slices.Index(generatedFiles, monthlyBase(name)) }

// fileOutput is what writing one data file gave.
type fileOutput struct {
	rows int // data rows, planted bad rows included
	// files are the data rows per file of a file written as monthly
	// files (Options.MonthlyFiles); nil for a single file.
	files   map[string]int
	planted planter
}

// job writes one data file, or its monthly files, into dir.
type job struct {
	name  string
	write func(ctx context.Context, dir string, out *fileOutput) error
}

// textJob is a job that writes delimited text (or JSON Lines) with run;
// with monthly and Options.MonthlyFiles, one file per month.
func (w *world) textJob(name string, comma byte, monthly bool, run func(context.Context, *csvWriter, *planter) error) job {
	return job{name, func(ctx context.Context, dir string, out *fileOutput) error {
		write := func(ctx context.Context, c *csvWriter) error { return run(ctx, c, &out.planted) }
		if monthly && w.opts.MonthlyFiles {
			files, err := w.writeMonthly(ctx, dir, name, comma, &out.planted, write)
			out.files = files
			return err
		}
		n, err := writeText(ctx, filepath.Join(dir, name), comma, write)
		out.rows = n
		return err
	}}
}

// canonical adapts a canonical writer, which plants nothing.
func canonical(run func(context.Context, *csvWriter) error) func(context.Context, *csvWriter, *planter) error {
	return func(ctx context.Context, c *csvWriter, _ *planter) error { return run(ctx, c) }
}

// jobs returns the data files of the format in two groups written
// concurrently: attendance, and everything else.
func (w *world) jobs() [][]job { return FormatByName(w.opts.Format).jobs(w) }

// indonesianJobs are the files of FormatID.
func (w *world) indonesianJobs() [][]job {
	xlsx := job{EmployeesXLSXFile, func(ctx context.Context, dir string, out *fileOutput) error {
		return w.writeEmployeesXLSX(ctx, filepath.Join(dir, EmployeesXLSXFile), out)
	}}
	return [][]job{
		{w.textJob(AttendanceFile, ';', true, w.writeAttendanceID)},
		{xlsx, w.textJob(CostsFile, ';', true, w.writeCostsID),
			w.textJob(MetersFile, ';', false, w.writeMetersID), w.textJob(TicketsJSONLFile, 0, true, w.writeTicketsJSONL)},
	}
}

// canonicalJobs are the files of FormatCanonical.
func (w *world) canonicalJobs() [][]job {
	return [][]job{
		{w.textJob(AttendanceFile, ',', true, canonical(w.writeAttendance))},
		{w.textJob(EmployeesFile, ',', false, canonical(w.writeEmployees)), w.textJob(CostsFile, ',', true, canonical(w.writeCosts)),
			w.textJob(MetersFile, ',', false, canonical(w.writeMeters)), w.textJob(TicketsFile, ',', true, canonical(w.writeTickets))},
	}
}

// Policy returns the policy config that describes the city opts generate:
// config.Default with the national holidays and cuti bersama of the data's
// range, the exempt departments and the SLA of every service. Write writes
// it as policy.yaml.
func Policy(opts Options) (*config.Config, error) {
	opts, err := normalize(opts)
	if err != nil {
		return nil, err
	}
	return policy(opts)
}

func civilDate(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func civil(t time.Time) time.Time {
	return civilDate(t.Year(), t.Month(), t.Day())
}
