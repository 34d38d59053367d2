/**
 * A categorical feature's window against its baseline: the largest change of a category's share (L∞, Model
 * Monitor's distance), Jensen–Shannon distance, and Pearson's chi-square statistic of the 2 x k table of the
 * window's and the baseline's counts when its assumptions hold (small categories are pooled first, as Deequ does,
 * until no expected count is below 1 and at most 20% are below 5). A category the baseline never saw is a column
 * with a baseline count of 0 (a window's values beyond its summary's category limit are one such column).
 *
 * The p-value is conditional on the baseline, which every window shares: given the baseline's counts, the statistic
 * of a window from the same population is at most a noncentral chi-square whose noncentrality is the baseline's
 * own error, n/(n+m) times the chi-square quantile at 1 - BASELINE_ERROR_RISK (except with that probability).
 */
import { chi2Contingency, chiSquareAssumptionsHold, chiSquareQuantile, jensenShannon, noncentralChiSquareSf } from '../stats';
import { BASELINE_ERROR_RISK, type CategoricalBaseline } from './baseline';
import type { CategoricalSummary } from './summary';

export interface CategoricalDistances {
  /** Largest |share in the window - share in the baseline| over the categories (L∞). */
  readonly maxShareChange: number;
  readonly jensenShannon: number;
  /**
   * The chi-square test on the pooled table (the p-value allowing for the baseline's error), or undefined when its
   * assumptions cannot be met.
   */
  readonly chiSquare?: { readonly statistic: number; readonly pvalue: number; readonly dof: number };
  /** Share of the window's values outside the baseline's categories. */
  readonly unknownShare: number;
}

const OTHER = '\u0000other';

/** The count of a category (own keys only: a category may be called 'constructor'). */
const countOf = (counts: { readonly [category: string]: number }, k: string) => (Object.hasOwn(counts, k) ? counts[k] : 0);

export function categoricalDistances(b: CategoricalBaseline, w: CategoricalSummary): CategoricalDistances {
  const wCounts: Record<string, number> = { ...w.counts };
  if (w.overflow > 0) wCounts[OTHER] = (wCounts[OTHER] ?? 0) + w.overflow;
  const keys = [...new Set([...Object.keys(b.counts), ...Object.keys(wCounts)])].sort();
  const n = w.count;
  const m = b.count;
  let linf = 0;
  let unknown = 0;
  for (const k of keys) {
    const pb = m ? countOf(b.counts, k) / m : 0;
    const pw = n ? countOf(wCounts, k) / n : 0;
    linf = Math.max(linf, Math.abs(pb - pw));
    if (!Object.hasOwn(b.counts, k)) unknown += countOf(wCounts, k);
  }
  const js = n && m ? jensenShannon(keys.map((k) => countOf(b.counts, k)), keys.map((k) => countOf(wCounts, k))) : 0;
  return {
    maxShareChange: linf, jensenShannon: js,
    ...chiSquareIfValid(keys.map((k) => [countOf(b.counts, k), countOf(wCounts, k)]), n, m),
    unknownShare: n ? unknown / n : 0,
  };
}

/** Pools the smallest categories until the 2 x k table meets Cochran's rule; undefined if it never does. */
function chiSquareIfValid(cells: [number, number][], n: number, m: number): { chiSquare?: CategoricalDistances['chiSquare'] } {
  let cols = cells.filter(([a, b]) => a + b > 0).sort((x, y) => x[0] + x[1] - (y[0] + y[1]));
  for (;;) {
    if (cols.length < 2) return {};
    const table = [cols.map((x) => x[0]), cols.map((x) => x[1])];
    if (table[0].every((v) => v === 0) || table[1].every((v) => v === 0)) return {};
    const r = chi2Contingency(table, true);
    if (chiSquareAssumptionsHold(r.expected)) {
      const noncentrality = (n / (n + m)) * chiSquareQuantile(1 - BASELINE_ERROR_RISK, r.dof);
      return { chiSquare: { statistic: r.statistic, pvalue: noncentralChiSquareSf(r.statistic, r.dof, noncentrality), dof: r.dof } };
    }
    // Pool the two smallest categories and try again.
    const [a, b2, ...rest] = cols;
    cols = [[a[0] + b2[0], a[1] + b2[1]] as [number, number], ...rest].sort((x, y) => x[0] + x[1] - (y[0] + y[1]));
  }
}
