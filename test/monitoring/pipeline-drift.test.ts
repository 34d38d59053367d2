/**
 * PipelineMonitor's per-stage drift and its per-stage metric handles, synthesized: what the Lambda is told, read
 * rights scoped to the drift stages' prefixes and the baseline files, a drift alarm per drift stage, validation at
 * synth; Parquet stages (the file's schema names the columns); cfn-lint (queued) and cdk-nag clean.
 */
import { Duration } from 'aws-cdk-lib';
import { PIPELINE_ENV, PIPELINE_METRICS } from '../../contracts/monitoring-jobs';
import type { StageDriftSpec } from '../../contracts/pipeline-drift';
import { LakeZone } from '../../lib/data/lake-zone';
import {
  BaselineJob, DriftBaseline, DriftFeatures, DriftMonitor, FeatureKind, IDriftMetrics, NumericEffectSize, PipelineMonitor, StageDataFormat,
} from '../../lib/monitoring';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { monitoringFixture } from './fixtures';

afterAll(lintQueuedTemplates);

function withDrift() {
  const { stack, data, endpoint } = monitoringFixture();
  const features = DriftFeatures.fromDataPlatform(data, { exclude: ['label'] });
  const baselineJob = new BaselineJob(stack, 'Baseline', { data, features, baselineName: 'iris-baseline' });
  const m = new PipelineMonitor(stack, 'Pipeline', {
    lake: data.lake, monitorName: 'iris-pipeline', schedule: Duration.minutes(30),
    stages: [
      { name: 'raw', zone: LakeZone.RAW, subPath: 'iris/', drift: { features, baseline: DriftBaseline.fromBaselineJob(baselineJob), thresholds: { numericEffectSize: NumericEffectSize.psi(0.2), falseAlarmBudget: 0.05, windowsToAlarm: 3 } } },
      { name: 'curated', zone: LakeZone.CURATED, subPath: 'iris/' },
      {
        name: 'events', zone: LakeZone.FEATURES, subPath: 'events/',
        // Its own baseline: the Iris baseline job does not describe 'channel' (refused at synth).
        drift: { features: DriftFeatures.of([{ name: 'channel', kind: FeatureKind.CATEGORICAL }]), baseline: DriftBaseline.fromBucket(data.lake.bucket(LakeZone.DATA_CAPTURE), 'baselines/events/statistics.json'), format: StageDataFormat.JSON_LINES },
      },
    ],
  });
  return { stack, data, endpoint, m };
}

describe('PipelineMonitor per-stage drift', () => {
  test('the Lambda gets each drift stage\'s format, schema, baseline and thresholds; the other stages volume only', () => {
    const { stack } = withDrift();
    const t = synth(stack);
    const fn = Object.values(t.findResources('AWS::Lambda::Function')).find((f: any) => f.Properties.Environment?.Variables?.[PIPELINE_ENV.monitorName] === 'iris-pipeline') as any;
    expect(fn.Properties.MemorySize).toBe(1769);
    // The stage list is a JSON string with the bucket names joined in: read it back with placeholders.
    const joined = stack.resolve(fn.Properties.Environment.Variables[PIPELINE_ENV.stages]);
    const text = typeof joined === 'string' ? joined : joined['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : 'BUCKET')).join('');
    const stages = JSON.parse(text) as { name: string; prefix: string; drift?: StageDriftSpec }[];
    expect(stages.map((s) => [s.name, s.prefix, s.drift?.format ?? null])).toEqual([['raw', 'iris/', 'csv'], ['curated', 'iris/', null], ['events', 'events/', 'jsonl']]);
    expect(stages[0].drift).toEqual({
      format: 'csv', header: true,
      schema: { features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'].map((name) => ({ name, kind: 'numeric', source: 'input' })) },
      baselineStatistics: 's3://BUCKET/monitoring-reports/iris-baseline/baseline/statistics.json',
      baselineConstraints: 's3://BUCKET/monitoring-reports/iris-baseline/baseline/constraints.json',
      thresholds: { numericEffect: { statistic: 'psi', size: 0.2 }, falseAlarmBudget: 0.05 },
    });
    expect(stages[2].drift!.schema.features).toEqual([{ name: 'channel', kind: 'categorical', source: 'input' }]);
  });

  test('objects are read only under the drift stages\' prefixes; a drift alarm per drift stage; cdk-nag clean', () => {
    const { stack, m } = withDrift();
    const t = synth(stack);
    const policy = Object.entries(t.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('PipelineJob'))![1] as any;
    // Object reads of the monitor: raw/iris/* and features/events/* (the drift stages) and the baseline files;
    // nothing of the curated stage (volume only: listing).
    const reads = (policy.Properties.PolicyDocument.Statement as any[])
      .filter((st) => [st.Action].flat().includes('s3:GetObject*'))
      .map((st) => JSON.stringify(st.Resource[1]).replace(/.*"(DataLake\w+Bucket)[0-9A-F]+".*?"(\/[^"]*)".*/, '$1$2'));
    expect(reads.sort()).toEqual([
      'DataLakeFeaturesBucket/events/*', 'DataLakeMonitoringBucket/baselines/events/statistics.json',
      'DataLakeMonitoringBucket/monitoring-reports/iris-baseline/baseline/constraints.json',
      'DataLakeMonitoringBucket/monitoring-reports/iris-baseline/baseline/statistics.json', 'DataLakeMonitoringBucket/monitoring-reports/iris-pipeline/*',
      'DataLakeRawBucket/iris/*',
    ]);
    const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'drifted_feature_count' } })) as any[];
    expect(alarms.map((a) => [
      a.Properties.Namespace, a.Properties.Dimensions.find((d: any) => d.Name === PIPELINE_METRICS.dimensions.stage).Value,
      a.Properties.Threshold, a.Properties.ComparisonOperator, a.Properties.EvaluationPeriods, a.Properties.DatapointsToAlarm, a.Properties.Period,
    ]).sort()).toEqual([
      [PIPELINE_METRICS.namespace, 'events', 1, 'GreaterThanOrEqualToThreshold', 1, 1, 1800],
      [PIPELINE_METRICS.namespace, 'raw', 1, 'GreaterThanOrEqualToThreshold', 3, 3, 1800],
    ]);
    expect(m.driftAlarms).toHaveLength(2);
    expect(m.alarms).toHaveLength(1 + 3 * 2 + 2); // failed run, drop + surge per stage, drift per drift stage
    expect(m.widgets()).toHaveLength(6); // bytes, rate of change, malformed rows, a drift chart per drift stage, alarm states
    expect(nagFindings(stack)).toEqual([]);
  });

  test('forStage handles: metrics with the Monitor and Stage dimensions', () => {
    const { stack, m } = withDrift();
    const raw = m.forStage('raw');
    expect(raw.stageName).toBe('raw');
    const bytes = raw.metricNewBytes();
    expect([bytes.namespace, bytes.metricName, bytes.statistic, bytes.period.toSeconds()]).toEqual([PIPELINE_METRICS.namespace, 'stage_new_bytes', 'Sum', 1800]);
    expect(stack.resolve(bytes.dimensions)).toEqual({ Monitor: 'iris-pipeline', Stage: 'raw' });
    expect(raw.metricNewObjects().metricName).toBe('stage_new_objects');
    expect(raw.metricRateOfChange().statistic).toBe('Maximum');
    expect(raw.metricBaselineDrift('petal_length').metricName).toBe('feature_baseline_drift_petal_length');
    expect(raw.metricDriftDetected('petal_length').metricName).toBe('feature_drift_detected_petal_length');
    expect(raw.metricPsi('petal_length').metricName).toBe('feature_psi_petal_length');
    expect([raw.metricRecords().metricName, raw.metricRecords().statistic]).toEqual(['record_count', 'Sum']);
    expect(raw.metricMalformedRecords().metricName).toBe('malformed_record_count');
    expect(raw.metricDriftedFeatures().metricName).toBe('drifted_feature_count');
    // Mistakes say what exists.
    expect(() => m.forStage('gold')).toThrow(/forStage\('gold'\): the monitor watches only 'raw', 'curated', 'events'/);
    expect(() => raw.metricBaselineDrift('label')).toThrow(/compares only 'sepal_length', 'sepal_width', 'petal_length', 'petal_width'/);
    expect(() => m.forStage('curated').metricDriftedFeatures()).toThrow(/stage has no drift.*Give the stage drift/);
  });

  test('a drift stage and a DriftMonitor variant are both IDriftMetrics: the same metric names and statistics, their own dimensions', () => {
    const { stack, data, endpoint, m } = withDrift();
    const drift = new DriftMonitor(stack, 'Drift', {
      endpoint, lake: data.lake, monitorName: 'iris-drift', features: DriftFeatures.fromDataPlatform(data, { exclude: ['label'] }),
      baseline: DriftBaseline.fromBucket(data.lake.curatedBucket, 'b/statistics.json'),
    });
    const handles: IDriftMetrics[] = [m.forStage('raw'), drift.forVariant('champion')];
    const shape = (h: IDriftMetrics) => [
      h.metricBaselineDrift('petal_length'), h.metricDriftDetected('petal_length'), h.metricPsi('petal_length'),
      h.metricDriftedFeatures(), h.metricRecords(), h.metricMalformedRecords(),
    ].map((metric) => `${metric.metricName}/${metric.statistic}`);
    // The names the drift handlers publish (contracts/model-monitor.ts: FEATURE_METRICS, WINDOW_METRICS).
    const expected = ['feature_baseline_drift_petal_length/Maximum', 'feature_drift_detected_petal_length/Maximum',
      'feature_psi_petal_length/Maximum', 'drifted_feature_count/Maximum', 'record_count/Sum', 'malformed_record_count/Sum'];
    expect(handles.map(shape)).toEqual([expected, expected]);
    expect(stack.resolve(handles[0].metricRecords().dimensions)).toEqual({ Monitor: 'iris-pipeline', Stage: 'raw' });
    expect(stack.resolve(handles[1].metricRecords().dimensions)).toEqual({ Endpoint: stack.resolve(endpoint.endpointName), MonitoringSchedule: 'iris-drift', VariantName: 'champion' });
  });

  test('a headerless CSV stage naming every feature (extra columns such as the label are ignored) synthesizes', () => {
    const { stack, data } = monitoringFixture();
    const features = DriftFeatures.fromDataPlatform(data, { exclude: ['label'] });
    const baseline = DriftBaseline.fromBucket(data.lake.bucket(LakeZone.RAW), 'baseline/statistics.json');
    new PipelineMonitor(stack, 'G', { lake: data.lake, stages: [{ name: 'curated', zone: LakeZone.CURATED, drift: {
      features, baseline, format: StageDataFormat.csv({ header: false, columns: ['label', 'sepal_length', 'sepal_width', 'petal_length', 'petal_width'] }),
    } }] });
    expect(synth(stack).findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'drifted_feature_count' } })).not.toEqual({});
  });

  test('a Parquet stage: the Lambda reads it as parquet (no header, no columns: the file names them), under its prefix only', () => {
    const { stack, data } = monitoringFixture();
    const features = DriftFeatures.fromDataPlatform(data, { exclude: ['label'] });
    const baseline = DriftBaseline.fromBucket(data.lake.bucket(LakeZone.RAW), 'baseline/statistics.json');
    new PipelineMonitor(stack, 'Pipeline', {
      lake: data.lake, monitorName: 'parquet-pipeline',
      stages: [{ name: 'curated', zone: LakeZone.CURATED, subPath: 'iris/', drift: { features, baseline, format: StageDataFormat.PARQUET } }],
    });
    const t = synth(stack);
    const fn = Object.values(t.findResources('AWS::Lambda::Function')).find((f: any) => f.Properties.Environment?.Variables?.[PIPELINE_ENV.monitorName] === 'parquet-pipeline') as any;
    const joined = stack.resolve(fn.Properties.Environment.Variables[PIPELINE_ENV.stages]);
    const stages = JSON.parse(joined['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : 'BUCKET')).join('')) as { name: string; prefix: string; drift: StageDriftSpec }[];
    expect(stages[0].drift).toEqual({
      format: 'parquet', header: false,
      schema: { features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'].map((name) => ({ name, kind: 'numeric', source: 'input' })) },
      baselineStatistics: 's3://BUCKET/baseline/statistics.json', thresholds: {},
    });
    const policy = Object.entries(t.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('PipelineJob'))![1] as any;
    const reads = (policy.Properties.PolicyDocument.Statement as any[])
      .filter((st) => [st.Action].flat().includes('s3:GetObject*'))
      .map((st) => JSON.stringify(st.Resource[1]).replace(/.*"(DataLake\w+Bucket)[0-9A-F]+".*?"(\/[^"]*)".*/, '$1$2'));
    // Ranged GETs are s3:GetObject: the curated prefix, the baseline file and the monitor's own reports.
    expect(reads.sort()).toEqual(['DataLakeCuratedBucket/iris/*', 'DataLakeMonitoringBucket/monitoring-reports/parquet-pipeline/*', 'DataLakeRawBucket/baseline/statistics.json']);
    expect(nagFindings(stack)).toEqual([]);
  });
});
