/**
 * Sample-ratio mismatch: does the observed split of units over the variants match the configured weights?
 * Pearson's chi-square goodness-of-fit test (scipy.stats.chisquare). A mismatch means the assignment or the logging
 * is broken, so no comparison of the variants can be trusted; GrowthBook's default threshold is p < 0.001. Pure.
 */
import { chiSquareSf } from './special';

/** GrowthBook's default SRM threshold. */
export const DEFAULT_SRM_THRESHOLD = 0.001;

export interface SrmResult {
  readonly expectedCounts: number[];
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
  /** pValue < threshold. */
  readonly srmDetected: boolean;
}

/** Chi-square test of observed counts against weights (any positive scale: shares or percentages). */
export function srmChiSquare(observed: readonly number[], weights: readonly number[], threshold = DEFAULT_SRM_THRESHOLD): SrmResult {
  if (observed.length !== weights.length || observed.length < 2) {
    throw new Error(`srmChiSquare needs one weight per variant and at least 2 variants (got ${observed.length} counts, ${weights.length} weights)`);
  }
  const total = observed.reduce((a, b) => a + b, 0);
  const wsum = weights.reduce((a, b) => a + b, 0);
  const expectedCounts = weights.map((w) => (total * w) / wsum);
  let statistic = 0;
  observed.forEach((o, i) => {
    const e = expectedCounts[i];
    statistic += e > 0 ? ((o - e) * (o - e)) / e : 0;
  });
  const df = observed.length - 1;
  const pValue = total > 0 ? chiSquareSf(statistic, df) : 1;
  return { expectedCounts, statistic, df, pValue, srmDetected: pValue < threshold };
}
