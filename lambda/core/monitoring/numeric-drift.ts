/**
 * A numeric feature's window against its baseline: KS distance on the baseline's bins (or on the window's exact
 * values while it is small and the baseline continuous), Model Monitor's linf_robust, the KS p-value at the
 * effective sample size, PSI on the baseline's deciles with its noise band, and Wasserstein on the bins.
 */
import { chiSquareSf, kolmogorovSf, linfRobust, psiFromShares, sharesFromCounts } from '../stats';
import type { NumericBaseline } from './baseline';
import type { NumericSummary } from './summary';

export interface NumericDistances {
  /** sup |F_window - F_baseline| (Model Monitor's linf_simple). */
  readonly linfSimple: number;
  /** linf_simple less its noise allowance c * sqrt((n + m) / (n m)). */
  readonly linfRobust: number;
  /** Two-sided KS p-value at the effective size n m / (n + m) (asymptotic, continuous baseline). */
  readonly pValue: number;
  /** PSI on the baseline's deciles (or its buckets when the deciles are unknown: `psiBins`). */
  readonly psi: number;
  readonly psiBins: 'deciles' | 'buckets';
  /** The PSI that noise alone exceeds with probability alpha at these sample sizes. */
  readonly psiNoiseBand: number;
  /** First Wasserstein distance on the baseline's bins, in units of the baseline's standard deviation. */
  readonly wasserstein: number;
  /** Whether the KS distance came from the window's exact values (true) or its bins. */
  readonly exact: boolean;
}

/** P(value < edge j) for every edge j, from bin counts. */
function leftCdf(counts: readonly number[], total: number): number[] {
  const out: number[] = [];
  let cum = 0;
  for (let j = 0; j < counts.length - 1; j++) {
    cum += counts[j];
    out.push(cum / total);
  }
  return out;
}

/** Quantile of the chi-square distribution (bisection on its tail). */
export function chiSquareQuantile(p: number, dof: number): number {
  let lo = 0;
  let hi = Math.max(10, dof * 10);
  while (chiSquareSf(hi, dof) > 1 - p) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (chiSquareSf(mid, dof) > 1 - p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The baseline's CDF at x, linear within each bin (only for continuous baselines). */
function interpolatedCdf(b: NumericBaseline, cdfAtEdges: readonly number[], x: number): number {
  const e = b.edges;
  if (x < b.min) return 0;
  if (x >= b.max) return 1;
  let lo = 0;
  let hi = e.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (e[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  const left = lo === 0 ? b.min : e[lo - 1];
  const right = lo === e.length ? b.max : e[lo];
  const fl = lo === 0 ? 0 : cdfAtEdges[lo - 1];
  const fr = lo === e.length ? 1 : cdfAtEdges[lo];
  return right > left ? fl + ((fr - fl) * (x - left)) / (right - left) : fr;
}

export interface NumericDriftOptions {
  /** c of linf_robust. */
  readonly c: number;
  /** False-alarm probability of the PSI noise band. */
  readonly alpha: number;
}

export function numericDistances(b: NumericBaseline, w: NumericSummary, o: NumericDriftOptions): NumericDistances {
  const n = w.count;
  const m = b.count;
  const fb = leftCdf(b.counts, m);
  const fw = leftCdf(w.counts, n);
  let d = 0;
  for (let j = 0; j < fb.length; j++) d = Math.max(d, Math.abs(fw[j] - fb[j]));
  // Exact values of a small window against a continuous baseline: the CDFs at every window value.
  const continuous = !b.integral && b.edges.length >= b.counts.length - 1 && b.stdDev > 0;
  const exact = w.exact !== null && continuous && n > 0;
  if (exact) {
    const xs = [...w.exact!].sort((x, y) => x - y);
    d = 0;
    for (let i = 0; i < xs.length; i++) {
      const f = interpolatedCdf(b, fb, xs[i]);
      d = Math.max(d, Math.abs((i + 1) / n - f), Math.abs(i / n - f));
    }
  }
  const en = (n * m) / (n + m);
  // PSI on the deciles when they are among the edges, else on the buckets.
  const idx = b.decileEdges.map((x) => b.edges.indexOf(x));
  const onDeciles = idx.length === 9 && idx.every((i) => i >= 0);
  const group = (counts: readonly number[]) => {
    if (!onDeciles) return [...counts];
    const out: number[] = [];
    let from = 0;
    for (const to of [...idx, counts.length - 1]) {
      let s = 0;
      for (let k = from; k <= to; k++) s += counts[k];
      out.push(s);
      from = to + 1;
    }
    return out;
  };
  const pb = sharesFromCounts(group(b.counts));
  const pw = sharesFromCounts(group(w.counts));
  const psi = psiFromShares(pb, pw);
  const psiNoiseBand = (chiSquareQuantile(1 - o.alpha, pb.length - 1) * (n + m)) / (n * m);
  // Wasserstein: area between the CDFs, linear within bins, the outer bins bounded by the observed extremes.
  const lo = Math.min(b.min, w.min);
  const hi = Math.max(b.max, w.max);
  const xs = [lo, ...b.edges, hi];
  const db = [0, ...fb, 1];
  const dw = [0, ...fw, 1];
  let area = 0;
  for (let k = 0; k + 1 < xs.length; k++) area += ((Math.abs(dw[k] - db[k]) + Math.abs(dw[k + 1] - db[k + 1])) / 2) * (xs[k + 1] - xs[k]);
  return {
    linfSimple: d, linfRobust: linfRobust(d, n, m, o.c), pValue: n > 0 ? kolmogorovSf(Math.max(1, Math.round(en)), d) : 1,
    psi, psiBins: onDeciles ? 'deciles' : 'buckets', psiNoiseBand,
    wasserstein: b.stdDev > 0 ? area / b.stdDev : area, exact,
  };
}
