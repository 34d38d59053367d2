/** Deploy trigger: when a rollout is started, and how isComplete turns the execution's end into a deploy result. */
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { allAtOnce, canary, shadowFirst } from '../../../lambda/core/rollout';
import { isComplete, onEvent, handler } from '../../../lambda/handlers/rollout-trigger';
import type { TriggerEvent } from '../../../lambda/handlers/rollout-trigger/events';
import { rolloutIdFor } from '../../../lambda/handlers/rollout-trigger/on-event';
import { clients } from '../../../lambda/shared/clients';
import { startRolloutExecution } from '../../../lambda/shared/rollout-executor/start-execution';
import { mockAll, record } from './mock-world';
import { captureLogs, fastTiming } from './support';

describe('rollout-trigger', () => {
  const aws = mockAll();
  const models = (blue: string, green: string) => ({ blue, green });
  const props = { EndpointName: 'ep', Variants: ['blue', 'green'], VariantModels: models('iris-v1', 'iris-v2'),
    Plan: JSON.stringify(canary(10, 300)), SlotAlarmNames: { blue: ['blue-5xx', 'blue-p99'], green: ['green-5xx', 'green-p99'] },
    AlarmNames: ['kpi'], OverrideFiringAlarms: 'true' };
  const create: TriggerEvent = { RequestType: 'Create', ResourceProperties: props };
  const deploy = (blue: string, green: string): TriggerEvent => ({ RequestType: 'Update', PhysicalResourceId: 'rollout:ep',
    ResourceProperties: { ...props, VariantModels: models(blue, green) }, OldResourceProperties: props });
  const arn = 'arn:aws:states:us-east-1:123456789012:execution:rollout:iris-v2-x';
  const polledData = { ExecutionArn: arn, RolloutId: 'r1', CandidateVariant: 'green', CandidateModel: 'iris-v2' };
  const polled = { ...deploy('iris-v1', 'iris-v2'), Data: polledData };

  // Retry budgets of milliseconds: a restore nobody answers gives up at once instead of after the trigger's 30 s.
  beforeAll(fastTiming);
  beforeEach(() => {
    aws.reset();
    captureLogs();
    aws.sfn.on(StartExecutionCommand).resolves({ executionArn: arn });
    aws.dynamo.on(GetCommand).resolves({});
  });
  afterAll(() => aws.restore());

  it('Create starts no rollout: the first deploy creates the endpoint with its initial weights', async () => {
    expect(handler).toBe(onEvent);
    expect(await onEvent(create)).toEqual({ PhysicalResourceId: 'rollout:ep', Data: { ExecutionArn: '', RolloutId: '', Action: 'NOTHING' } });
    expect(aws.sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
    expect(await isComplete({ ...create, Data: { ExecutionArn: '', RolloutId: '', Action: 'NOTHING' } })).toEqual({ IsComplete: true });
  });

  it('an Update that changes blue\'s model rolls blue out against green, guarded by blue\'s alarms and the user\'s', async () => {
    const r = await onEvent(deploy('iris-v3', 'iris-v2'));
    expect(r.Data).toMatchObject({ ExecutionArn: arn, CandidateVariant: 'blue', CandidateModel: 'iris-v3' });
    const start = aws.sfn.commandCalls(StartExecutionCommand)[0].args[0].input;
    expect(start.name).toBe(r.Data!.RolloutId);
    expect(JSON.parse(start.input!)).toEqual({
      endpointName: 'ep', stableVariant: 'green', candidateVariant: 'blue', plan: canary(10, 300),
      alarmNames: ['blue-5xx', 'blue-p99', 'kpi'], overrideFiringAlarms: true, rolloutId: r.Data!.RolloutId, preTrafficHooks: [],
      postTrafficHooks: [], candidateModel: 'iris-v3',
      // The deploy waits one hour at most: the rollout must end 8 minutes before, stable restored.
      deadlineAt: expect.any(Number),
    });
  });

  it('the next deploy changing green rolls green out against blue (slots alternate)', async () => {
    await onEvent(deploy('iris-v1', 'iris-v3'));
    const input = JSON.parse(aws.sfn.commandCalls(StartExecutionCommand)[0].args[0].input.input!);
    expect(input).toMatchObject({ stableVariant: 'blue', candidateVariant: 'green', candidateModel: 'iris-v3',
      alarmNames: ['green-5xx', 'green-p99', 'kpi'] });
  });

  it('a shadow-first plan carries the Data Capture location into the execution input', async () => {
    const plan = shadowFirst(600, { maxErrorRateIncrease: 0.01, maxP99LatencyRatio: 1.2, minRequests: 100 }, canary(10, 300));
    const withCapture = { ...props, Plan: JSON.stringify(plan), CaptureBucket: 'capture-bucket', CapturePrefix: 'datacapture' };
    await onEvent({ RequestType: 'Update', PhysicalResourceId: 'rollout:ep', OldResourceProperties: withCapture,
      ResourceProperties: { ...withCapture, VariantModels: models('iris-v1', 'iris-v3') } });
    const input = JSON.parse(aws.sfn.commandCalls(StartExecutionCommand)[0].args[0].input.input!);
    expect(input).toMatchObject({ candidateVariant: 'green', plan, capture: { bucket: 'capture-bucket', prefix: 'datacapture' } });
  });

  it('fails the deploy when both slots changed; starts nothing when none did; Delete does nothing', async () => {
    await expect(onEvent(deploy('iris-v3', 'iris-v4'))).rejects.toThrow(/changes the models of both slots .*Change one variant's model per deploy/);
    const same: TriggerEvent = { ...deploy('iris-v1', 'iris-v2'), ResourceProperties: { ...props, Plan: JSON.stringify(allAtOnce()) } };
    expect(await onEvent(same)).toEqual({ PhysicalResourceId: 'rollout:ep', Data: { ExecutionArn: '', RolloutId: '', Action: 'NOTHING' } });
    expect(await isComplete({ ...same, Data: { ExecutionArn: '', RolloutId: '', Action: 'NOTHING' } })).toEqual({ IsComplete: true });
    expect(await onEvent({ RequestType: 'Delete', PhysicalResourceId: 'rollout:ep', ResourceProperties: props }))
      .toEqual({ PhysicalResourceId: 'rollout:ep' });
    expect(await isComplete({ RequestType: 'Delete', ResourceProperties: props, Data: { ExecutionArn: arn } })).toEqual({ IsComplete: true });
    expect(aws.sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('a stack rollback after a rolled-back rollout starts nothing', async () => {
    aws.dynamo.on(GetCommand).resolves({ Item: record(canary(10, 300), { phase: 'ROLLED_BACK' },
      { candidateVariant: 'green', stableVariant: 'blue', candidateModel: 'iris-v3' }) });
    const revert: TriggerEvent = { RequestType: 'Update', PhysicalResourceId: 'rollout:ep', ResourceProperties: props,
      OldResourceProperties: { ...props, VariantModels: models('iris-v1', 'iris-v3') } };
    expect((await onEvent(revert)).Data).toMatchObject({ ExecutionArn: '', RolloutId: '', Action: 'RESTORE', RestoreVariant: 'blue' });
    expect(aws.sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('rejects an invalid plan at deploy time', async () => {
    await expect(onEvent({ ...deploy('iris-v1', 'iris-v3'), ResourceProperties: { ...props, Plan: '{"name":"x","steps":[]}' } }))
      .rejects.toThrow(/Invalid rollout plan 'x': steps is empty/);
  });

  it('isComplete: RUNNING → not yet; SUCCEEDED and promoted → complete', async () => {
    aws.sfn.on(DescribeExecutionCommand).resolvesOnce({ status: 'RUNNING' }).resolves({ status: 'SUCCEEDED' });
    aws.dynamo.on(GetCommand).resolves({ Item: record(canary(10, 300), { phase: 'PROMOTED' }) });
    expect(await isComplete(polled)).toEqual({ IsComplete: false });
    expect(await isComplete(polled)).toEqual({ IsComplete: true, Data: polledData });
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
    // With CloudFormation's RequestId: the same request names the same rollout whenever it is delivered; another does not.
    const request = 'c6a1f2e0-7b1d-4c2e-9d3f-0a1b2c3d4e5f';
    const long = 'm'.repeat(200);
    expect(rolloutIdFor(long, 1, request)).toBe(rolloutIdFor(long, 99999, request));
    expect(rolloutIdFor(long, 1, request)).toMatch(/^[A-Za-z0-9-_]{1,80}$/);
    expect(rolloutIdFor(long, 1, request).endsWith(request)).toBe(true);
    expect(rolloutIdFor('m', 1, request)).not.toBe(rolloutIdFor('m', 1, '0f9e8d7c-6b5a-4e3d-8c2b-1a0f9e8d7c6b'));
  });

  it('a StartExecution that finds the rollout\'s execution already there (a redelivered deploy) answers its ARN; other errors stay errors', async () => {
    {
      const machine = 'arn:aws:states:eu-west-1:111122223333:stateMachine:Rollouts';
      const effect = { kind: 'START_EXECUTION' as const, stateMachineArn: machine, input: { rolloutId: 'm2-req' } as never };
      aws.sfn.on(StartExecutionCommand).rejects(Object.assign(new Error("Execution Already Exists: 'x'"), { name: 'ExecutionAlreadyExists' }));
      expect(await startRolloutExecution(clients().sfn, effect)).toBe('arn:aws:states:eu-west-1:111122223333:execution:Rollouts:m2-req');
      aws.sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('no such machine'), { name: 'StateMachineDoesNotExist' }));
      await expect(startRolloutExecution(clients().sfn, effect)).rejects.toThrow('no such machine');
    }
  });
});
