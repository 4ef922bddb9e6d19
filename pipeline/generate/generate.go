// Package generate writes a deterministic synthetic Kota Bekasi: about 45
// departments (OPD) with their employees, daily attendance, monthly costs,
// public-service tickets and daily electricity meters, the policy config
// that describes the data (policy.yaml) and the effects planted in it
// (truth.json). The same Options always give byte-identical files.
//
// The generating model and the exact definition of every truth value are
// documented in docs/generator.md.
package generate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/bekasi/wfheval/pipeline/config"
)

// File names written by Write.
const (
	EmployeesFile  = "employees.csv"
	AttendanceFile = "attendance.csv"
	CostsFile      = "costs.csv"
	TicketsFile    = "tickets.csv"
	MetersFile     = "meters.csv"
	TruthFile      = "truth.json"
	PolicyFile     = "policy.yaml"
)

// Options say what city to generate. Zero fields take the defaults of
// DefaultOptions, except Effects: its zero value plants no effect at all.
type Options struct {
	// Seed seeds every random stream; default 1 (0 means 1).
	Seed uint64
	// Employees is the number of employees; default 12000, at least 132
	// (three per department).
	Employees int
	// From and To are the first and last dates of the data, civil dates
	// (only the date counts); default 2024-09-01 to 2025-12-31, so that
	// the reference year (September–December 2024) is in the data.
	From, To time.Time
	// Effects are the planted effect sizes.
	Effects Effects
}

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
	// Files maps each CSV file name to its number of data rows (header
	// not counted).
	Files map[string]int
	// Departments and Employees count the rows of employees.csv and the
	// departments they belong to.
	Departments, Employees int
}

// Write generates the city described by opts into dir (created if needed):
// employees.csv, attendance.csv, costs.csv, tickets.csv, meters.csv,
// truth.json and policy.yaml. Existing files of those names are replaced.
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
	type job struct {
		name string
		run  func(context.Context, *csvWriter) error
	}
	jobs := [][]job{
		{{AttendanceFile, w.writeAttendance}},
		{{EmployeesFile, w.writeEmployees}, {CostsFile, w.writeCosts}, {MetersFile, w.writeMeters}, {TicketsFile, w.writeTickets}},
	}
	rows := make([][]int, len(jobs))
	errs := make([]error, len(jobs))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for i, group := range jobs {
		rows[i] = make([]int, len(group))
		wg.Go(func() {
			for j, jb := range group {
				n, err := writeCSV(ctx, filepath.Join(dir, jb.name), jb.run)
				if err != nil {
					errs[i] = fmt.Errorf("writing %s: %w", jb.name, err)
					cancel()
					return
				}
				rows[i][j] = n
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

	sum := Summary{Files: map[string]int{}, Departments: len(departments), Employees: len(w.emps)}
	for i, group := range jobs {
		for j, jb := range group {
			sum.Files[jb.name] = rows[i][j]
		}
	}
	return sum, nil
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
