import {
  binomialUpperCount, calibrationBaseline, FALSE_ALARM_BUDGET, simulateCalibration,
} from '../../../../lambda/core/monitoring';

// The false-alarm budget of the drift decision, checked on simulated no-drift windows with a fixed seed: the count
// of alarms must be consistent with a true rate at the budget (one-sided binomial, 99.9%).
const baseline = calibrationBaseline(1, 20000);
const WINDOWS = 300;

describe('drift decision calibration', () => {
  test('binomial bound: 300 windows at a 1% rate allow at most 10 alarms at 99.9%', () => {
    // P(Bin(300, 0.01) <= 9) = 0.99898 < 0.999 <= P(<= 10) = 0.99974 (scipy.stats.binom.cdf)
    expect(binomialUpperCount(300, 0.01)).toBe(10);
  });

  test.each([50, 200, 1000])('no drift, windows of %p records: false alarms within the budget', (size) => {
    const r = simulateCalibration(baseline, { size, shift: 0, categoryShift: 0, windows: WINDOWS, seed: 1000 + size });
    const limit = binomialUpperCount(WINDOWS, FALSE_ALARM_BUDGET) / WINDOWS;
    expect(r.robust).toBeLessThanOrEqual(limit);
    expect(r.categorical).toBeLessThanOrEqual(limit);
    // Contrast: with no allowance for sample size (Model Monitor's Simple), small windows alarm on chance.
    if (size === 50) expect(r.simple).toBeGreaterThan(0.3);
  });

  test('a one-standard-deviation shift is detected in nearly every window of 200 records', () => {
    const r = simulateCalibration(baseline, { size: 200, shift: 1, categoryShift: 0.3, windows: 100, seed: 7 });
    expect(r.robust).toBeGreaterThanOrEqual(0.95);
    expect(r.categorical).toBeGreaterThanOrEqual(0.9);
  });
});
