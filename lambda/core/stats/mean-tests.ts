/** Tests on means and proportions: Welch's t-test (scipy ttest_ind, equal_var=False) and the pooled two-proportion z-test. */
import { normalSf, studentTSf } from './special';

export interface TestResult {
  readonly statistic: number;
  readonly pvalue: number;
}

function meanVar(x: ArrayLike<number>): { mean: number; variance: number } {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mean) ** 2;
  return { mean, variance: ss / (n - 1) };
}

/** Welch's unequal-variance t-test, two-sided. statistic = t of mean(x) - mean(y). */
export function welchTTest(x: ArrayLike<number>, y: ArrayLike<number>): TestResult & { dof: number } {
  if (x.length < 2 || y.length < 2) throw new RangeError('welchTTest needs at least two values in each sample');
  const a = meanVar(x);
  const b = meanVar(y);
  const va = a.variance / x.length;
  const vb = b.variance / y.length;
  const t = (a.mean - b.mean) / Math.sqrt(va + vb);
  const dof = (va + vb) ** 2 / (va ** 2 / (x.length - 1) + vb ** 2 / (y.length - 1));
  return { statistic: t, pvalue: Math.min(1, 2 * studentTSf(Math.abs(t), dof)), dof };
}

/** Two-proportion z-test with pooled variance: z = (pB - pA) / se, two-sided p. */
export function twoProportionZTest(successesA: number, trialsA: number, successesB: number, trialsB: number): TestResult {
  const pa = successesA / trialsA;
  const pb = successesB / trialsB;
  const pooled = (successesA + successesB) / (trialsA + trialsB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / trialsA + 1 / trialsB));
  const z = se === 0 ? 0 : (pb - pa) / se;
  return { statistic: z, pvalue: Math.min(1, 2 * normalSf(Math.abs(z))) };
}
