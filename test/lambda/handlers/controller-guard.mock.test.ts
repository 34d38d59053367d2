/**
 * Controller step with the metric guard: each candidate alarm's rule applied to the published datapoints. The
 * guard rolls back before CloudWatch evaluates the alarm; when it cannot read datapoints the alarms alone decide.
 */
import {
  DescribeAlarmsCommand, GetMetricDataCommand, GetMetricStatisticsCommand, MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { canary, weightsFor } from '../../../lambda/core/rollout';
import { handler as controller } from '../../../lambda/handlers/rollout-controller';
import { liveEndpoint, mockAll, record, THROTTLED } from './mock-world';
import { captureLogs, CapturedLogs, fastTiming } from './support';

/** The candidate's 5XX alarm as DescribeAlarms returns it: still OK, CloudWatch has not evaluated the new datapoint. */
const alarm: MetricAlarm = {
  AlarmName: 'cand-5xx', StateValue: 'OK', Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors',
  Dimensions: [{ Name: 'EndpointName', Value: 'ep' }, { Name: 'VariantName', Value: 'candidate' }],
  Period: 60, Statistic: 'Average', Threshold: 0.05, EvaluationPeriods: 1, DatapointsToAlarm: 1,
  ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching',
};

/** The last complete minute (the controller reads only complete periods). */
const lastMinute = () => new Date((Math.floor(Date.now() / 60000) - 1) * 60000);

describe('rollout-controller step with the metric guard', () => {
  const aws = mockAll();
  const plan = canary(10, 600, { minInvocationsPerStep: 0 });
  const step = { action: 'step' as const, endpointName: 'ep', rolloutId: 'r1' };
  let logs: CapturedLogs;

  beforeAll(fastTiming);
  beforeEach(() => {
    aws.reset();
    logs = captureLogs();
    aws.dynamo.on(GetCommand).resolves({ Item: record(plan, { phase: 'BAKING', stepIndex: 0, weights: weightsFor(10),
      phaseStartedAt: Math.floor(Date.now() / 1000) - 30 }) });
    aws.dynamo.on(UpdateCommand).resolves({});
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarm] });
    aws.cloudwatch.on(GetMetricStatisticsCommand).resolves({ Datapoints: [{ Sum: 50 }] });
    liveEndpoint(aws, 90, 10);
    aws.events.on(PutEventsCommand).resolves({ FailedEntryCount: 0 });
    aws.sns.on(PublishCommand).resolves({});
  });
  afterAll(() => aws.restore());

  it('rolls back on a published breaching datapoint while the alarm still reads OK, naming the guard', async () => {
    aws.cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [
      { Id: 'g0', Timestamps: [lastMinute()], Values: [0.4], StatusCode: 'Complete' },
    ] });
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'ROLLED_BACK', phase: 'ROLLED_BACK' });
    expect(r.reason).toContain('cand-5xx (metric guard) in ALARM');
    const saved = aws.dynamo.commandCalls(UpdateCommand)[0].args[0].input.ExpressionAttributeValues![':state'];
    expect(saved).toMatchObject({ phase: 'ROLLED_BACK', cause: 'ALARM' });
    expect(aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(1);

    const calls = aws.cloudwatch.commandCalls(GetMetricDataCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0].args[0].input;
    expect(input.MetricDataQueries).toEqual([{ Id: 'g0', ReturnData: true, MetricStat: {
      Metric: { Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Dimensions: alarm.Dimensions },
      Period: 60, Stat: 'Average' } }]);
    // Complete periods only: the range ends at the start of the current minute.
    expect(input.EndTime!.getTime() % 60000).toBe(0);
    expect(input.EndTime!.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('proceeds on a healthy datapoint (guard OK) without holding the step', async () => {
    aws.cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [
      { Id: 'g0', Timestamps: [lastMinute()], Values: [0.01], StatusCode: 'Complete' },
    ] });
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'WAIT', phase: 'BAKING' });
    expect(logs.find('decision')[0].alarms).toEqual([
      { name: 'cand-5xx', state: 'OK' }, { name: 'cand-5xx (metric guard)', state: 'OK' },
    ]);
  });

  it('proceeds on the alarms alone when GetMetricData is throttled, and logs it', async () => {
    aws.cloudwatch.on(GetMetricDataCommand).rejects(THROTTLED());
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'WAIT', phase: 'BAKING' });
    expect(logs.find('decision')[0].alarms).toEqual([{ name: 'cand-5xx', state: 'OK' }]);
    expect(logs.find('metric guard unavailable')).toHaveLength(1);
    expect(logs.metric('MetricGuardUnavailable')).toHaveLength(1);
  });

  it('still rolls back on the alarm itself when GetMetricData fails', async () => {
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ ...alarm, StateValue: 'ALARM' }] });
    aws.cloudwatch.on(GetMetricDataCommand).rejects(THROTTLED());
    const r = await controller(step);
    expect(r.kind).toBe('ROLLED_BACK');
    expect(r.reason).toContain('cand-5xx in ALARM');
  });

  it('adds nothing when no datapoint is published (no traffic yet): the step is not held by the guard', async () => {
    aws.cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'g0', Timestamps: [], Values: [], StatusCode: 'Complete' }] });
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'WAIT', phase: 'BAKING' });
    expect(logs.find('decision')[0].alarms).toEqual([{ name: 'cand-5xx', state: 'OK' }]);
    expect(logs.find('metric guard could not evaluate')[0].unevaluated).toEqual([{ alarmName: 'cand-5xx', reason: 'no datapoints in range' }]);
  });

  it('skips metric-math and composite alarms with a log line, querying only the plain ones', async () => {
    const math: MetricAlarm = { AlarmName: 'cand-error-ratio', StateValue: 'OK', Threshold: 0.05, EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold', Metrics: [{ Id: 'e1', Expression: 'm1/m2', ReturnData: true }] };
    aws.dynamo.on(GetCommand).resolves({ Item: record(plan, { phase: 'BAKING', stepIndex: 0, weights: weightsFor(10),
      phaseStartedAt: Math.floor(Date.now() / 1000) - 30 }, { alarmNames: ['cand-5xx', 'cand-error-ratio', 'cand-any'] }) });
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarm, math],
      CompositeAlarms: [{ AlarmName: 'cand-any', StateValue: 'OK' }] });
    aws.cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'WAIT', phase: 'BAKING' });
    expect(aws.cloudwatch.commandCalls(GetMetricDataCommand)[0].args[0].input.MetricDataQueries!.map((q) => q.Id)).toEqual(['g0']);
    expect(logs.find('metric guard skips alarms')[0].skipped).toEqual([
      { alarmName: 'cand-error-ratio', reason: expect.stringMatching(/metric-math/) },
      { alarmName: 'cand-any', reason: 'composite alarm' },
    ]);
  });

  it('makes no GetMetricData call when no alarm can be mirrored', async () => {
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'cand-5xx', StateValue: 'OK' }] });
    expect(await controller(step)).toMatchObject({ kind: 'WAIT', phase: 'BAKING' });
    expect(aws.cloudwatch.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  });
});
