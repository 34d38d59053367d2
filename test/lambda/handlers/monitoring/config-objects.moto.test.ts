/**
 * Configuration moved out of the Lambda environment (a monitor too wide for 4 KB): the variable holds
 * s3://bucket/key and the handler reads the object before its configuration, against moto_server.
 */
import { DRIFT_ENV } from '../../../../contracts/drift-monitor';
import { FeatureSchema } from '../../../../contracts/model-monitor';
import { handler } from '../../../../lambda/handlers/drift-monitor';
import { loadConfigObjects, resetConfigObjects } from '../../../../lambda/shared/config-objects';
import { haveMoto } from '../../../helpers/moto';
import { useMonitorMoto } from '../../../helpers/monitor-moto';

const run = haveMoto() ? describe : describe.skip;

const schema: FeatureSchema = {
  features: Array.from({ length: 300 }, (_, i) => ({ name: `f${i}`, kind: 'numeric' as const, source: 'input' as const })),
};

run('configuration objects (moto_server)', () => {
  const bucket = 'lake-monitoring';
  const assets = 'cdk-hnb659fds-assets-111111111111-us-east-1';
  const ref = `s3://${assets}/0123abcd.json`;
  const world = useMonitorMoto({
    buckets: [bucket, assets],
    env: {
      [DRIFT_ENV.endpointName]: 'wide',
      [DRIFT_ENV.variantNames]: 'champion',
      [DRIFT_ENV.monitorName]: 'wide-drift',
      [DRIFT_ENV.schema]: ref,
      [DRIFT_ENV.baselineStatistics]: `s3://${bucket}/baselines/wide/statistics.json`,
      [DRIFT_ENV.captureBucket]: bucket,
      [DRIFT_ENV.capturePrefix]: 'data-capture',
      [DRIFT_ENV.reportBucket]: bucket,
    },
  });
  afterEach(() => {
    resetConfigObjects();
    process.env[DRIFT_ENV.schema] = ref;
  });

  test('a missing configuration object fails the run with the variable and the object named', async () => {
    await expect(handler()).rejects.toThrow(new RegExp(`environment variable ${DRIFT_ENV.schema}: its configuration object ${ref} could not be read \\(NoSuchKey`));
  });

  test('the drift monitor reads its schema from the object and runs (no baseline yet: it waits)', async () => {
    await world.put(assets, '0123abcd.json', JSON.stringify(schema));
    const r = await handler();
    expect(r.status).toBe('NO_BASELINE');
    expect(JSON.parse(process.env[DRIFT_ENV.schema]!)).toEqual(schema);
  });

  test('inline JSON and unset variables are left alone; a reference without a key is refused', async () => {
    process.env.CDK_MLOPS_TEST_INLINE = '{"a":1}';
    await loadConfigObjects(world.aws.s3, ['CDK_MLOPS_TEST_INLINE', 'CDK_MLOPS_TEST_UNSET']);
    expect(process.env.CDK_MLOPS_TEST_INLINE).toBe('{"a":1}');
    expect(process.env.CDK_MLOPS_TEST_UNSET).toBeUndefined();
    process.env.CDK_MLOPS_TEST_INLINE = 's3://bucket-only';
    await expect(loadConfigObjects(world.aws.s3, ['CDK_MLOPS_TEST_INLINE'])).rejects.toThrow(/CDK_MLOPS_TEST_INLINE is 's3:\/\/bucket-only': neither JSON nor an s3:\/\/bucket\/key reference/);
    delete process.env.CDK_MLOPS_TEST_INLINE;
  });
});
