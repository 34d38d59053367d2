#!/usr/bin/env python3
"""Cross-check of the drift calibration bench against scipy.

Usage:
  node scripts/bench-drift-calibration.js --dump /tmp/drift-cells.json   (or BENCH_CALIBRATION_* for a short run)
  python3 scripts/drift-calibration-scipy.py /tmp/drift-cells.json

For every dumped window (a few cells of the bench: each feature type, with and without a change), recomputes the
bench's reference test on the same samples with scipy and compares:
  numeric:     scipy.stats.ks_2samp(window, baseline, method='asymp') -- statistic equal to 1e-12; the bench's
               p-value (Kolmogorov's limit with Stephens' correction) within 10% relative of scipy's (kstwo at the
               effective size), or both below 1e-4 (far from any budget);
  categorical: scipy.stats.chi2_contingency([window counts, baseline counts], correction=False) over the categories
               seen in either -- statistic and p-value equal to 1e-9 relative.
Then counts, per cell, the windows each of them flags at the budget, and the library's count beside them.
Prints a line per cell and `drift-calibration-scipy: windows=<n> mismatches=<n>`; exits 1 on any mismatch.
"""
import json
import sys

import numpy as np
from scipy import stats


def main(path):
    data = json.load(open(path))
    budget = data["budget"]
    windows = 0
    mismatches = 0
    for cell in data["cells"]:
        base = np.asarray(cell["baseline"], dtype=float)
        flags = {"scipy": 0, "bench": 0, "library": 0}
        worst_rel = 0.0
        for w in cell["windows"]:
            windows += 1
            sample = np.asarray(w["sample"], dtype=float)
            if cell["kind"] == "numeric":
                r = stats.ks_2samp(sample, base, method="asymp")
                stat_ok = abs(r.statistic - w["reference"]["statistic"]) <= 1e-12
                p, q = r.pvalue, w["reference"]["pvalue"]
                rel = abs(p - q) / max(p, 1e-300)
                p_ok = rel <= 0.1 or (p < 1e-4 and q < 1e-4)
                worst_rel = max(worst_rel, rel if p >= 1e-3 else 0.0)
            else:
                keep = (sample + base) > 0
                r = stats.chi2_contingency(np.vstack([sample[keep], base[keep]]), correction=False)
                stat_ok = abs(r.statistic - w["reference"]["statistic"]) <= 1e-9 * max(1.0, r.statistic)
                p, q = r.pvalue, w["reference"]["pvalue"]
                p_ok = abs(p - q) <= 1e-9 * max(p, 1e-300) or abs(p - q) <= 1e-15
            if not (stat_ok and p_ok):
                mismatches += 1
                print(f"  mismatch {cell['feature']} / {cell['change']} / {cell['size']}: scipy {r.statistic} p={p}, bench {w['reference']}")
            flags["scipy"] += p <= budget
            flags["bench"] += w["reference"]["pvalue"] <= budget
            flags["library"] += w["library"]["drift"]
        n = len(cell["windows"])
        test = "KS" if cell["kind"] == "numeric" else "chi-square"
        extra = f", largest p-value difference (p >= 0.001) {100 * worst_rel:.2f}%" if cell["kind"] == "numeric" else ""
        print(f"{cell['feature']} | {cell['change']} | {cell['size']} values | {n} windows flagged: scipy {test} {flags['scipy']}, "
              f"bench reference {flags['bench']}, library {flags['library']}{extra}")
    print(f"drift-calibration-scipy: windows={windows} mismatches={mismatches}")
    return 1 if mismatches else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
