/**
 * Two-sample Kolmogorov–Smirnov test as scipy.stats.ks_2samp (two-sided): the statistic sup|F1 - F2| over the
 * pooled sample, the exact p-value (lattice paths, Hodges / Viehmann's stable recursion) or the asymptotic one
 * (kstwo.sf(d, round(m*n/(m+n)))), with scipy's fallback from exact to asymptotic when the exact sum fails.
 * The p-value assumes no ties; with ties (discrete data, or a distance taken on bins) the true null distribution of
 * the distance is smaller, so the p-value is conservative: a test at level alpha flags at most alpha of the time.
 */
import { kolmogorovLimitSf, kolmogorovSf } from './kolmogorov';
import { ascending } from './sorting';

export type KsMethod = 'exact' | 'asymp' | 'auto';

export interface KsResult {
  readonly statistic: number;
  readonly pvalue: number;
  /** The method that produced the p-value (exact falls back to asymp as scipy does). */
  readonly method: 'exact' | 'asymp';
}

/** sup |F1 - F2| of two sorted samples (merge walk: O(n1 + n2)). */
export function ksStatisticSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n1 && j < n2) {
    const v = a[i] <= b[j] ? a[i] : b[j];
    while (i < n1 && a[i] <= v) i++;
    while (j < n2 && b[j] <= v) j++;
    const diff = Math.abs(i / n1 - j / n2);
    if (diff > d) d = diff;
  }
  return d;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Pr(D_{n,n} >= h/n), Horner-like alternating sum (scipy's _compute_prob_outside_square). */
function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/** Share of lattice paths that leave the band |x/m - y/n| < h/lcm (scipy's _compute_outer_prob_inside_method). */
function outerProbInside(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  for (let k = minj; k < maxj; k++) A[k] = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) for (let k = maxj - minj; k < maxj - minj + (lastlen - curlen) && k < lenA; k++) A[k] = 1;
  }
  return A[maxj - minj - 1];
}

/** Exact two-sided p-value, or undefined where scipy's exact computation gives up. */
export function ksExactPValue(n1: number, n2: number, d: number): { d: number; p: number } | undefined {
  const g = gcd(n1, n2);
  if (n1 / g >= 2147483647 / (n2 / g)) return undefined;
  const lcm = (n1 / g) * n2;
  const h = Math.round(d * lcm);
  const dd = h / lcm;
  if (h === 0) return { d: dd, p: 1 };
  const p = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
  if (!(p >= 0 && p <= 1)) return undefined;
  return { d: dd, p };
}

/** Asymptotic two-sided p-value as scipy: the one-sample distribution at the effective size round(mn/(m+n)). */
export function ksAsympPValue(n1: number, n2: number, d: number): number {
  const en = (n1 * n2) / (n1 + n2);
  return kolmogorovSf(Math.max(1, Math.round(en)), d);
}

/** scipy.stats.ks_2samp(x, y, method), two-sided. 'auto' is exact when both samples have at most 10,000 values. */
export function ks2samp(x: ArrayLike<number>, y: ArrayLike<number>, method: KsMethod = 'auto'): KsResult {
  if (x.length === 0 || y.length === 0) throw new RangeError('ks2samp needs two non-empty samples');
  const a = ascending(x);
  const b = ascending(y);
  return ks2sampSorted(a, b, method);
}

/** ks2samp on samples already sorted ascending. */
export function ks2sampSorted(a: ArrayLike<number>, b: ArrayLike<number>, method: KsMethod = 'auto'): KsResult {
  return ksTest(a.length, b.length, ksStatisticSorted(a, b), method);
}

/**
 * The two-sided p-value of a two-sample KS distance `d` between samples of n1 and n2 values, as ks_2samp computes
 * it: 'auto' is exact when both samples have at most 10,000 values, else asymptotic; the exact sum falls back to
 * the asymptotic value where scipy's does. `statistic` is d as the exact method rounds it to the lattice of i/n1 - j/n2.
 */
export function ksTest(n1: number, n2: number, d: number, method: KsMethod = 'auto'): KsResult {
  const mode = method === 'auto' ? (Math.max(n1, n2) <= 10000 ? 'exact' : 'asymp') : method;
  if (mode === 'exact') {
    const exact = ksExactPValue(n1, n2, d);
    if (exact) return { statistic: exact.d, pvalue: Math.min(1, Math.max(0, exact.p)), method: 'exact' };
  }
  return { statistic: d, pvalue: Math.min(1, Math.max(0, ksAsympPValue(n1, n2, d))), method: 'asymp' };
}

/**
 * The Dvoretzky–Kiefer–Wolfowitz band (Massart's constant): a sample of n values' empirical CDF is within
 * sqrt(ln(2/delta) / (2n)) of the true CDF everywhere, except with probability delta, for any distribution.
 */
export function dkwBand(n: number, delta: number): number {
  return Math.sqrt(Math.log(2 / delta) / (2 * n));
}

/** Window sizes above which the one-sample KS tail is Kolmogorov's limit (the exact sum costs O(n) there). */
export const KS_EXACT_MAX_N = 1000;

/**
 * P(D_n >= x) of the one-sample two-sided KS distance of n values: exact (scipy's `kstwo.sf`) up to
 * KS_EXACT_MAX_N values, Kolmogorov's limit at sqrt(n) x above it (slightly larger than the exact tail at every
 * size: conservative).
 */
export function ksOneSampleSf(n: number, x: number): number {
  return n <= KS_EXACT_MAX_N ? kolmogorovSf(n, x) : kolmogorovLimitSf(Math.sqrt(n) * x);
}
