/** Controller step under failure injection: endpoint Updating, a rollback winning a race, lost orders. */
import { DescribeAlarmsCommand, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeEndpointCommand, UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { PublishCommand } from '@aws-sdk/client-sns';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ALL_STABLE, canary, weightsFor } from '../../../lambda/core/rollout';
import { handler as controller } from '../../../lambda/handlers/rollout-controller';
import { CONFLICT, endpointView, liveEndpoint, mockAll, record, THROTTLED } from './mock-world';
import { captureLogs, fastTiming } from './support';

describe('rollout-controller step with injected failures', () => {
  const aws = mockAll();
  const plan = canary(10, 60, { minInvocationsPerStep: 0 });
  const step = { action: 'step' as const, endpointName: 'ep', rolloutId: 'r1' };
  const orderedCandidateShares = () => aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)
    .map((c) => c.args[0].input.DesiredWeightsAndCapacities!.find((v) => v.VariantName === 'candidate')!.DesiredWeight);

  beforeAll(fastTiming);
  beforeEach(() => {
    aws.reset();
    captureLogs();
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'cand-5xx', StateValue: 'OK' }] });
    aws.cloudwatch.on(GetMetricStatisticsCommand).resolves({ Datapoints: [] });
    aws.events.on(PutEventsCommand).resolves({ FailedEntryCount: 0 });
    aws.sns.on(PublishCommand).resolves({});
  });
  afterAll(() => aws.restore());

  it('defers a shift while the endpoint is Updating: nothing ordered, nothing persisted', async () => {
    aws.dynamo.on(GetCommand).resolves({ Item: record(plan) });
    aws.sagemaker.on(DescribeEndpointCommand).resolves(endpointView('Updating', 1, 0));
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'WAIT', phase: 'PENDING' });
    expect(r.reason).toContain('endpoint Updating; deferred');
    expect(aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);
    expect(aws.dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('persists a shift before ordering it, retries throttling, and answers WAIT while the endpoint stays Updating', async () => {
    aws.dynamo.on(GetCommand).resolves({ Item: record(plan) });
    aws.dynamo.on(UpdateCommand).resolves({});
    aws.sagemaker.on(DescribeEndpointCommand).resolvesOnce(endpointView('InService', 1, 0)).resolves(endpointView('Updating', 1, 0));
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).rejectsOnce(THROTTLED()).resolves({});
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'WAIT', phase: 'SHIFTING' });
    expect(r.reason).toContain('endpoint still Updating, verified at next step');
    expect(orderedCandidateShares()).toEqual([10, 10]);
    const save = aws.dynamo.commandCalls(UpdateCommand)[0].args[0].input;
    expect(save.ConditionExpression).toContain('#version = :prevVersion');
    expect(save.ExpressionAttributeValues).toMatchObject({ ':prevVersion': 3, ':version': 4, ':rolloutId': 'r1' });
  });

  it('never orders the shift when a concurrent rollback wrote first (ConditionalCheckFailed)', async () => {
    const rolledBack = record(plan, { phase: 'ROLLED_BACK', weights: ALL_STABLE, reason: 'rolling back: cand-5xx in ALARM' },
      { version: 4 });
    aws.dynamo.on(GetCommand).resolvesOnce({ Item: record(plan) }).resolves({ Item: rolledBack });
    aws.dynamo.on(UpdateCommand).rejects(CONFLICT());
    aws.sagemaker.on(DescribeEndpointCommand).resolves(endpointView('InService', 1, 0));
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'ROLLED_BACK', phase: 'ROLLED_BACK', reason: 'rolling back: cand-5xx in ALARM' });
    expect(aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);
  });

  it('puts the stable weights back when a rollback ended the rollout while the shift was being ordered', async () => {
    const rolledBack = record(plan, { phase: 'ROLLED_BACK', weights: ALL_STABLE, reason: 'alarm' }, { version: 5 });
    aws.dynamo.on(GetCommand).resolvesOnce({ Item: record(plan) }).resolves({ Item: rolledBack });
    aws.dynamo.on(UpdateCommand).resolves({});
    aws.sagemaker.on(DescribeEndpointCommand).resolves(endpointView('InService', 1, 0));
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).resolves({});
    const r = await controller(step);
    expect(r.kind).toBe('ROLLED_BACK');
    expect(orderedCandidateShares()).toEqual([10, 0]);
  });

  it('orders a lost shift again when the endpoint is idle on the old split', async () => {
    const shifting = record(plan, { phase: 'SHIFTING', stepIndex: 0, weights: weightsFor(10), phaseStartedAt: Math.floor(Date.now() / 1000) });
    aws.dynamo.on(GetCommand).resolves({ Item: shifting });
    aws.sagemaker.on(DescribeEndpointCommand).resolvesOnce(endpointView('InService', 1, 0)).resolves(endpointView('InService', 90, 10));
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).resolves({});
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'WAIT', phase: 'SHIFTING' });
    expect(orderedCandidateShares()).toEqual([10]);
  });

  it('rolls back on a firing alarm: stable first, then the record, then SNS and EventBridge', async () => {
    aws.dynamo.on(GetCommand).resolves({ Item: record(plan, { phase: 'BAKING', stepIndex: 0, weights: weightsFor(10) }) });
    aws.dynamo.on(UpdateCommand).resolves({});
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'cand-5xx', StateValue: 'ALARM' }] });
    liveEndpoint(aws, 90, 10);
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'ROLLED_BACK', phase: 'ROLLED_BACK' });
    expect(orderedCandidateShares()).toEqual([0]);
    const saved = aws.dynamo.commandCalls(UpdateCommand)[0].args[0].input.ExpressionAttributeValues![':state'];
    expect(saved).toMatchObject({ phase: 'ROLLED_BACK', cause: 'ALARM' });
    expect(aws.sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect(aws.events.commandCalls(PutEventsCommand)[0].args[0].input.Entries![0].Source).toBe('cdk-mlops');
  });

  it('records nothing and raises RollbackFailed when stable does not hold; the task retry decides again', async () => {
    aws.dynamo.on(GetCommand).resolves({ Item: record(plan, { phase: 'BAKING', stepIndex: 0, weights: weightsFor(10) }) });
    aws.dynamo.on(UpdateCommand).resolves({});
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'cand-5xx', StateValue: 'ALARM' }] });
    // SageMaker accepts every order and keeps serving the candidate's 10%.
    aws.sagemaker.on(DescribeEndpointCommand).resolves(endpointView('InService', 90, 10));
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).resolves({});
    const logs = captureLogs();
    await expect(controller(step)).rejects.toThrow(/the stable variant of ep could not be restored: rolling back to stable: cand-5xx in ALARM/);
    const writes = aws.dynamo.commandCalls(UpdateCommand).map((c) => c.args[0].input.ExpressionAttributeValues!);
    expect(writes.filter((v) => v[':state'] !== undefined)).toHaveLength(0);
    expect(writes.map((v) => (v[':entry'] as Array<{ kind: string }>)[0].kind)).toEqual(['ROLLBACK_FAILED']);
    expect(logs.metric('RollbackFailed')).toHaveLength(1);
    expect(aws.events.commandCalls(PutEventsCommand)[0].args[0].input.Entries![0].DetailType).toBe('Rollout Rollback Failed');
  });

  it('consumes a pending operator command and removes it in the same conditional write', async () => {
    aws.dynamo.on(GetCommand).resolves({ Item: record(plan, { phase: 'BAKING', stepIndex: 0, weights: weightsFor(10),
      phaseStartedAt: Math.floor(Date.now() / 1000) }, { command: 'PAUSE' }) });
    aws.dynamo.on(UpdateCommand).resolves({});
    aws.sagemaker.on(DescribeEndpointCommand).resolves(endpointView('InService', 90, 10));
    expect(await controller(step)).toMatchObject({ kind: 'WAIT', phase: 'PAUSED' });
    const save = aws.dynamo.commandCalls(UpdateCommand)[0].args[0].input;
    expect(save.UpdateExpression).toContain('REMOVE #command');
  });
});
