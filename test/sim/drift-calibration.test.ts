/**
 * The drift decision's false alarms on each feature type of the calibration study (npm run bench --
 * drift-calibration), small and seeded: with no change, the share of flagged windows must be consistent with the
 * 1% budget (one-sided binomial bound at 99.9%), including the tied data that the old decision flagged in most
 * windows (half-point ratings, 30% zeros + lognormal); a change at least the effect size is caught.
 */
import { DRIFT_DECISION_DEFAULTS } from '../../contracts/drift-monitor';
import {
  binomialUpperCount, calibrationBaseline, CATEGORICAL_CHANGES, FEATURE_TYPES, NO_CHANGE, NUMERIC_CHANGES, runCalibrationCell,
} from '../../sim/drift';

const WINDOWS = 300;

describe('drift decision calibration', () => {
  test('binomial bound: 300 windows at a 1% rate allow at most 10 alarms at 99.9%', () => {
    // P(Bin(300, 0.01) <= 9) = 0.99898 < 0.999 <= P(<= 10) = 0.99974 (scipy.stats.binom.cdf)
    expect(binomialUpperCount(300, 0.01)).toBe(10);
  });

  test.each(FEATURE_TYPES.map((t, i) => [t.name, i] as const))('%s, no change: false alarms within the budget at 50, 200 and 1,000 records', (_name, i) => {
    const base = calibrationBaseline(FEATURE_TYPES[i], 500 + i, 20000);
    const limit = binomialUpperCount(WINDOWS, DRIFT_DECISION_DEFAULTS.falseAlarmBudget);
    const flagged = [50, 200, 1000].map((size) => ({ size, flagged: runCalibrationCell(base, { change: NO_CHANGE, size, windows: WINDOWS, seed: 7000 + 10 * i + size }) }));
    expect(flagged.filter((c) => c.flagged > limit)).toEqual([]);
  });

  test('a change at least the effect size is caught: mean +0.5 SD (KS distance 0.2) in 200 normal values', () => {
    const base = calibrationBaseline(FEATURE_TYPES[0], 1, 20000);
    const shift = NUMERIC_CHANGES.find((c) => c.shift === 0.5)!;
    expect(runCalibrationCell(base, { change: shift, size: 200, windows: 100, seed: 3 })).toBeGreaterThanOrEqual(95);
  });

  test('a category share moving 20 points (twice the effect size) is caught in 1,000 values', () => {
    const four = FEATURE_TYPES.find((t) => t.name === 'categorical (4)')!;
    const base = calibrationBaseline(four, 2, 20000);
    const change = { ...CATEGORICAL_CHANGES[4], share: -0.2 };
    expect(runCalibrationCell(base, { change, size: 1000, windows: 100, seed: 4 })).toBe(100);
  });
});
