/**
 * The drift and quality monitors measuring inference components (DriftMonitor / ModelQualityMonitor with
 * `inferenceComponents`) against moto_server: each component's captures are read from its own folder
 * (`<prefix>/<endpoint>/<component>/`) and its metrics carry `InferenceComponentName`, never `VariantName`.
 * The clock is the capture files' own LastModified (+2 minutes, so they are settled).
 */
import { ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { DRIFT_ENV } from '../../../../contracts/drift-monitor';
import { DATA_METRICS_NAMESPACE, FeatureSchema, MONITORED_DIMENSION_ENV } from '../../../../contracts/model-monitor';
import { MODEL_QUALITY_NAMESPACE, QUALITY_ENV } from '../../../../contracts/model-quality';
import { baselineStatisticsFile, computeBaseline, suggestConstraints } from '../../../../lambda/core/monitoring';
import { groundTruthLine } from '../../../../lambda/core/quality/ground-truth';
import { runDriftMonitor } from '../../../../lambda/handlers/drift-monitor';
import { readDriftConfig } from '../../../../lambda/handlers/drift-monitor/config';
import { runQualityMonitor } from '../../../../lambda/handlers/quality-monitor';
import { readQualityConfig } from '../../../../lambda/handlers/quality-monitor/config';
import { haveMoto } from '../../../helpers/moto';
import { lcg, useMonitorMoto } from '../../../helpers/monitor-moto';
import { captureLine } from './capture-fixture';

const run = haveMoto() ? describe : describe.skip;
const bucket = 'lake-monitoring';
const schema: FeatureSchema = { features: [{ name: 'x', kind: 'numeric' }, { name: 'score', kind: 'numeric', source: 'output' }] };
const TIME = '2025-06-01T12:00:00Z';

run('monitors of inference components (moto_server)', () => {
  const world = useMonitorMoto({
    buckets: [bucket],
    env: {
      [MONITORED_DIMENSION_ENV]: 'InferenceComponentName',
      [DRIFT_ENV.endpointName]: 'shared', [DRIFT_ENV.variantNames]: 'ranker,chat', [DRIFT_ENV.monitorName]: 'shared-drift',
      [DRIFT_ENV.schema]: JSON.stringify(schema), [DRIFT_ENV.baselineStatistics]: `s3://${bucket}/baselines/statistics.json`,
      [DRIFT_ENV.baselineConstraints]: `s3://${bucket}/baselines/constraints.json`, [DRIFT_ENV.captureBucket]: bucket,
      [DRIFT_ENV.capturePrefix]: 'capture', [DRIFT_ENV.reportBucket]: bucket,
      [QUALITY_ENV.problemType]: 'BinaryClassification',
      [QUALITY_ENV.lateLabelWindowSeconds]: '86400', [QUALITY_ENV.groundTruthBucket]: bucket, [QUALITY_ENV.groundTruthPrefix]: 'ground-truth/shared/',
    },
  });
  /** The newest object's LastModified plus two minutes: every file is settled. */
  const settledNow = async () => {
    const listed = await world.aws.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'capture/' }));
    return Math.max(...(listed.Contents ?? []).map((o) => o.LastModified!.getTime())) + 120_000;
  };
  const dimensionsOf = async (namespace: string) => {
    const listed = await world.aws.cloudwatch.send(new ListMetricsCommand({ Namespace: namespace }));
    return (listed.Metrics ?? []).map((m) => Object.fromEntries((m.Dimensions ?? []).map((d) => [d.Name, d.Value])));
  };

  test('drift: each component from its own folder; the shifted one drifts; metrics by InferenceComponentName', async () => {
    const rnd = lcg(11);
    const x = Array.from({ length: 2000 }, () => rnd());
    const baseline = computeBaseline(schema, { x, score: x.map(() => rnd()) });
    await world.put(bucket, 'baselines/statistics.json', JSON.stringify(baselineStatisticsFile(baseline)));
    await world.put(bucket, 'baselines/constraints.json', JSON.stringify(suggestConstraints(baseline)));
    const lines = (shift: number) => Array.from({ length: 400 }, (_, i) =>
      captureLine({ input: (shift + rnd()).toFixed(4), output: rnd().toFixed(4), eventId: `e${i}`, time: TIME })).join('\n') + '\n';
    await world.put(bucket, 'capture/shared/ranker/2025/06/01/12/00-00-000-a.jsonl', lines(0));
    await world.put(bucket, 'capture/shared/chat/2025/06/01/12/00-00-000-b.jsonl', lines(3));

    const r = await runDriftMonitor(readDriftConfig(), await settledNow());
    expect(r.variants.ranker).toMatchObject({ records: 400, driftedFeatures: [] });
    expect(r.variants.chat).toMatchObject({ records: 400, driftedFeatures: ['x'] });
    const dims = await dimensionsOf(DATA_METRICS_NAMESPACE);
    expect(dims.length).toBeGreaterThan(0);
    expect(dims.every((d) => d.VariantName === undefined)).toBe(true);
    expect(new Set(dims.map((d) => d.InferenceComponentName))).toEqual(new Set(['ranker', 'chat']));
  });

  test('quality: components joined with ground truth from their own captures; metrics by InferenceComponentName', async () => {
    // The two monitors read the same names for these variables (CDK_MLOPS_MONITOR_NAME, ...): set the quality monitor's.
    process.env[QUALITY_ENV.monitorName] = 'shared-quality';
    process.env[QUALITY_ENV.endpointName] = 'shared';
    process.env[QUALITY_ENV.variantNames] = 'ranker';
    process.env[QUALITY_ENV.captureBucket] = bucket;
    process.env[QUALITY_ENV.capturePrefix] = 'capture';
    process.env[QUALITY_ENV.reportBucket] = bucket;
    await world.put(bucket, 'capture/shared/ranker/2025/06/01/13/00-00-000-q.jsonl', [
      // No inference time: the file's LastModified stands in, inside the late-label window.
      captureLine({ output: '0.9', eventId: 'q1', inferenceId: 'o-1', time: '' }),
      captureLine({ output: '0.1', eventId: 'q2', inferenceId: 'o-2', time: '' }),
    ].join('\n') + '\n');
    await world.put(bucket, 'ground-truth/shared/2025/06/01/13/labels.jsonl', [groundTruthLine('o-1', 1), groundTruthLine('o-2', 1)].join('\n'));
    const r = await runQualityMonitor(readQualityConfig(), await settledNow());
    expect(r.variants).toEqual({ ranker: { items: 2, violations: 0 } });
    const dims = (await dimensionsOf(MODEL_QUALITY_NAMESPACE)).filter((d) => d.InferenceComponentName !== undefined || d.VariantName !== undefined);
    expect(dims.length).toBeGreaterThan(0);
    expect(dims.every((d) => d.InferenceComponentName === 'ranker' && d.VariantName === undefined)).toBe(true);
  });
});
