import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DataLake, DataPlatform, EtlJob, PipelineAlarms } from '../../lib/data';
import { lintQueuedTemplates, synth } from '../helpers/validators';
import { nagFindings } from '../helpers/validators';

afterAll(lintQueuedTemplates);

function newStack(id = 'PlatformStack'): Stack {
  return new Stack(new App(), id, { env: { account: '111122223333', region: 'eu-west-1' } });
}

describe('DataPlatform', () => {
  test('lake + Athena + ETL on arrival and schedule + gate + alarms, with a training read path', () => {
    const stack = newStack();
    const platform = new DataPlatform(stack, 'Data', {
      dataset: 'transactions',
      lake: { databaseNamePrefix: 'mlops' },
      columns: { transaction_id: 'string', amount: 'double', label: 'int' },
      keyColumns: ['transaction_id'],
    });
    const t = synth(stack);
    t.resourceCountIs('AWS::Glue::Job', 1);
    t.resourceCountIs('AWS::Athena::WorkGroup', 1);
    t.resourceCountIs('AWS::Glue::DataQualityRuleset', 1);
    t.hasResourceProperties('AWS::Glue::DataQualityRuleset', {
      Ruleset: 'Rules = [ RowCount > 0, IsComplete "transaction_id", IsUnique "transaction_id" ]',
    });
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 3 * * ? *)' });
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    t.resourceCountIs('AWS::CloudWatch::Alarm', 5);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'RecordsWritten', Namespace: 'cdk-mlops/Data', EvaluationPeriods: 26, DatapointsToAlarm: 26,
      TreatMissingData: 'breaching', ComparisonOperator: 'LessThanThreshold',
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'TriggeredRules', Namespace: 'AWS/Events' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DataQualityScore', Threshold: 1 });
    expect(platform.trainingTableName).toBe('transactions');
    expect(platform.trainingDatabaseName).toBe('mlops_curated');
    expect(platform.widgets().length).toBe(4);
    expect(nagFindings(stack)).toEqual([]);
  });

  test('grantTrainingRead covers the curated table, its catalog and the gate status', () => {
    const stack = newStack('TrainingStack');
    const platform = new DataPlatform(stack, 'Data', { dataset: 'transactions' });
    const role = new iam.Role(stack, 'Training', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    expect(platform.grantTrainingRead(role)).toBeInstanceOf(iam.Grant);
    const policies = JSON.stringify(synth(stack).findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^Training') }] } }));
    expect(policies).toContain('/transactions/*');
    expect(policies).toContain('glue:GetTable');
    expect(policies).toContain('ssm:GetParameter');
  });
});

describe('PipelineAlarms', () => {
  test('uses a topic passed in', () => {
    const stack = newStack('AlarmsStack');
    const lake = new DataLake(stack, 'Lake');
    const job = new EtlJob(stack, 'Job', { lake, dataset: 'events' });
    const topic = new sns.Topic(stack, 'OnCall', { enforceSSL: true, masterKey: lake.encryptionKey });
    const alarms = new PipelineAlarms(stack, 'Alarms', { job, topic, freshness: Duration.hours(6) });
    const t = synth(stack);
    t.resourceCountIs('AWS::SNS::Topic', 1);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { EvaluationPeriods: 6, AlarmActions: [{ Ref: Match.stringLikeRegexp('^OnCall') }] });
    expect(alarms.alarms).toHaveLength(3);
  });

  test('freshness that is not whole hours', () => {
    const stack = newStack('BadAlarms');
    const lake = new DataLake(stack, 'Lake');
    const job = new EtlJob(stack, 'Job', { lake, dataset: 'events' });
    expect(() => new PipelineAlarms(stack, 'A', { job, freshness: Duration.minutes(90) })).toThrow(/freshness '1 hour 30 minutes'.*whole hours/);
    expect(() => new PipelineAlarms(stack, 'B', { job, freshness: Duration.days(8) })).toThrow(/freshness '8 days'.*7 days/);
  });
});
