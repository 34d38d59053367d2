/**
 * Pearson's chi-square test of independence on a contingency table, as scipy.stats.chi2_contingency: expected
 * counts from the margins, Yates' continuity correction when there is one degree of freedom (and correction is
 * on), p-value from the chi-square tail.
 */
import { chiSquareSf } from './special';

export interface ChiSquareResult {
  readonly statistic: number;
  readonly pvalue: number;
  readonly dof: number;
  /** Expected counts under independence (same shape as the table). */
  readonly expected: number[][];
}

export function chi2Contingency(table: readonly (readonly number[])[], correction = true): ChiSquareResult {
  const rows = table.length;
  const cols = rows ? table[0].length : 0;
  if (rows === 0 || cols === 0 || table.some((r) => r.length !== cols)) throw new RangeError('chi2Contingency needs a rectangular, non-empty table');
  const rowSums = table.map((r) => r.reduce((a, b) => a + b, 0));
  const colSums = Array.from({ length: cols }, (_, j) => table.reduce((a, r) => a + r[j], 0));
  const total = rowSums.reduce((a, b) => a + b, 0);
  if (rowSums.some((s) => s === 0) || colSums.some((s) => s === 0)) throw new RangeError('chi2Contingency: a row or column sums to zero (expected count 0)');
  const expected = table.map((_, i) => colSums.map((c) => (rowSums[i] * c) / total));
  const dof = (rows - 1) * (cols - 1);
  if (dof === 0) return { statistic: 0, pvalue: 1, dof, expected };
  let stat = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const e = expected[i][j];
      let diff = table[i][j] - e;
      if (dof === 1 && correction) diff = Math.sign(diff) * Math.max(0, Math.abs(diff) - 0.5);
      stat += (diff * diff) / e;
    }
  }
  return { statistic: stat, pvalue: chiSquareSf(stat, dof), dof, expected };
}

/**
 * Whether the chi-square approximation is trustworthy for these expected counts (Cochran's rule): no expected
 * count below 1 and at most 20% of them below 5.
 */
export function chiSquareAssumptionsHold(expected: readonly (readonly number[])[]): boolean {
  let cells = 0;
  let small = 0;
  for (const row of expected) {
    for (const e of row) {
      cells++;
      if (e < 1) return false;
      if (e < 5) small++;
    }
  }
  return cells > 0 && small <= 0.2 * cells;
}
