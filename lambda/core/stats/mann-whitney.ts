/**
 * Mann–Whitney U test as scipy.stats.mannwhitneyu(x, y, method='asymptotic', alternative='two-sided'): average
 * ranks for ties, the normal approximation with the tie correction and (by default) the continuity correction.
 */
import { normalSf } from './special';

export interface MannWhitneyResult {
  /** U of the first sample (scipy's statistic). */
  readonly uX: number;
  readonly pvalue: number;
}

export function mannWhitneyU(x: ArrayLike<number>, y: ArrayLike<number>, useContinuity = true): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('mannWhitneyU needs two non-empty samples');
  const n = n1 + n2;
  const idx = new Uint32Array(n);
  const all = new Float64Array(n);
  for (let i = 0; i < n1; i++) all[i] = x[i];
  for (let i = 0; i < n2; i++) all[n1 + i] = y[i];
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => all[a] - all[b]);
  let r1 = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[idx[j + 1]] === all[idx[i]]) j++;
    const rank = (i + j) / 2 + 1;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    for (let k = i; k <= j; k++) if (idx[k] < n1) r1 += rank;
    i = j + 1;
  }
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const u = Math.max(u1, u2);
  const mu = (n1 * n2) / 2;
  const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const z = (u - mu - (useContinuity ? 0.5 : 0)) / s;
  return { uX: u1, pvalue: Math.min(1, Math.max(0, 2 * normalSf(z))) };
}
