/**
 * Drift of a pipeline stage's rows (CSV, JSON Lines) with the drift monitor's code: hand-made files against a
 * hand-made Model Monitor statistics.json, expected values worked out from the reference formulas (KS L∞ on the
 * baseline's buckets, PSI = Σ (q - p) ln(q/p), categorical L∞ on shares) and scipy (the tests' p-values).
 */
import {
  baselineFromStatisticsFile, compareWithBaseline, driftOptionsOf, ingestCaptureLine, isStageDataKey, layoutOf, reportMetrics,
  StageFileIngester, WindowAccumulator, type StageRowFormat,
} from '../../../../lambda/core/monitoring';
import { stageSchema as schema, stageStatistics } from '../../../helpers/stage-baseline';

// Baseline: x on four buckets of 2,500 ([0,1) .. [3,4]), color red 5,000 / green 3,000 / blue 2,000 (m = 10,000).
const baseline = baselineFromStatisticsFile(stageStatistics, schema);

// The window: 400 rows; x in the four buckets 200 / 100 / 50 / 50, color red 100 / green 100 / blue 200.
function windowRows(): { x: number; color: string }[] {
  const xs = [...Array(200).fill(0), ...Array(100).fill(1), ...Array(50).fill(2), ...Array(50).fill(3)];
  const colors = [...Array(100).fill('red'), ...Array(100).fill('green'), ...Array(200).fill('blue')];
  return xs.map((x, i) => ({ x, color: colors[i] }));
}

function ingest(text: string | Buffer, format: StageRowFormat, chunk = 1 << 16, maxLine?: number) {
  const acc = new WindowAccumulator(baseline);
  const file = new StageFileIngester(acc, format, maxLine);
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunk) file.writeBytes(bytes.subarray(i, i + chunk));
  const counts = file.end();
  return { acc, counts, summary: acc.summary('2026-12-02T06:00:00.000Z', '2026-12-02T07:00:00.000Z') };
}

const CSV = { format: 'csv', header: true } as const;
const csvText = () => `id,color,x,label\r\n${windowRows().map((r, i) => `${i},"${r.color}",${r.x},1`).join('\r\n')}\r\n`;

describe('stage rows into the drift monitor\'s window summary', () => {
  test('CSV with a header: drift distances equal the reference formulas', () => {
    const { summary, counts } = ingest(csvText(), CSV);
    expect(counts).toEqual({ rows: 400, malformed: 0, unreadable: false });
    expect(summary.records).toBe(400);
    const report = compareWithBaseline(baseline, summary, driftOptionsOf(undefined, {}));
    const x = report.features.find((f) => f.name === 'x')!;
    const color = report.features.find((f) => f.name === 'color')!;
    // CDFs at the edges 1, 2, 3: baseline 0.25 / 0.5 / 0.75, window 0.5 / 0.75 / 0.875 -> L∞ = 0.25.
    expect(x.numeric!.ksDistance).toBeCloseTo(0.25, 12);
    // The distance less the baseline's DKW band sqrt(ln(200) / 20,000) at the window's 400 values:
    // scipy.stats.kstwo.sf(0.25 - 0.0162757, 400) = 1.0627493702663146e-19.
    expect(x.numeric!.pValue / 1.0627493702663146e-19).toBeCloseTo(1, 6);
    // 0.25 >= the effect size 0.1 and significant: drift, both parts agreeing.
    expect(x.decision).toMatchObject({ drift: true, decidedBy: 'both', effect: { statistic: 'ks_distance', value: x.numeric!.ksDistance, size: 0.1 } });
    expect(x.drift).toBe(true);
    // PSI on the buckets (the file has no deciles): 0.25 ln 2 + 0 + 2 · (-0.125) ln 0.5 = 0.5 ln 2.
    expect(x.numeric!.psiBins).toBe('buckets');
    expect(x.numeric!.psi).toBeCloseTo(0.5 * Math.log(2), 12);
    // Shares red 0.25 / green 0.25 / blue 0.5 against 0.5 / 0.3 / 0.2: L∞ = 0.3; scipy chi2_contingency statistic
    // 215.8817779311138, and its tail allowing for the baseline's error: ncx2.sf(it, 2, 400/10,400 · chi2.ppf(0.99, 2)).
    expect(color.categorical!.maxShareChange).toBeCloseTo(0.3, 12);
    expect(color.categorical!.chiSquare!.statistic).toBeCloseTo(215.8817779311138, 9);
    expect(color.categorical!.chiSquare!.pvalue / 9.914955237028891e-45).toBeCloseTo(1, 6);
    expect(color.decision).toMatchObject({ drift: true, decidedBy: 'both', effect: { statistic: 'category_share', size: 0.1 } });
    expect(color.drift).toBe(true);
    const metrics = new Map(reportMetrics(report).map((m) => [m.name, m.value]));
    expect(metrics.get('feature_baseline_drift_x')).toBeCloseTo(0.25, 12);
    expect(metrics.get('feature_baseline_drift_color')).toBeCloseTo(0.3, 12);
    expect(metrics.get('drifted_feature_count')).toBe(2);
    expect(metrics.get('record_count')).toBe(400);
  });

  test('the same rows as JSON Lines, as CSV without a header and as Data Capture lines give the same summary', () => {
    const rows = windowRows();
    const csv = ingest(csvText(), CSV).summary;
    const jsonl = ingest(rows.map((r) => JSON.stringify({ color: r.color, x: r.x, other: [1] })).join('\n'), { format: 'jsonl', header: true }).summary;
    const headerless = ingest(rows.map((r) => `${r.x},${r.color},0`).join('\n'), { format: 'csv', header: false, columns: ['x', 'color', 'label'] }).summary;
    // The drift monitor's own path: capture lines whose CSV request is "x,color".
    const acc = new WindowAccumulator(baseline);
    for (const r of rows) {
      ingestCaptureLine(acc, layoutOf(schema.features), JSON.stringify({
        captureData: { endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: `${r.x},${r.color}`, encoding: 'CSV' } },
        eventMetadata: { eventId: 'e' }, eventVersion: '0',
      }));
    }
    const capture = acc.summary(csv.start, csv.end);
    expect(jsonl).toEqual(csv);
    expect(headerless).toEqual(csv);
    expect(capture).toEqual(csv);
  });

  test('any chunking of the bytes gives the same summary (lines and UTF-8 characters split across chunks)', () => {
    const text = `color,x\n${['rouge é', 'grün', 'blue'].map((c, i) => `${c},${i}`).join('\n')}`;
    const whole = ingest(text, CSV).summary;
    for (const chunk of [1, 2, 3, 7]) expect(ingest(text, CSV, chunk).summary).toEqual(whole);
    expect(Object.keys((whole.features.color as { counts: object }).counts).sort()).toEqual(['blue', 'grün', 'rouge é']);
  });

  test('malformed rows are counted and skipped, never fatal; blank lines and missing values are not malformed', () => {
    const csv = ingest('x,color\n1,red\n2\n1,red,extra\n\n,blue\n"3","green"\nnot-a-number,red\n', CSV);
    // "2" and "1,red,extra" have the wrong cell count; ",blue" has x missing; "not-a-number" is an invalid x.
    expect(csv.counts).toEqual({ rows: 4, malformed: 2, unreadable: false });
    expect(csv.summary.malformed).toBe(2);
    expect(csv.summary.features.x).toMatchObject({ count: 2, missing: 1, invalid: 1 });
    const jsonl = ingest('{"x":1,"color":"red"}\n[1,"red"]\n{"x":\n42\n{"color":"blue"}\n', { format: 'jsonl', header: true });
    expect(jsonl.counts).toEqual({ rows: 2, malformed: 3, unreadable: false });
    expect(jsonl.summary.features.x).toMatchObject({ count: 1, missing: 1 });
  });

  test('bounded memory: a line longer than the limit is counted once and skipped to its end', () => {
    const long = 'x,color\n1,red\n' + '9'.repeat(5000) + ',red\n2,blue\n';
    const r = ingest(long, CSV, 100, 1000);
    expect(r.counts).toEqual({ rows: 2, malformed: 1, unreadable: false });
    expect(r.summary.features.x).toMatchObject({ count: 2, min: 1, max: 2 });
  });

  test('a Parquet file (PAR1 magic) is not read as text: counted as one malformed record', () => {
    const r = ingest(Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(100, 1), Buffer.from('\nx,color\n1,red\n')]), CSV);
    expect(r.counts).toEqual({ rows: 0, malformed: 1, unreadable: true });
  });

  test('only data files under the stage prefix are read (no folder markers, no _SUCCESS or hidden files)', () => {
    expect(isStageDataKey('iris/2026/12/02/a.csv', 'iris/')).toBe(true);
    expect(isStageDataKey('iris/part-0000.csv.gz', 'iris/')).toBe(true);
    expect(isStageDataKey('iris/', 'iris/')).toBe(false);
    expect(isStageDataKey('iris/_SUCCESS', 'iris/')).toBe(false);
    expect(isStageDataKey('iris/_temporary/0/a.csv', 'iris/')).toBe(false);
    expect(isStageDataKey('iris/.a.csv.crc', 'iris/')).toBe(false);
    expect(isStageDataKey('iris_$folder$', '')).toBe(false);
    // The prefix itself may start with "_": only the part below it is judged.
    expect(isStageDataKey('_landing/a.csv', '_landing/')).toBe(true);
  });

  test('the construct\'s thresholds override the baseline constraints as in the drift monitor', () => {
    const { summary } = ingest(csvText(), CSV);
    const larger = compareWithBaseline(baseline, summary, driftOptionsOf(undefined, { numericEffect: { statistic: 'ks_distance', size: 0.3 }, categoricalEffect: 0.35 }));
    // 0.25 < 0.3 and 0.3 < 0.35: significant, but below the effect sizes.
    expect(larger.features.map((f) => [f.name, f.drift, f.decision!.decidedBy])).toEqual([['x', false, 'effect-size'], ['color', false, 'effect-size']]);
    // Holm over the two features: x's adjusted p-value is its own 1.1e-19 (the larger one), color's 2 · 9.9e-45.
    const strict = compareWithBaseline(baseline, summary, driftOptionsOf(undefined, { falseAlarmBudget: 1e-20 }));
    expect(strict.features.map((f) => [f.name, f.drift, f.decision!.decidedBy])).toEqual([['x', false, 'test'], ['color', true, 'both']]);
    expect(strict.features[1].decision!.test.adjustedPValue / (2 * 9.914955237028891e-45)).toBeCloseTo(1, 6);
    const few = compareWithBaseline(baseline, summary, driftOptionsOf(undefined, { minRecords: 500 }));
    // 400 values < minRecords 500: no decision.
    expect(few.features.every((f) => !f.decided && !f.drift && !f.decision)).toBe(true);
  });
});
