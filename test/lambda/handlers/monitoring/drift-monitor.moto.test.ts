/**
 * The drift monitor against moto_server: reads capture files since its checkpoint, detects a shifted feature,
 * writes Model Monitor's reports, publishes Model Monitor's metrics, counts a malformed line, keeps its checkpoint,
 * and waits (reading nothing) while there is no baseline.
 */
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { DRIFT_ENV } from '../../../../contracts/drift-monitor';
import { DATA_METRICS_NAMESPACE, FeatureSchema } from '../../../../contracts/model-monitor';
import { checkpointKey } from '../../../../contracts/monitoring-jobs';
import { baselineStatisticsFile, computeBaseline, suggestConstraints } from '../../../../lambda/core/monitoring';
import { handler } from '../../../../lambda/handlers/drift-monitor';
import { getJson } from '../../../../lambda/shared/monitoring-io';
import { haveMoto } from '../../../helpers/moto';
import { lcg, useMonitorMoto } from '../../../helpers/monitor-moto';
import { captureLine } from './capture-fixture';

const run = haveMoto() ? describe : describe.skip;

const schema: FeatureSchema = {
  features: [
    { name: 'sepal_length', kind: 'numeric' }, { name: 'petal_length', kind: 'numeric' },
    { name: 'score', kind: 'numeric', source: 'output' },
  ],
};

run('drift-monitor handler (moto_server)', () => {
  const bucket = 'lake-monitoring';
  const world = useMonitorMoto({
    buckets: [bucket],
    env: {
      [DRIFT_ENV.endpointName]: 'iris',
      [DRIFT_ENV.variantNames]: 'champion',
      [DRIFT_ENV.monitorName]: 'iris-drift',
      [DRIFT_ENV.schema]: JSON.stringify(schema),
      [DRIFT_ENV.baselineStatistics]: `s3://${bucket}/baselines/iris/statistics.json`,
      [DRIFT_ENV.baselineConstraints]: `s3://${bucket}/baselines/iris/constraints.json`,
      [DRIFT_ENV.thresholds]: JSON.stringify({ numeric: 0.1 }),
      [DRIFT_ENV.captureBucket]: bucket,
      [DRIFT_ENV.capturePrefix]: 'data-capture',
      [DRIFT_ENV.reportBucket]: bucket,
    },
  });
  const put = (key: string, body: string) => world.put(bucket, key, body);
  const hour = new Date().toISOString().slice(0, 13).replace(/[-T]/g, '/');

  test('no baseline yet: nothing is read and the checkpoint stays', async () => {
    await put(`data-capture/iris/champion/${hour}/00-00-000-a.jsonl`, '\n');
    const r = await handler();
    expect(r.status).toBe('NO_BASELINE');
    expect(await getJson(world.aws.s3, bucket, checkpointKey('iris-drift'))).toBeUndefined();
  });

  test('a shifted feature drifts, the others do not; reports, metrics and checkpoint', async () => {
    const rnd = lcg(7);
    const n = 2000;
    const sepal = Array.from({ length: n }, () => 5 + rnd());
    const petal = Array.from({ length: n }, () => 1 + 5 * rnd());
    const score = Array.from({ length: n }, () => rnd());
    const baseline = computeBaseline(schema, { sepal_length: sepal, petal_length: petal, score });
    await put('baselines/iris/statistics.json', JSON.stringify(baselineStatisticsFile(baseline)));
    await put('baselines/iris/constraints.json', JSON.stringify(suggestConstraints(baseline)));

    // 600 captured requests: sepal_length as in training, petal_length shifted up by 2, scores as in training.
    const lines: string[] = [];
    for (let i = 0; i < 600; i++) {
      const input = `${(5 + rnd()).toFixed(4)},${(3 + 5 * rnd()).toFixed(4)}`;
      lines.push(captureLine({ input, output: rnd().toFixed(4), eventId: `e${i}`, time: new Date().toISOString() }));
    }
    lines.splice(300, 0, '{"captureData": {"endpointInput": broken');
    await put(`data-capture/iris/champion/${hour}/00-00-001-b.jsonl`, lines.join('\n') + '\n');

    const realNow = Date.now;
    Date.now = () => realNow() + 120_000;
    try {
      const r = await handler();
      expect(r.status).toBe('DONE');
      const v = r.variants.champion;
      expect(v).toMatchObject({ engine: 'lambda', files: 2, records: 600, malformed: 1, driftedFeatures: ['petal_length'] });

      const violations = await getJson<any>(world.aws.s3, bucket, `${v.reportPrefix}constraint_violations.json`);
      expect(violations.violations).toEqual([expect.objectContaining({ feature_name: 'petal_length', constraint_check_type: 'baseline_drift_check' })]);
      const stats = await getJson<any>(world.aws.s3, bucket, `${v.reportPrefix}statistics.json`);
      expect(stats.dataset.item_count).toBe(600);
      expect(stats.cdk_mlops_window.malformed_records).toBe(1);
      expect(stats.features.map((f: any) => f.name)).toEqual(['sepal_length', 'petal_length', 'score']);
      expect((await getJson<any>(world.aws.s3, bucket, `${v.reportPrefix}summary.json`)).records).toBe(600);

      const sum = async (metric: string) => {
        const res = await world.aws.cloudwatch.send(new GetMetricStatisticsCommand({
          Namespace: DATA_METRICS_NAMESPACE, MetricName: metric,
          Dimensions: [{ Name: 'Endpoint', Value: 'iris' }, { Name: 'MonitoringSchedule', Value: 'iris-drift' }, { Name: 'VariantName', Value: 'champion' }],
          StartTime: new Date(realNow() - 3600_000), EndTime: new Date(realNow() + 3600_000), Period: 60, Statistics: ['Sum'],
        }));
        return (res.Datapoints ?? []).reduce((s, d) => s + (d.Sum ?? 0), 0);
      };
      expect(await sum('feature_drift_detected_petal_length')).toBe(1);
      expect(await sum('feature_drift_detected_sepal_length')).toBe(0);
      expect(await sum('feature_baseline_drift_petal_length')).toBeGreaterThan(0.1);
      expect(await sum('malformed_record_count')).toBe(1);
      expect(await sum('record_count')).toBe(600);

      // Nothing new: the next run reads no file again.
      Date.now = () => realNow() + 240_000;
      const again = await handler();
      expect(again.variants.champion).toMatchObject({ files: 0, records: 0 });
    } finally {
      Date.now = realNow;
    }
  });
});
