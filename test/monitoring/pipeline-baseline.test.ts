/**
 * Construct tests of PipelineMonitor and BaselineJob on their own (beyond the reference app): synthesized
 * properties, least privilege, alarms; cfn-lint (queued) and cdk-nag clean (validation: test/validation/monitoring-limits).
 */
import { Match } from 'aws-cdk-lib/assertions';
import { BASELINE_ENV } from '../../contracts/drift-monitor';
import { PIPELINE_METRICS } from '../../contracts/monitoring-jobs';
import { LakeZone } from '../../lib/data/lake-zone';
import { BaselineJob, DriftFeatures, PipelineMonitor } from '../../lib/monitoring';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { monitoringFixture } from './fixtures';

afterAll(lintQueuedTemplates);

describe('PipelineMonitor', () => {
  test('per stage a drop and a surge alarm on the rate of change, listing rights only on the stage buckets, hourly', () => {
    const { stack, data } = monitoringFixture();
    const m = new PipelineMonitor(stack, 'Pipeline', {
      lake: data.lake, monitorName: 'iris-pipeline', minRateOfChange: 0.25, maxRateOfChange: 4,
      stages: [{ name: 'raw', zone: LakeZone.RAW, subPath: 'iris/' }, { name: 'curated', zone: LakeZone.CURATED, subPath: 'iris/' }],
    });
    const t = synth(stack);
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)' });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 900, // the period less a minute, capped at Lambda's 15 minutes
      Environment: { Variables: Match.objectLike({ CDK_MLOPS_MONITOR_NAME: 'iris-pipeline' }) },
    });
    const fn = Object.values(t.findResources('AWS::Lambda::Function')).find((f: any) => f.Properties.Environment?.Variables?.CDK_MLOPS_MONITOR_NAME === 'iris-pipeline') as any;
    const stages = JSON.parse(JSON.stringify(stack.resolve(fn.Properties.Environment.Variables)));
    // Each stage names its zone's bucket and the folder inside it.
    expect(JSON.stringify(stages)).toMatch(/raw.*DataLakeRawBucket.*prefix.*iris\/.*curated.*DataLakeCuratedBucket.*prefix.*iris\//);
    const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: PIPELINE_METRICS.namespace } })) as any[];
    expect(alarms.map((a) => [a.Properties.Dimensions.find((d: any) => d.Name === 'Stage').Value, a.Properties.ComparisonOperator, a.Properties.Threshold]).sort())
      .toEqual([['curated', 'GreaterThanThreshold', 4], ['curated', 'LessThanThreshold', 0.25], ['raw', 'GreaterThanThreshold', 4], ['raw', 'LessThanThreshold', 0.25]]);
    expect(alarms.every((a) => a.Properties.MetricName === PIPELINE_METRICS.rateOfChange && a.Properties.AlarmActions.length === 1)).toBe(true);
    expect(m.alarms).toHaveLength(5); // 2 per stage + the failed run
    // No object is read: ListBucket only on the stage buckets; PutMetricData only in the pipeline namespace.
    const policies = JSON.stringify(t.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('"s3:ListBucket"');
    expect(policies).toContain(`"cloudwatch:namespace":"${PIPELINE_METRICS.namespace}"`);
    expect(policies).not.toMatch(/"s3:GetObject\*?"[^\]]*raw/);
    expect(m.widgets()).toHaveLength(3);
    expect(nagFindings(stack)).toEqual([]);
  });

});

describe('BaselineJob', () => {
  test('queries the curated table in the platform workgroup, writes only its own files, runs on a passed gate', () => {
    const { stack, data } = monitoringFixture();
    const job = new BaselineJob(stack, 'Baseline', {
      data, baselineName: 'iris-baseline', maxRows: 50_000, features: DriftFeatures.fromDataPlatform(data, { exclude: ['label'] }),
    });
    expect(job.statisticsKey).toBe('monitoring-reports/iris-baseline/baseline/statistics.json');
    expect(job.constraintsKey).toBe('monitoring-reports/iris-baseline/baseline/constraints.json');
    const t = synth(stack);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 900,
      Environment: { Variables: Match.objectLike({
        [BASELINE_ENV.maxRows]: '50000',
        [BASELINE_ENV.outputPrefix]: 'monitoring-reports/iris-baseline/baseline/',
        [BASELINE_ENV.database]: data.trainingDatabaseName,
        [BASELINE_ENV.table]: data.trainingTableName,
        [BASELINE_ENV.schema]: JSON.stringify({ features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'].map((name) => ({ name, kind: 'numeric', source: 'input' })) }),
      }) },
    });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ detail: Match.objectLike({ status: ['PASSED'] }) }),
    });
    const policies = JSON.stringify(t.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('athena:StartQueryExecution');
    expect(policies).toContain('monitoring-reports/iris-baseline/baseline/*');
    expect(nagFindings(stack)).toEqual([]);
  });

  test('runOnGatePass false adds no gate rule', () => {
    const { stack, data } = monitoringFixture();
    const features = DriftFeatures.fromDataPlatform(data, { exclude: ['label'] });
    new BaselineJob(stack, 'B', { data, features, runOnGatePass: false });
    const onPass = synth(stack).findResources('AWS::Events::Rule', { Properties: { EventPattern: Match.objectLike({ detail: Match.objectLike({ status: ['PASSED'] }) }) } });
    expect(Object.keys(onPass)).toEqual([]);
  });
});
