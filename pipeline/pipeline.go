// Package pipeline is the root of wfheval's data path. Its subpackages are the
// stages a file passes through, in order:
//
//	generate  a synthetic city with planted effects (sample and test data)
//	config    the policy config: baseline, phases, exemptions, calendar, schedule
//	holidays  Indonesian national holidays and cuti bersama
//	ingest    files → validated rows → DuckDB, with rejects and a load log
//	store     the DuckDB file: opening, set-up, schema migrations
//	evaluate  baseline vs phases: levels, effects, recommendations
//	summary   the evaluation's model (summary.json) and the metric catalogue
//	explore   the analysts' read-only SQL console and named queries
//
// Reports (charts, PDF, HTML, XLSX) live in the top-level reports package and
// read only the summary package's model, never the database.
package pipeline

import "runtime/debug"

// Version is wfheval's version. Release builds set it with
// -ldflags "-X github.com/bekasi/wfheval/pipeline.Version=v1.2.3"; otherwise
// it is taken from the module's build info.
var Version = ""

// ToolVersion returns Version, or the module version and VCS revision the
// binary was built from, or "devel".
func ToolVersion() string {
	if Version != "" {
		return Version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	v := info.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += "+" + s.Value[:12]
		}
	}
	return v
}
