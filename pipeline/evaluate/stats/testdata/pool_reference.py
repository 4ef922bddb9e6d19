"""An independent computation of PartialPool's numbers (pool_test.go:
TestPartialPoolReference), in plain Python: Paule-Mandel's tau^2 by the
Newton-type iteration of DerSimonian & Kacker (2007), not bisection; the
Knapp-Hartung variance of the mean; each department's two-component
posterior written out from docs/methods.md §6b, and its 2.5% and 97.5%
points found by a fine grid search, not bisection.

    python3 pipeline/evaluate/stats/testdata/pool_reference.py
"""
import math

y = [-0.012, 0.004, 0.010, -0.003, 0.021, -0.060, 0.002, 0.007]
se = [0.010, 0.012, 0.008, 0.015, 0.011, 0.009, 0.020, 0.013]
v = [s * s for s in se]
k = len(y)
APART = 0.2
T975_7 = 2.3646242515927853  # t(0.975, 7), from tables
Z975 = 1.959963984540054

def fit(t):
    w = [1 / (vi + t) for vi in v]
    mu = sum(wi * yi for wi, yi in zip(w, y)) / sum(w)
    q = sum(wi * (yi - mu) ** 2 for wi, yi in zip(w, y))
    return w, mu, q

t = 0.0
for _ in range(500):
    w, mu, q = fit(t)
    step = (q - (k - 1)) / sum(wi * wi * (yi - mu) ** 2 for wi, yi in zip(w, y))
    t = max(0.0, t + step)
    if abs(step) < 1e-18:
        break
w, mu, q = fit(t)
sw, sw2 = sum(w), sum(wi * wi for wi in w)
muvar = max(1.0, q / (k - 1)) / sw
spread = sum((yi - mu) ** 2 for yi in y) / (k - 1)
d2 = max(spread, max((yi - mu) ** 2 - vi for yi, vi in zip(y, v)))
print("tau2 %.12e mu %.12e muvar %.12e d2 %.12e" % (t, mu, muvar, d2))
scale = T975_7 / Z975
for yi, vi in zip(y, v):
    d = yi - mu
    comps = []
    for prior, T in ((1 - APART, t), (APART, t + d2)):
        b = vi / (vi + T)
        varb = b * b / (vi + T) ** 2 * 2 / sw2 * k / (k - 3)
        pv = vi + T + muvar
        comps.append([prior * math.exp(-d * d / (2 * pv)) / math.sqrt(pv),
                      mu + (1 - b) * d,
                      math.sqrt(vi * (1 - b) + b * b * muvar + varb * d * d), b])
    tw = sum(c[0] for c in comps)
    for c in comps:
        c[0] /= tw
    est = sum(c[0] * c[1] for c in comps)
    shrink = sum(c[0] * c[3] for c in comps)
    cdf = lambda x: sum(c[0] * 0.5 * math.erfc(-(x - c[1]) / (c[2] * scale * math.sqrt(2))) for c in comps)
    def point(p):
        x, step = -1.0, 1e-3
        while step > 1e-16:
            while cdf(x + step) < p:
                x += step
            step /= 10
        return x + step * 10
    print("est %.12e b %.12e low %.12e high %.12e" % (est, shrink, point(0.025), point(0.975)))
