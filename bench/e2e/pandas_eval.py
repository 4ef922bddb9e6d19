"""The pandas side of the end-to-end benchmark (bench/e2e/run.sh,
docs/performance.md): what a careful analyst would write in pandas to get
wfheval's headline numbers from the demo's canonical CSV exports, so the two
can be timed side by side. Not part of the product.

It computes, per period (baseline, phase1, phase2) and for the city and
every department:
  - attendance_rate, and Phase I's Thursday difference-in-differences
    ((Thursday - other weekdays) in Phase I - the same in the baseline) with
    a 95% interval from a week-block bootstrap (400 replicates, the city only:
    per department it gives the point estimate);
  - sla_met_rate per period and its Thursday DiD (point estimates);
  - cost_total_per_workday_idr per period and phase - baseline (the city's
    and each department's), the annual saving of each phase's rule;
and writes them to a JSON file.

What it leaves out, all of which wfheval does: seasonal adjustment by the
reference year; month periods and schemes of a continuing policy; the
exempt-control comparison; job-category groups; bootstrap intervals for every
effect (here the city's attendance DiD only) and q-values; partial pooling,
guardrail judgments and decisions; completeness and the falsification
checks; small-group suppression; validation of the input (bad rows,
rejects, provenance); the reports (PDF, HTML, XLSX, charts).

    python3 bench/e2e/pandas_eval.py DATA_DIR OUT.json
"""
import json
import sys

import numpy as np
import pandas as pd

data, out = sys.argv[1], sys.argv[2]
PERIODS = {"baseline": ("2025-09-01", "2025-10-31"), "phase1": ("2025-11-01", "2025-11-30"),
           "phase2": ("2025-12-01", "2025-12-31")}
HOLIDAYS = set(pd.to_datetime(["2025-09-05", "2025-12-25", "2025-12-26", "2025-12-29", "2025-12-30", "2025-12-31"]))
EXEMPT_OPDS = {"DISHUB", "SATPOLPP", "RSUD", "DINKES", "BPBD", "DAMKAR"}

emp = pd.read_csv(f"{data}/employees.csv", dtype={"nip": str})
att = pd.read_csv(f"{data}/attendance.csv", dtype={"nip": str}, usecols=["nip", "date", "status"], parse_dates=["date"])
tix = pd.read_csv(f"{data}/tickets.csv", parse_dates=["created_at", "resolved_at"])
costs = pd.read_csv(f"{data}/costs.csv")

def period_of(dates):
    p = pd.Series(pd.NA, index=dates.index, dtype="object")
    for name, (a, b) in PERIODS.items():
        p[(dates >= a) & (dates <= b)] = name
    return p

att = att[~att["date"].isin(HOLIDAYS) & (att["date"].dt.weekday < 5)]
att["period"] = period_of(att["date"])
att = att.dropna(subset=["period"])
att = att.merge(emp[["nip", "opd_code"]], on="nip")
att["present"] = att["status"] == "present"
att["thu"] = att["date"].dt.weekday == 3

def did(g):
    m = g.groupby(["period", "thu"])["present"].mean()
    try:
        return (m["phase1", True] - m["phase1", False]) - (m["baseline", True] - m["baseline", False])
    except KeyError:
        return float("nan")

res = {"attendance_rate": {}, "sla_met_rate": {}, "cost_total_per_workday_idr": {}}
res["attendance_rate"]["levels"] = att.groupby("period")["present"].mean().to_dict()
res["attendance_rate"]["levels_opd"] = att.groupby(["opd_code", "period"])["present"].mean().unstack().to_dict("index")
res["attendance_rate"]["wfh_day_did"] = did(att)
res["attendance_rate"]["wfh_day_did_opd"] = {o: did(g) for o, g in att.groupby("opd_code")}

# A week-block bootstrap of the city's DiD: days' sums resampled by week
# within each period.
day = att.groupby(["period", "date", "thu"]).agg(n=("present", "size"), p=("present", "sum")).reset_index()
day["week"] = day["date"].dt.to_period("W")
rng = np.random.default_rng(1)
reps = []
weeks = {p: g["week"].unique() for p, g in day.groupby("period")}
for _ in range(400):
    parts = []
    for p in ("baseline", "phase1"):
        w = rng.choice(weeks[p], size=len(weeks[p]), replace=True)
        g = day[day["period"] == p].set_index("week")
        parts.append(pd.concat([g.loc[[x]] for x in w]))
    s = pd.concat(parts).groupby(["period", "thu"])[["n", "p"]].sum()
    r = s["p"] / s["n"]
    reps.append((r["phase1", True] - r["phase1", False]) - (r["baseline", True] - r["baseline", False]))
res["attendance_rate"]["wfh_day_did_ci"] = [float(np.percentile(reps, 2.5)), float(np.percentile(reps, 97.5))]

tix = tix[tix["status"] != "cancelled"].copy()
tix["date"] = tix["created_at"].dt.normalize()
tix = tix[~tix["date"].isin(HOLIDAYS) & (tix["date"].dt.weekday < 5)]
tix["period"] = period_of(tix["date"])
tix = tix.dropna(subset=["period"])
sla = tix["sla_hours"].fillna(72)
hours = (tix["resolved_at"] - tix["created_at"]).dt.total_seconds() / 3600
tix["present"] = hours <= sla  # "met", named so did() reads it
tix["thu"] = tix["date"].dt.weekday == 3
res["sla_met_rate"]["levels"] = tix.groupby("period")["present"].mean().to_dict()
res["sla_met_rate"]["wfh_day_did"] = did(tix)
res["sla_met_rate"]["wfh_day_did_opd"] = {o: did(g) for o, g in tix.groupby("opd_code")}

workdays = {}
for name, (a, b) in PERIODS.items():
    ds = pd.bdate_range(a, b)
    workdays[name] = int(sum(d not in HOLIDAYS for d in ds))
costs["period_name"] = costs["period"].map(lambda m: next((n for n, (a, b) in PERIODS.items() if a[:7] <= m <= b[:7]), None))
c = costs.dropna(subset=["period_name"]).groupby(["opd_code", "period_name"])["amount_idr"].sum().unstack()
per_day = c.div(pd.Series(workdays))
city = per_day.sum()
res["cost_total_per_workday_idr"]["levels"] = city.to_dict()
res["cost_total_per_workday_idr"]["phase_vs_baseline"] = {p: float(city[p] - city["baseline"]) for p in ("phase1", "phase2")}
res["cost_total_per_workday_idr"]["phase_vs_baseline_opd"] = (per_day[["phase1", "phase2"]].sub(per_day["baseline"], axis=0)).to_dict("index")
# Savings over 2026: Thursdays (48) and every working day (rotation).
days2026 = len([d for d in pd.bdate_range("2026-01-01", "2026-12-31")])
res["annual_saving_idr"] = {
    "phase1": float(-(city["phase1"] - city["baseline"]) * workdays["phase1"] / 4 * 48),
    "phase2": float(-(city["phase2"] - city["baseline"]) * days2026),
}
res["following_opds"] = sorted(set(emp["opd_code"]) - EXEMPT_OPDS)

with open(out, "w") as f:
    json.dump(res, f, default=float, indent=1)
