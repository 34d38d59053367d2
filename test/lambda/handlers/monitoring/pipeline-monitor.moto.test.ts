/** The pipeline monitor against moto_server: volumes per stage, rate of change, checkpoint, metrics. */
import { ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PIPELINE_ENV, PIPELINE_METRICS } from '../../../../contracts/monitoring-jobs';
import { volumeVerdict } from '../../../../lambda/core/monitor-runs';
import { handler } from '../../../../lambda/handlers/pipeline-monitor';
import { haveMoto } from '../../../helpers/moto';
import { useMonitorMoto } from '../../../helpers/monitor-moto';

const run = haveMoto() ? describe : describe.skip;

test('rate of change: this window over the mean of the previous ones', () => {
  expect(volumeVerdict({ objects: 1, bytes: 100 }, []).rateOfChange).toBeUndefined();
  expect(volumeVerdict({ objects: 1, bytes: 300 }, [{ objects: 1, bytes: 100 }, { objects: 1, bytes: 200 }]).rateOfChange).toBe(2);
  expect(volumeVerdict({ objects: 0, bytes: 0 }, Array(20).fill({ objects: 1, bytes: 50 })).history).toHaveLength(12);
});

run('pipeline-monitor handler (moto_server)', () => {
  const world = useMonitorMoto({
    buckets: ['raw', 'mon'],
    env: {
      [PIPELINE_ENV.monitorName]: 'pipe',
      [PIPELINE_ENV.reportBucket]: 'mon',
      [PIPELINE_ENV.stages]: JSON.stringify([{ name: 'raw', bucket: 'raw', prefix: 'iris/' }]),
    },
  });

  test('counts new objects and bytes once, then the rate of change', async () => {
    await world.aws.s3.send(new PutObjectCommand({ Bucket: 'raw', Key: 'iris/a.csv', Body: 'x'.repeat(100) }));
    await world.aws.s3.send(new PutObjectCommand({ Bucket: 'raw', Key: 'other/b.csv', Body: 'y' }));
    const realNow = Date.now;
    try {
      Date.now = () => realNow() + 120_000;
      expect(await handler()).toEqual({ raw: { objects: 1, bytes: 100 } });
      await world.aws.s3.send(new PutObjectCommand({ Bucket: 'raw', Key: 'iris/c.csv', Body: 'z'.repeat(300) }));
      Date.now = () => realNow() + 240_000;
      expect(await handler()).toEqual({ raw: { objects: 1, bytes: 300, rateOfChange: 3 } });
      const m = await world.aws.cloudwatch.send(new ListMetricsCommand({ Namespace: PIPELINE_METRICS.namespace }));
      expect(new Set((m.Metrics ?? []).map((x) => x.MetricName))).toEqual(new Set([PIPELINE_METRICS.objects, PIPELINE_METRICS.bytes, PIPELINE_METRICS.rateOfChange]));
    } finally {
      Date.now = realNow;
    }
  });
});
