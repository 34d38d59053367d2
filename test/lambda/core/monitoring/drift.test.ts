import { schemaFromColumns, type FeatureSchema } from '../../../../contracts/model-monitor';
import {
  baselineFromStatisticsFile, baselineStatisticsFile, CaptureByteIngester, CaptureStreamIngester, compareWithBaseline, computeBaseline,
  ingestCaptureLine, layoutOf, mergeSummaries, reportMetrics, suggestConstraints, WindowAccumulator, optionsFromConstraints,
} from '../../../../lambda/core/monitoring';
import { ks2samp, SeededRandom } from '../../../../lambda/core/stats';

const schema: FeatureSchema = {
  features: [
    { name: 'x1', kind: 'numeric' }, { name: 'x2', kind: 'numeric' }, { name: 'color', kind: 'categorical' },
    { name: 'score', kind: 'numeric', source: 'output' },
  ],
};
const COLORS = ['red', 'green', 'blue'];

function rows(seed: number, n: number, shift = 0) {
  const r = new SeededRandom(seed);
  return Array.from({ length: n }, () => ({
    x1: r.normal() + shift, x2: 10 + 2 * r.normal(), color: COLORS[r.pick([0.5, 0.3, 0.2])], score: 1 / (1 + Math.exp(-r.normal())),
  }));
}

function csvLine(row: ReturnType<typeof rows>[number], i: number): string {
  return JSON.stringify({
    captureData: {
      endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: `${row.x1},${row.x2},${row.color}`, encoding: 'CSV' },
      endpointOutput: { observedContentType: 'text/csv; charset=utf-8', mode: 'OUTPUT', data: `${row.score}`, encoding: 'CSV' },
    },
    eventMetadata: { eventId: `e-${i}`, inferenceTime: '2026-12-02T01:00:00Z' },
    eventVersion: '0',
  });
}

const baselineRows = rows(1, 5000);
const baseline = computeBaseline(schema, {
  x1: baselineRows.map((r) => r.x1), x2: baselineRows.map((r) => r.x2), color: baselineRows.map((r) => r.color), score: baselineRows.map((r) => r.score),
});

function window(lines: string[]) {
  const acc = new WindowAccumulator(baseline);
  const layout = layoutOf(schema.features);
  for (const l of lines) ingestCaptureLine(acc, layout, l);
  return acc.summary('2026-12-02T01:00:00Z', '2026-12-02T01:05:00Z');
}

describe('schema', () => {
  test('from the DataPlatform columns: numeric Glue types are numeric, the label excluded, outputs appended', () => {
    const s = schemaFromColumns({ label: 'int', sepal_length: 'double', species: 'string', n: 'bigint', d: 'decimal(10,2)' },
      { exclude: ['label'], outputs: [{ name: 'prediction', kind: 'numeric' }] });
    expect(s.features).toEqual([
      { name: 'sepal_length', kind: 'numeric', source: 'input' }, { name: 'species', kind: 'categorical', source: 'input' },
      { name: 'n', kind: 'numeric', source: 'input' }, { name: 'd', kind: 'numeric', source: 'input' },
      { name: 'prediction', kind: 'numeric', source: 'output' },
    ]);
  });
});

describe('window summary from Data Capture', () => {
  test('CSV, JSON and BASE64 encodings give the same summary; malformed lines are counted, not fatal', () => {
    const data = rows(2, 50);
    const csv = data.map(csvLine);
    const json = data.map((r, i) => JSON.stringify({
      captureData: {
        endpointInput: { observedContentType: 'application/json', mode: 'INPUT', data: JSON.stringify({ x1: r.x1, x2: r.x2, color: r.color }), encoding: 'JSON' },
        endpointOutput: { observedContentType: 'application/json', mode: 'OUTPUT', data: JSON.stringify({ predictions: [{ score: r.score }] }), encoding: 'JSON' },
      },
      eventMetadata: { eventId: `j-${i}` },
    }));
    const b64 = data.map((r, i) => JSON.stringify({
      captureData: {
        endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: Buffer.from(`${r.x1},${r.x2},${r.color}`).toString('base64'), encoding: 'BASE64' },
        endpointOutput: { observedContentType: 'text/csv', mode: 'OUTPUT', data: Buffer.from(`${r.score}`).toString('base64'), encoding: 'BASE64' },
      },
      eventMetadata: { eventId: `b-${i}` },
    }));
    const a = window([...csv, 'not json', '{"captureData":{}}', '']);
    const b = window(json);
    const c = window(b64);
    expect(a.records).toBe(50);
    expect(a.malformed).toBe(2);
    expect(b.malformed).toBe(0);
    for (const s of [b, c]) {
      expect(s.records).toBe(50);
      expect(s.features).toEqual(a.features);
    }
    const x1 = a.features.x1;
    expect(x1.kind === 'numeric' && x1.counts.reduce((p, q) => p + q, 0)).toBe(50);
    expect(a.features.color.kind === 'categorical' && a.features.color.count).toBe(50);
  });

  test('a stream split at any byte gives the same summary as whole lines', () => {
    const lines = rows(3, 30).map(csvLine);
    const whole = window(lines);
    const acc = new WindowAccumulator(baseline);
    const ing = new CaptureStreamIngester(acc, layoutOf(schema.features));
    const text = lines.join('\n') + '\n';
    for (let i = 0; i < text.length; i += 37) ing.write(text.slice(i, i + 37));
    ing.end();
    expect(acc.summary(whole.start, whole.end)).toEqual(whole);
  });

  test('the byte-level hot path gives the same summary as the line parser, across chunk boundaries and encodings', () => {
    const data = rows(10, 40);
    const lines = data.map(csvLine);
    // Escapes, JSON payloads, categorical non-ASCII text, a multi-row CSV request and junk take the slow path.
    lines.push(JSON.stringify({ captureData: { endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: '1.5,2,"röd, mörk"\n-3e2,4,blå', encoding: 'CSV' },
      endpointOutput: { observedContentType: 'text/csv', mode: 'OUTPUT', data: '0.25\n0.75', encoding: 'CSV' } } }));
    lines.push('{"captureData":{"endpointInput":{"data":"1,2,red","encoding":"JSON"}}}', 'garbage', '  ');
    const whole = window(lines);
    expect(whole.records).toBe(42);
    expect(whole.malformed).toBe(2);
    const bytes = Buffer.from(lines.join('\r\n'));
    for (const step of [1, 7, 64, 1 << 20]) {
      const acc = new WindowAccumulator(baseline);
      const ing = new CaptureByteIngester(acc, layoutOf(schema.features));
      for (let i = 0; i < bytes.length; i += step) ing.write(bytes.subarray(i, i + step));
      ing.end();
      expect(acc.summary(whole.start, whole.end)).toEqual(whole);
    }
  });

  test('merged summaries of two halves equal the summary of the whole (hourly views from 5-minute windows)', () => {
    const lines = rows(4, 3000).map(csvLine);
    const whole = window(lines);
    const merged = mergeSummaries([window(lines.slice(0, 1700)), window(lines.slice(1700))]);
    expect(merged.records).toBe(whole.records);
    for (const name of ['x1', 'x2', 'score']) {
      const m = merged.features[name];
      const w = whole.features[name];
      if (m.kind !== 'numeric' || w.kind !== 'numeric') throw new Error('numeric');
      expect(m.counts).toEqual(w.counts);
      expect(m.mean).toBeCloseTo(w.mean, 10);
      expect(m.m2 / w.m2).toBeCloseTo(1, 10);
      expect([m.min, m.max]).toEqual([w.min, w.max]);
    }
    expect(merged.features.color).toEqual(whole.features.color);
  });
});

describe('comparison with the baseline', () => {
  test('no drift: no violation; the binned KS distance is close to the exact two-sample statistic', () => {
    const data = rows(5, 4000);
    const report = compareWithBaseline(baseline, window(data.map(csvLine)));
    expect(report.violations).toEqual([]);
    const x1 = report.features.find((f) => f.name === 'x1')!;
    const exact = ks2samp(data.map((r) => r.x1), baselineRows.map((r) => r.x1), 'asymp').statistic;
    // 100 quantile bins: the binned statistic is at most the exact one, and within a bin's share (0.01) of it.
    expect(x1.numeric!.ksDistance).toBeLessThanOrEqual(exact);
    expect(exact - x1.numeric!.ksDistance).toBeLessThan(0.012);
    expect(x1.drift).toBe(false);
  });

  test('a shift of one standard deviation in x1 and in the output is drift; metrics use Model Monitor names', () => {
    const data = rows(6, 500, 1).map((r) => ({ ...r, score: Math.min(1, r.score + 0.3) }));
    const report = compareWithBaseline(baseline, window(data.map(csvLine)));
    const drifted = report.violations.filter((v) => v.constraint_check_type === 'baseline_drift_check').map((v) => v.feature_name);
    expect(drifted.sort()).toEqual(['score', 'x1']);
    const metrics = new Map(reportMetrics(report).map((m) => [m.name, m.value]));
    expect(metrics.get('feature_baseline_drift_x1')).toBeGreaterThan(0.1);
    expect(metrics.get('feature_drift_detected_x1')).toBe(1);
    expect(metrics.get('feature_drift_detected_x2')).toBe(0);
    expect(metrics.get('feature_non_null_color')).toBe(1);
    expect(metrics.get('record_count')).toBe(500);
  });

  test('a quiet endpoint: 10 values do not decide; the test absorbs the noise of small windows', () => {
    const small = compareWithBaseline(baseline, window(rows(7, 10, 1).map(csvLine)));
    expect(small.features.every((f) => !f.decided && !f.drift && !f.decision)).toBe(true);
    const thirty = compareWithBaseline(baseline, window(rows(8, 30).map(csvLine)));
    const x1 = thirty.features.find((f) => f.name === 'x1')!;
    // 30 values from the baseline's distribution: the distance is noise, far from significant at the budget.
    expect(x1.decision!.test.pValue).toBeGreaterThan(0.05);
    expect(x1.drift).toBe(false);
    expect(thirty.testedFeatures).toBe(4);
  });

  test('categorical drift and unknown categories', () => {
    const data = rows(9, 400).map((r, i) => ({ ...r, color: i % 2 ? 'blue' : 'purple' }));
    const report = compareWithBaseline(baseline, window(data.map(csvLine)));
    const types = report.violations.filter((v) => v.feature_name === 'color').map((v) => v.constraint_check_type).sort();
    expect(types).toEqual(['baseline_drift_check', 'categorical_values_check']);
    const color = report.features.find((f) => f.name === 'color')!;
    expect(color.categorical!.maxShareChange).toBeCloseTo(0.5, 1);
  });
});

describe('Model Monitor files', () => {
  test('statistics.json of a baseline reads back to the same bins; constraints carry the defaults', () => {
    const file = JSON.parse(JSON.stringify(baselineStatisticsFile(baseline)));
    const back = baselineFromStatisticsFile(file, schema);
    expect(back).toEqual(baseline);
    const constraints = suggestConstraints(baseline);
    expect(constraints.monitoring_config?.distribution_constraints?.comparison_threshold).toBe(0.1);
    expect([...constraints.features.find((f) => f.name === 'color')!.string_constraints!.domains].sort()).toEqual(['blue', 'green', 'red']);
    // comparison_threshold and categorical_comparison_threshold are the effect sizes.
    expect(optionsFromConstraints(constraints)).toMatchObject({ numericEffect: { statistic: 'ks_distance', size: 0.1 }, categoricalEffect: 0.1 });
  });

  test("Model Monitor's own statistics.json (equal-width KLL buckets) is a usable baseline", () => {
    const file = {
      version: 0, dataset: { item_count: 100 },
      features: [{
        name: 'x1', inferred_type: 'Fractional' as const,
        numerical_statistics: {
          common: { num_present: 100, num_missing: 0 }, mean: 0, sum: 0, std_dev: 1, min: -2, max: 2,
          distribution: { kll: { buckets: [
            { lower_bound: -2, upper_bound: -1, count: 15 }, { lower_bound: -1, upper_bound: 0, count: 35 },
            { lower_bound: 0, upper_bound: 1, count: 35 }, { lower_bound: 1, upper_bound: 2, count: 15 },
          ] } },
        },
      }],
    };
    const b = baselineFromStatisticsFile(file);
    expect(b.features[0]).toMatchObject({ kind: 'numeric', edges: [-1, 0, 1], counts: [15, 35, 35, 15] });
  });
});
