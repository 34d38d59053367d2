/**
 * Parquet stages of the pipeline monitor against moto_server: DuckDB-written Parquet objects are read with ranged
 * GETs, a drifted file fires the drift metrics and one drawn like the baseline does not, the same rows as CSV give
 * the identical summary.json, a codec the monitor cannot decompress is logged and counted, the per-run byte budget
 * defers later files but never splits one, and the shipped bundle (hyparquet inlined by esbuild) reads them too.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetMetricStatisticsCommand as CwStats } from '@aws-sdk/client-cloudwatch';
import { PIPELINE_ENV, PIPELINE_METRICS } from '../../../../contracts/monitoring-jobs';
import type { StageDriftSpec } from '../../../../contracts/pipeline-drift';
import { handler } from '../../../../lambda/handlers/pipeline-monitor';
import { runStageDrift } from '../../../../lambda/handlers/pipeline-monitor/stage-drift';
import { listObjects } from '../../../../lambda/shared/monitoring-io';
import { createLogger } from '../../../../lambda/shared/log';
import { duckCsv, duckParquet } from '../../../helpers/duckdb-parquet';
import { haveMoto } from '../../../helpers/moto';
import { useMonitorMoto } from '../../../helpers/monitor-moto';
import { stageSchema as schema, stageStatistics as statistics } from '../../../helpers/stage-baseline';

const run = haveMoto() ? describe : describe.skip;
const BUNDLE = path.join(__dirname, '..', '..', '..', '..', 'dist', 'lambda-bundles', 'pipeline-monitor', 'index.js');

// The shared baseline (test/helpers/stage-baseline.ts): x four integral buckets of 2,500 ([0,1) .. [3,4]); color
// red 5,000 / green 3,000 / blue 2,000.
const drift = (format: 'csv' | 'parquet'): StageDriftSpec => ({ format, header: format === 'csv', schema, baselineStatistics: 's3://base/stats/statistics.json', thresholds: {} });

/** 400 rows drawn like the baseline (x 100 per bucket, color 200 / 120 / 80) and a label column that is not a feature. */
const LIKE_BASELINE = 'SELECT (i % 4)::BIGINT AS x, CASE WHEN i < 200 THEN \'red\' WHEN i < 320 THEN \'green\' ELSE \'blue\' END AS color, 1 AS label FROM range(400) r(i)';
/** 100 rows, every x in the top bucket and every color blue. */
const DRIFTED = 'SELECT 3::BIGINT AS x, \'blue\' AS color, 0 AS label FROM range(100) r(i)';

run('pipeline-monitor handler, Parquet stages (moto_server)', () => {
  const logs: string[] = [];
  const world = useMonitorMoto({
    buckets: ['lake', 'mon', 'base'],
    logs,
    env: {
      [PIPELINE_ENV.monitorName]: 'pipe',
      [PIPELINE_ENV.reportBucket]: 'mon',
      [PIPELINE_ENV.stages]: JSON.stringify([
        { name: 'curated', bucket: 'lake', prefix: 'curated/', drift: drift('parquet') },
        { name: 'features', bucket: 'lake', prefix: 'features/', drift: drift('parquet') },
        { name: 'featurescsv', bucket: 'lake', prefix: 'features-csv/', drift: drift('csv') },
      ]),
    },
  });
  const realNow = Date.now;
  afterEach(() => { Date.now = realNow; });
  const at = (offsetMs: number) => { Date.now = () => realNow() + offsetMs; };
  const putBytes = (key: string, body: Buffer) => world.aws.s3.send(new PutObjectCommand({ Bucket: 'lake', Key: key, Body: body }));
  const json = async (key: string) => JSON.parse(await (await world.aws.s3.send(new GetObjectCommand({ Bucket: 'mon', Key: key }))).Body!.transformToString());
  const metric = async (name: string, stage: string) => (await world.aws.cloudwatch.send(new CwStats({
    Namespace: PIPELINE_METRICS.namespace, MetricName: name, Statistics: ['Maximum'], Period: 60,
    Dimensions: [{ Name: PIPELINE_METRICS.dimensions.monitor, Value: 'pipe' }, { Name: PIPELINE_METRICS.dimensions.stage, Value: stage }],
    StartTime: new Date(realNow() - 3600_000), EndTime: new Date(realNow() + 3600_000),
  }))).Datapoints?.[0]?.Maximum;

  test('a drifted Parquet file fires the drift metrics, one like the baseline does not; the same rows as CSV summarise identically', async () => {
    await world.put('base', 'stats/statistics.json', JSON.stringify(statistics));
    // Glue/Spark-like output: snappy part files and a _SUCCESS marker.
    await putBytes('curated/part-00000.snappy.parquet', await duckParquet(LIKE_BASELINE, 'COMPRESSION SNAPPY'));
    await world.put('lake', 'curated/_SUCCESS', 'done');
    await putBytes('features/part-00000.gz.parquet', await duckParquet(DRIFTED, 'COMPRESSION GZIP'));
    await putBytes('features-csv/part-00000.csv', await duckCsv(DRIFTED));
    at(120_000);
    const out = await handler();
    expect(out.curated.drift).toMatchObject({ status: 'DONE', files: 1, records: 400, malformed: 0, unreadableFiles: 0, driftedFeatures: [] });
    expect(out.features.drift).toMatchObject({ status: 'DONE', files: 1, records: 100, malformed: 0, unreadableFiles: 0, driftedFeatures: ['x', 'color'] });
    // x all in [3,4]: KS distance 0.75; color all blue: share change 0.8 (the effects compared with the effect sizes).
    expect(await metric('feature_baseline_drift_x', 'features')).toBeCloseTo(0.75, 12);
    expect(await metric('feature_baseline_drift_color', 'features')).toBeCloseTo(0.8, 12);
    expect(await metric('drifted_feature_count', 'features')).toBe(2);
    // Like the baseline: x and color shares equal the baseline's, distances 0, nothing drifted.
    expect(await metric('drifted_feature_count', 'curated')).toBe(0);
    expect(await metric('feature_drift_detected_x', 'curated')).toBe(0);
    const parquetSummary = await json(`${out.features.drift!.reportPrefix}summary.json`);
    const csvSummary = await json(`${out.featurescsv.drift!.reportPrefix}summary.json`);
    expect(parquetSummary).toEqual(csvSummary);
    const violations = await json(`${out.features.drift!.reportPrefix}constraint_violations.json`);
    expect(violations.violations.map((v: { feature_name: string }) => v.feature_name).sort()).toEqual(['color', 'x']);
  }, 120_000);

  test('a codec the monitor cannot decompress: the file is logged with its codec and counted as malformed, the rest read', async () => {
    logs.length = 0;
    await putBytes('curated/part-00001.lz4.parquet', await duckParquet(DRIFTED, 'COMPRESSION LZ4_RAW'));
    await putBytes('curated/part-00002.snappy.parquet', await duckParquet(LIKE_BASELINE, 'COMPRESSION SNAPPY'));
    at(240_000);
    const out = await handler();
    expect(out.curated.drift).toMatchObject({ files: 2, records: 400, malformed: 1, unreadableFiles: 1, driftedFeatures: [] });
    const line = logs.map((l) => JSON.parse(l)).find((l) => l.codec === 'LZ4_RAW');
    expect(line).toMatchObject({ stage: 'curated', key: 'curated/part-00001.lz4.parquet', format: 'parquet', column: 'x' });
    expect(line.msg).toMatch(/codec the monitor cannot decompress/);
  }, 120_000);

  test('the per-run byte budget: the oldest file is read whole even when larger than the budget, later files wait for the next run', async () => {
    const big = await duckParquet(LIKE_BASELINE, 'COMPRESSION UNCOMPRESSED');
    await putBytes('budget/a.parquet', big);
    await putBytes('budget/b.parquet', await duckParquet(DRIFTED));
    const stage = { name: 'budget', bucket: 'lake', prefix: 'budget/', drift: drift('parquet') };
    // S3 times are whole seconds: b is listed a second after a, so the two are not one instant (never split).
    const listed = (await listObjects(world.aws.s3, 'lake', 'budget/')).map((o) => (o.key === 'budget/b.parquet' ? { ...o, lastModifiedMs: o.lastModifiedMs + 1000 } : o));
    const nowMs = realNow() + 120_000;
    const common = { s3: world.aws.s3, monitorName: 'pipe', reportBucket: 'mon', stage, listed, windowStart: new Date(0).toISOString(), nowMs, settleBeforeMs: nowMs - 60_000, log: createLogger({}) };
    // A budget below the first file's size: that file alone (listing order: a, then b).
    const first = await runStageDrift({ ...common, checkpoint: undefined, maxBytes: big.length - 1 });
    expect(first.run).toMatchObject({ files: 1, bytes: big.length, deferredFiles: 1, records: 400, driftedFeatures: [] });
    const second = await runStageDrift({ ...common, checkpoint: first.checkpoint, maxBytes: big.length - 1 });
    expect(second.run).toMatchObject({ files: 1, deferredFiles: 0, records: 100, driftedFeatures: ['x', 'color'] });
  }, 120_000);

  test('the shipped bundle (dist/lambda-bundles/pipeline-monitor, built by scripts/bundle.js) reads the Parquet stage', () => {
    if (!fs.existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run node scripts/bundle.js (npm test does)`);
    // A fresh process as on Lambda: the bundle builds its clients from the environment; its clock is two minutes ahead
    // so the files just written have settled.
    const script = `const now = Date.now(); Date.now = () => now + 120000;
      require(${JSON.stringify(BUNDLE)}).handler().then((r) => process.stderr.write('RESULT' + JSON.stringify(r)), (e) => { console.error(e); process.exit(1); });`;
    const r = spawnSync(process.execPath, ['-e', script], {
      encoding: 'utf8', timeout: 120_000,
      env: {
        ...process.env, AWS_ENDPOINT_URL: world.moto.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing',
        [PIPELINE_ENV.monitorName]: 'pipe-bundle',
        [PIPELINE_ENV.stages]: JSON.stringify([{ name: 'features', bucket: 'lake', prefix: 'features/', drift: drift('parquet') }]),
      },
    });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stderr.slice(r.stderr.indexOf('RESULT') + 'RESULT'.length));
    expect(out.features.drift).toMatchObject({ status: 'DONE', files: 1, records: 100, malformed: 0, driftedFeatures: ['x', 'color'] });
  }, 120_000);
});
