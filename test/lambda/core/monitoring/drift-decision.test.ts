/**
 * The drift decision on real-looking data: tied values and point masses count exactly (the decision depends on the
 * data's distribution, not its scale), the decision's two parts (effect size, false-alarm budget spent with Holm's
 * method over the window's features) and the report saying which part decided.
 */
import type { FeatureSchema } from '../../../../contracts/model-monitor';
import {
  baselineFromStatisticsFile, baselineStatisticsFile, compareWithBaseline, computeBaseline, decideWindow, reportMetrics, violationsFile,
  WindowAccumulator, windowReportSummary, type Baseline, type FeatureDrift,
} from '../../../../lambda/core/monitoring';
import { ks2samp, SeededRandom } from '../../../../lambda/core/stats';

const numeric: FeatureSchema = { features: [{ name: 'x', kind: 'numeric' }] };

/** n values alternating a, b (half each). */
const halves = (n: number, a: number, b: number) => Array.from({ length: n }, (_, i) => (i % 2 ? a : b));

function judge(baseline: Baseline, values: readonly number[], options = {}): FeatureDrift {
  const acc = new WindowAccumulator(baseline);
  for (const v of values) acc.addNumber(0, v);
  acc.records = values.length;
  return compareWithBaseline(baseline, acc.summary('2026-12-02T01:00:00Z', '2026-12-02T01:15:00Z'), options).features[0];
}

describe('ties and point masses', () => {
  test('the minimal case: half 0.5 / half 1.5 against the same is no change (the old decision: distance 0.5, drift)', () => {
    const baseline = computeBaseline(numeric, { x: halves(100, 0.5, 1.5) });
    const x = judge(baseline, halves(100, 0.5, 1.5));
    expect(x.numeric).toMatchObject({ ksDistance: 0, pValue: 1, psi: 0, wasserstein: 0 });
    expect(x.drift).toBe(false);
    expect(x.decision!.decidedBy).toBe('both');
  });

  test('the same data doubled (1 and 3) gives the same result', () => {
    const baseline = computeBaseline(numeric, { x: halves(100, 1, 3) });
    expect(judge(baseline, halves(100, 1, 3)).numeric).toMatchObject({ ksDistance: 0, pValue: 1, psi: 0, wasserstein: 0 });
  });

  test('a point mass keeps a bin of its own through statistics.json', () => {
    const baseline = computeBaseline(numeric, { x: halves(100, 0.5, 1.5) });
    // Both sides of each point mass are edges: the next double up closes the bin of the value alone.
    expect(baseline.features[0]).toMatchObject({ edges: [0.5, 0.5000000000000001, 1, 1.5, 1.5000000000000002], counts: [0, 50, 0, 0, 50, 0] });
    const back = baselineFromStatisticsFile(JSON.parse(JSON.stringify(baselineStatisticsFile(baseline))), numeric);
    expect(back).toEqual(baseline);
  });

  test('a window of tied values is compared at every distinct value: the two-sample KS distance of the samples', () => {
    // Half-point ratings: every value holds more than a bucket's share, so every one is a bin of its own.
    const r = new SeededRandom(3);
    const rating = (shift: number) => Math.min(5, Math.max(0.5, Math.round(2 * (3 + shift + r.normal())) / 2));
    const base = Array.from({ length: 2000 }, () => rating(0));
    const win = Array.from({ length: 300 }, () => rating(0.3));
    const x = judge(computeBaseline(numeric, { x: base }), win);
    // The definition: the largest |F - G| at the ratings 0.5, 1, ..., 5 (also ks2samp's, checked against scipy).
    const cdf = (xs: number[], t: number) => xs.filter((v) => v <= t).length / xs.length;
    const d = Math.max(...Array.from({ length: 10 }, (_, k) => Math.abs(cdf(win, 0.5 + k / 2) - cdf(base, 0.5 + k / 2))));
    expect(x.numeric!.ksDistance).toBeCloseTo(d, 12);
    expect(x.numeric!.ksDistance).toBeCloseTo(ks2samp(win, base).statistic, 12);
    expect(d).toBeGreaterThan(0.05);
  });

  test('scale invariance: x2 (exact in floating point) gives the same statistics and decision; an affine change the same decision', () => {
    const r = new SeededRandom(9);
    const zeroOrLog = (shift: number) => (r.next() < 0.3 ? 0 : Math.exp(shift + r.normal()));
    const base = Array.from({ length: 5000 }, () => zeroOrLog(0));
    for (const [size, shift] of [[200, 0], [200, 0.6], [2000, 0.15]]) {
      const win = Array.from({ length: size }, () => zeroOrLog(shift));
      const a = judge(computeBaseline(numeric, { x: base }), win);
      const b = judge(computeBaseline(numeric, { x: base.map((v) => 2 * v) }), win.map((v) => 2 * v));
      expect(b.numeric).toEqual(a.numeric);
      expect(b.decision).toEqual(a.decision);
      const c = judge(computeBaseline(numeric, { x: base.map((v) => 37 * v - 5) }), win.map((v) => 37 * v - 5));
      expect(c.drift).toBe(a.drift);
      expect(c.numeric!.ksDistance).toBeCloseTo(a.numeric!.ksDistance, 2);
    }
  });
});

describe('the decision\'s two parts', () => {
  const r = new SeededRandom(21);
  const baseline = computeBaseline(numeric, { x: Array.from({ length: 20000 }, () => r.normal()) });

  test('a large window with a 0.1 SD shift: significant, but below the effect size (the effect size decides)', () => {
    const x = judge(baseline, Array.from({ length: 100000 }, () => 0.1 + r.normal()));
    expect(x.decision!.test.significant).toBe(true);
    expect(x.decision!.effect.reached).toBe(false);
    expect(x).toMatchObject({ drift: false, decision: { decidedBy: 'effect-size' } });
  });

  test('a small window with a large apparent change: not significant (the budget decides)', () => {
    const x = judge(baseline, Array.from({ length: 20 }, (_, i) => (i < 12 ? -0.2 : 0.5) + 0.3 * r.normal()), { minRecords: 20 });
    expect(x.decision!.effect.reached).toBe(true);
    expect(x.decision!.test.significant).toBe(false);
    expect(x).toMatchObject({ drift: false, decision: { decidedBy: 'test' } });
  });

  test('both: a 0.5 SD shift in 500 values is drift, and each report file says why', () => {
    const acc = new WindowAccumulator(baseline);
    for (let i = 0; i < 500; i++) acc.addNumber(0, 0.5 + r.normal());
    acc.records = 500;
    const summary = acc.summary('2026-12-02T01:00:00Z', '2026-12-02T01:15:00Z');
    const report = compareWithBaseline(baseline, summary);
    const x = report.features[0];
    expect(x).toMatchObject({ drift: true, decision: { decidedBy: 'both', effect: { statistic: 'ks_distance', size: 0.1, reached: true }, test: { name: 'ks', budget: 0.01, significant: true } } });
    const violation = violationsFile(report).violations.find((v) => v.constraint_check_type === 'baseline_drift_check')!;
    expect(violation.description).toMatch(/^Baseline drift: KS distance 0\.\d+ is at least the effect size 0\.1; KS p-value [\d.e-]+ \(Holm-adjusted over 1 feature: [\d.e-]+\) is within the false-alarm budget 0\.01 \(500 values against 20000\)$/);
    const written = windowReportSummary(summary, report);
    expect(written.decision).toEqual({ falseAlarmBudget: 0.01, testedFeatures: 1, features: [{ name: 'x', drift: true, decidedBy: 'both', effect: x.decision!.effect, test: x.decision!.test }] });
    // The summary part still merges and parses as a window summary; the published distance is the effect's value.
    expect({ ...written, decision: undefined }).toEqual({ ...summary, decision: undefined });
    expect(reportMetrics(report).find((m) => m.name === 'feature_baseline_drift_x')!.value).toBe(x.decision!.effect.value);
  });

  test('the chosen numeric statistic is the one compared with the effect size', () => {
    const win = Array.from({ length: 2000 }, () => 0.2 + r.normal());
    const ks = judge(baseline, win);
    const w = judge(baseline, win, { numericEffect: { statistic: 'wasserstein_sd', size: 0.1 } });
    const psi = judge(baseline, win, { numericEffect: { statistic: 'psi', size: 0.1 } });
    expect([ks.decision!.effect.value, w.decision!.effect.value, psi.decision!.effect.value]).toEqual([ks.numeric!.ksDistance, ks.numeric!.wasserstein, ks.numeric!.psi]);
    // A 0.2 SD shift: KS distance ~0.08 (< 0.1), Wasserstein ~0.2 SD (>= 0.1), PSI ~0.04 (< 0.1).
    expect([ks.drift, w.drift, psi.drift]).toEqual([false, true, false]);
    expect([ks.decision!.decidedBy, w.decision!.decidedBy, psi.decision!.decidedBy]).toEqual(['effect-size', 'both', 'effect-size']);
  });

  test('too few values: no decision, and summary.json says so', () => {
    const acc = new WindowAccumulator(baseline);
    for (let i = 0; i < 5; i++) acc.addNumber(0, 3);
    const report = compareWithBaseline(baseline, acc.summary('', ''));
    expect(report.testedFeatures).toBe(0);
    expect(windowReportSummary(acc.summary('', ''), report).decision.features).toEqual([{ name: 'x', drift: false, decidedBy: 'min-records' }]);
  });
});

describe('the false-alarm budget across features (Holm)', () => {
  const input = (pValue: number) => ({ effect: { statistic: 'ks_distance' as const, value: 0.5, size: 0.1 }, test: { name: 'ks' as const, applicable: true, pValue } });

  test('three features each at p = 0.004: alone each would drift at 1%; together none does (Holm: 3 x 0.004 > 0.01)', () => {
    expect(decideWindow([input(0.004)], 0.01).map((d) => d.drift)).toEqual([true]);
    expect(decideWindow([input(0.004), input(0.004), input(0.004)], 0.01).map((d) => d.drift)).toEqual([false, false, false]);
  });

  test('step-down: p = 0.002, 0.004, 0.5 -> adjusted 0.006, 0.008, 0.5', () => {
    const d = decideWindow([input(0.5), input(0.002), input(0.004)], 0.01);
    expect(d.map((x) => x.test.adjustedPValue)).toEqual([0.5, 0.006, 0.008]);
    expect(d.map((x) => [x.drift, x.decidedBy])).toEqual([[false, 'test'], [true, 'both'], [true, 'both']]);
  });

  test('a test that cannot apply counts as p = 1, and still counts in the family', () => {
    const d = decideWindow([{ ...input(0.004), test: { name: 'chi-square', applicable: false, pValue: 0.001 } }, input(0.004)], 0.01);
    expect(d.map((x) => [x.test.pValue, x.test.adjustedPValue, x.drift])).toEqual([[1, 1, false], [0.004, 0.008, true]]);
  });

  test('a share change of exactly 10 points reaches an effect size of 0.1 (0.3 - 0.4 is 0.09999999999999998 in floating point)', () => {
    const d = decideWindow([{ effect: { statistic: 'category_share', value: Math.abs(0.3 - 0.4), size: 0.1 }, test: { name: 'chi-square', applicable: true, pValue: 1e-6 } }], 0.01);
    expect(d[0].effect.reached).toBe(true);
  });
});
