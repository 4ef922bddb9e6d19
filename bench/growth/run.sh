#!/bin/bash
# Growth series ([G] 2 and 5, docs/performance.md): the same city at 1×, 4×
# and 25× the demo's employees (Sep 2024 – Feb 2026: 4.0M, 16.0M and 100M
# attendance rows), each generated, ingested (the five CSVs, one
# transaction each) and evaluated (summary.json only) under
# --memory-limit 4GB, every step under /usr/bin/time; then time per
# attendance row against the 1× city's.
#
#   bash bench/growth/run.sh [DIR] [MULTIPLES]    (default: a temp dir, "1 4 25")
#
# DIR keeps the cities and databases (the 25× city takes ~9 GB of disk).
set -euo pipefail
cd "$(dirname "$0")/../.."
W=${1:-$(mktemp -d)}
M=${2:-"1 4 25"}
mkdir -p "$W"
go build -o "$W/wfheval" ./cmd/wfheval
T() { # step name, command…: prints "name seconds peakKB"
  local name=$1; shift
  /usr/bin/time -o "$W/time.txt" -f "%e %M" "$@" >/dev/null 2>"$W/$name.err" || { cat "$W/$name.err"; exit 1; }
  echo "$name $(cat "$W/time.txt")"
}
for m in $M; do
  n=$((11600 * m)); c="$W/c$m"
  rm -rf "$c.duckdb" "$c.duckdb.wal" "$W/e$m" "$W/spill"
  [ -f "$c/attendance.csv" ] || T "generate-$m" "$W/wfheval" generate --employees "$n" --from 2024-09-01 --to 2026-02-28 --out "$c"
  T "ingest-$m" "$W/wfheval" ingest --db "$c.duckdb" --memory-limit 4GB --temp-dir "$W/spill" \
    "$c/employees.csv" "$c/attendance.csv" "$c/costs.csv" "$c/tickets.csv" "$c/meters.csv"
  T "evaluate-$m" "$W/wfheval" evaluate --db "$c.duckdb" --memory-limit 4GB --temp-dir "$W/spill" \
    --config "$c/policy.yaml" --out "$W/e$m" --format json
  echo "rows-$m $("$W/wfheval" sql --db "$c.duckdb" --format csv "SELECT count(*) FROM attendance" | tail -1)"
done | tee "$W/growth.txt"
awk -v order="$M" '$1 ~ /^rows-/ { split($1, a, "-"); rows[a[2]] = $2 }
     $1 ~ /^(ingest|evaluate)-/ { split($1, a, "-"); t[a[1], a[2]] = $2; kb[a[1], a[2]] = $3 }
     END { n = split(order, ms, " "); base = ms[1]
           split("ingest evaluate", st, " ")
           for (i = 1; i <= 2; i++) for (j = 1; j <= n; j++) { x = ms[j]
             printf "%s %s×: %.1f s, %.2f GB peak, %.0f rows/s, time per row %.2f× the %s× city'"'"'s\n", st[i], x,
               t[st[i], x], kb[st[i], x] / 1048576, rows[x] / t[st[i], x], (t[st[i], x] / rows[x]) / (t[st[i], base] / rows[base]), base } }' "$W/growth.txt"
