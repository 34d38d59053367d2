#!/usr/bin/env python3
"""Reference cases of the drift statistics on tied data, computed with scipy and numpy.

Writes test/lambda/core/monitoring/reference/drift-vectors.json (checked by `npm run vectors -- <file>`, through the
drift monitor's own path: baseline, window summary, comparison). Deterministic (numpy seed 24).

drift_numeric_ties: discrete baselines in which every distinct value holds at least 1% of the baseline (a bin of its
own in the library's baseline), and windows drawn from the same values, so the statistics on the baseline's bins
are the exact two-sample ones. Samples are given as {values, counts} (every statistic ignores order):
  ks_statistic             scipy.stats.ks_2samp(window, baseline).statistic
  p_value                  the decision's p-value: x = ks_statistic - sqrt(ln(2 / 0.01) / (2 m)) (the baseline's DKW band
                           at 99%), scipy.stats.kstwo.sf(x, n) for a window of n <= 1,000 values, else
                           scipy.stats.kstwobign.sf(sqrt(n) x); 1 when x <= 0
  wasserstein_sd           scipy.stats.wasserstein_distance(window, baseline) / numpy.std(baseline, ddof=1)
  psi                      sum over bins of (q - p) ln(q / p), p the baseline's and q the window's share (an empty
                           bin's share 1e-4), the bins cut at the distinct deciles of the baseline (numpy.quantile,
                           linear) and, for a decile that is a value holding at least 1% of the baseline (and at
                           least 2 values), also just above it (numpy.nextafter(d, inf)): the value is a bin of its own.
drift_categorical: baseline and window counts per category (every expected count >= 5, so no pooling):
  max_share_change         max |window share - baseline share|
  chi2_statistic           scipy.stats.chi2_contingency([window, baseline]).statistic (Yates only for 1 degree of freedom)
  p_value                  scipy.stats.ncx2.sf(chi2_statistic, dof, n / (n + m) * scipy.stats.chi2.ppf(0.99, dof))
  jensenshannon            scipy.spatial.distance.jensenshannon(window counts, baseline counts) (natural log)
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

rng = np.random.default_rng(24)
OUT = os.path.join(os.path.dirname(__file__), "..", "test", "lambda", "core", "monitoring", "reference", "drift-vectors.json")


def psi(baseline, window):
    m = len(baseline)
    deciles = np.quantile(baseline, np.arange(1, 10) * 0.1)
    values, counts = np.unique(baseline, return_counts=True)
    mass = dict(zip(values.tolist(), counts.tolist()))
    least = max(2, math.ceil(m / 100))
    edges = set(np.unique(deciles).tolist())
    for d in np.unique(deciles).tolist():
        if mass.get(d, 0) >= least:
            edges.add(float(np.nextafter(d, np.inf)))
    edges = np.array(sorted(edges))
    def shares(xs):
        c = np.bincount(np.searchsorted(edges, xs, side="right"), minlength=len(edges) + 1) / len(xs)
        return np.where(c == 0, 1e-4, c)
    p, q = shares(baseline), shares(window)
    return float(np.sum((q - p) * np.log(q / p)))


def numeric_case(support, weights, m, n, window_weights=None):
    weights = np.asarray(weights, float) / np.sum(weights)
    baseline = rng.choice(support, size=m, p=weights)
    # Every value of the support holds at least 1% (and 2 values) of the baseline.
    values, counts = np.unique(baseline, return_counts=True)
    assert len(values) == len(support) and counts.min() >= max(2, math.ceil(m / 100)), (support, counts)
    ww = weights if window_weights is None else np.asarray(window_weights, float) / np.sum(window_weights)
    window = rng.choice(support, size=n, p=ww)
    r = stats.ks_2samp(window, baseline)
    x = r.statistic - math.sqrt(math.log(2 / 0.01) / (2 * m))
    p = 1.0 if x <= 0 else stats.kstwo.sf(x, n) if n <= 1000 else stats.kstwobign.sf(math.sqrt(n) * x)
    def counted(xs):
        v, c = np.unique(xs, return_counts=True)
        return {"values": v.tolist(), "counts": c.tolist()}
    return {
        "baseline": counted(baseline), "window": counted(window),
        "ks_statistic": float(r.statistic), "p_value": float(p),
        "wasserstein_sd": float(stats.wasserstein_distance(window, baseline) / np.std(baseline, ddof=1)),
        "psi": psi(baseline, window),
    }


def categorical_case(shares_base, shares_window, m, n):
    cats = [f"c{i}" for i in range(len(shares_base))]
    b = rng.multinomial(m, np.asarray(shares_base) / np.sum(shares_base))
    w = rng.multinomial(n, np.asarray(shares_window) / np.sum(shares_window))
    r = stats.chi2_contingency(np.vstack([w, b]))
    assert (r.expected_freq >= 5).all()
    return {
        "categories": cats, "baseline_counts": b.tolist(), "window_counts": w.tolist(),
        "max_share_change": float(np.max(np.abs(w / n - b / m))),
        "chi2_statistic": float(r.statistic), "dof": int(r.dof),
        "p_value": float(stats.ncx2.sf(r.statistic, r.dof, n / (n + m) * stats.chi2.ppf(0.99, r.dof))),
        "jensenshannon": float(distance.jensenshannon(w, b)),
    }


half = np.arange(1, 11) * 0.5
numeric = [
    numeric_case([0.5, 1.5], [1, 1], 100, 100),                                  # the minimal case
    numeric_case([1.0, 3.0], [1, 1], 100, 100, [3, 2]),
    numeric_case(half, [1, 2, 4, 7, 10, 12, 10, 7, 4, 2], 2000, 300),
    numeric_case(half, [1, 2, 4, 7, 10, 12, 10, 7, 4, 2], 2000, 300, [1, 1, 2, 4, 7, 10, 12, 10, 7, 6]),
    numeric_case(half, [1, 2, 4, 7, 10, 12, 10, 7, 4, 2], 20000, 5000, [2, 2, 4, 7, 10, 12, 10, 7, 4, 1]),
    numeric_case(np.arange(0, 9), [5, 12, 18, 20, 17, 12, 8, 5, 3], 8000, 1000),
    numeric_case(np.arange(0, 9), [5, 12, 18, 20, 17, 12, 8, 5, 3], 8000, 1000, [3, 8, 14, 19, 19, 15, 11, 7, 4]),
    numeric_case([0.0, 0.37, 1.2, 2.9, 7.4], [30, 20, 25, 15, 10], 12000, 12000, [20, 22, 28, 18, 12]),  # 30% zeros, asymptotic
    numeric_case([-2.5, -1.0, 0.0, 1.0, 2.5], [10, 20, 40, 20, 10], 500, 50, [5, 15, 40, 25, 15]),
    numeric_case([1e6, 2e6, 5e6, 1e7], [40, 30, 20, 10], 3000, 700, [35, 30, 22, 13]),
    numeric_case([1e-9, 2e-9, 3e-9], [50, 30, 20], 1000, 200, [40, 35, 25]),
    numeric_case([0.1, 0.2, 0.30000000000000004, 0.3], [25, 25, 25, 25], 4000, 400, [20, 30, 25, 25]),
]
categorical = [
    categorical_case([0.4, 0.3, 0.2, 0.1], [0.4, 0.3, 0.2, 0.1], 20000, 500),
    categorical_case([0.4, 0.3, 0.2, 0.1], [0.3, 0.35, 0.233, 0.117], 20000, 500),
    categorical_case([0.5, 0.5], [0.45, 0.55], 10000, 2000),
    categorical_case([0.2] * 5, [0.25, 0.2, 0.2, 0.2, 0.15], 5000, 5000),
    categorical_case([0.6, 0.25, 0.15], [0.5, 0.3, 0.2], 800, 200),
    categorical_case(1 / np.arange(1, 13), 1 / np.arange(1, 13), 30000, 3000),
]
meta = {
    "generated_with": f"scipy {scipy.__version__}, numpy {np.__version__} (scripts/drift-vectors.py, seed 24)",
    "tolerance": "relative 1e-9 for statistics; p-values relative 1e-6 (or absolute 1e-12 when tiny)",
}
with open(OUT, "w") as f:
    json.dump({"meta": meta, "drift_numeric_ties": numeric, "drift_categorical": categorical}, f)
print(f"wrote {os.path.normpath(OUT)}: {len(numeric)} numeric and {len(categorical)} categorical cases")
