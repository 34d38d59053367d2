/**
 * Fixed-horizon tests: valid when looked at once, at a sample size chosen in advance. Given beside the sequential
 * test for contrast and for users who run a test to a planned horizon. Pure.
 */
import { ArmsSummary, DifferenceType, difference } from './msprt';
import { twoProportionZTest as zTest } from '../stats';
import { normPpf, tPpf, tTwoSided } from './special';

export interface FixedHorizonResult {
  /** Estimated difference (B - A, or (B - A)/A when relative). */
  readonly estimate: number;
  /** Standard error of the estimate. */
  readonly stdError: number;
  /** Test statistic (z or t). */
  readonly statistic: number;
  /** Degrees of freedom (Welch) or Infinity (z-test). */
  readonly dof: number;
  readonly pValue: number;
  readonly ciLower: number;
  readonly ciUpper: number;
}

/**
 * Two-proportion z-test of p_B - p_A = 0 with the pooled variance under the null for the p-value and the
 * unpooled (Wald) standard error for the interval, as in textbooks and scipy/statsmodels' proportions_ztest.
 */
export function twoProportionZTest(xA: number, nA: number, xB: number, nB: number, alpha = 0.05): FixedHorizonResult {
  const pa = xA / nA;
  const pb = xB / nB;
  // Statistic and p-value: lambda/core/stats (pooled); the interval: the unpooled standard error.
  const z = zTest(xA, nA, xB, nB);
  const seWald = Math.sqrt((pa * (1 - pa)) / nA + (pb * (1 - pb)) / nB);
  const estimate = pb - pa;
  const zc = normPpf(1 - alpha / 2);
  return {
    estimate, stdError: seWald, statistic: z.statistic, dof: Infinity,
    pValue: z.statistic === 0 ? 1 : z.pvalue,
    ciLower: estimate - zc * seWald, ciUpper: estimate + zc * seWald,
  };
}

/** Welch–Satterthwaite degrees of freedom of two arms. */
export function welchDof(s: ArmsSummary): number {
  const a = s.varA / s.nA;
  const b = s.varB / s.nB;
  return (a + b) ** 2 / ((a * a) / (s.nA - 1) + (b * b) / (s.nB - 1));
}

/**
 * Welch's t-test of the difference of means (unequal variances). Relative differences use the delta-method
 * variance with Welch's degrees of freedom, as GrowthBook's TwoSidedTTest.
 */
export function welchTTest(s: ArmsSummary, alpha = 0.05, type: DifferenceType = 'absolute'): FixedHorizonResult {
  const { d, V } = difference(s, type);
  const dof = welchDof(s);
  const se = Math.sqrt(V);
  const statistic = d / se;
  const tc = tPpf(1 - alpha / 2, dof);
  return { estimate: d, stdError: se, statistic, dof, pValue: tTwoSided(statistic, dof), ciLower: d - tc * se, ciUpper: d + tc * se };
}

/** Means and sample variances (ddof = 1) from sums, as GrowthBook's SampleMeanStatistic. */
export function meanAndVariance(sum: number, sumSquares: number, n: number): { mean: number; variance: number } {
  const mean = sum / n;
  return { mean, variance: (sumSquares - (sum * sum) / n) / (n - 1) };
}
