/** The hook wait's timing and what a hook's answer or the rollout record mean for it (pure). */
import {
  ALL_STABLE, canary, HOOK_START_ALLOWANCE_SECONDS, hookInterruption, hookOutcome, hookStartRefusal, hookWait, initialState, RolloutRecord,
} from '../../../../lambda/core/rollout';

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
    // Cut at the deadline less the 30 s a phase's first hook may take to start (whole seconds): 90.5 - 30 → 60.
    [600, 90.5, 60, 30],
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

describe('hookStartRefusal: the hooks of a phase run in turn, none started unless its time-out ends by the deadline', () => {
  const withDeadline = (deadlineAt: number) => record({ state: { ...initialState(0), phase: 'PRE_TRAFFIC_HOOK', deadlineAt } });

  it('starts a hook whose time-out ends at the deadline at the latest; refuses one second more, saying by how much', () => {
    expect(hookStartRefusal(withDeadline(1600), 1000, 600)).toBeUndefined();
    const why = hookStartRefusal(withDeadline(1600), 1001, 600);
    expect(why).toContain('time-out of 600 s would end 1 s past');
    expect(why).toContain('599 s left');
  });

  it('checks nothing without a deadline or a time-out (an execution started before the runner checked)', () => {
    expect(hookStartRefusal(record(), 1000, 600)).toBeUndefined();
    expect(hookStartRefusal(withDeadline(1600), 5000, undefined)).toBeUndefined();
  });

  it('three hooks of 10 minutes each, 25 minutes before the deadline: the first two run, the third is refused', () => {
    // The controller sizes the phase's wait from what is left; the runner checks each hook as it starts.
    const phaseStart = 10_000;
    const deadlineAt = phaseStart + 25 * 60;
    const wait = hookWait(600, deadlineAt - phaseStart);
    expect(wait.timeoutSeconds).toBe(600);
    let now = phaseStart + HOOK_START_ALLOWANCE_SECONDS; // the Map and the asynchronous start take their time
    const started: number[] = [];
    for (let hook = 1; hook <= 3; hook++) {
      if (hookStartRefusal(withDeadline(deadlineAt), now, wait.timeoutSeconds)) break;
      started.push(hook);
      now += wait.timeoutSeconds; // each hook uses its whole time-out
    }
    expect(started).toEqual([1, 2]);
    expect(now).toBeLessThanOrEqual(deadlineAt);
  });

  it('a wait cut at the deadline still lets the phase\'s first hook start within the allowance', () => {
    const w = hookWait(600, 200);
    expect(w.timeoutSeconds).toBe(200 - HOOK_START_ALLOWANCE_SECONDS);
    expect(hookStartRefusal(withDeadline(10_200), 10_000 + HOOK_START_ALLOWANCE_SECONDS, w.timeoutSeconds)).toBeUndefined();
  });
});
