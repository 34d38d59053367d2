/**
 * The drift handler's ingest on worker threads gives the in-thread summary: the same counts, bins, min/max and
 * malformed lines, means and M2 equal to rounding, whatever the chunking of the objects (a line may span chunks,
 * an object may end without a newline). Worker threads need JavaScript, so this runs the built code in dist/
 * (`npm test` builds first), as the Lambda bundle does (scripts/bundle.js copies the worker next to the handler).
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as Pool from '../../../lambda/shared/capture-ingest-pool';
import { computeBaseline, layoutOf, type WindowSummary } from '../../../lambda/core/monitoring';
import { SeededRandom } from '../../../lambda/core/stats';
import type { FeatureSchema } from '../../../contracts/model-monitor';

const root = path.resolve(__dirname, '../../..');
const built = path.join(root, 'dist', 'lambda', 'shared', 'capture-ingest-pool.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pool = require(built) as typeof Pool;

const schema: FeatureSchema = {
  features: [{ name: 'a', kind: 'numeric' }, { name: 'b', kind: 'numeric' }, { name: 'c', kind: 'categorical' }, { name: 'p', kind: 'numeric', source: 'output' }],
};
const r = new SeededRandom(3);
const baseline = computeBaseline(schema, {
  a: Array.from({ length: 2000 }, () => r.normal()), b: Array.from({ length: 2000 }, () => 5 + r.normal()),
  c: Array.from({ length: 2000 }, () => ['x', 'y', 'z'][r.pick([0.5, 0.3, 0.2])]), p: Array.from({ length: 2000 }, () => r.next()),
});
const line = (i: number) => (i % 997 === 0 ? 'not a capture line' : JSON.stringify({
  captureData: {
    endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: `${r.normal().toFixed(4)},${(5 + r.normal()).toFixed(3)},${['x', 'y', 'z', 'w'][i % 4]}`, encoding: 'CSV' },
    endpointOutput: { observedContentType: 'text/csv', mode: 'OUTPUT', data: r.next().toFixed(6), encoding: 'CSV' },
  },
  eventMetadata: { eventId: `e-${i}` },
}));
// Three objects of ~1.5 MiB each (several batches per worker); the last one without a final newline.
const objects = [0, 1, 2].map((o) => Buffer.from(Array.from({ length: 12000 }, (_, i) => line(o * 12000 + i)).join('\n') + (o < 2 ? '\n' : '')));

async function summarise(workers: number, chunk: number): Promise<{ summary: WindowSummary; workers: number }> {
  const ingest = pool.createCaptureIngest(baseline, layoutOf(schema.features), { workers });
  for (const o of objects) {
    for (let i = 0; i < o.length; i += chunk) await ingest.write(o.subarray(i, i + chunk));
    await ingest.endSource();
  }
  return { summary: await ingest.finish('s', 'e'), workers: ingest.workers };
}

test('the worker script is built next to the pool and the drift handler bundle', () => {
  expect(pool.ingestWorkerScript()).toBe(path.join(path.dirname(built), 'capture-ingest.worker.js'));
  expect(fs.existsSync(path.join(root, 'dist', 'lambda-bundles', 'drift-monitor', 'capture-ingest.worker.js'))).toBe(true);
});

test('worker count: the environment, else the cores; fewer than 2 means this thread; junk is refused', () => {
  expect(pool.ingestWorkerCount({ CDK_MLOPS_INGEST_WORKERS: '3' })).toBe(3);
  expect(pool.ingestWorkerCount({ CDK_MLOPS_INGEST_WORKERS: '1' })).toBe(0);
  expect(pool.ingestWorkerCount({ CDK_MLOPS_INGEST_WORKERS: '0' })).toBe(0);
  expect(() => pool.ingestWorkerCount({ CDK_MLOPS_INGEST_WORKERS: 'many' })).toThrow(/CDK_MLOPS_INGEST_WORKERS must be a whole number/);
});

test('two and three workers give the in-thread summary, for any chunking', async () => {
  const serial = await summarise(0, 1 << 20);
  expect(serial.workers).toBe(0);
  expect(serial.summary.records).toBe(36000 - Math.ceil(36000 / 997));
  expect(serial.summary.malformed).toBe(Math.ceil(36000 / 997));
  for (const [workers, chunk] of [[2, 65536], [3, 1000003], [2, 7777]]) {
    const { summary, workers: used } = await summarise(workers, chunk);
    expect(used).toBe(workers);
    expect(summary.records).toBe(serial.summary.records);
    expect(summary.malformed).toBe(serial.summary.malformed);
    for (const [name, f] of Object.entries(serial.summary.features)) {
      const g = summary.features[name];
      if (f.kind === 'numeric' && g.kind === 'numeric') {
        expect([name, g.counts, g.count, g.missing, g.invalid, g.min, g.max]).toEqual([name, f.counts, f.count, f.missing, f.invalid, f.min, f.max]);
        expect(g.mean).toBeCloseTo(f.mean, 10);
        expect(g.m2 / f.m2).toBeCloseTo(1, 10);
      } else expect(g).toEqual(f);
    }
  }
}, 240_000);
