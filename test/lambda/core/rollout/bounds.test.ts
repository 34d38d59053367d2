/**
 * Bounded rollouts: a deadline ends every rollout with stable restored, and no rollout reaches Step Functions'
 * 25,000 history events — shown by driving a 24-hour linear plan through the real policy with a simulated clock and
 * counting the events of each check as the state machine records them (task 5, Choice 2, Wait 2).
 */
import {
  checkIntervalFor, decide, EVENTS_PER_CHECK, historyEventsBound, initialState, linear, RolloutPlan, RolloutState,
  SFN_HISTORY_LIMIT, weightsFor, worstCase, worstCaseSeconds,
} from '../../../../lambda/core/rollout';

const T0 = 1_700_000_000;

/** Runs the policy as the controller does (live weights follow each order) until it ends; counts the checks. */
function run(plan: RolloutPlan, deadlineAt: number, invocationsPerMinute: number) {
  let state: RolloutState = { ...initialState(T0), deadlineAt };
  let now = T0;
  let checks = 0;
  let live = 0;
  for (;;) {
    checks++;
    const inv = Math.floor(((now - state.phaseStartedAt) / 60) * invocationsPerMinute);
    const d = decide(state, { alarms: [{ name: 'a', state: 'OK' }], candidateInvocations: inv, liveWeights: weightsFor(live) }, plan, now);
    if ('weights' in d) live = d.weights.candidate;
    state = d.state;
    if (d.kind === 'COMPLETE' || d.kind === 'ROLLBACK' || d.kind === 'FAIL') return { d, checks, now, live };
    now += d.kind === 'WAIT' || d.kind === 'HOLD' ? d.seconds : plan.checkIntervalSeconds;
    if (checks > 1e6) throw new Error('no end');
  }
}

describe('a 24-hour linear plan stays under the history limit', () => {
  // 4% every hour: 24 baked steps over 24 hours, then 100% (no bake).
  const base = linear(4, 3600);
  const duration = worstCaseSeconds(base);
  const plan = { ...base, checkIntervalSeconds: checkIntervalFor(base, duration) };

  test('at the plan\'s own 10 s interval it would not', () => {
    expect(base.steps.reduce((a, s) => a + s.bakeSeconds, 0)).toBe(24 * 3600);
    // 86,400 s of bakes at one check per 10 s is 8,640 checks: 77,760 events, three times the limit.
    expect((24 * 3600 / 10) * EVENTS_PER_CHECK).toBeGreaterThan(SFN_HISTORY_LIMIT);
  });

  test('the controller\'s interval for it keeps the whole run under 25,000 events, and it still promotes', () => {
    expect(plan.checkIntervalSeconds).toBeGreaterThan(10);
    const r = run(plan, T0 + duration, 60);
    expect(r.d.kind).toBe('COMPLETE');
    expect(r.live).toBe(100);
    expect(r.checks * EVENTS_PER_CHECK).toBeLessThan(SFN_HISTORY_LIMIT);
    expect(r.checks * EVENTS_PER_CHECK).toBeLessThanOrEqual(historyEventsBound(base, duration));
  });

  test('the worst case (every step held until maxHold, then ADVANCE) too', () => {
    const slow = { ...plan, onMaxHold: 'ADVANCE' as const };
    const r = run(slow, T0 + worstCaseSeconds(slow), 0);
    expect(r.d.kind).toBe('COMPLETE');
    expect(r.checks * EVENTS_PER_CHECK).toBeLessThan(SFN_HISTORY_LIMIT);
  });
});

describe('the deadline', () => {
  const plan = linear(10, 600, { minInvocationsPerStep: 0 });

  test('ends a rollout that has not finished with stable weights and cause DEADLINE, at the deadline', () => {
    const deadlineAt = T0 + 1800;
    const r = run(plan, deadlineAt, 60);
    expect(r.d.kind).toBe('FAIL');
    expect(r.d.kind === 'FAIL' && r.d.cause).toBe('DEADLINE');
    expect(r.live).toBe(0);
    // No wait runs past the deadline: the ending check happens at it.
    expect(r.now).toBe(deadlineAt);
  });

  test('completes a promoted candidate whose rollback window outlasts the deadline', () => {
    const bg = { ...linear(50, 60, { minInvocationsPerStep: 0 }), keepOldWarmSeconds: 3600 };
    const r = run(bg, T0 + 600, 60);
    expect(r.d.kind).toBe('COMPLETE');
    expect(r.live).toBe(100);
  });

  test('an alarm still wins over the deadline', () => {
    const s: RolloutState = { ...initialState(T0), phase: 'BAKING', stepIndex: 0, weights: weightsFor(10), deadlineAt: T0 + 10 };
    const d = decide(s, { alarms: [{ name: 'a', state: 'ALARM' }], candidateInvocations: 0 }, plan, T0 + 20);
    expect(d.kind === 'ROLLBACK' && d.cause).toBe('ALARM');
  });

  test('the worst case adds up bakes, holds, shifts, hooks, the rollback window and the capacity wait', () => {
    const w = worstCase({ ...plan, hooks: { preTraffic: true, postTraffic: false, timeoutSeconds: 600 }, keepOldWarmSeconds: 120 });
    // 9 steps of 600 s bake and 900 s hold, 10 shifts of 300 s, one hook of 600 s, 120 s window, the capacity wait of
    // 600 s and its first 10 s check less the pre-traffic hook it overlaps (600 s), (2·10+6) checks of 10 s.
    expect(w).toMatchObject({ bakeSeconds: 5400, holdSeconds: 8100, shiftSeconds: 3000, hookSeconds: 600, rollbackWindowSeconds: 120,
      capacitySeconds: 10, checkSeconds: 260 });
    expect(w.totalSeconds).toBe(5400 + 8100 + 3000 + 600 + 120 + 10 + 260);
    // Without a pre-traffic hook or shadow run the whole wait counts.
    expect(worstCase(plan).capacitySeconds).toBe(610);
  });

  test('every hook of a phase counts in the worst case: they run one after another, each with its whole time-out', () => {
    const hooked = { ...plan, hooks: { preTraffic: true, postTraffic: true, timeoutSeconds: 600 } };
    const w = worstCase(hooked, { preTraffic: 3, postTraffic: 2 });
    expect(w.hookSeconds).toBe(5 * 600);
    // Three pre-traffic hooks overlap the whole capacity wait (600 s and its 10 s check).
    expect(w.capacitySeconds).toBe(0);
    expect(w.totalSeconds - worstCase(hooked).totalSeconds).toBe(3 * 600 - 10);
    // A phase the plan turns off has no hooks, whatever the count.
    expect(worstCase(plan, { preTraffic: 3, postTraffic: 0 }).hookSeconds).toBe(0);
  });
});
