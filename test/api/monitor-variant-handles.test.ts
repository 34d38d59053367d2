/**
 * Per-variant metric handles of the monitors (`forVariant(v).metricX()`), like `endpoint.findVariant(v)`: the same
 * metrics as Model Monitor publishes them (namespace, dimensions Endpoint / MonitoringSchedule / VariantName,
 * statistic, period = schedule); an unknown variant, or a feature the monitor does not compare, fails with the ones
 * that exist. Monitors and batch inference take an imported lake (IDataLake).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  BatchInference, DataLake, DriftBaseline, DriftFeatures, DriftMonitor, FeatureKind, LakeZone, ModelQualityMonitor,
  Model, PipelineMonitor, ProblemType,
} from '../../lib';
import { monitoringFixture } from '../monitoring/fixtures';
import { lintQueuedTemplates, synth } from '../helpers/validators';

afterAll(() => lintQueuedTemplates());

const dims = (m: cloudwatch.Metric) => m.dimensions;

describe('ModelQualityMonitor.forVariant', () => {
  const { stack, data, endpoint } = monitoringFixture();
  const quality = new ModelQualityMonitor(stack, 'Quality', {
    endpoint, lake: data.lake, problemType: ProblemType.MULTICLASS_CLASSIFICATION, monitorName: 'q',
    schedule: Duration.hours(2), thresholds: { minAccuracy: 0.8 },
  });

  test('metrics of one variant in Model Monitor\'s namespace and dimensions', () => {
    const m = quality.forVariant('challenger').metricAccuracy();
    expect(m.namespace).toBe('aws/sagemaker/Endpoints/model-metrics');
    expect(m.metricName).toBe('accuracy');
    expect(dims(m)).toEqual({ Endpoint: endpoint.endpointName, MonitoringSchedule: 'q', VariantName: 'challenger' });
    expect(m.statistic).toBe('Average');
    expect(m.period.toSeconds()).toBe(7200);
    // Multiclass F1 is the support-weighted one; joined counts add up.
    expect(quality.forVariant('champion').metricF1().metricName).toBe('weighted_f1');
    expect(quality.forVariant('champion').metricJoinedCount().statistic).toBe('Sum');
    expect(quality.forVariant('champion').metric('weighted_recall', { statistic: 'Minimum' }).statistic).toBe('Minimum');
  });

  test('an unknown variant names the monitored ones', () => {
    expect(() => quality.forVariant('blue')).toThrow(/forVariant\('blue'\): the monitor measures only 'champion', 'challenger'/);
  });

  test('the alarms still watch each variant\'s metric', () => {
    synth(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'accuracy', Namespace: 'aws/sagemaker/Endpoints/model-metrics',
      Dimensions: [{ Name: 'Endpoint', Value: stack.resolve(endpoint.endpointName) }, { Name: 'MonitoringSchedule', Value: 'q' }, { Name: 'VariantName', Value: 'challenger' }],
      Threshold: 0.8, ComparisonOperator: 'LessThanThreshold',
    });
  });
});

describe('DriftMonitor.forVariant, with an imported lake', () => {
  const { stack, endpoint } = monitoringFixture();
  const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
  const bucket = (id: string) => s3.Bucket.fromBucketName(stack, id, `imported-${id.toLowerCase()}`);
  const lake = DataLake.fromDataLakeAttributes(stack, 'Imported', {
    rawBucket: bucket('Raw'), curatedBucket: bucket('Curated'), featuresBucket: bucket('Features'),
    monitoringBucket: bucket('Monitoring'), encryptionKey: key, databaseNamePrefix: 'shop',
  });
  const drift = new DriftMonitor(stack, 'Drift', {
    endpoint, lake, monitorName: 'd',
    features: DriftFeatures.of([{ name: 'petal_length', kind: FeatureKind.NUMERIC }]),
    baseline: DriftBaseline.fromBucket(bucket('Baseline'), 'statistics.json', 'constraints.json'),
  });

  test('metrics of one variant in Model Monitor\'s namespace and dimensions', () => {
    const m = drift.forVariant('champion').metricBaselineDrift('petal_length');
    expect(m.namespace).toBe('aws/sagemaker/Endpoints/data-metrics');
    expect(m.metricName).toBe('feature_baseline_drift_petal_length');
    expect(dims(m)).toEqual({ Endpoint: endpoint.endpointName, MonitoringSchedule: 'd', VariantName: 'champion' });
    expect(m.statistic).toBe('Maximum');
    expect(m.period.toSeconds()).toBe(900);
    expect(drift.forVariant('champion').metricPsi('petal_length').metricName).toBe('feature_psi_petal_length');
    expect(drift.forVariant('champion').metricRecords().statistic).toBe('Sum');
  });

  test('a feature the monitor does not compare has no metric (an alarm on it would never fire)', () => {
    expect(() => drift.forVariant('champion').metricBaselineDrift('petal_lenght'))
      .toThrow(/forVariant\('champion'\)\.metricBaselineDrift\('petal_lenght'\): the monitor compares only 'petal_length'/);
    expect(() => drift.forVariant('champion').metricPsi('sepal_length')).toThrow(/compares only 'petal_length'/);
  });

  test('an unknown variant names the monitored ones', () => {
    expect(() => drift.forVariant('AllTraffic')).toThrow(/the monitor measures only 'champion', 'challenger'/);
  });

  test('reports go to the imported lake\'s monitoring bucket', () => {
    expect(drift.reportLocation).toContain('imported-monitoring');
    synth(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'drifted_feature_count',
      Dimensions: [{ Name: 'Endpoint', Value: stack.resolve(endpoint.endpointName) }, { Name: 'MonitoringSchedule', Value: 'd' }, { Name: 'VariantName', Value: 'champion' }],
    });
  });
});

test('PipelineMonitor and BatchInference take an imported lake and ETL job (interfaces)', () => {
  const { stack, data } = monitoringFixture();
  const bucket = (id: string) => s3.Bucket.fromBucketName(stack, id, `imported-${id.toLowerCase()}`);
  const lake = DataLake.fromDataLakeAttributes(stack, 'Imported', {
    rawBucket: bucket('Raw'), curatedBucket: bucket('Curated'), featuresBucket: bucket('Features'),
    monitoringBucket: bucket('Monitoring'), encryptionKey: data.lake.encryptionKey, databaseNamePrefix: 'imported',
  });
  new PipelineMonitor(stack, 'Pipeline', { lake, stages: [{ name: 'raw', zone: LakeZone.RAW }] });
  const model = stack.node.findChild('ModelA') as Model;
  const batch = new BatchInference(stack, 'Batch', { model, lake, inputZone: LakeZone.FEATURES, inputPrefix: 'scoring/', runAfter: data.etl });
  expect(batch.predictionsLocation).toMatch(/^s3:\/\/imported-monitoring\//);
  const t = synth(stack);
  t.hasResourceProperties('AWS::Events::Rule', {
    EventPattern: { detail: { jobName: [stack.resolve(data.etl.jobName)], state: ['SUCCEEDED'] } },
  });
  expect(JSON.stringify(t.toJSON())).toContain(':s3:::imported-raw"');
});
