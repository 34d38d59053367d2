import { Parser } from 'node-sql-parser';
import { captureTableDefinition, windowGoesToAthena } from '../../../../contracts/capture-table';
import type { FeatureSchema } from '../../../../contracts/model-monitor';
import { SYNTHETIC_INFERENCE_ID_PREFIX } from '../../../../contracts/rollout-probe';
import {
  compareWithBaseline, computeBaseline, ingestCaptureLine, layoutOf, summaryFromAthenaRows, WindowAccumulator,
  windowSummarySql,
} from '../../../../lambda/core/monitoring';
import { SeededRandom } from '../../../../lambda/core/stats';
import { runInDuckDb as runInDuckDbOn } from '../../../helpers/athena-duckdb';

const schema: FeatureSchema = {
  features: [
    { name: 'x1', kind: 'numeric' }, { name: 'x2', kind: 'numeric' }, { name: 'color', kind: 'categorical' },
    { name: 'score', kind: 'numeric', source: 'output' },
  ],
};
const COLORS = ['red', 'green', 'blue'];

function baselineOf(seed: number, n: number) {
  const r = new SeededRandom(seed);
  const cols: Record<string, unknown[]> = { x1: [], x2: [], color: [], score: [] };
  for (let i = 0; i < n; i++) {
    cols.x1.push(r.normal());
    cols.x2.push(Math.round(5 + 2 * r.normal())); // integral: ties on the edges
    cols.color.push(COLORS[r.pick([0.5, 0.3, 0.2])]);
    cols.score.push(r.next());
  }
  return computeBaseline(schema, cols);
}
const baseline = baselineOf(1, 3000);

/** Capture lines of a window: CSV and BASE64 encodings, missing and invalid cells, a few outside the window. */
function captureLines(seed: number, n: number, shift: number): { line: string; inWindow: boolean }[] {
  const r = new SeededRandom(seed);
  const out: { line: string; inWindow: boolean }[] = [];
  for (let i = 0; i < n; i++) {
    const x1 = (r.normal() + shift).toFixed(5);
    const x2 = i % 50 === 7 ? '' : i % 61 === 3 ? 'n/a' : String(Math.round(5 + 2 * r.normal()));
    const color = COLORS[r.pick([0.5, 0.3, 0.2])];
    const csv = `${x1},${x2},${color}`;
    const base64 = i % 3 === 0;
    const minute = i % 40 === 0 ? 9 : 1 + (i % 4); // minute 9 is after the window [01:00, 01:05)
    // Some requests carry the caller's InferenceId; the rollout's probes carry the synthetic prefix and are skipped.
    const synthetic = i % 37 === 5;
    const inferenceId = synthetic ? `${SYNTHETIC_INFERENCE_ID_PREFIX}probe-${i}` : i % 11 === 2 ? `user-${i}` : undefined;
    out.push({
      inWindow: minute < 5 && !synthetic,
      line: JSON.stringify({
        captureData: {
          endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: base64 ? Buffer.from(csv).toString('base64') : csv, encoding: base64 ? 'BASE64' : 'CSV' },
          endpointOutput: { observedContentType: 'text/csv', mode: 'OUTPUT', data: r.next().toFixed(6), encoding: 'CSV' },
        },
        eventMetadata: { eventId: `e${i}`, ...(inferenceId ? { inferenceId } : {}), inferenceTime: `2026-12-02T01:0${minute}:${String(i % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}Z` },
        eventVersion: '0',
      }),
    });
  }
  return out;
}

const runInDuckDb = (lines: string[], sql: string) => runInDuckDbOn(lines.map((line) => ({ line, variant: 'AllTraffic', dt: '2026/12/02/01' })), sql);

const options = { database: 'monitoring', table: 'capture', variant: 'AllTraffic', start: '2026-12-02T01:00:00Z', end: '2026-12-02T01:05:00Z' };

describe('Athena SQL of a window summary', () => {
  test("parses as Trino SQL (node-sql-parser, database 'trino')", () => {
    const sql = windowSummarySql(schema, baseline, options);
    expect(() => new Parser().astify(sql, { database: 'trino' })).not.toThrow();
    expect(sql).toContain('"monitoring"."capture"');
    expect(sql).toContain("dt BETWEEN '2026/12/02/00' AND '2026/12/02/01'");
    expect(sql).toContain(`NOT starts_with(eventmetadata.inferenceid, '${SYNTHETIC_INFERENCE_ID_PREFIX}')`);
  });

  test.each([0, 0.8])('on sample data (shift %p) it computes the same summary and decision as the Lambda path', async (shift) => {
    const lines = captureLines(11, 600, shift);
    const rows = await runInDuckDb(lines.map((l) => l.line), windowSummarySql(schema, baseline, options));
    const sqlSummary = summaryFromAthenaRows(rows, baseline, options.start, options.end);
    const acc = new WindowAccumulator(baseline);
    for (const l of lines.filter((x) => x.inWindow)) ingestCaptureLine(acc, layoutOf(schema.features), l.line);
    const lambdaSummary = acc.summary(options.start, options.end);
    expect(sqlSummary.records).toBe(lambdaSummary.records);
    expect(sqlSummary.records).toBe(lines.filter((l) => l.inWindow).length);
    for (const name of ['x1', 'x2', 'score', 'color']) {
      const s = sqlSummary.features[name];
      const l = lambdaSummary.features[name];
      if (s.kind === 'numeric' && l.kind === 'numeric') {
        expect(s.counts).toEqual(l.counts);
        expect([s.count, s.missing, s.invalid, s.min, s.max]).toEqual([l.count, l.missing, l.invalid, l.min, l.max]);
        expect(s.mean).toBeCloseTo(l.mean, 9);
        expect(s.m2 / l.m2).toBeCloseTo(1, 9);
      } else {
        expect(s).toEqual(l);
      }
    }
    expect(lambdaSummary.features.x2.kind === 'numeric' && lambdaSummary.features.x2.invalid).toBeGreaterThan(0);
    // Both paths count on the baseline's bins, so the decisions and their evidence are the same.
    const a = compareWithBaseline(baseline, sqlSummary);
    const b = compareWithBaseline(baseline, lambdaSummary);
    const evidence = (f: (typeof a.features)[number]) => [f.name, f.drift, f.decision?.decidedBy, f.decision?.effect.value, f.decision?.test.pValue];
    expect(a.features.map(evidence)).toEqual(b.features.map(evidence));
    expect(a.features.find((f) => f.name === 'x1')!.drift).toBe(shift > 0);
  });
});

describe('capture table and switch point', () => {
  test('partition projection over the capture prefix', () => {
    const t = captureTableDefinition({
      databaseName: 'monitoring', tableName: 'capture', bucketName: 'lake', capturePrefix: '/data-capture/', endpointName: 'ep',
      variantNames: ['champion', 'challenger'], projectionStart: '2026/12/01/00',
    });
    expect(t.parameters['storage.location.template']).toBe('s3://lake/data-capture/ep/${variant}/${dt}/');
    expect(t.parameters['projection.variant.values']).toBe('champion,challenger');
    expect(t.partitionKeys.map((k) => k.name)).toEqual(['variant', 'dt']);
  });

  test('windows above the documented size go to Athena', () => {
    expect(windowGoesToAthena(1024 ** 3)).toBe(false);
    expect(windowGoesToAthena(5 * 1024 ** 3)).toBe(true);
    expect(windowGoesToAthena(1000, 9_000_000)).toBe(true);
  });
});
