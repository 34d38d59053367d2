/** Deploy trigger: when a rollout is started, and how isComplete turns the execution's end into a deploy result. */
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { allAtOnce, canary } from '../../../lambda/core/rollout';
import { isComplete, onEvent, handler } from '../../../lambda/rollout-trigger';
import type { TriggerEvent } from '../../../lambda/rollout-trigger/events';
import { rolloutIdFor } from '../../../lambda/rollout-trigger/on-event';
import { mockAll, record } from './mock-world';
import { captureLogs } from './support';

describe('rollout-trigger', () => {
  const aws = mockAll();
  const props = { EndpointName: 'ep', StableVariant: 'stable', CandidateVariant: 'candidate', CandidateModel: 'iris-v2',
    Plan: JSON.stringify(canary(10, 300)), AlarmNames: ['cand-5xx'], OverrideFiringAlarms: 'true' };
  const create: TriggerEvent = { RequestType: 'Create', ResourceProperties: props };
  const arn = 'arn:aws:states:us-east-1:123456789012:execution:rollout:iris-v2-x';
  const polled = { ...create, PhysicalResourceId: 'rollout:ep', Data: { ExecutionArn: arn, RolloutId: 'r1' } };

  beforeEach(() => {
    aws.reset();
    captureLogs();
    aws.sfn.on(StartExecutionCommand).resolves({ executionArn: arn });
  });
  afterAll(() => aws.restore());

  it('Create starts an execution with a RolloutExecutionInput built from the properties', async () => {
    expect(handler).toBe(onEvent);
    const r = await onEvent(create);
    expect(r.PhysicalResourceId).toBe('rollout:ep');
    expect(r.Data!.ExecutionArn).toBe(arn);
    const start = aws.sfn.commandCalls(StartExecutionCommand)[0].args[0].input;
    expect(start.name).toBe(r.Data!.RolloutId);
    expect(JSON.parse(start.input!)).toEqual({
      endpointName: 'ep', stableVariant: 'stable', candidateVariant: 'candidate', plan: canary(10, 300),
      alarmNames: ['cand-5xx'], overrideFiringAlarms: true, rolloutId: r.Data!.RolloutId, preTrafficHooks: [],
      postTrafficHooks: [], candidateModel: 'iris-v2',
    });
  });

  it('Update starts a rollout only when the candidate changed; Delete does nothing', async () => {
    const same: TriggerEvent = { RequestType: 'Update', PhysicalResourceId: 'rollout:ep', ResourceProperties: { ...props, Plan: JSON.stringify(allAtOnce()) },
      OldResourceProperties: props };
    expect(await onEvent(same)).toEqual({ PhysicalResourceId: 'rollout:ep', Data: { ExecutionArn: '', RolloutId: '' } });
    expect(await isComplete({ ...same, Data: { ExecutionArn: '', RolloutId: '' } })).toEqual({ IsComplete: true });
    aws.dynamo.on(GetCommand).resolves({});
    await onEvent({ ...same, ResourceProperties: { ...props, CandidateModel: 'iris-v3' } });
    expect(aws.sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
    expect(await onEvent({ RequestType: 'Delete', PhysicalResourceId: 'rollout:ep', ResourceProperties: props }))
      .toEqual({ PhysicalResourceId: 'rollout:ep' });
    expect(await isComplete({ RequestType: 'Delete', ResourceProperties: props, Data: { ExecutionArn: arn } })).toEqual({ IsComplete: true });
    expect(aws.sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  it('rejects an invalid plan at deploy time', async () => {
    await expect(onEvent({ ...create, ResourceProperties: { ...props, Plan: '{"name":"x","steps":[]}' } }))
      .rejects.toThrow(/Invalid rollout plan 'x': steps is empty/);
  });

  it('isComplete: RUNNING → not yet; SUCCEEDED and promoted → complete', async () => {
    aws.sfn.on(DescribeExecutionCommand).resolvesOnce({ status: 'RUNNING' }).resolves({ status: 'SUCCEEDED' });
    aws.dynamo.on(GetCommand).resolves({ Item: record(canary(10, 300), { phase: 'PROMOTED' }) });
    expect(await isComplete(polled)).toEqual({ IsComplete: false });
    expect(await isComplete(polled)).toEqual({ IsComplete: true, Data: { ExecutionArn: arn, RolloutId: 'r1' } });
  });

  it('isComplete on FAILED throws with the reason recorded by the rollout', async () => {
    aws.sfn.on(DescribeExecutionCommand).resolves({ status: 'FAILED', error: 'States.TaskFailed', cause: 'Lambda failed' });
    aws.dynamo.on(GetCommand).resolves({ Item: record(canary(10, 300), { phase: 'FAILED', cause: 'LOW_TRAFFIC',
      reason: 'failing rollout, traffic back to stable: step 1/2 baked but saw 3 of 30 candidate invocations' }) });
    await expect(isComplete(polled)).rejects.toThrow(
      'rollout r1 of iris-v2 on ep ended FAILED (execution FAILED): failing rollout, traffic back to stable: ' +
      'step 1/2 baked but saw 3 of 30 candidate invocations');
  });

  it('isComplete falls back to the execution cause when the record is another rollout, and never passes a rolled-back SUCCEEDED', async () => {
    aws.sfn.on(DescribeExecutionCommand).resolvesOnce({ status: 'TIMED_OUT', cause: 'execution timed out' })
      .resolves({ status: 'SUCCEEDED' });
    aws.dynamo.on(GetCommand).resolvesOnce({ Item: record(canary(10, 300), {}, { rolloutId: 'newer' }) })
      .resolves({ Item: record(canary(10, 300), { phase: 'ROLLED_BACK', reason: 'cand-5xx in ALARM' }) });
    await expect(isComplete(polled)).rejects.toThrow('ended TIMED_OUT (execution TIMED_OUT): execution timed out');
    await expect(isComplete(polled)).rejects.toThrow('ended ROLLED_BACK (execution SUCCEEDED): cand-5xx in ALARM');
  });

  it('makes rollout ids valid, unique execution names', () => {
    const id = rolloutIdFor('arn:aws:sagemaker:us-east-1:1:model/iris v2', 1700000000000);
    expect(id).toMatch(/^[A-Za-z0-9-_]{1,80}$/);
    expect(rolloutIdFor('m', 1)).not.toBe(rolloutIdFor('m', 2));
  });
});
