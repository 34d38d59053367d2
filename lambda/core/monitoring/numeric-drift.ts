/**
 * A numeric feature's window against its baseline, on the baseline's bins (so the Lambda and the Athena paths,
 * which both count a window on those bins, compute the same numbers): the KS distance between the two CDFs at
 * every bin edge, which includes both sides of every point mass of the baseline, so tied values count exactly
 * and the distance depends only on the order of the values, not on their scale; its p-value against the baseline;
 * PSI on the baseline's deciles (a point mass on a decile is a bin of its own); and the Wasserstein distance in
 * baseline standard deviations.
 *
 * The p-value is conditional on the baseline, which every window shares: the baseline's CDF is within the DKW band
 * of the population's (except with probability BASELINE_ERROR_RISK), so the window's own distance to the population
 * is at least the distance less that band, and the p-value is the one-sample KS tail of that at the window's size.
 * The distance is taken at the edges only (at most the distance at every distinct value), and the KS tail assumes
 * continuous data: with ties or bins the test is conservative.
 */
import { dkwBand, ksOneSampleSf, nextDouble, psiFromShares, sharesFromCounts } from '../stats';
import { BASELINE_ERROR_RISK, type NumericBaseline } from './baseline';
import type { NumericSummary } from './summary';

export interface NumericDistances {
  /** sup |F_window - F_baseline| over the baseline's bin edges (Model Monitor's linf_simple). */
  readonly ksDistance: number;
  /**
   * P-value of the window against the baseline: the one-sample KS tail at the window's size of ksDistance less
   * the baseline's DKW band (dkwBand(baseline count, BASELINE_ERROR_RISK)); 1 when the distance is within the band.
   */
  readonly pValue: number;
  /** PSI on the baseline's deciles (or its buckets when the deciles are unknown: `psiBins`). */
  readonly psi: number;
  readonly psiBins: 'deciles' | 'buckets';
  /** First Wasserstein distance on the baseline's bins, in units of the baseline's standard deviation. */
  readonly wasserstein: number;
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

/**
 * Indices (into the edges) of PSI's inner edges: the distinct deciles, and the upper side of a point mass that
 * sits on a decile, so a value repeated across deciles is one bin instead of being cut. Undefined when the deciles
 * are not among the edges (a Model Monitor statistics.json: PSI then uses its buckets).
 */
function psiEdgeIndices(b: NumericBaseline): number[] | undefined {
  if (b.decileEdges.length !== 9) return undefined;
  const inner = new Set<number>();
  for (const x of b.decileEdges) {
    inner.add(b.edges.indexOf(x));
    const above = b.edges.indexOf(nextDouble(x));
    if (above >= 0) inner.add(above);
  }
  if (inner.has(-1)) return undefined;
  return [...inner].sort((x, y) => x - y);
}

/** Bin counts summed between the given inner edges. */
function grouped(counts: readonly number[], inner: readonly number[]): number[] {
  const out: number[] = [];
  let from = 0;
  for (const to of [...inner, counts.length - 1]) {
    let s = 0;
    for (let k = from; k <= to; k++) s += counts[k];
    out.push(s);
    from = to + 1;
  }
  return out;
}

export function numericDistances(b: NumericBaseline, w: NumericSummary): NumericDistances {
  const n = w.count;
  const m = b.count;
  const fb = leftCdf(b.counts, m);
  const fw = leftCdf(w.counts, n);
  let d = 0;
  for (let j = 0; j < fb.length; j++) d = Math.max(d, Math.abs(fw[j] - fb[j]));
  const inner = psiEdgeIndices(b);
  const pb = sharesFromCounts(inner ? grouped(b.counts, inner) : b.counts);
  const pw = sharesFromCounts(inner ? grouped(w.counts, inner) : w.counts);
  // Wasserstein: area between the CDFs, linear within bins, the outer bins bounded by the observed extremes.
  const e = b.edges;
  const lo = Math.min(b.min, w.min, e.length ? e[0] : b.min);
  const hi = Math.max(b.max, w.max, e.length ? e[e.length - 1] : b.max);
  const xs = [lo, ...e, hi];
  const db = [0, ...fb, 1];
  const dw = [0, ...fw, 1];
  let area = 0;
  for (let k = 0; k + 1 < xs.length; k++) area += ((Math.abs(dw[k] - db[k]) + Math.abs(dw[k + 1] - db[k + 1])) / 2) * (xs[k + 1] - xs[k]);
  return {
    ksDistance: d,
    pValue: n > 0 && m > 0 ? ksOneSampleSf(n, Math.max(0, d - dkwBand(m, BASELINE_ERROR_RISK))) : 1,
    psi: psiFromShares(pb, pw), psiBins: inner ? 'deciles' : 'buckets',
    wasserstein: b.stdDev > 0 ? area / b.stdDev : area,
  };
}
