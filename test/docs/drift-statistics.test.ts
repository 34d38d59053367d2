/**
 * docs/drift-statistics.md states only what the code does: its figures are recomputed here (effect sizes, the
 * budget across features, the old allowance's level, the example violation, the point-mass bucket), and its
 * calibration table (printed by `npm run bench -- drift-calibration`) agrees with its own summary line and the targets.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DRIFT_DECISION_DEFAULTS } from '../../contracts/drift-monitor';
import { DEFAULT_MONITORING_CONFIG } from '../../contracts/model-monitor';
import { BASELINE_ERROR_RISK, baselineStatisticsFile, compareWithBaseline, computeBaseline, WindowAccumulator } from '../../lambda/core/monitoring';
import { dkwBand, jensenShannon, kolmogorovSf, normalCdf, normalQuantile, psiFromShares, SeededRandom } from '../../lambda/core/stats';
import { changedShares, FEATURE_TYPES, CATEGORICAL_CHANGES, NUMERIC_CHANGES, type CategoricalFeatureType } from '../../sim/drift';

const doc = fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'drift-statistics.md'), 'utf8');
const flat = doc.replace(/\s+/g, ' ');

describe('docs/drift-statistics.md', () => {
  test('the defaults are the code\'s, and the effect sizes are Model Monitor\'s', () => {
    const d = DRIFT_DECISION_DEFAULTS;
    expect([d.numericEffect, d.categoricalEffect, d.falseAlarmBudget, d.minRecords]).toEqual([{ statistic: 'ks_distance', size: 0.1 }, 0.1, 0.01, 20]);
    expect(DEFAULT_MONITORING_CONFIG.distribution_constraints.comparison_threshold).toBe(d.numericEffect.size);
    expect(DEFAULT_MONITORING_CONFIG.distribution_constraints.categorical_comparison_threshold).toBe(d.categoricalEffect);
    expect(flat).toContain('| numeric effect size | KS distance 0.1 |');
    expect(flat).toContain('| false-alarm budget | 1% of no-change windows, across the window\'s features |');
    expect(flat).toContain('fewer than `minRecords` values of a feature (20)');
  });

  test('per-feature spending: 50 features alarm on about 40% of no-change windows', () => {
    expect(flat).toContain('about 40% of no-change windows (1 - 0.99^50)');
    expect(Math.round(100 * (1 - 0.99 ** 50))).toBe(39);
  });

  test('the old Robust allowance was a test at about 4e-6 at 50 records and below 1e-20 from 1,000', () => {
    // Flag when D - 1.8 sqrt((n+m)/(nm)) > 0.1 against 20,000 baseline values: the KS tail at that D.
    const level = (n: number) => kolmogorovSf(Math.round((n * 20000) / (n + 20000)), 0.1 + 1.8 * Math.sqrt(1 / n + 1 / 20000));
    expect(flat).toContain('a test at a level of about 4e-6 at 50 records and below 1e-20 from 1,000');
    expect(level(50)).toBeGreaterThan(3.5e-6);
    expect(level(50)).toBeLessThan(4.5e-6);
    expect(level(1000)).toBeLessThan(1e-20);
    expect((0.1 + 1.8 * Math.sqrt(1 / 50 + 1 / 20000)).toFixed(3)).toBe('0.355');
    expect(flat).toContain('needed a KS distance of 0.355 against a 20,000-value baseline (0.1 + 1.8·sqrt(1/50 + 1/20000))');
    // A mean shift of 0.5 SD between two normal populations is a KS distance of 2Φ(0.25) - 1 = 0.197.
    expect((2 * normalCdf(0.25) - 1).toFixed(3)).toBe('0.197');
    expect(flat).toContain('a 0.5 SD shift (0.197 between the populations)');
  });

  test('the effect-size table: the mean shift of a normal feature each default-sized effect corresponds to', () => {
    const rows = [...doc.matchAll(/^\| `NumericEffectSize\.(\w+)\(0\.1\)` \| ([\d.]+) SD \|$/gm)].map((m) => [m[1], Number(m[2])] as const);
    expect(rows.map((r) => r[0])).toEqual(['ksDistance', 'psi', 'wassersteinSds']);
    const effect: Record<string, (shift: number) => number> = {
      // Two normal populations a shift apart: KS 2Φ(shift/2) - 1; PSI on the deciles; Wasserstein = the shift.
      ksDistance: (s) => 2 * normalCdf(s / 2) - 1,
      psi: (s) => {
        const z = [-Infinity, ...Array.from({ length: 9 }, (_, k) => normalQuantile((k + 1) / 10)), Infinity];
        return psiFromShares(new Array(10).fill(0.1), z.slice(1).map((hi, k) => normalCdf(hi - s) - normalCdf(z[k] - s)));
      },
      wassersteinSds: (s) => s,
    };
    // The quoted shift (3 decimals) gives the effect size 0.1 to within the rounding.
    for (const [name, shift] of rows) expect(Math.abs(effect[name](shift) - 0.1)).toBeLessThan(0.0005);
    expect(flat).toContain('where a KS distance of 0.1 takes about 0.25 SD');
  });

  test('a 10-point move of the largest category is a Jensen–Shannon distance of 0.071 to 0.092 in the two categorical types', () => {
    const js = FEATURE_TYPES.filter((t): t is CategoricalFeatureType => t.kind === 'categorical').flatMap((t) =>
      CATEGORICAL_CHANGES.filter((c) => Math.abs(c.share) === 0.1).map((c) => jensenShannon([...t.shares], changedShares(t, c))));
    expect(js).toHaveLength(4);
    expect(Math.min(...js).toFixed(3)).toBe('0.071');
    expect(Math.max(...js).toFixed(3)).toBe('0.092');
    expect(flat).toContain('Jensen–Shannon distance of 0.071 to 0.092');
  });

  test('the example violation is what the monitor writes for it', () => {
    const r = new SeededRandom(24);
    const schema = { features: ['a', 'b', 'c', 'd'].map((name) => ({ name, kind: 'numeric' as const })) };
    const cols: Record<string, number[]> = { a: [], b: [], c: [], d: [] };
    for (let i = 0; i < 20000; i++) for (const k of Object.keys(cols)) cols[k].push(r.normal());
    const baseline = computeBaseline(schema, cols);
    const acc = new WindowAccumulator(baseline);
    for (let i = 0; i < 500; i++) {
      acc.addNumber(0, 0.5 + r.normal());
      for (let k = 1; k < 4; k++) acc.addNumber(k, r.normal());
    }
    const [violation] = compareWithBaseline(baseline, acc.summary('', '')).violations;
    expect(doc).toContain('(a 0.5 SD shift of one of four features in 500 records)');
    expect(doc).toContain(`\`${violation.description}\``);
  });

  test('the baseline\'s DKW band at 99% for 20,000 values is 0.0115 of KS distance', () => {
    expect(dkwBand(20000, BASELINE_ERROR_RISK).toFixed(4)).toBe('0.0115');
    expect(flat).toContain('(0.0115 for m = 20,000 values)');
    expect(flat).toContain('(for m = 20,000 values, 0.0115 more KS distance)');
  });

  test('a point mass is a bucket of its own in statistics.json', () => {
    const baseline = computeBaseline({ features: [{ name: 'x', kind: 'numeric' }] }, { x: [0.5, 1.5, 0.5, 1.5, 0.5, 1.5] });
    const buckets = baselineStatisticsFile(baseline).features[0].numerical_statistics!.distribution!.kll!.buckets;
    expect(buckets).toContainEqual({ lower_bound: 0.5, upper_bound: 0.5000000000000001, count: 3 });
    expect(flat).toContain('`"lower_bound": 0.5, "upper_bound": 0.5000000000000001`');
  });

  describe('the calibration table', () => {
    const section = doc.slice(doc.indexOf('## Calibration'));
    const rows = [...section.matchAll(/^\| ([^|]+) \| ([^|]+) \| ([^|]+) \| (\d+) \| (\d+) \| ([\d.]+)% \| ([\d.]+)% \|$/gm)].map((m) => ({
      type: m[1], change: m[2], effect: m[3] === '-' ? 0 : Number(m[3]), size: Number(m[4]), windows: Number(m[5]), library: Number(m[6]), reference: Number(m[7]),
    }));
    const summary = /drift-calibration: worst-false-alarm-pct=([\d.]+) budget-pct=([\d.]+) power-vs-ks=([\d.]+)/.exec(section);

    test('every feature type, change and window size from 50 to 100,000, each of at least 400 windows', () => {
      const sizes = [50, 100, 200, 500, 1000, 5000, 10000, 100000];
      for (const t of FEATURE_TYPES) {
        const changes = t.kind === 'numeric' ? NUMERIC_CHANGES : CATEGORICAL_CHANGES;
        for (const c of changes) expect(rows.filter((r) => r.type === t.name && r.change === c.label).map((r) => r.size)).toEqual(sizes);
      }
      expect(rows).toHaveLength(FEATURE_TYPES.length * 5 * sizes.length);
      expect(rows.every((r) => r.windows >= 400)).toBe(true);
    });

    test('the summary line is the table\'s: the worst no-change rate within the budget, power-vs-ks at least 0.8', () => {
      expect(summary).not.toBeNull();
      const [worst, budget, power] = summary!.slice(1).map(Number);
      const none = rows.filter((r) => r.change === 'none');
      expect(worst).toBe(Math.max(...none.map((r) => r.library)));
      expect(budget).toBe(100 * DRIFT_DECISION_DEFAULTS.falseAlarmBudget);
      expect(worst).toBeLessThanOrEqual(budget);
      // The median ratio over the cells whose change is at least the effect size (from the rounded percentages).
      const size = (r: (typeof rows)[number]) => (FEATURE_TYPES.find((t) => t.name === r.type)!.kind === 'numeric'
        ? DRIFT_DECISION_DEFAULTS.numericEffect.size : DRIFT_DECISION_DEFAULTS.categoricalEffect);
      const ratios = rows.filter((r) => r.change !== 'none' && r.effect + 1e-12 >= size(r) && (r.library > 0 || r.reference > 0))
        .map((r) => (r.reference > 0 ? r.library / r.reference : Infinity)).sort((a, b) => a - b);
      const mid = ratios.length / 2;
      const median = ratios.length % 2 ? ratios[Math.floor(mid)] : (ratios[mid - 1] + ratios[mid]) / 2;
      expect(Math.abs(median - power)).toBeLessThan(0.02);
      expect(power).toBeGreaterThanOrEqual(0.8);
    });

    test('from 1,000 records on, no-change windows are never flagged; the figures quoted in the reading are the table\'s', () => {
      expect(rows.filter((r) => r.change === 'none' && r.size >= 1000).every((r) => r.library === 0)).toBe(true);
      expect(flat).toContain('from 1,000 records on, the effect size keeps them at 0');
      const at = (type: string, change: string, size: number) => rows.find((r) => r.type === type && r.change === change && r.size === size)!;
      expect(at('normal', 'none', 10000).reference).toBe(4.3);
      expect(flat).toContain('(4.3% at 10,000 normal records)');
      expect(flat).toContain('flags no-change windows of 10,000 records 4.3% of the time');
      const shift = at('normal', 'mean +0.5 SD', 50);
      expect(flat).toContain(`caught in ${shift.library.toFixed(1)}% of windows, against ${shift.reference.toFixed(1)}%`);
      expect(Math.round(shift.library / 10) * 10).toBe(50);
      expect(flat).toContain('flags a 0.5 SD shift of a normal feature in half the windows');
    });
  });
});
