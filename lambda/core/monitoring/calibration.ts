/**
 * The sample-size study of the drift decision: simulated windows of a given size, with no drift (false alarms) or
 * a shift (detection), through the same accumulator, comparison and decision as production. Seeded and pure, so
 * the benchmark's table (npm run bench -- drift-calibration) and the test's check repeat exactly.
 */
import { SeededRandom } from '../stats';
import { WindowAccumulator } from './accumulator';
import { computeBaseline, type Baseline } from './baseline';
import { compareWithBaseline, type DriftOptions } from './compare';

export const CALIBRATION_CATEGORIES = ['a', 'b', 'c', 'd'];
export const CALIBRATION_SHARES = [0.4, 0.3, 0.2, 0.1];

/** The study's baseline: 20,000 draws of a standard normal feature `x` and a categorical feature `c`. */
export function calibrationBaseline(seed = 1, size = 20000): Baseline {
  const r = new SeededRandom(seed);
  const x: number[] = [];
  const c: string[] = [];
  for (let i = 0; i < size; i++) {
    x.push(r.normal());
    c.push(CALIBRATION_CATEGORIES[r.pick(CALIBRATION_SHARES)]);
  }
  return computeBaseline({ features: [{ name: 'x', kind: 'numeric' }, { name: 'c', kind: 'categorical' }] }, { x, c });
}

export interface CalibrationCase {
  /** Records per window. */
  readonly size: number;
  /** Shift of x's mean, in standard deviations (0: no drift). */
  readonly shift: number;
  /** Share moved from category 'a' to 'd' (0: no drift). */
  readonly categoryShift: number;
  readonly windows: number;
  readonly seed: number;
}

/** How often each rule flags drift over the simulated windows (shares of windows). */
export interface CalibrationResult {
  /** The library's decision (linf_robust > threshold, Model Monitor's Robust method). */
  readonly robust: number;
  /** linf_simple > threshold (Model Monitor's Simple method: no allowance for sample size). */
  readonly simple: number;
  /** KS test p < 0.05 with no practical threshold (alarms on any detectable difference). */
  readonly pValue05: number;
  /** The library's decision for the categorical feature. */
  readonly categorical: number;
}

export function simulateCalibration(baseline: Baseline, k: CalibrationCase, options: DriftOptions = {}): CalibrationResult {
  const r = new SeededRandom(k.seed);
  const shares = [CALIBRATION_SHARES[0] - k.categoryShift, CALIBRATION_SHARES[1], CALIBRATION_SHARES[2], CALIBRATION_SHARES[3] + k.categoryShift];
  let robust = 0;
  let simple = 0;
  let p05 = 0;
  let categorical = 0;
  for (let w = 0; w < k.windows; w++) {
    // Small windows keep their exact values (the production default); large ones are binned.
    const acc = new WindowAccumulator(baseline);
    for (let i = 0; i < k.size; i++) {
      acc.addNumber(0, r.normal() + k.shift);
      acc.addText(1, CALIBRATION_CATEGORIES[r.pick(shares)]);
    }
    acc.records = k.size;
    const report = compareWithBaseline(baseline, acc.summary('', ''), options);
    const x = report.features[0];
    if (x.drift) robust++;
    if (x.numeric && x.numeric.linfSimple > (options.threshold ?? 0.1)) simple++;
    if (x.numeric && x.numeric.pValue < 0.05) p05++;
    if (report.features[1].drift) categorical++;
  }
  const n = k.windows;
  return { robust: robust / n, simple: simple / n, pValue05: p05 / n, categorical: categorical / n };
}

/** The false-alarm budget of the drift decision per feature and window, at any window size (README). */
export const FALSE_ALARM_BUDGET = 0.01;

/**
 * The largest count of alarms in `windows` trials that is still consistent (one-sided, at `confidence`) with a
 * true rate of `rate`: the binomial quantile.
 */
export function binomialUpperCount(windows: number, rate: number, confidence = 0.999): number {
  let cdf = 0;
  let logP = windows * Math.log1p(-rate);
  for (let k = 0; k <= windows; k++) {
    cdf += Math.exp(logP);
    if (cdf >= confidence) return k;
    logP += Math.log((windows - k) / (k + 1)) + Math.log(rate / (1 - rate));
  }
  return windows;
}
