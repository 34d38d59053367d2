/**
 * Hooks report through a task token: the hook runner (started by the state machine with the token) invokes the hook,
 * reports its verdict, beats while it runs and fails the wait when the rollout is aborted meanwhile; the controller
 * then rolls back. Step Functions and Lambda are aws-sdk-client-mock (moto's Step Functions does not run task-token
 * waits); the state machine's side (waitForTaskToken, TimeoutSecondsPath, HeartbeatSecondsPath) is asserted on the
 * synthesized ASL in test/rollout/variant-rollout.test.ts.
 */
import { DescribeAlarmsCommand, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeEndpointCommand, UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { canary, HookRunnerEvent, weightsFor } from '../../../lambda/core/rollout';
import { handler as controller } from '../../../lambda/handlers/rollout-controller';
import { handler as runner, runHook } from '../../../lambda/handlers/rollout-hook-runner';
import { endpointView, mockAll, record } from './mock-world';
import { captureLogs, fastTiming } from './support';

const HOOK = 'arn:aws:lambda:us-east-1:123456789012:function:smoke-test';
/** A Lambda answer's Payload (the SDK's Uint8Array blob). */
const encode = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v)) as unknown as InvokeCommandOutput['Payload'];

describe('hook runner (task token)', () => {
  const aws = mockAll();
  const lambda = mockClient(LambdaClient);
  const plan = canary(10, 60, { minInvocationsPerStep: 0, hooks: { preTraffic: true, postTraffic: true, timeoutSeconds: 600 } });
  const active = record(plan, { phase: 'PRE_TRAFFIC_HOOK', hooks: { preTraffic: 'RUNNING', postTraffic: 'NOT_RUN' } });
  const event = (over: Partial<HookRunnerEvent> = {}): HookRunnerEvent => ({
    functionArn: HOOK, heartbeatSeconds: 0.3,
    event: { endpointName: 'ep', rolloutId: 'r1', candidateVariant: 'candidate', stableVariant: 'stable', hook: 'preTraffic', taskToken: 'token-1' },
    ...over,
  });

  beforeAll(fastTiming);
  beforeEach(() => {
    aws.reset();
    lambda.reset();
    captureLogs();
    aws.sfn.on(SendTaskHeartbeatCommand).resolves({});
    aws.sfn.on(SendTaskSuccessCommand).resolves({});
    aws.sfn.on(SendTaskFailureCommand).resolves({});
  });
  afterAll(() => {
    aws.restore();
    lambda.restore();
  });

  const failure = () => aws.sfn.commandCalls(SendTaskFailureCommand).map((c) => c.args[0].input);

  it('reports { passed: true } with the token and passes the token to the hook', async () => {
    aws.dynamo.on(GetCommand).resolves({ Item: active });
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: encode({ passed: true, details: '5/5 smoke requests ok' }) });
    expect(await runner(event())).toMatchObject({ outcome: 'SUCCESS' });
    const sent = aws.sfn.commandCalls(SendTaskSuccessCommand)[0].args[0].input;
    expect(sent.taskToken).toBe('token-1');
    expect(JSON.parse(sent.output!)).toEqual({ passed: true, details: '5/5 smoke requests ok' });
    const invoked = lambda.commandCalls(InvokeCommand)[0].args[0].input;
    expect(invoked).toMatchObject({ FunctionName: HOOK, InvocationType: 'RequestResponse' });
    expect(JSON.parse(new TextDecoder().decode(invoked.Payload as Uint8Array))).toMatchObject({ taskToken: 'token-1', hook: 'preTraffic' });
    expect(failure()).toEqual([]);
  });

  it.each([
    ['the string "true"', { passed: 'true', details: 'x' }, 'HookRejected', /passed is "true", not the boolean true/],
    ['passed: false', { passed: false, details: 'AUC 0.52 below 0.80' }, 'HookRejected', /AUC 0\.52 below 0\.80/],
    ['no answer', '', 'HookRejected', /returned nothing/],
    ['text that is not JSON', 'OK', 'HookRejected', /returned "OK"/],
  ])('fails the wait on %s', async (_what, answer, error, cause) => {
    aws.dynamo.on(GetCommand).resolves({ Item: active });
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: encode(answer) });
    expect(await runner(event())).toMatchObject({ outcome: 'FAILURE' });
    expect(failure()).toEqual([expect.objectContaining({ taskToken: 'token-1', error })]);
    expect(failure()[0].cause).toMatch(cause);
    expect(aws.sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('fails the wait with the hook\'s own error when it throws, and when it cannot be invoked', async () => {
    aws.dynamo.on(GetCommand).resolves({ Item: active });
    lambda.on(InvokeCommand).resolvesOnce({ StatusCode: 200, FunctionError: 'Unhandled',
      Payload: encode({ errorType: 'TypeError', errorMessage: 'Cannot read properties of undefined (reading \'score\')' }) })
      .rejects(Object.assign(new Error('Function not found: smoke-test'), { name: 'ResourceNotFoundException' }));
    await runner(event());
    await runner(event());
    expect(failure().map((f) => f.error)).toEqual(['HookFailed', 'HookFailed']);
    expect(failure()[0].cause).toContain('threw TypeError: Cannot read properties of undefined (reading \'score\')');
    expect(failure()[1].cause).toContain('could not invoke hook');
    expect(failure()[1].cause).toContain('Function not found');
  });

  it('leaves the verdict to a hook that reports later with the token', async () => {
    aws.dynamo.on(GetCommand).resolves({ Item: active });
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: encode({ reportsLater: true }) });
    expect(await runner(event())).toMatchObject({ outcome: 'LATER' });
    expect(aws.sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(failure()).toEqual([]);
  });

  it('beats while the hook runs and fails the wait at once when the rollout is aborted during the hook', async () => {
    // The hook never answers (stuck on a dependency); the operator aborts after a few beats.
    lambda.on(InvokeCommand).callsFake(() => new Promise(() => undefined));
    let reads = 0;
    // The first read is the check before the hook starts; the abort comes two watch reads later.
    aws.dynamo.on(GetCommand).callsFake(() => (++reads < 4 ? { Item: active } : { Item: { ...active, command: 'ABORT' } }));
    const out = await runner(event());
    expect(out.outcome).toBe('INTERRUPTED');
    expect(aws.sfn.commandCalls(SendTaskHeartbeatCommand).length).toBeGreaterThanOrEqual(3);
    expect(failure()).toEqual([expect.objectContaining({ taskToken: 'token-1', error: 'RolloutEnded' })]);
    expect(failure()[0].cause).toContain('aborted by an operator while the hook ran');
    expect(aws.sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('does not pass a hook whose rollout ended while it answered (the abort wins)', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: encode({ passed: true, details: 'ok' }) });
    aws.dynamo.on(GetCommand).resolves({ Item: { ...active, state: { ...active.state, phase: 'ABORTED', reason: 'aborted by operator' } } });
    expect(await runner(event())).toMatchObject({ outcome: 'INTERRUPTED' });
    expect(failure()[0]).toMatchObject({ error: 'RolloutEnded' });
    expect(failure()[0].cause).toContain('ended ABORTED');
  });

  it('does not start a hook whose time-out would end past the rollout\'s deadline: the wait fails with RolloutDeadline', async () => {
    // A phase's second hook: 500 s left before the deadline, the wait's time-out is 600 s.
    const T = 50_000;
    aws.dynamo.on(GetCommand).resolves({ Item: { ...active, state: { ...active.state, deadlineAt: T + 500 } } });
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: encode({ passed: true }) });
    expect(await runHook(event({ timeoutSeconds: 600 }), () => T)).toMatchObject({ outcome: 'DEADLINE' });
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    expect(failure()).toEqual([expect.objectContaining({ taskToken: 'token-1', error: 'RolloutDeadline' })]);
    expect(failure()[0].cause).toContain('would end 100 s past');
    // The same hook with 600 s left is started.
    expect(await runHook(event({ timeoutSeconds: 600 }), () => T - 100)).toMatchObject({ outcome: 'SUCCESS' });
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(1);
  });

  it('does not start a hook of a rollout that was aborted before it (the abort wins)', async () => {
    aws.dynamo.on(GetCommand).resolves({ Item: { ...active, command: 'ABORT' } });
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: encode({ passed: true }) });
    expect(await runner(event())).toMatchObject({ outcome: 'INTERRUPTED' });
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    expect(failure()[0]).toMatchObject({ error: 'RolloutEnded' });
  });

  it('stops quietly when the wait is already over (time-out, execution stopped)', async () => {
    lambda.on(InvokeCommand).callsFake(() => new Promise(() => undefined));
    aws.dynamo.on(GetCommand).resolves({ Item: active });
    aws.sfn.on(SendTaskHeartbeatCommand).rejects(Object.assign(new Error('Task Timed Out'), { name: 'TaskTimedOut' }));
    aws.sfn.on(SendTaskFailureCommand).rejects(Object.assign(new Error('Task Timed Out'), { name: 'TaskTimedOut' }));
    expect(await runner(event())).toMatchObject({ outcome: 'GONE' });
  });

  it.each([
    [{}, /functionArn must be the hook's ARN.*heartbeatSeconds must be a number above 0.*event must be the hook event/],
    [{ ...event(), event: { ...event().event, taskToken: undefined } }, /event\.taskToken must be a non-empty string/],
    [{ ...event(), heartbeatSeconds: '30' }, /heartbeatSeconds must be a number above 0, got "30"/],
    [null, /the event must be an object/],
  ])('refuses a malformed event before invoking anything (%#)', async (bad, message) => {
    await expect(runner(bad as unknown as HookRunnerEvent)).rejects.toThrow(message);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });
});

describe('the controller after a hook\'s wait', () => {
  const aws = mockAll();
  const plan = canary(10, 60, { minInvocationsPerStep: 0, hooks: { preTraffic: true, postTraffic: true, timeoutSeconds: 600 } });
  const step = { action: 'step' as const, endpointName: 'ep', rolloutId: 'r1' };
  const candidateShares = () => aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)
    .map((c) => c.args[0].input.DesiredWeightsAndCapacities!.find((v) => v.VariantName === 'candidate')!.DesiredWeight);

  beforeAll(fastTiming);
  beforeEach(() => {
    aws.reset();
    captureLogs();
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'cand-5xx', StateValue: 'OK' }] });
    aws.cloudwatch.on(GetMetricStatisticsCommand).resolves({ Datapoints: [] });
    aws.events.on(PutEventsCommand).resolves({ FailedEntryCount: 0 });
    aws.sns.on(PublishCommand).resolves({});
    aws.dynamo.on(UpdateCommand).resolves({});
  });
  afterAll(() => aws.restore());

  /** An endpoint whose live split is the last one ordered (the rollback reads it back). */
  function liveEndpoint(stable: number, candidate: number) {
    let live = { stable, candidate };
    aws.sagemaker.on(DescribeEndpointCommand).callsFake(() => endpointView('InService', live.stable, live.candidate));
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).callsFake((input) => {
      const w = (name: string) => input.DesiredWeightsAndCapacities.find((v: { VariantName: string }) => v.VariantName === name).DesiredWeight;
      live = { stable: w('stable'), candidate: w('candidate') };
      return {};
    });
  }

  it('asks for a hook with the plan\'s time-out and a heartbeat, cut at the rollout\'s deadline', async () => {
    liveEndpoint(1, 0);
    aws.dynamo.on(GetCommand).resolves({ Item: record(plan) });
    expect(await controller(step)).toMatchObject({ kind: 'RUN_PRE_TRAFFIC_HOOK', hookTimeoutSeconds: 600, hookHeartbeatSeconds: 60 });
    const now = Math.floor(Date.now() / 1000);
    aws.dynamo.on(GetCommand).resolves({ Item: record(plan, { deadlineAt: now + 120 }) });
    const r = await controller(step);
    // 120 s left, less the 30 s the phase's first hook may take to start (HOOK_START_ALLOWANCE_SECONDS).
    expect(r.hookTimeoutSeconds).toBeGreaterThanOrEqual(88);
    expect(r.hookTimeoutSeconds).toBeLessThanOrEqual(90);
    expect(r.hookHeartbeatSeconds).toBe(Math.floor(r.hookTimeoutSeconds! / 2));
  });

  it('an abort during the pre-traffic hook: the failed wait is recorded, then the step rolls back to stable (ABORTED)', async () => {
    liveEndpoint(100, 0);
    const inHook = record(plan, { phase: 'PRE_TRAFFIC_HOOK', hooks: { preTraffic: 'RUNNING', postTraffic: 'NOT_RUN' } }, { command: 'ABORT' });
    aws.dynamo.on(GetCommand).resolves({ Item: inHook });
    // What the state machine's HookFailed sends after the runner's SendTaskFailure.
    await controller({ action: 'hook-result', endpointName: 'ep', rolloutId: 'r1', hook: 'preTraffic', passed: false,
      details: '{"Error":"RolloutEnded","Cause":"rollout r1 was aborted by an operator while the hook ran"}' });
    const saved = aws.dynamo.commandCalls(UpdateCommand)[0].args[0].input.ExpressionAttributeValues![':state'];
    expect(saved.hooks.preTraffic).toBe('FAILED');
    aws.dynamo.on(GetCommand).resolves({ Item: { ...inHook, state: saved } });
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'ROLLED_BACK', phase: 'ABORTED' });
    expect(candidateShares()).toEqual([0]);
  });

  it('a post-traffic hook that timed out rolls the candidate back from 100% to stable', async () => {
    liveEndpoint(0, 100);
    const inHook = record(plan, { phase: 'POST_TRAFFIC_HOOK', stepIndex: 1, weights: weightsFor(100),
      hooks: { preTraffic: 'PASSED', postTraffic: 'RUNNING' } });
    aws.dynamo.on(GetCommand).resolves({ Item: inHook });
    await controller({ action: 'hook-result', endpointName: 'ep', rolloutId: 'r1', hook: 'postTraffic', passed: false,
      details: '{"Error":"States.Timeout"}' });
    const saved = aws.dynamo.commandCalls(UpdateCommand)[0].args[0].input.ExpressionAttributeValues![':state'];
    aws.dynamo.on(GetCommand).resolves({ Item: { ...inHook, state: saved } });
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'ROLLED_BACK', phase: 'ROLLED_BACK' });
    expect(r.reason).toContain('post-traffic hook failed');
    expect(candidateShares()).toEqual([0]);
  });
});
