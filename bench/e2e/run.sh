#!/bin/bash
# End-to-end benchmark ([G] 4, docs/performance.md): wfheval (ingest +
# evaluate + reports, and ingest + evaluate to summary.json alone) against
# bench/e2e/pandas_eval.py (read + compute the headline numbers) on the
# same demo-sized exports, side by side in one run.
#
#   bash bench/e2e/run.sh [EMPLOYEES]      (default 12000, the demo city)
#
# Needs a python3 with pandas and numpy (Debian: apt-get install python3-pandas;
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
  echo "run $i: wfheval ${w} s (ingest + evaluate + all reports), ${j} s (ingest + evaluate to summary.json), pandas ${p} s (headline numbers only): pandas / wfheval = $("$PY" -c "print(round($p/$w, 2))") (all reports), $("$PY" -c "print(round($p/$j, 2))") (summary.json)"
done
"$PY" - "$W/out/summary.json" "$W/pandas.json" <<'PY'
import json, sys
s, p = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
ef = {(e["metric"], e["phase"], e["estimand"], e["scope"], e.get("scope_value")): e for e in s["effects"]}
a = ef[("attendance_rate", "phase1", "wfh_day_did", "all", None)]
print("city attendance Thursday DiD: wfheval %.5f [%.5f, %.5f], pandas %.5f [%.5f, %.5f]" % (
    a["estimate"], a["ci_low"], a["ci_high"], p["attendance_rate"]["wfh_day_did"], *p["attendance_rate"]["wfh_day_did_ci"]))
PY
