"""The pandas side of the end-to-end benchmark (bench/e2e/run.sh,
docs/performance.md, issue [G] 4): what a careful analyst would write in
pandas, numpy and scipy to get the numbers leadership reads from wfheval's
summary.json — a decision per department and the savings — from the demo's
canonical CSV exports and its policy.yaml, by the same methods
(docs/methods.md), so the two can be timed side by side. Not part of the
product.

It computes, for the city and every department:
  - attendance_rate and sla_met_rate levels per period (baseline, phase1,
    phase2) with week-bootstrap t intervals;
  - the guardrail effects: Phase I's Thursday difference-in-differences
    (wfh_day_did) and Phase II's phase_vs_baseline, seasonally adjusted by
    the reference year (L(phase) - L(baseline) x L(ref month) / L(ref
    baseline)), each with a 95% t interval from the rescaling bootstrap of
    calendar weeks within each period and reference window (1,000
    replicates per stratum, Welch-Satterthwaite degrees of freedom);
  - the partial pooling of the following departments' guardrail effects
    (Paule-Mandel tau^2, the Knapp-Hartung variance floored at the city's,
    the two-component mixture of docs/methods.md 6b);
  - cost_total_per_workday_idr phase_vs_baseline per phase, each category
    seasonally adjusted on its own, with a delta-method t interval from each
    department's month-to-month noise on the log scale (two-way fit on the
    months outside the phases);
  - per department the guardrail judgments (safe / harmful / inconclusive
    on the pooled interval), each scheme's projected 2026 saving, the
    decision (wfh / wfo_harm / wfo_exempt / inconclusive), and for an
    inconclusive one the extra scheme days needed;
  - the city's savings per phase (monthly and 2026, with intervals);
and writes them to a JSON file.

What it leaves out, all of which wfheval does: the other 12 daily metrics
(kWh from the meters among them) and the 8 cost categories' own metrics,
job-category groups, the exempt-control comparison, Phase I's
phase_vs_baseline and every effect not judged by a guardrail (wfheval
writes 7,666 effects and 2,694 levels for this city; this computes 270 and
270), p- and q-values and
minimum detectable effects, months and schemes of a continuing policy,
completeness and the falsification checks, small-group suppression (no
department here is small), the decision date on the calendar, validation of
the input (bad rows, rejects, provenance), and the reports (PDF, HTML, XLSX,
charts). Reading a config other than the demo's (other workweeks, billing
lags, several months per phase, exclusion events that are not whole days) is
not handled either.

    python3 bench/e2e/pandas_eval.py DATA_DIR OUT.json
"""
import json
import sys
import warnings

import numpy as np
import pandas as pd
import yaml
from scipy import stats

data, out = sys.argv[1], sys.argv[2]
REPS = 1000
APART = 0.2
Z975 = stats.norm.ppf(0.975)
rng = np.random.default_rng(1)

cfg = yaml.safe_load(open(f"{data}/policy.yaml"))
tolerance = cfg["tolerance"]
exempt = set(cfg["exempt_opds"])
holidays = {pd.Timestamp(d) for d in cfg["holidays"]}
for ev in cfg.get("events", []):
    if ev.get("exclude"):
        holidays |= set(pd.date_range(ev["from"], ev["to"]))
# The national holidays and cuti bersama of 2026 (the projection year).
HOL2026 = {pd.Timestamp(d) for d in [
    "2026-01-01", "2026-01-16", "2026-02-16", "2026-02-17", "2026-03-18", "2026-03-19", "2026-03-20",
    "2026-03-21", "2026-03-22", "2026-03-23", "2026-03-24", "2026-04-03", "2026-04-05", "2026-05-01",
    "2026-05-14", "2026-05-15", "2026-05-27", "2026-05-28", "2026-05-31", "2026-06-01", "2026-06-16",
    "2026-08-17", "2026-08-25", "2026-12-24", "2026-12-25"]}


def workdays(a, b, off=holidays):
    return [d for d in pd.bdate_range(a, b) if d not in off]


base_from, base_to = pd.Timestamp(cfg["baseline"]["from"]), pd.Timestamp(cfg["baseline"]["to"])
phases = {p["id"]: p for p in cfg["phases"]}
p1, p2 = phases["phase1"], phases["phase2"]
p1_from, p1_to = pd.Timestamp(p1["from"]), pd.Timestamp(p1["to"])
p2_from, p2_to = pd.Timestamp(p2["from"]), pd.Timestamp(p2["to"])
# Phase I's WFH weekdays (Monday = 0).
WFH_DAYS = [["monday", "tuesday", "wednesday", "thursday", "friday"].index(d) for d in p1["rule"]["weekdays"]]
year = pd.DateOffset(years=1)
# Classes of days: the periods and the reference windows a year earlier.
classes = {
    "baseline": (base_from, base_to), "phase1": (p1_from, p1_to), "phase2": (p2_from, p2_to),
    "ref_baseline": (base_from - year, base_to - year), "ref_phase1": (p1_from - year, p1_to - year),
    "ref_phase2": (p2_from - year, p2_to - year),
}
days = []
for c, (a, b) in classes.items():
    for d in workdays(a, b):
        days.append((d, c))
cal = pd.DataFrame(days, columns=["date", "cls"])
cal["week"] = cal["date"] - pd.to_timedelta(cal["date"].dt.weekday, unit="D")
cal["block"] = cal.groupby(["cls", "week"], sort=True).ngroup()
cal["wfh_day"] = cal["date"].dt.weekday.isin(WFH_DAYS)
NB = cal["block"].max() + 1
BLOCK, CLS, WFH_DAY = cal["block"].to_numpy(), cal["cls"].to_numpy(), cal["wfh_day"].to_numpy()
day_index = pd.Series(np.arange(len(cal)), index=cal["date"])
block_cls = cal.groupby("block")["cls"].first().to_numpy()

# --- the daily series: per department and working day, numerator and weight
emp = pd.read_csv(f"{data}/employees.csv", dtype={"nip": str}, parse_dates=["active_from", "active_to"])
opds = sorted(emp["opd_code"].unique())
G = ["(all)"] + opds  # group 0 is the city
gidx = {o: i + 1 for i, o in enumerate(opds)}

att = pd.read_csv(f"{data}/attendance.csv", dtype={"nip": str}, usecols=["nip", "date", "status"],
                  parse_dates=["date"])
att = att[att["date"].isin(day_index.index)]
att = att.merge(emp[["nip", "opd_code", "active_from", "active_to"]], on="nip")
att = att[(att["active_from"].isna() | (att["date"] >= att["active_from"]))
          & (att["active_to"].isna() | (att["date"] <= att["active_to"]))]
att["present"] = att["status"] == "present"


def daily(frame, num, den):
    """Per day and group (city first): the sums of num and den."""
    s = frame.groupby(["date", "opd_code"])[[num, den]].sum().reset_index()
    n, w = np.zeros((len(cal), len(G))), np.zeros((len(cal), len(G)))
    di, gi = day_index[s["date"]].to_numpy(), s["opd_code"].map(gidx).to_numpy()
    np.add.at(n, (di, gi), s[num].to_numpy(float))
    np.add.at(w, (di, gi), s[den].to_numpy(float))
    n[:, 0], w[:, 0] = n[:, 1:].sum(1), w[:, 1:].sum(1)
    return n, w


att["one"] = 1
series = {"attendance_rate": daily(att, "present", "one")}

tix = pd.read_csv(f"{data}/tickets.csv", parse_dates=["created_at", "first_response_at", "resolved_at"])
export_time = tix[["created_at", "first_response_at", "resolved_at"]].max().max()
sla_cfg = {k: v for k, v in cfg["sla_hours"].items() if k != "default"}
sla_lower = {k.lower(): v for k, v in sla_cfg.items()}
svc = tix["service"].map(sla_cfg).fillna(tix["service"].str.lower().map(sla_lower))
sla = tix["sla_hours"].fillna(svc).fillna(cfg["sla_hours"]["default"])
res_h = (tix["resolved_at"] - tix["created_at"]).dt.total_seconds() / 3600
age_h = (export_time - tix["created_at"]).dt.total_seconds() / 3600
active = tix["status"] != "cancelled"
tix["known"] = active & sla.notna() & (res_h.notna() | (age_h > sla))
tix["met"] = active & sla.notna() & (res_h <= sla)
tix["date"] = tix["created_at"].dt.normalize()
tix = tix[tix["date"].isin(day_index.index)]
series["sla_met_rate"] = daily(tix, "met", "known")


def block_sums(x, mask):
    s = np.zeros((NB, x.shape[1]))
    np.add.at(s, BLOCK[mask], x[mask])
    return s


def cell(metric, cls, wfh_day=None):
    mask = CLS == cls
    if wfh_day is not None:
        mask &= WFH_DAY == wfh_day
    n, w = series[metric]
    return block_sums(n, mask), block_sums(w, mask)


def boot(cells, f):
    """A statistic f of cell means with its rescaling week-block bootstrap t
    interval, for every group at once: estimate, low, high, half-width df."""
    m = [s.sum(0) / np.where(w.sum(0) > 0, w.sum(0), np.nan) for s, w in cells]
    est = f(m)
    used = np.zeros(NB, bool)
    for s, w in cells:
        used |= (w > 0).any(1)
    comps, dfs = [], []
    ok = np.isfinite(est)
    for h in sorted(set(block_cls[used])):
        blocks = np.flatnonzero(block_cls == h)
        n = len(blocks)
        k = np.ones((REPS, NB))
        k[:, blocks] = rng.multinomial(n - 1, np.full(n, 1 / n), size=REPS) * n / (n - 1)
        with np.errstate(invalid="ignore", divide="ignore"):
            x = f([(k @ s) / (k @ w) for s, w in cells])
            bad = ~np.isfinite(x)
            x = np.where(bad, np.nan, x)
            with warnings.catch_warnings():  # a group with no defined replicate
                warnings.simplefilter("ignore", RuntimeWarning)
                v = np.nanvar(x, axis=0, ddof=1)
        # fewer than two weeks with data in a class, or too many undefined
        # replicates: no interval
        weeks = np.min([(w[blocks] > 0).sum(0) for s, w in cells if w[blocks].sum() > 0], axis=0)
        ok &= (weeks >= 2) & (bad.mean(0) <= 0.05)
        comps.append(v)
        dfs.append(n - 1)
    comps, dfs = np.array(comps), np.array(dfs)[:, None]
    var = comps.sum(0)
    with np.errstate(invalid="ignore", divide="ignore"):
        df = var ** 2 / (comps ** 2 / dfs).sum(0)
        half = stats.t.ppf(0.975, df) * np.sqrt(var)
    ok &= np.isfinite(half) & ~((var == 0) & (est != 0))
    nan = np.full_like(est, np.nan)
    return est, np.where(ok, est - half, nan), np.where(ok, est + half, nan)


def did(metric, ph):
    c = [cell(metric, ph, True), cell(metric, ph, False), cell(metric, "baseline", True), cell(metric, "baseline", False)]
    return boot(c, lambda m: (m[0] - m[1]) - (m[2] - m[3]))


def adjusted(metric, ph):
    c = [cell(metric, ph), cell(metric, "baseline"), cell(metric, "ref_" + ph), cell(metric, "ref_baseline")]
    # unadjusted where the reference windows have fewer than two weeks with data
    refw = np.minimum(((c[2][1] > 0).sum(0)), ((c[3][1] > 0).sum(0)))
    adj = refw >= 2
    return boot(c, lambda m: m[0] - m[1] * np.where(adj, m[2] / np.where(adj, m[3], 1), 1))


# --- the monthly costs: seasonally adjusted per category, the delta method
costs = pd.read_csv(f"{data}/costs.csv")
months = sorted(costs["period"].unique())
mwd = {m: len(workdays(pd.Timestamp(m + "-01"), pd.Timestamp(m + "-01") + pd.offsets.MonthEnd(0))) for m in months}
phase_months = {"phase1": p1_from.strftime("%Y-%m"), "phase2": p2_from.strftime("%Y-%m")}
base_months = [m.strftime("%Y-%m") for m in pd.period_range(base_from, base_to, freq="M")]
ref = lambda m: (pd.Period(m) - 12).strftime("%Y-%m")
amount = costs.groupby(["category", "opd_code", "period"])["amount_idr"].sum()
cats = sorted(costs["category"].unique())
A = {c: amount[c].unstack().reindex(index=opds, columns=months).to_numpy() for c in cats}  # opd x month
mi = {m: i for i, m in enumerate(months)}
wd = np.array([mwd[m] for m in months], float)
outside = np.array([m not in phase_months.values() for m in months])
sigma2, sdf = {}, {}
for c in cats:
    y = np.log(A[c][:, outside] / wd[outside])
    a, b = np.nanmean(y, 1), np.zeros(y.shape[1])
    for _ in range(100):
        a = np.nanmean(y - b, 1)
        nb = np.nanmean(y - a[:, None], 0)
        if np.nanmax(np.abs(nb - b)) < 1e-12:
            b = nb
            break
        b = nb
    r = y - a[:, None] - b
    nd = np.isfinite(y).sum(1)
    D = len(opds)
    sdf[c] = (nd - 1) * (D - 1) / D
    sigma2[c] = np.nansum(r * r, 1) / sdf[c]


def level(c, rows, ms):
    """amount per working day of departments rows over months ms, and the
    gradient with respect to each log amount (dept x month)."""
    cols = [mi[m] for m in ms]
    w = wd[cols].sum()
    x = np.nan_to_num(A[c][np.ix_(rows, cols)])
    g = np.zeros((len(opds), len(months)))
    g[np.ix_(rows, cols)] = x / w
    return x.sum() / w, g


def cost_effect(rows, ph):
    m = phase_months[ph]
    est, grads = 0.0, {}
    for c in cats:
        o, go = level(c, rows, [m])
        b, gb = level(c, rows, base_months)
        r, gr = level(c, rows, [ref(m)])
        q, gq = level(c, rows, [ref(x) for x in base_months])
        if r > 0 and q > 0:
            est += o - b * r / q
            grads[c] = go - gb * r / q - gr * b / q + gq * b * r / q ** 2
        else:
            est += o - b
            grads[c] = go - gb
    comps, dfs = [], []
    for c, g in grads.items():
        s = (g ** 2).sum(1)
        for d in np.flatnonzero(s > 0):
            comps.append(sigma2[c][d] * s[d])
            dfs.append(sdf[c][d])
    comps, dfs = np.array(comps), np.array(dfs)
    var = comps.sum()
    half = stats.t.ppf(0.975, var ** 2 / (comps ** 2 / dfs).sum()) * np.sqrt(var)
    return est, est - half, est + half


# --- partial pooling of the following departments' effects (methods 6b)
def pool(y, lo, hi, city_var):
    v = ((hi - lo) / (2 * Z975)) ** 2
    k = len(y)

    def fit(t):
        w = 1 / (v + t)
        mu = (w * y).sum() / w.sum()
        return w, mu, (w * (y - mu) ** 2).sum()

    t = 0.0
    if fit(0)[2] > k - 1:
        lo_t, hi_t = 0.0, max(1e-12, (y ** 2).max())
        while fit(hi_t)[2] > k - 1:
            hi_t *= 4
        for _ in range(200):
            t = (lo_t + hi_t) / 2
            lo_t, hi_t = (t, hi_t) if fit(t)[2] > k - 1 else (lo_t, t)
        t = (lo_t + hi_t) / 2
    w, mu, q = fit(t)
    muvar = max(max(1, q / (k - 1)) / w.sum(), city_var)
    d = y - mu
    d2 = max(((d ** 2).sum() / (k - 1)), (d ** 2 - v).max())
    scale = stats.t.ppf(0.975, k - 1) / Z975
    ws, ms, sds = [], [], []
    for prior, T in ((1 - APART, t), (APART, t + d2)):
        b = v / (v + T)
        varb = b * b / (v + T) ** 2 * 2 / (w * w).sum() * k / (k - 3)
        pv = v + T + muvar
        ws.append(prior * np.exp(-d * d / (2 * pv)) / np.sqrt(pv))
        ms.append(mu + (1 - b) * d)
        sds.append(np.sqrt(v * (1 - b) + b * b * muvar + varb * d * d) * scale)
    ws, ms, sds = np.array(ws), np.array(ms), np.array(sds)
    ws /= ws.sum(0)
    est = (ws * ms).sum(0)

    def quantile(p):
        a, b = (ms - 10 * sds).min(0), (ms + 10 * sds).max(0)
        for _ in range(100):
            mid = (a + b) / 2
            below = (ws * stats.norm.cdf((mid - ms) / sds)).sum(0) < p
            a, b = np.where(below, mid, a), np.where(below, b, mid)
        return (a + b) / 2

    return est, quantile(0.025), quantile(0.975)


# --- everything leadership reads
res = {"levels": {}, "effects": {}, "recommendations": [], "savings": []}
for metric in series:
    for ph in ("baseline", "phase1", "phase2"):
        e, lo, hi = boot([cell(metric, ph)], lambda m: m[0])
        res["levels"][f"{metric}/{ph}"] = {g: [e[i], lo[i], hi[i]] for i, g in enumerate(G)}

schemes = {"phase1": did, "phase2": adjusted}
following = [i for i, o in enumerate(G) if i > 0 and o not in exempt]
judged = {}  # (metric, scheme) -> (est, lo, hi) per group, pooled where pooled
for metric in tolerance:
    for ph, fn in schemes.items():
        e, lo, hi = fn(metric, ph)
        res["effects"][f"{metric}/{ph}"] = {g: [e[i], lo[i], hi[i]] for i, g in enumerate(G)}
        pe, plo, phi = e.copy(), lo.copy(), hi.copy()
        fam = [i for i in following if np.isfinite(lo[i]) and hi[i] > lo[i]]
        if len(fam) >= 5:
            city_var = ((hi[0] - lo[0]) / (2 * Z975)) ** 2 if np.isfinite(lo[0]) else 0.0
            pe[fam], plo[fam], phi[fam] = pool(e[fam], lo[fam], hi[fam], city_var)
        judged[metric, ph] = (pe, plo, phi, series[metric][1].sum(0) > 0)

scheme_days = {"phase1": sum(d.weekday() in WFH_DAYS for d in workdays(p1_from, p1_to)),
               "phase2": len(workdays(p2_from, p2_to))}
days2026 = {"phase1": sum(d.weekday() in WFH_DAYS for d in workdays("2026-01-01", "2026-12-31", holidays | HOL2026)),
            "phase2": len(workdays("2026-01-01", "2026-12-31", holidays | HOL2026))}
factor = {ph: len(workdays(*classes[ph])) * days2026[ph] / scheme_days[ph] for ph in schemes}

for i, o in enumerate(G):
    rows = list(range(len(opds))) if i == 0 else [i - 1]
    saving = {}
    for ph in schemes:
        e, lo, hi = cost_effect(rows, ph)
        saving[ph] = (-e * factor[ph], -hi * factor[ph], -lo * factor[ph])
        if i == 0:  # the city's savings (one month per phase)
            n = len(workdays(*classes[ph]))
            res["savings"].append({"phase": ph, "monthly_idr": -e * n, "monthly_ci": [-hi * n, -lo * n],
                                   "annual_2026_idr": saving[ph][0], "ci": list(saving[ph][1:])})
    if i == 0:
        continue
    rec = {"opd_code": o, "savings": saving, "guardrails": []}
    if o in exempt:
        rec["decision"], rec["scheme"] = "wfo_exempt", "wfo"
        res["recommendations"].append(rec)
        continue
    verdict, need = {}, {}
    for ph in schemes:
        js = []
        for metric, tol in tolerance.items():
            pe, plo, phi, has = judged[metric, ph]
            if not has[i]:
                continue  # no such data for the department: passes
            if not np.isfinite(plo[i]):
                j = "inconclusive"
            elif (tol <= 0 and plo[i] >= tol) or (tol > 0 and phi[i] <= tol):
                j = "safe"
            elif (tol <= 0 and phi[i] < tol) or (tol > 0 and plo[i] > tol):
                j = "harmful"
            else:
                j = "inconclusive"
            js.append(j)
            rec["guardrails"].append({"scheme": ph, "metric": metric, "estimate": pe[i], "ci": [plo[i], phi[i]], "judgment": j})
            if j == "inconclusive" and np.isfinite(plo[i]):
                n = scheme_days[ph]
                hw = (phi[i] - plo[i]) / 2
                need[ph] = max(need.get(ph, 0), n * (hw / max(abs(pe[i] - tol), 1e-12)) ** 2 - n)
        verdict[ph] = js
    safe = [ph for ph in schemes if all(j == "safe" for j in verdict[ph]) and saving[ph][0] > 0]
    if safe:
        best = max(safe, key=lambda ph: saving[ph][0])
        rec["decision"], rec["scheme"] = "wfh", best
    elif all("harmful" in verdict[ph] for ph in schemes):
        rec["decision"], rec["scheme"] = "wfo_harm", "wfo"
    else:
        rec["decision"], rec["scheme"] = "inconclusive", "wfo"
        open_ = {ph: n for ph, n in need.items() if "harmful" not in verdict[ph]}
        if open_:
            ph = min(open_, key=open_.get)
            rec["extra_scheme_days_needed"] = {"scheme": ph, "days": int(np.ceil(open_[ph]))}
    res["recommendations"].append(rec)

with open(out, "w") as f:
    json.dump(res, f, default=float, indent=1)
