#!/bin/bash
# End-to-end benchmark ([G] 4, docs/performance.md): wfheval (ingest +
# evaluate + reports, and ingest + evaluate to summary.json alone) against
# bench/e2e/pandas_eval.py (read + compute the decisions and savings) on the
# same demo-sized exports, side by side in one run.
#
#   bash bench/e2e/run.sh [EMPLOYEES]      (default 12000, the demo city)
#
# Needs a python3 with pandas, numpy, scipy and PyYAML (Debian: apt-get install
# python3-pandas python3-scipy python3-yaml;
# PYTHON=/usr/bin/python3 picks that one when another python3 comes first).
PY=${PYTHON:-python3}
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-12000}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
go build -o "$W/wfheval" ./cmd/wfheval
"$W/wfheval" generate --employees "$N" --to 2025-12-31 --out "$W/city" >/dev/null
# wfheval FORMAT: ingest into a fresh database, then evaluate with the
# reports FORMAT names ("all": every report; "json": summary.json only,
# the numbers without the pages); prints the seconds.
wfheval() {
  rm -rf "$W/db.duckdb" "$W/db.duckdb.wal" "$W/out"
  { /usr/bin/time -f "%e" bash -c "'$W/wfheval' ingest --db '$W/db.duckdb' '$W'/city/*.csv >/dev/null 2>&1 && '$W/wfheval' evaluate --db '$W/db.duckdb' --config '$W/city/policy.yaml' --format $1 --out '$W/out' >/dev/null 2>&1"; } 2>&1
}
for i in 1 2 3; do
  j=$(wfheval json)
  w=$(wfheval all)
  p=$( { /usr/bin/time -f "%e" "$PY" bench/e2e/pandas_eval.py "$W/city" "$W/pandas.json"; } 2>&1 )
  echo "run $i: wfheval ${w} s (ingest + evaluate + all reports), ${j} s (ingest + evaluate to summary.json), pandas ${p} s (decisions and savings): pandas / wfheval = $("$PY" -c "print(round($p/$w, 2))") (all reports), $("$PY" -c "print(round($p/$j, 2))") (summary.json)"
done
# The two agree? The city's Thursday attendance DiD, every department's
# decision and the city's savings, side by side.
"$PY" - "$W/out/summary.json" "$W/pandas.json" <<'PY'
import json, sys
s, p = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
ef = {(e["metric"], e["phase"], e["estimand"], e["scope"], e.get("scope_value")): e for e in s["effects"]}
a = ef[("attendance_rate", "phase1", "wfh_day_did", "all", None)]
pa = p["effects"]["attendance_rate/phase1"]["(all)"]
print("city attendance Thursday DiD: wfheval %.5f [%.5f, %.5f], pandas %.5f [%.5f, %.5f]" % (
    a["estimate"], a["ci_low"], a["ci_high"], *pa))
w = {r["opd_code"]: (r["decision"], r["scheme"]) for r in s["recommendations"]}
same = [r["opd_code"] for r in p["recommendations"] if w[r["opd_code"]] == (r["decision"], r["scheme"])]
print("decisions: the same in %d of %d departments" % (len(same), len(w)))
for x, y in zip(s["savings"], p["savings"]):
    print("%s saving in 2026: wfheval Rp %.0f [%.0f, %.0f], pandas Rp %.0f [%.0f, %.0f]" % (
        x["phase"], x["annual_2026_idr"], x["ci_low"], x["ci_high"], y["annual_2026_idr"], *y["ci"]))
PY
