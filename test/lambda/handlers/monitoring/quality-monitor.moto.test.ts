/**
 * The quality monitor against moto_server: capture and ground-truth files in S3, checkpoint, reports, metrics, a
 * malformed line counted and skipped, and a late label joined on the next run.
 */
import { GetMetricStatisticsCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { MODEL_QUALITY_NAMESPACE, QUALITY_ENV } from '../../../../contracts/model-quality';
import { checkpointKey } from '../../../../contracts/monitoring-jobs';
import { groundTruthLine } from '../../../../lambda/core/quality/ground-truth';
import { handler } from '../../../../lambda/handlers/quality-monitor';
import { getJson } from '../../../../lambda/shared/monitoring-io';
import { haveMoto } from '../../../helpers/moto';
import { useMonitorMoto } from '../../../helpers/monitor-moto';
import { captureLine } from './capture-fixture';

const run = haveMoto() ? describe : describe.skip;

run('quality-monitor handler (moto_server)', () => {
  const bucket = 'lake-monitoring';
  const logs: string[] = [];
  const world = useMonitorMoto({
    buckets: [bucket],
    logs,
    env: {
      [QUALITY_ENV.endpointName]: 'iris',
      [QUALITY_ENV.variantNames]: 'champion,challenger',
      [QUALITY_ENV.monitorName]: 'iris-quality',
      [QUALITY_ENV.problemType]: 'BinaryClassification',
      [QUALITY_ENV.probabilityThreshold]: '0.5',
      [QUALITY_ENV.lateLabelWindowSeconds]: String(2 * 86400),
      [QUALITY_ENV.constraints]: JSON.stringify({ version: 0, binary_classification_constraints: { accuracy: { threshold: 0.9, comparison_operator: 'LessThanThreshold' } } }),
      [QUALITY_ENV.captureBucket]: bucket,
      [QUALITY_ENV.capturePrefix]: 'data-capture',
      [QUALITY_ENV.groundTruthBucket]: bucket,
      [QUALITY_ENV.groundTruthPrefix]: 'ground-truth/iris/',
      [QUALITY_ENV.reportBucket]: bucket,
    },
  });

  const put = (key: string, body: string) => world.aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  const hour = new Date().toISOString().slice(0, 13).replace(/[-T]/g, '/');

  test('joins, reports, publishes, counts malformed lines, keeps its checkpoint, and joins a late label', async () => {
    const t = new Date().toISOString();
    await put(`data-capture/iris/champion/${hour}/00-00-000-a.jsonl`, [
      captureLine({ output: '0.9', eventId: 'e1', inferenceId: 'order-1', time: t }),  // predicted 1, label 1
      captureLine({ output: '0.2', eventId: 'e2', time: t }),                          // predicted 0, label 1 (by eventId)
      '{"captureData": truncated',                                                      // malformed
      captureLine({ output: '0.7', eventId: 'e3', inferenceId: 'order-3', time: t }),  // label comes late
      '',
    ].join('\n'));
    await put(`data-capture/iris/challenger/${hour}/00-00-000-b.jsonl`, captureLine({ output: '0.1', eventId: 'e9', time: t }));
    await put(`ground-truth/iris/${hour}/labels-1.jsonl`, [
      groundTruthLine('order-1', 1),
      groundTruthLine('e2', 1),
      'not a label',
    ].join('\n'));

    // Run "two minutes later", so the files are settled.
    const realNow = Date.now;
    Date.now = () => realNow() + 120_000;
    try {
      const first = await handler();
      expect(first).toMatchObject({
        captureFiles: 2, groundTruthFiles: 1, inferences: 4, labels: 2,
        malformedCaptureLines: 1, malformedGroundTruthLines: 1, joined: 2, waiting: 2,
        variants: { champion: { items: 2, violations: 1 }, challenger: { items: 0, violations: 0 } },
      });

      // Reports of the window, in Model Monitor's formats.
      const listed = await world.aws.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'monitoring-reports/iris-quality/champion/' }));
      const keys = (listed.Contents ?? []).map((o) => o.Key!);
      const stats = await getJson<any>(world.aws.s3, bucket, keys.find((k) => k.endsWith('/statistics.json'))!);
      expect(stats.dataset.item_count).toBe(2);
      expect(stats.binary_classification_metrics.confusion_matrix).toEqual({ 0: { 0: 0, 1: 0 }, 1: { 0: 1, 1: 1 } });
      expect(stats.binary_classification_metrics.accuracy.value).toBe(0.5);
      const violations = await getJson<any>(world.aws.s3, bucket, keys.find((k) => k.endsWith('/constraint_violations.json'))!);
      expect(violations.violations).toEqual([expect.objectContaining({ metric_name: 'accuracy', constraint_check_type: 'LessThanThreshold' })]);

      // Metrics under Model Monitor's namespace and names, per variant; the malformed lines among them.
      const metrics = await world.aws.cloudwatch.send(new ListMetricsCommand({ Namespace: MODEL_QUALITY_NAMESPACE }));
      const names = new Set((metrics.Metrics ?? []).map((m) => m.MetricName));
      for (const n of ['accuracy', 'precision', 'recall', 'f1', 'joined_count', 'malformed_line_count']) expect(names).toContain(n);
      const malformed = await world.aws.cloudwatch.send(new GetMetricStatisticsCommand({
        Namespace: MODEL_QUALITY_NAMESPACE, MetricName: 'malformed_line_count',
        Dimensions: [{ Name: 'Endpoint', Value: 'iris' }, { Name: 'MonitoringSchedule', Value: 'iris-quality' }],
        StartTime: new Date(realNow() - 3600_000), EndTime: new Date(realNow() + 3600_000), Period: 60, Statistics: ['Sum'],
      }));
      expect(malformed.Datapoints?.reduce((s, d) => s + (d.Sum ?? 0), 0)).toBe(2);
      expect(logs.some((l) => l.includes('malformed lines were counted and skipped'))).toBe(true);

      const checkpoint = await getJson<any>(world.aws.s3, bucket, checkpointKey('iris-quality'));
      expect(checkpoint.join.inferences.map((i: any) => i.eventId).sort()).toEqual(['e3', 'e9']);

      // The label of order-3 arrives later: the next run reads no capture file again and joins it.
      await put(`ground-truth/iris/${hour}/labels-2.jsonl`, groundTruthLine('order-3', 0));
      Date.now = () => realNow() + 240_000;
      const second = await handler();
      expect(second).toMatchObject({ captureFiles: 0, groundTruthFiles: 1, labels: 1, joined: 1, waiting: 1, malformedCaptureLines: 0 });
      expect(second.variants.champion).toEqual({ items: 1, violations: 1 });
    } finally {
      Date.now = realNow;
    }
  });
});
