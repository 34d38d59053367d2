/**
 * Props take interfaces, so resources of another stack or app work too: an existing Athena workgroup
 * (AthenaWorkgroup.fromWorkgroupAttributes) as DriftMonitorProps.athena, a pipeline of another stack
 * (RetrainingPipeline.fromRetrainingPipelineAttributes) as RetrainingTriggersProps.pipeline, and any IDataPlatform /
 * IVariantRollout for BaselineJob, RetrainingPipeline and MonitoringDashboard. Expected values are the imported
 * names and ARNs themselves: the rights and environment must name exactly them.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DRIFT_ENV } from '../../contracts/drift-monitor';
import { RETRAINING_TRIGGER_ENV } from '../../contracts/training';
import { AthenaWorkgroup, IDataPlatform } from '../../lib/data';
import { BaselineJob, DriftBaseline, DriftFeatures, DriftMonitor, FeatureKind, MonitoringDashboard } from '../../lib/monitoring';
import { DeploymentStrategy, IVariantRollout, VariantRollout } from '../../lib/rollout';
import { ModelRegistry, RetrainingPipeline, RetrainingTriggers } from '../../lib/training';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { monitoringFixture } from '../monitoring/fixtures';

afterAll(lintQueuedTemplates);

/** Every IAM policy statement of the template, flattened. */
function statements(t: ReturnType<typeof synth>): Array<{ Action: string | string[]; Resource: unknown }> {
  return Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

test('an existing Athena workgroup runs DriftMonitor\'s large windows: rights on that workgroup and its results prefix only', () => {
  const { stack, data, endpoint } = monitoringFixture();
  const results = s3.Bucket.fromBucketName(stack, 'Results', 'analytics-query-results');
  const athena = AthenaWorkgroup.fromWorkgroupAttributes(stack, 'Analytics', {
    workGroupName: 'analytics', resultsBucket: results, resultsPrefix: 'athena/drift/', lake: data.lake,
  });
  expect(athena.resultsPrefix).toBe('athena/drift/');
  new DriftMonitor(stack, 'Drift', {
    endpoint, lake: data.lake, monitorName: 'iris-drift', athena,
    features: DriftFeatures.of([{ name: 'sepal_length', kind: FeatureKind.NUMERIC }]),
    baseline: DriftBaseline.fromBucket(data.lake.curatedBucket, 'baselines/iris/statistics.json'),
  });
  const t = synth(stack);
  t.hasResourceProperties('AWS::Lambda::Function', {
    Environment: { Variables: Match.objectLike({ [DRIFT_ENV.athenaWorkGroup]: 'analytics' }) },
  });
  const all = statements(t);
  const athenaStatement = all.find((s) => [s.Action].flat().includes('athena:StartQueryExecution'))!;
  expect(JSON.stringify(athenaStatement.Resource)).toContain(':workgroup/analytics');
  expect(JSON.stringify(all)).toContain(':::analytics-query-results/athena/drift/*');
  expect(JSON.stringify(all)).not.toContain('analytics-query-results/results/');
  expect(nagFindings(stack)).toEqual([]);
});

test('fromWorkgroupAttributes refuses a results prefix that is not a key prefix', () => {
  const { stack, data } = monitoringFixture();
  const resultsBucket = s3.Bucket.fromBucketName(stack, 'Results', 'analytics-query-results');
  expect(() => AthenaWorkgroup.fromWorkgroupAttributes(stack, 'A', { workGroupName: 'a', resultsBucket, resultsPrefix: 'results', lake: data.lake }))
    .toThrow(/fromWorkgroupAttributes '.*\/A': invalid resultsPrefix 'results'\. .*ending with '\/'/);
  expect(() => AthenaWorkgroup.fromWorkgroupAttributes(stack, 'B', { workGroupName: 'b', resultsBucket, resultsPrefix: '/results/', lake: data.lake }))
    .toThrow(/invalid resultsPrefix '\/results\/'\. .*without a leading '\/'/);
});

test('RetrainingTriggers start a pipeline of another stack: its state machine ARN in the environment and StartExecution on it, no wildcard', () => {
  const { stack } = monitoringFixture();
  const arn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:iris-retraining';
  const pipeline = RetrainingPipeline.fromRetrainingPipelineAttributes(stack, 'Pipeline', {
    stateMachineArn: arn,
    registry: ModelRegistry.fromModelPackageGroupName(stack, 'Registry', 'iris'),
    newRowsMetric: new cloudwatch.Metric({ namespace: 'cdk-mlops/Data', metricName: 'RecordsWritten', dimensionsMap: { JobName: 'iris-etl' } }),
  });
  expect(pipeline.timeout.toHours()).toBe(4);
  const triggers = new RetrainingTriggers(stack, 'Triggers', { pipeline, minNewRows: 100 });
  expect(triggers.pipelineName).toBe('iris');
  const t = synth(stack);
  t.hasResourceProperties('AWS::Lambda::Function', {
    Environment: { Variables: Match.objectLike({
      [RETRAINING_TRIGGER_ENV.STATE_MACHINE_ARN]: arn,
      [RETRAINING_TRIGGER_ENV.ROWS_METRIC]: 'RecordsWritten',
    }) },
  });
  // The data platform's own gate rule starts its evaluation; the triggers start only the imported pipeline.
  const starts = statements(t).filter((s) => [s.Action].flat().includes('states:StartExecution')).map((s) => s.Resource);
  expect(starts).toContain(arn);
  expect(starts).not.toContain('*');
});

test('BaselineJob, RetrainingPipeline and MonitoringDashboard take an IDataPlatform; the dashboard an IVariantRollout', () => {
  const { stack, data, endpoint } = monitoringFixture();
  // Any implementation of the interface: here a view of the platform's parts, as another construct library could offer.
  const view: IDataPlatform = Object.assign(Object.create(data), {});
  const baseline = new BaselineJob(stack, 'Baseline', { data: view, features: DriftFeatures.fromDataPlatform(data, { exclude: ['label'] }) });
  expect(baseline.statisticsKey).toMatch(/statistics\.json$/);
  const registry = new ModelRegistry(stack, 'Registry', { modelPackageGroupName: 'iris' });
  new RetrainingPipeline(stack, 'Retraining', { data: view, registry, labelColumn: 'label', featureColumns: ['sepal_length'] });
  const rollout: IVariantRollout = new VariantRollout(stack, 'Rollout', { endpoint, strategy: DeploymentStrategy.CANARY_10PERCENT_5MINUTES });
  new MonitoringDashboard(stack, 'Dashboard', { endpoint, rollout, dataPlatform: view });
  const t = synth(stack);
  const body = JSON.stringify(t.findResources('AWS::CloudWatch::Dashboard'));
  expect(body).toContain('Rollouts: started, promoted, rolled back');
  expect(data.athena).toBe(data.warehouse.athena);
  expect(rollout.metricPromotions({ period: Duration.hours(1) }).metricName).toBe('RolloutsPromoted');
});
