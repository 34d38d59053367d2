/**
 * Per-stage drift of the pipeline monitor against moto_server: the stage's CSV and JSON Lines objects under its
 * prefix are read once (drift checkpoint), compared with the baseline in S3, published as metrics with the Monitor
 * and Stage dimensions, written as Model Monitor reports; malformed rows are counted and skipped.
 */
import { GetMetricStatisticsCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { gzipSync } from 'zlib';
import { PIPELINE_ENV, PIPELINE_METRICS } from '../../../../contracts/monitoring-jobs';
import type { StageDriftSpec } from '../../../../contracts/pipeline-drift';
import { handler } from '../../../../lambda/handlers/pipeline-monitor';
import { haveMoto } from '../../../helpers/moto';
import { useMonitorMoto } from '../../../helpers/monitor-moto';
import { stageSchema as schema, stageStatistics as statistics } from '../../../helpers/stage-baseline';

const run = haveMoto() ? describe : describe.skip;

// The baseline (test/helpers/stage-baseline.ts): x four integral buckets of 2,500 ([0,1) .. [3,4]); color red 5,000 /
// green 3,000 / blue 2,000.
const drift = (format: 'csv' | 'jsonl'): StageDriftSpec => ({ format, header: true, schema, baselineStatistics: 's3://base/stats/statistics.json', thresholds: {} });

/** 400 rows drawn like the baseline: x 100 per bucket, color 200 / 120 / 80 (no drift). */
function likeBaseline(): { x: number; color: string }[] {
  const colors = [...Array(200).fill('red'), ...Array(120).fill('green'), ...Array(80).fill('blue')];
  return colors.map((color, i) => ({ x: i % 4, color }));
}

run('pipeline-monitor handler, per-stage drift (moto_server)', () => {
  const world = useMonitorMoto({
    buckets: ['raw', 'mon', 'base'],
    env: {
      [PIPELINE_ENV.monitorName]: 'pipe',
      [PIPELINE_ENV.reportBucket]: 'mon',
      [PIPELINE_ENV.stages]: JSON.stringify([
        { name: 'raw', bucket: 'raw', prefix: 'iris/', drift: drift('csv') },
        { name: 'events', bucket: 'raw', prefix: 'events/', drift: drift('jsonl') },
      ]),
    },
  });
  const realNow = Date.now;
  afterEach(() => { Date.now = realNow; });
  const at = (offsetMs: number) => { Date.now = () => realNow() + offsetMs; };
  const text = async (key: string) => JSON.parse(await (await world.aws.s3.send(new GetObjectCommand({ Bucket: 'mon', Key: key }))).Body!.transformToString());

  test('no baseline yet: volumes only, the drift checkpoint stays; then each file is read once against the baseline', async () => {
    const rows = likeBaseline();
    // raw: 400 rows like the baseline, plus two malformed rows (wrong cell count); a _SUCCESS marker is not data.
    await world.put('raw', 'iris/2026/12/02/a.csv', `x,color,label\n${rows.map((r) => `${r.x},${r.color},1`).join('\n')}\n7\n1,red,0,extra\n`);
    await world.put('raw', 'iris/2026/12/02/_SUCCESS', 'done');
    // events: 100 JSON lines, every x in the top bucket and every color blue (drift), and one line that is no object.
    await world.put('raw', 'events/e1.jsonl', `${Array.from({ length: 100 }, () => JSON.stringify({ x: 3, color: 'blue' })).join('\n')}\n[1,2]\n`);

    at(120_000);
    const first = await handler();
    expect(first.raw.drift).toMatchObject({ status: 'NO_BASELINE', files: 0, records: 0 });
    expect(first.raw.objects).toBe(2);

    await world.put('base', 'stats/statistics.json', JSON.stringify(statistics));
    at(240_000);
    const second = await handler();
    // Volume: nothing new since the first run. Drift: the files the first run could not compare.
    expect(second.raw).toMatchObject({ objects: 0, bytes: 0 });
    expect(second.raw.drift).toMatchObject({ status: 'DONE', files: 1, records: 400, malformed: 2, driftedFeatures: [], deferredFiles: 0 });
    // events: x all in [3,4]: KS distance 0.75; color all blue: share change 0.8; both far beyond chance (n = 100).
    expect(second.events.drift).toMatchObject({ status: 'DONE', files: 1, records: 100, malformed: 1, driftedFeatures: ['x', 'color'] });

    const folder = second.events.drift!.reportPrefix!;
    expect(folder).toMatch(/^monitoring-reports\/pipe\/events\/\d{4}\/\d\d\/\d\d\/\d\d\//);
    const violations = await text(`${folder}constraint_violations.json`);
    expect(violations.violations.map((v: { feature_name: string; constraint_check_type: string }) => `${v.feature_name}:${v.constraint_check_type}`).sort())
      .toEqual(['color:baseline_drift_check', 'x:baseline_drift_check']);
    const stats = await text(`${folder}statistics.json`);
    expect(stats.dataset.item_count).toBe(100);
    expect(stats.cdk_mlops_window.malformed_records).toBe(1);
    expect((await text(`${second.raw.drift!.reportPrefix}summary.json`)).records).toBe(400);
    // summary.json says, per feature, which part of the decision decided.
    const decision = (await text(`${folder}summary.json`)).decision;
    expect(decision).toMatchObject({ falseAlarmBudget: 0.01, testedFeatures: 2 });
    expect(decision.features.map((f: { name: string; drift: boolean; decidedBy: string }) => [f.name, f.drift, f.decidedBy])).toEqual([['x', true, 'both'], ['color', true, 'both']]);

    const listed = await world.aws.cloudwatch.send(new ListMetricsCommand({ Namespace: PIPELINE_METRICS.namespace, MetricName: 'feature_baseline_drift_x' }));
    expect(new Set((listed.Metrics ?? []).map((m) => m.Dimensions!.find((d) => d.Name === PIPELINE_METRICS.dimensions.stage)!.Value)))
      .toEqual(new Set(['raw', 'events']));
    const stat = await world.aws.cloudwatch.send(new GetMetricStatisticsCommand({
      Namespace: PIPELINE_METRICS.namespace, MetricName: 'feature_baseline_drift_x', Statistics: ['Maximum'], Period: 60,
      Dimensions: [{ Name: PIPELINE_METRICS.dimensions.monitor, Value: 'pipe' }, { Name: PIPELINE_METRICS.dimensions.stage, Value: 'events' }],
      StartTime: new Date(realNow() - 3600_000), EndTime: new Date(realNow() + 3600_000),
    }));
    expect(stat.Datapoints?.[0]?.Maximum).toBeCloseTo(0.75, 12);
    const malformed = await world.aws.cloudwatch.send(new GetMetricStatisticsCommand({
      Namespace: PIPELINE_METRICS.namespace, MetricName: 'malformed_record_count', Statistics: ['Sum'], Period: 60,
      Dimensions: [{ Name: PIPELINE_METRICS.dimensions.monitor, Value: 'pipe' }, { Name: PIPELINE_METRICS.dimensions.stage, Value: 'raw' }],
      StartTime: new Date(realNow() - 3600_000), EndTime: new Date(realNow() + 3600_000),
    }));
    expect(malformed.Datapoints?.[0]?.Sum).toBe(2);

    // A new file: only it is read (the checkpoint), gzipped objects too.
    await world.aws.s3.send(new PutObjectCommand({
      Bucket: 'raw', Key: 'iris/2026/12/02/b.csv.gz', Body: gzipSync(`color,x\n${Array.from({ length: 40 }, (_, i) => `red,${i % 4}`).join('\n')}\n`),
    }));
    at(360_000);
    const third = await handler();
    expect(third.raw).toMatchObject({ objects: 1 });
    expect(third.raw.drift).toMatchObject({ status: 'DONE', files: 1, records: 40, malformed: 0 });
    // color all red: share change 0.5 >= 0.1, chi-square p far below 1%; x uniform like the baseline: no drift.
    expect(third.raw.drift!.driftedFeatures).toEqual(['color']);
    expect(third.events.drift).toMatchObject({ files: 0, records: 0 });

    const checkpoint = await text('monitoring-reports/pipe/checkpoint.json');
    expect(Object.keys(checkpoint.sources).sort()).toEqual(['drift:raw/events/', 'drift:raw/iris/', 'raw/events/', 'raw/iris/']);
    const reports = await world.aws.s3.send(new ListObjectsV2Command({ Bucket: 'mon', Prefix: 'monitoring-reports/pipe/raw/' }));
    expect((reports.Contents ?? []).filter((o) => o.Key!.endsWith('statistics.json'))).toHaveLength(2);
  }, 120_000);

  test('a stage list that is not valid fails with the stage and the field', async () => {
    const saved = process.env[PIPELINE_ENV.stages];
    try {
      process.env[PIPELINE_ENV.stages] = JSON.stringify([{ name: 'raw', bucket: 'raw', prefix: 'iris/', drift: { ...drift('csv'), format: 'orc' } }]);
      await expect(handler()).rejects.toThrow(/CDK_MLOPS_PIPELINE_STAGES\[0\] \(raw\): drift.format is 'orc'; use one of csv, jsonl, parquet/);
      process.env[PIPELINE_ENV.stages] = JSON.stringify([{ name: 'raw', bucket: 'raw', prefix: 'iris/', drift: { ...drift('csv'), schema: { features: [] } } }]);
      await expect(handler()).rejects.toThrow(/\(raw\): drift.schema: the schema has no features/);
      process.env[PIPELINE_ENV.stages] = '{';
      await expect(handler()).rejects.toThrow(/is not a JSON list of stages/);
    } finally {
      process.env[PIPELINE_ENV.stages] = saved;
    }
  });
});
