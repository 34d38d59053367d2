/**
 * Rollback Lambda under failure injection (what moto cannot do): throttling, an endpoint Updating, weights SageMaker
 * accepts but does not apply, a late increase overtaking the rollback, a concurrent writer, failed notifications.
 * The rule under test: ROLLED_BACK is recorded only after the endpoint showed 100% stable; otherwise the failure is
 * raised (log, metric, event, history entry) and the event is retried.
 */
import { DescribeEndpointCommand, UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { StopExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand } from '@aws-sdk/client-sns';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetCommand, ScanCommand, UpdateCommand, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  ALL_STABLE, AlarmStateChangeEvent, canary, EVENT_ROLLBACK_FAILED, EVENT_ROLLOUT_STATUS, weightsFor,
} from '../../../lambda/core/rollout';
import { handler as rollback } from '../../../lambda/handlers/rollout-rollback';
import { awsError, CONFLICT, endpointView, IN_PROGRESS, liveEndpoint, mockAll, record, THROTTLED } from './mock-world';
import { CapturedLogs, captureLogs, fastTiming } from './support';

describe('rollout-rollback with injected failures', () => {
  const aws = mockAll();
  const plan = canary(10, 300);
  const baking = record(plan, { phase: 'BAKING', stepIndex: 0, weights: weightsFor(10) });
  const event: AlarmStateChangeEvent = { detail: { alarmName: 'cand-5xx', state: { value: 'ALARM', reason: 'breached' } } };
  let logs: CapturedLogs;

  const updates = () => aws.dynamo.commandCalls(UpdateCommand).map((c) => c.args[0].input);
  const stateWrites = () => updates().filter((u) => u.ExpressionAttributeValues?.[':state'] !== undefined);
  const historyAppends = () => updates().filter((u) => u.ExpressionAttributeValues?.[':entry'] !== undefined)
    .map((u) => (u.ExpressionAttributeValues![':entry'] as Array<{ kind: string; reason: string }>)[0]);
  const orders = () => aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)
    .map((c) => c.args[0].input.DesiredWeightsAndCapacities);
  const detailTypes = () => aws.events.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries![0].DetailType);

  beforeAll(fastTiming);
  beforeEach(() => {
    aws.reset();
    logs = captureLogs();
    aws.dynamo.on(ScanCommand).resolves({ Items: [baking] });
    aws.dynamo.on(UpdateCommand).resolves({});
    liveEndpoint(aws, 90, 10);
    aws.sfn.on(StopExecutionCommand).resolves({});
    aws.sns.on(PublishCommand).resolves({});
    aws.events.on(PutEventsCommand).resolves({ FailedEntryCount: 0 });
  });
  afterAll(() => aws.restore());

  it('retries throttling and an in-progress endpoint until stable is ordered, reads it back, then records', async () => {
    const live = { stable: 90, candidate: 10 };
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand)
      .rejectsOnce(THROTTLED()).rejectsOnce(IN_PROGRESS()).rejectsOnce(IN_PROGRESS())
      .callsFake(() => { Object.assign(live, { stable: 100, candidate: 0 }); return {}; });
    aws.sagemaker.on(DescribeEndpointCommand).callsFake(() => endpointView('InService', live.stable, live.candidate));
    const r = await rollback(event);
    expect(r.rollouts).toEqual([{ endpointName: 'ep', rolloutId: 'r1', outcome: 'ROLLED_BACK' }]);
    expect(orders()).toHaveLength(4);
    for (const o of orders()) {
      expect(o).toEqual([{ VariantName: 'stable', DesiredWeight: 100 }, { VariantName: 'candidate', DesiredWeight: 0 }]);
    }
    const stop = aws.sfn.commandCalls(StopExecutionCommand)[0].args[0].input;
    expect(stop).toMatchObject({ executionArn: baking.executionArn, error: 'RolloutRolledBack', cause: 'cand-5xx in ALARM: breached' });
    expect(aws.sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect(detailTypes()).toEqual([EVENT_ROLLOUT_STATUS]);
  });

  it('waits while the endpoint is Updating and records only when it is InService on stable', async () => {
    let reads = 0;
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).resolves({});
    // applyWeights' own read, then three reads while Updating on the old split, then InService on stable.
    aws.sagemaker.on(DescribeEndpointCommand).callsFake(() => {
      reads++;
      return reads <= 4 ? endpointView(reads === 1 ? 'InService' : 'Updating', 90, 10) : endpointView('InService', 100, 0);
    });
    const r = await rollback(event);
    expect(r.rollouts[0].outcome).toBe('ROLLED_BACK');
    expect(orders()).toHaveLength(1);
    expect(reads).toBeGreaterThanOrEqual(5);
    expect(stateWrites()[0].ExpressionAttributeValues).toMatchObject({ ':state': { phase: 'ROLLED_BACK', cause: 'ALARM' } });
  });

  it('orders stable again when SageMaker accepted the order but the endpoint came back InService on the old split', async () => {
    let accepted = 0;
    const live = { stable: 90, candidate: 10 };
    // The first accepted order is silently rolled back by SageMaker; the second one takes.
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).callsFake(() => {
      accepted++;
      if (accepted >= 2) Object.assign(live, { stable: 100, candidate: 0 });
      return {};
    });
    aws.sagemaker.on(DescribeEndpointCommand).callsFake(() => endpointView('InService', live.stable, live.candidate));
    const r = await rollback(event);
    expect(r.rollouts[0].outcome).toBe('ROLLED_BACK');
    expect(accepted).toBe(2);
    expect(logs.metric('WeightsNotApplied').length).toBeGreaterThanOrEqual(1);
    expect(logs.metric('RollbackFailed')).toHaveLength(0);
  });

  it('never records ROLLED_BACK while the candidate still serves: raises RollbackFailed and the event is retried', async () => {
    // Every order is accepted, none is ever applied.
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).resolves({});
    aws.sagemaker.on(DescribeEndpointCommand).resolves(endpointView('InService', 90, 10));
    await expect(rollback(event)).rejects.toThrow(/rollback failed for ep: the stable variant of ep could not be restored: endpoint InService with stable 90% \/ candidate 10%/);
    expect(orders().length).toBeGreaterThan(1);
    expect(stateWrites()).toHaveLength(0);
    expect(aws.sfn.commandCalls(StopExecutionCommand)).toHaveLength(0);
    expect(logs.find('ROLLBACK_FAILED')).toHaveLength(1);
    expect(logs.find('ROLLBACK_FAILED')[0]).toMatchObject({ level: 'ERROR', endpointName: 'ep', rolloutId: 'r1',
      fix: 'the candidate candidate may still serve; run: npx cdk-mlops rollout abort ep' });
    expect(logs.metric('RollbackFailed')).toHaveLength(1);
    expect(logs.metric('RollbackFailed')[0]).toMatchObject({ EndpointName: 'ep', RollbackFailed: 1 });
    expect(detailTypes()).toEqual([EVENT_ROLLBACK_FAILED]);
    const detail = JSON.parse(aws.events.commandCalls(PutEventsCommand)[0].args[0].input.Entries![0].Detail!);
    expect(detail).toMatchObject({ endpointName: 'ep', rolloutId: 'r1', phase: 'BAKING', cause: 'ROLLBACK_FAILED' });
    expect(historyAppends()).toEqual([expect.objectContaining({ kind: 'ROLLBACK_FAILED' })]);
  });

  it('raises the failure when the order is refused (AccessDenied) and the candidate still serves', async () => {
    liveEndpoint(aws, 90, 10, { refuse: () => awsError('AccessDeniedException', 'denied') });
    await expect(rollback(event)).rejects.toThrow(/rollback failed for ep: .*last order failed: AccessDeniedException: denied/);
    expect(stateWrites()).toHaveLength(0);
    expect(logs.metric('RollbackFailed')).toHaveLength(1);
  });

  it('gives up before the Lambda times out while the endpoint stays in progress, so the event is retried', async () => {
    liveEndpoint(aws, 90, 10, { refuse: IN_PROGRESS });
    // 16 s left: 15 s are kept for the bookkeeping, so the weights get about 1 s of retries.
    await expect(rollback(event, { getRemainingTimeInMillis: () => 16000 })).rejects.toThrow(/Cannot update in-progress endpoint/);
    expect(orders().length).toBeGreaterThan(1);
    expect(stateWrites()).toHaveLength(0);
  });

  it('counts an endpoint that already shows stable (a refused order of a split already live) as rolled back', async () => {
    liveEndpoint(aws, 100, 0, { refuse: () => awsError('AccessDeniedException', 'denied') });
    expect((await rollback(event)).rollouts[0].outcome).toBe('ROLLED_BACK');
  });

  it('treats a concurrent writer as success: ALREADY_ENDED, no second notification', async () => {
    aws.dynamo.on(UpdateCommand).rejects(CONFLICT());
    aws.dynamo.on(GetCommand).resolves({ Item: { ...baking, state: { ...baking.state, phase: 'ROLLED_BACK', weights: ALL_STABLE } } });
    const r = await rollback(event);
    expect(r.rollouts[0].outcome).toBe('ALREADY_ENDED');
    expect(aws.sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(aws.events.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('re-verifies and re-decides when a step wrote in between (stale version): an increase it ordered is undone', async () => {
    const { weights } = liveEndpoint(aws, 90, 10);
    aws.dynamo.on(UpdateCommand).callsFakeOnce(() => {
      // The step persisted a shift to 50% (version 4) and ordered it after our read-back.
      Object.assign(weights, { stable: 50, candidate: 50 });
      throw CONFLICT();
    }).resolves({});
    aws.dynamo.on(GetCommand).resolves({ Item: { ...baking, version: 4, state: { ...baking.state, phase: 'SHIFTING', stepIndex: 1 } } });
    const r = await rollback(event);
    expect(r.rollouts[0].outcome).toBe('ROLLED_BACK');
    expect(stateWrites()[1].ExpressionAttributeValues).toMatchObject({ ':prevVersion': 4, ':state': { phase: 'ROLLED_BACK', cause: 'ALARM' } });
    expect(orders()).toHaveLength(2);
    expect(weights).toEqual({ stable: 100, candidate: 0 });
  });

  it('puts stable back when a late increase lands after the record (read-back after recording)', async () => {
    const { weights } = liveEndpoint(aws, 90, 10);
    aws.dynamo.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
      // An order persisted before the record lands right after it.
      if (input.ExpressionAttributeValues?.[':state']) Object.assign(weights, { stable: 70, candidate: 30 });
      return {};
    });
    expect((await rollback(event)).rollouts[0].outcome).toBe('ROLLED_BACK');
    expect(orders()).toHaveLength(2);
    expect(weights).toEqual({ stable: 100, candidate: 0 });
  });

  it('retries a throttled notification and sends it once it goes through', async () => {
    aws.sns.on(PublishCommand).rejectsOnce(THROTTLED()).resolves({});
    aws.events.on(PutEventsCommand).resolvesOnce({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }] })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });
    expect((await rollback(event)).rollouts[0].outcome).toBe('ROLLED_BACK');
    expect(aws.sns.commandCalls(PublishCommand)).toHaveLength(2);
    expect(aws.events.commandCalls(PutEventsCommand)).toHaveLength(2);
    expect(logs.metric('NotificationFailed')).toHaveLength(0);
  });

  it('surfaces notifications that keep failing (log, metric, record) without undoing or blocking the rollback', async () => {
    aws.sfn.on(StopExecutionCommand).rejects(awsError('ExecutionDoesNotExist', 'gone'));
    aws.sns.on(PublishCommand).rejects(awsError('InternalErrorException', 'sns down', 500));
    aws.events.on(PutEventsCommand).rejects(awsError('AccessDeniedException', 'no'));
    expect((await rollback(event)).rollouts[0].outcome).toBe('ROLLED_BACK');
    expect(aws.sns.commandCalls(PublishCommand).length).toBeGreaterThan(1);
    expect(logs.find('NOTIFICATION_FAILED').map((l) => l.channel)).toEqual(['SNS', 'EventBridge']);
    expect(logs.metric('NotificationFailed')).toHaveLength(2);
    expect(historyAppends()).toEqual([{ at: expect.any(Number), kind: 'NOTIFICATION_FAILED',
      reason: 'SNS: InternalErrorException: sns down; EventBridge: AccessDeniedException: no' }]);
    expect(stateWrites()[0].ExpressionAttributeValues).toMatchObject({ ':state': { phase: 'ROLLED_BACK' } });
  });
});
