/** The hook wait's timing and what a hook's answer or the rollout record mean for it (pure). */
import { ALL_STABLE, canary, hookInterruption, hookOutcome, hookWait, initialState, RolloutRecord } from '../../../../lambda/core/rollout';

const record = (over: Partial<RolloutRecord> = {}): RolloutRecord => ({
  endpointName: 'ep', rolloutId: 'r1', executionArn: 'arn', stableVariant: 's', candidateVariant: 'c', plan: canary(10, 60),
  alarmNames: [], state: { ...initialState(0), phase: 'PRE_TRAFFIC_HOOK' }, history: [], updatedAt: 0, ...over,
});

describe('hookWait', () => {
  it.each([
    // [plan time-out, seconds to the deadline, time-out, heartbeat]
    [600, undefined, 600, 60], // default 10 min: a dead runner is noticed within a minute
    [60, undefined, 60, 30],
    [3, undefined, 3, 1],
    [600, 90.5, 90, 45], // cut at the deadline (whole seconds)
    [600, 0, 2, 1], // Step Functions needs heartbeat < time-out
  ])('time-out %s s, %s s to the deadline → wait %s s, heartbeat %s s', (plan, left, timeout, heartbeat) => {
    const w = hookWait(plan, left);
    expect(w).toEqual({ timeoutSeconds: timeout, heartbeatSeconds: heartbeat });
    expect(w.heartbeatSeconds).toBeLessThan(w.timeoutSeconds);
  });
});

describe('hookOutcome', () => {
  it('passes only the boolean true; reportsLater hands the token to the hook', () => {
    expect(hookOutcome('fn', { payload: { passed: true, details: 'ok' } })).toEqual({ kind: 'SUCCESS', output: { passed: true, details: 'ok' } });
    expect(hookOutcome('fn', { payload: { passed: 1 } })).toMatchObject({ kind: 'FAILURE', error: 'HookRejected' });
    expect(hookOutcome('fn', { payload: { reportsLater: true } })).toEqual({ kind: 'LATER' });
    expect(hookOutcome('fn', { payload: { reportsLater: 'yes' } })).toMatchObject({ kind: 'FAILURE', error: 'HookRejected' });
    expect(hookOutcome('fn', { functionError: 'Unhandled', payload: { errorMessage: 'boom' } }))
      .toEqual({ kind: 'FAILURE', error: 'HookFailed', cause: 'hook fn threw boom' });
  });
  it('keeps a long cause within SendTaskFailure\'s 32,768 characters', () => {
    const o = hookOutcome('fn', { payload: { passed: false, details: 'x'.repeat(40000) } });
    expect(o.kind === 'FAILURE' && o.cause.length).toBe(32768);
  });
});

describe('hookInterruption', () => {
  it('ends the wait on an abort (pending or recorded), an end, a replaced or missing record; not while active', () => {
    expect(hookInterruption(record(), 'r1')).toBeUndefined();
    expect(hookInterruption(record({ command: 'ABORT' }), 'r1')).toContain('aborted by an operator');
    expect(hookInterruption(record({ command: 'PAUSE' }), 'r1')).toBeUndefined();
    expect(hookInterruption(record({ state: { ...initialState(0), phase: 'ABORTED', weights: ALL_STABLE, reason: 'abort' } }), 'r1'))
      .toContain('ended ABORTED');
    expect(hookInterruption(record({ rolloutId: 'r2' }), 'r1')).toContain('replaced by r2');
    expect(hookInterruption(undefined, 'r1')).toContain('no record');
  });
});
