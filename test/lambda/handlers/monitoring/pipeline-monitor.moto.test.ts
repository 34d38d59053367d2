/** The pipeline monitor against moto_server: volumes per stage, rate of change, checkpoint, metrics. */
import { ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PIPELINE_ENV, PIPELINE_METRICS } from '../../../../contracts/monitoring-jobs';
import { volumeVerdict } from '../../../../lambda/core/monitor-runs';
import { handler } from '../../../../lambda/handlers/pipeline-monitor';
import { AwsClients, createClients, setClients } from '../../../../lambda/shared/clients';
import { setLogSink } from '../../../../lambda/shared/log';
import { haveMoto, motoClientConfig, MotoServer, startMoto } from '../../../helpers/moto';

const run = haveMoto() ? describe : describe.skip;

test('rate of change: this window over the mean of the previous ones', () => {
  expect(volumeVerdict({ objects: 1, bytes: 100 }, []).rateOfChange).toBeUndefined();
  expect(volumeVerdict({ objects: 1, bytes: 300 }, [{ objects: 1, bytes: 100 }, { objects: 1, bytes: 200 }]).rateOfChange).toBe(2);
  expect(volumeVerdict({ objects: 0, bytes: 0 }, Array(20).fill({ objects: 1, bytes: 50 })).history).toHaveLength(12);
});

run('pipeline-monitor handler (moto_server)', () => {
  let moto: MotoServer;
  let aws: AwsClients;
  beforeAll(async () => {
    moto = await startMoto();
    aws = createClients(motoClientConfig(moto.endpoint));
    setClients(aws);
    setLogSink(() => undefined);
    for (const b of ['raw', 'mon']) await aws.s3.send(new CreateBucketCommand({ Bucket: b }));
    Object.assign(process.env, {
      [PIPELINE_ENV.monitorName]: 'pipe',
      [PIPELINE_ENV.reportBucket]: 'mon',
      [PIPELINE_ENV.stages]: JSON.stringify([{ name: 'raw', bucket: 'raw', prefix: 'iris/' }]),
    });
  }, 60000);
  afterAll(async () => {
    setClients(undefined);
    setLogSink(undefined);
    await moto?.stop();
  });

  test('counts new objects and bytes once, then the rate of change', async () => {
    await aws.s3.send(new PutObjectCommand({ Bucket: 'raw', Key: 'iris/a.csv', Body: 'x'.repeat(100) }));
    await aws.s3.send(new PutObjectCommand({ Bucket: 'raw', Key: 'other/b.csv', Body: 'y' }));
    const realNow = Date.now;
    try {
      Date.now = () => realNow() + 120_000;
      expect(await handler()).toEqual({ raw: { objects: 1, bytes: 100 } });
      await aws.s3.send(new PutObjectCommand({ Bucket: 'raw', Key: 'iris/c.csv', Body: 'z'.repeat(300) }));
      Date.now = () => realNow() + 240_000;
      expect(await handler()).toEqual({ raw: { objects: 1, bytes: 300, rateOfChange: 3 } });
      const m = await aws.cloudwatch.send(new ListMetricsCommand({ Namespace: PIPELINE_METRICS.namespace }));
      expect(new Set((m.Metrics ?? []).map((x) => x.MetricName))).toEqual(new Set([PIPELINE_METRICS.objects, PIPELINE_METRICS.bytes, PIPELINE_METRICS.rateOfChange]));
    } finally {
      Date.now = realNow;
    }
  });
});
