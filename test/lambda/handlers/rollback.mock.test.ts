/** Rollback Lambda under failure injection: throttling, an endpoint Updating, a concurrent writer, a failed order. */
import { DescribeEndpointCommand, UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { StopExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand } from '@aws-sdk/client-sns';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ALL_STABLE, AlarmStateChangeEvent, canary, weightsFor } from '../../../lambda/core/rollout';
import { handler as rollback } from '../../../lambda/handlers/rollout-rollback';
import { awsError, CONFLICT, endpointView, IN_PROGRESS, mockAll, record, THROTTLED } from './mock-world';
import { captureLogs, fastTiming } from './support';

describe('rollout-rollback with injected failures', () => {
  const aws = mockAll();
  const plan = canary(10, 300);
  const baking = record(plan, { phase: 'BAKING', stepIndex: 0, weights: weightsFor(10) });
  const event: AlarmStateChangeEvent = { detail: { alarmName: 'cand-5xx', state: { value: 'ALARM', reason: 'breached' } } };

  beforeAll(fastTiming);
  beforeEach(() => {
    aws.reset();
    captureLogs();
    aws.dynamo.on(ScanCommand).resolves({ Items: [baking] });
    aws.dynamo.on(UpdateCommand).resolves({});
    aws.sagemaker.on(DescribeEndpointCommand).resolves(endpointView('InService', 100, 0));
    aws.sfn.on(StopExecutionCommand).resolves({});
    aws.sns.on(PublishCommand).resolves({});
    aws.events.on(PutEventsCommand).resolves({ FailedEntryCount: 0 });
  });
  afterAll(() => aws.restore());

  it('retries throttling and an in-progress endpoint until the stable weights are ordered', async () => {
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand)
      .rejectsOnce(THROTTLED()).rejectsOnce(IN_PROGRESS()).rejectsOnce(IN_PROGRESS()).resolves({});
    const r = await rollback(event);
    expect(r.rollouts).toEqual([{ endpointName: 'ep', rolloutId: 'r1', outcome: 'ROLLED_BACK' }]);
    const calls = aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand);
    expect(calls).toHaveLength(4);
    for (const c of calls) {
      expect(c.args[0].input.DesiredWeightsAndCapacities).toEqual([
        { VariantName: 'stable', DesiredWeight: 100 }, { VariantName: 'candidate', DesiredWeight: 0 },
      ]);
    }
    const stop = aws.sfn.commandCalls(StopExecutionCommand)[0].args[0].input;
    expect(stop).toMatchObject({ executionArn: baking.executionArn, error: 'RolloutRolledBack', cause: 'cand-5xx in ALARM: breached' });
    expect(aws.sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('treats a concurrent writer as success: ALREADY_ENDED, no second notification', async () => {
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).resolves({});
    aws.dynamo.on(UpdateCommand).rejects(CONFLICT());
    aws.dynamo.on(GetCommand).resolves({ Item: { ...baking, state: { ...baking.state, phase: 'ROLLED_BACK', weights: ALL_STABLE } } });
    const r = await rollback(event);
    expect(r.rollouts[0].outcome).toBe('ALREADY_ENDED');
    expect(aws.sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(aws.events.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('re-decides when a step wrote in between (stale version) and records the rollback', async () => {
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).resolves({});
    aws.dynamo.on(UpdateCommand).rejectsOnce(CONFLICT()).resolves({});
    aws.dynamo.on(GetCommand).resolves({ Item: { ...baking, version: 4, state: { ...baking.state, phase: 'SHIFTING', stepIndex: 1 } } });
    const r = await rollback(event);
    expect(r.rollouts[0].outcome).toBe('ROLLED_BACK');
    const second = aws.dynamo.commandCalls(UpdateCommand)[1].args[0].input;
    expect(second.ExpressionAttributeValues).toMatchObject({ ':prevVersion': 4, ':state': { phase: 'ROLLED_BACK', cause: 'ALARM' } });
  });

  it('throws (so the event is retried) and records nothing when the weights cannot be ordered', async () => {
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).rejects(awsError('AccessDeniedException', 'denied'));
    const logs = captureLogs();
    await expect(rollback(event)).rejects.toThrow('rollback failed for ep: denied');
    expect(aws.dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(logs.find('ROLLBACK_FAILED')).toHaveLength(1);
  });

  it('gives up before the Lambda times out while the endpoint stays in progress, so the event is retried', async () => {
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).rejects(IN_PROGRESS());
    // 16 s left: 15 s are kept for the bookkeeping, so the weights get about 1 s of retries.
    await expect(rollback(event, { getRemainingTimeInMillis: () => 16000 })).rejects.toThrow(/Cannot update in-progress endpoint/);
    expect(aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand).length).toBeGreaterThan(1);
    expect(aws.dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('does not fail the rollback when notifications or StopExecution fail', async () => {
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).resolves({});
    aws.sfn.on(StopExecutionCommand).rejects(awsError('ExecutionDoesNotExist', 'gone'));
    aws.sns.on(PublishCommand).rejects(awsError('AuthorizationError', 'no'));
    aws.events.on(PutEventsCommand).rejects(awsError('AccessDeniedException', 'no'));
    expect((await rollback(event)).rollouts[0].outcome).toBe('ROLLED_BACK');
  });
});
