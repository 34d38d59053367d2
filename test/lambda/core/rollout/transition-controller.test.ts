/**
 * The rollout protocol's controller events (pure): a tick, the start, a hook's verdict, a refused capacity order and
 * the deadline. Expected values come from the plan and the protocol's rules: a raise is persisted, then ordered and
 * read back; a lowering is ordered and read back, then persisted; capacity is ordered alone, before any weights.
 */
import {
  ALL_CANDIDATE, ALL_STABLE, CAPACITY_GRACE_SECONDS, CAPACITY_WAIT_SECONDS, canary, RolloutExecutionInput, RolloutSignals, weightsFor,
} from '../../../../lambda/core/rollout';
import { kinds, NOW, only, rec, step, view } from './transition-fixtures';

const plan = canary(10, 300, { probe: false });
const OK: RolloutSignals = { alarms: [{ name: 'green-5xx', state: 'OK' }], candidateInvocations: 100 };
const tick = (signals: RolloutSignals = OK) => ({ kind: 'TICK' as const, signals });
const idle = view({ blue: 100, green: 0 });
const decided = { decidedAt: NOW - 600, reason: 'candidate has 2 instance(s), stable 2' };
const pair = { stableVariant: 'blue', candidateVariant: 'green' };
const canaryShare = weightsFor(plan.steps[0].candidatePercent);
const baking = (extra = {}) => rec(plan, { phase: 'BAKING', stepIndex: 0, weights: canaryShare, phaseStartedAt: NOW - 100,
  capacity: decided, ...extra });
/** The end on stable, as every lowering writes it: traffic, read back, record, history row, then people told. */
const END = ['ORDER_WEIGHTS', 'VERIFY', 'PERSIST', 'HISTORY_ROW', 'NOTIFY'];

describe('TICK: a raise is persisted, then ordered and read back', () => {
  test('PENDING → the plan\'s first step, capacity decided on the way (equal fleets: nothing ordered)', () => {
    const t = step(rec(plan), idle, tick());
    expect(t.kind).toBe('SHIFT');
    expect(kinds(t)).toEqual(['PERSIST', 'HISTORY_ROW', 'ORDER_WEIGHTS', 'VERIFY']);
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'SHIFTING', stepIndex: 0, weights: canaryShare, capacity: { decidedAt: NOW } });
    expect(only(t, 'ORDER_WEIGHTS')).toEqual([{ kind: 'ORDER_WEIGHTS', pair, weights: canaryShare }]);
    expect(only(t, 'VERIFY')).toEqual([{ kind: 'VERIFY', pair, weights: canaryShare }]);
    expect(t.result).toMatchObject({ kind: 'WAIT', waitSeconds: plan.checkIntervalSeconds });
  });

  test('a step whose bake passed → the next step of the plan', () => {
    const t = step(baking({ phaseStartedAt: NOW - plan.steps[0].bakeSeconds }), view({ blue: 90, green: 10 }), tick());
    const next = weightsFor(plan.steps[1].candidatePercent);
    expect(next).toEqual(ALL_CANDIDATE);
    expect(kinds(t)).toEqual(['PERSIST', 'HISTORY_ROW', 'ORDER_WEIGHTS', 'VERIFY']);
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'SHIFTING', stepIndex: 1, weights: next });
    expect(only(t, 'ORDER_WEIGHTS')[0].weights).toEqual(next);
  });

  test('a step still baking: nothing changes, the next check within the interval', () => {
    const t = step(baking(), view({ blue: 90, green: 10 }), tick());
    expect(t.effects).toEqual([]);
    expect(t.result).toMatchObject({ kind: 'WAIT', waitSeconds: Math.min(plan.checkIntervalSeconds, plan.steps[0].bakeSeconds - 100) });
  });

  test('SageMaker would refuse while the endpoint is Updating: nothing persisted or ordered, the same check again', () => {
    const t = step(rec(plan), view({ blue: 100, green: 0 }, { status: 'Updating' }), tick());
    expect(t.kind).toBe('DEFERRED');
    expect(t.effects).toEqual([]);
    expect(t.state).toEqual(rec(plan).state);
    expect(t.result).toMatchObject({ kind: 'WAIT', waitSeconds: plan.checkIntervalSeconds });
  });

  test('an ordered split that is not live on an idle endpoint is ordered again (no new write: it is recorded already)', () => {
    const shifting = rec(plan, { phase: 'SHIFTING', stepIndex: 0, weights: canaryShare, phaseStartedAt: NOW - 20, capacity: decided });
    const t = step(shifting, idle, tick({ ...OK, liveWeights: ALL_STABLE }));
    expect(kinds(t)).toEqual(['ALERT', 'ORDER_WEIGHTS', 'VERIFY']);
    expect(only(t, 'ORDER_WEIGHTS')[0].weights).toEqual(canaryShare);
  });

  test('... and past the plan\'s shift timeout the rollout fails back to stable (SHIFT_NOT_APPLIED)', () => {
    const late = rec(plan, { phase: 'SHIFTING', stepIndex: 0, weights: canaryShare, phaseStartedAt: NOW - plan.shiftTimeoutSeconds, capacity: decided });
    const t = step(late, idle, tick({ ...OK, liveWeights: ALL_STABLE }));
    expect(kinds(t)).toEqual(END);
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'FAILED', cause: 'SHIFT_NOT_APPLIED', weights: ALL_STABLE });
  });
});

describe('TICK: a lowering is ordered and read back, then persisted', () => {
  test('a candidate alarm → ROLLED_BACK; the controller\'s own execution ends by its answer (no stop)', () => {
    const t = step(baking(), view({ blue: 90, green: 10 }), tick({ ...OK, alarms: [{ name: 'green-5xx', state: 'ALARM' }] }));
    expect(kinds(t)).toEqual(END);
    expect(only(t, 'ORDER_WEIGHTS')[0]).toEqual({ kind: 'ORDER_WEIGHTS', pair, weights: ALL_STABLE });
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'ROLLED_BACK', cause: 'ALARM', weights: ALL_STABLE });
    expect(only(t, 'NOTIFY')[0]).toMatchObject({ sns: true, detail: { phase: 'ROLLED_BACK', cause: 'ALARM' } });
    expect(t.result?.kind).toBe('ROLLED_BACK');
  });

  test('the deadline inside a tick → FAILED (DEADLINE); a promoted candidate in its watch completes instead', () => {
    const t = step(baking({ deadlineAt: NOW }), view({ blue: 90, green: 10 }), tick());
    expect(kinds(t)).toEqual(END);
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'FAILED', cause: 'DEADLINE' });
    const warm = rec(plan, { phase: 'KEEP_WARM', stepIndex: 1, weights: ALL_CANDIDATE, deadlineAt: NOW, capacity: decided });
    const done = step(warm, view({ blue: 0, green: 100 }), tick());
    expect(kinds(done)).toEqual(['PERSIST', 'HISTORY_ROW', 'ALERT', 'NOTIFY']);
    expect(only(done, 'PERSIST')[0].state).toMatchObject({ phase: 'PROMOTED', weights: ALL_CANDIDATE });
  });
});

describe('TICK: the operator\'s commands left in the record', () => {
  test('PAUSE: recorded PAUSED (from BAKING), the command consumed, no weight touched', () => {
    const paused = step({ ...baking(), command: 'PAUSE' }, view({ blue: 90, green: 10 }), tick());
    expect(kinds(paused)).toEqual(['PERSIST', 'HISTORY_ROW']);
    expect(only(paused, 'PERSIST')[0]).toMatchObject({ consumeCommand: true, state: { phase: 'PAUSED', pausedFrom: 'BAKING', weights: canaryShare } });
  });

  test('RESUME: back to the interrupted phase with a fresh bake clock', () => {
    const paused = rec(plan, { phase: 'PAUSED', pausedFrom: 'BAKING', stepIndex: 0, weights: canaryShare, capacity: decided }, { command: 'RESUME' });
    const t = step(paused, view({ blue: 90, green: 10 }), tick());
    expect(kinds(t)).toEqual(['PERSIST', 'HISTORY_ROW']);
    expect(only(t, 'PERSIST')[0]).toMatchObject({ consumeCommand: true, state: { phase: 'BAKING', phaseStartedAt: NOW, pausedFrom: undefined } });
    expect(t.result).toMatchObject({ kind: 'WAIT', waitSeconds: plan.checkIntervalSeconds });
  });

  test('PROMOTE_NOW: all on the candidate, a raise (persisted first), watched after promotion', () => {
    const t = step({ ...baking(), command: 'PROMOTE_NOW' }, view({ blue: 90, green: 10 }), tick());
    expect(kinds(t)).toEqual(['PERSIST', 'HISTORY_ROW', 'ALERT', 'NOTIFY', 'ORDER_WEIGHTS', 'VERIFY']);
    expect(only(t, 'PERSIST')[0]).toMatchObject({ consumeCommand: true, state: { phase: 'KEEP_WARM', weights: ALL_CANDIDATE } });
    expect(only(t, 'ORDER_WEIGHTS')[0].weights).toEqual(ALL_CANDIDATE);
  });

  test('ABORT: a lowering; recorded ABORTED (OPERATOR_ABORT) only after the read-back, the command consumed', () => {
    const t = step({ ...baking(), command: 'ABORT' }, view({ blue: 90, green: 10 }), tick());
    expect(kinds(t)).toEqual(END);
    expect(only(t, 'PERSIST')[0]).toMatchObject({ consumeCommand: true, state: { phase: 'ABORTED', cause: 'OPERATOR_ABORT', weights: ALL_STABLE } });
  });
});

describe('TICK: a rollout that already ended', () => {
  const aborted = rec(plan, { phase: 'ABORTED', cause: 'DEPLOY_REVERTED', weights: ALL_STABLE });

  test('its candidate still serving (a late raise): stable ordered again and read back; the record already says the end', () => {
    const t = step(aborted, view({ blue: 90, green: 10 }), tick());
    expect(t.kind).toBe('RESTORE');
    expect(kinds(t)).toEqual(['ALERT', 'ORDER_WEIGHTS', 'VERIFY']);
    expect(only(t, 'ORDER_WEIGHTS')[0].weights).toEqual(ALL_STABLE);
    expect(t.result?.kind).toBe('ROLLED_BACK');
  });

  test('stable live, or a promotion: nothing to do, the same answer again', () => {
    expect(step(aborted, idle, tick()).effects).toEqual([]);
    const promoted = rec(plan, { phase: 'PROMOTED', weights: ALL_CANDIDATE });
    const t = step(promoted, view({ blue: 0, green: 100 }), tick());
    expect(t.effects).toEqual([]);
    expect(t.result?.kind).toBe('COMPLETE');
  });
});

describe('TICK: capacity before traffic', () => {
  const smaller = view({ blue: 100, green: 0 }, { instances: { blue: 3, green: 1 } });

  test('a smaller candidate fleet: the order is recorded, then placed alone (no weights yet)', () => {
    const t = step(rec(plan), smaller, tick());
    expect(t.kind).toBe('CAPACITY_ORDER');
    expect(kinds(t)).toEqual(['PERSIST', 'ORDER_CAPACITY']);
    expect(only(t, 'PERSIST')[0].state.capacity).toMatchObject({ decidedAt: NOW, instanceCount: 3, previousInstanceCount: 1 });
    expect(only(t, 'ORDER_CAPACITY')).toEqual([{ kind: 'ORDER_CAPACITY', variant: 'green', instanceCount: 3 }]);
    expect(t.result).toMatchObject({ kind: 'WAIT', waitSeconds: plan.checkIntervalSeconds });
  });

  const ordered = (ago: number) => rec(plan, { capacity: { decidedAt: NOW - ago, reason: 'scaling', instanceCount: 3, previousInstanceCount: 1 } });

  test('within the grace period the instances are waited for; once InService the first weights go out', () => {
    expect(step(ordered(CAPACITY_GRACE_SECONDS - 1), smaller, tick()).kind).toBe('CAPACITY_WAIT');
    const ready = step(ordered(120), view({ blue: 100, green: 0 }, { instances: { blue: 3, green: 3 } }), tick());
    expect(kinds(ready)).toEqual(['PERSIST', 'HISTORY_ROW', 'ORDER_WEIGHTS', 'VERIFY']);
    expect(only(ready, 'PERSIST')[0].state.capacity).toMatchObject({ readyAt: NOW, instanceCount: 3 });
  });

  test('instances that never come: FAILED (CAPACITY_NOT_READY), stable kept, the scaled candidate noted', () => {
    const t = step(ordered(CAPACITY_WAIT_SECONDS), view({ blue: 100, green: 0 }, { status: 'Updating', instances: { blue: 3, green: 1 } }), tick());
    expect(kinds(t)).toEqual(['ALERT', ...END]);
    const persist = only(t, 'PERSIST')[0];
    expect(persist.state).toMatchObject({ phase: 'FAILED', cause: 'CAPACITY_NOT_READY' });
    expect(persist.entries.map((e) => e.kind)).toEqual(['FAIL', 'CAPACITY']);
  });

  test('a pre-traffic hook overlaps the scaling: recorded, then the capacity order, no weights', () => {
    const hooked = canary(10, 300, { probe: false, hooks: { preTraffic: true } });
    const t = step(rec(hooked), smaller, tick());
    expect(t.kind).toBe('RUN_PRE_TRAFFIC_HOOK');
    expect(kinds(t)).toEqual(['PERSIST', 'HISTORY_ROW', 'ORDER_CAPACITY']);
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'PRE_TRAFFIC_HOOK', capacity: { instanceCount: 3 } });
  });

  test('CAPACITY_REFUSED (the order failed after its retries): FAILED back on stable; nothing once ended', () => {
    const t = step(ordered(10), smaller, { kind: 'CAPACITY_REFUSED', instanceCount: 3, error: 'ResourceLimitExceeded' });
    expect(kinds(t)).toEqual(['ALERT', ...END]);
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'FAILED', cause: 'CAPACITY_NOT_READY' });
    expect(t.reason).toContain('could not order 3 instance(s) for green: ResourceLimitExceeded');
    const ended = rec(plan, { phase: 'ROLLED_BACK', weights: ALL_STABLE });
    expect(step(ended, smaller, { kind: 'CAPACITY_REFUSED', instanceCount: 3, error: 'x' }).effects).toEqual([]);
  });
});

describe('START', () => {
  const input: RolloutExecutionInput = { endpointName: 'ep', stableVariant: 'blue', candidateVariant: 'green', plan,
    alarmNames: ['green-5xx'], rolloutId: 'r2', candidateModel: 'm2', deadlineAt: NOW + 3000 };
  const start = (extra = {}) => ({ kind: 'START' as const, input, executionArn: 'arn:x:r2', alarms: [{ name: 'green-5xx', state: 'OK' as const }], ...extra });

  test('creates the record (conditional on no other active rollout), PENDING, with the deploy\'s deadline', () => {
    const t = step(undefined, idle, start());
    expect(kinds(t)).toEqual(['CREATE', 'HISTORY_ROW', 'ALERT']);
    expect(only(t, 'CREATE')[0].record).toMatchObject({ rolloutId: 'r2', executionArn: 'arn:x:r2', stableVariant: 'blue',
      candidateVariant: 'green', candidateModel: 'm2', deadlineAt: NOW + 3000, state: { phase: 'PENDING', deadlineAt: NOW + 3000 } });
    expect(t.result).toMatchObject({ kind: 'WAIT', waitSeconds: 0 });
  });

  test.each([
    ['a guarding alarm fires', start({ alarms: [{ name: 'green-5xx', state: 'ALARM' }] }), idle, /green-5xx/],
    ['the endpoint lacks the candidate', start(), view({ blue: 100 }), /has no production variant green/],
    ['the endpoint cannot be read', { ...start(), endpointError: 'AccessDeniedException' }, undefined, /cannot describe endpoint ep: AccessDeniedException/],
    ['the deadline has passed', { ...start(), input: { ...input, deadlineAt: NOW } }, idle, /deadline .* has passed/],
  ])('refused when %s: recorded FAILED with why, never shifted', (_why, event, live, reason) => {
    const t = step(undefined, live, event);
    expect(t.kind).toBe('REFUSED');
    expect(kinds(t)).toEqual(['CREATE', 'HISTORY_ROW', 'ALERT']);
    expect(only(t, 'CREATE')[0].record.state.phase).toBe('FAILED');
    expect(t.reason).toMatch(reason);
    expect(t.result?.kind).toBe('FAILED');
  });

  test('a firing alarm overridden: started, and the override logged and counted', () => {
    const t = step(undefined, idle, start({ input: { ...input, overrideFiringAlarms: true }, alarms: [{ name: 'green-5xx', state: 'ALARM' }] }));
    expect(t.kind).toBe('START');
    expect(only(t, 'ALERT')[0]).toMatchObject({ level: 'warn', metric: 'FiringAlarmsOverridden' });
  });

  test('a retried start finds its own record and does nothing again', () => {
    const t = step(rec(plan, {}, { rolloutId: 'r2' }), idle, start());
    expect(t.kind).toBe('RETRIED');
    expect(t.effects).toEqual([]);
  });
});

describe('HOOK_VERDICT and DEADLINE', () => {
  const inHook = rec(canary(10, 300, { probe: false, hooks: { preTraffic: true } }), { phase: 'PRE_TRAFFIC_HOOK', hooks: { preTraffic: 'RUNNING', postTraffic: 'NOT_RUN' } });

  test.each([[true, 'PASSED', 'info'], [false, 'FAILED', 'error']] as const)('passed=%s: recorded %s; the next tick acts on it', (passed, verdict, level) => {
    const t = step(inHook, undefined, { kind: 'HOOK_VERDICT', hook: 'preTraffic', passed, details: 'd' });
    expect(kinds(t)).toEqual(['PERSIST', 'ALERT']);
    expect(only(t, 'PERSIST')[0]).toMatchObject({ state: { phase: 'PRE_TRAFFIC_HOOK', hooks: { preTraffic: verdict } },
      entries: [{ kind: `HOOK_${verdict}` }] });
    expect(only(t, 'ALERT')[0].level).toBe(level);
    expect(t.result).toMatchObject({ kind: 'WAIT', waitSeconds: 0 });
  });

  test('a hook not started for the deadline (RolloutDeadline): FAILED (DEADLINE) on stable, not a hook failure', () => {
    const t = step(inHook, undefined, { kind: 'HOOK_VERDICT', hook: 'preTraffic', passed: false, error: 'RolloutDeadline',
      details: 'hook not started: its time-out of 600 s would end 90 s past the rollout\'s deadline' });
    expect(t.kind).toBe('FAIL');
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'FAILED', cause: 'DEADLINE', weights: ALL_STABLE });
    expect(only(t, 'PERSIST')[0].state.reason).toContain('600 s would end 90 s past');
    expect(only(t, 'ORDER_WEIGHTS')[0].weights).toEqual(ALL_STABLE);
    // Any other failed wait (a time-out, a rejection) is the hook's verdict, recorded for the next tick.
    const other = step(inHook, undefined, { kind: 'HOOK_VERDICT', hook: 'preTraffic', passed: false, error: 'States.Timeout' });
    expect(only(other, 'PERSIST')[0].state).toMatchObject({ phase: 'PRE_TRAFFIC_HOOK', hooks: { preTraffic: 'FAILED' } });
  });

  test('a verdict after the end changes nothing', () => {
    expect(step(rec(plan, { phase: 'ABORTED' }), undefined, { kind: 'HOOK_VERDICT', hook: 'preTraffic', passed: true }).effects).toEqual([]);
  });

  test('DEADLINE: FAILED (DEADLINE) on stable, and the execution stopped (the writer is outside it)', () => {
    const t = step(baking(), undefined, { kind: 'DEADLINE' });
    expect(kinds(t)).toEqual(['ORDER_WEIGHTS', 'VERIFY', 'PERSIST', 'HISTORY_ROW', 'STOP_EXECUTION', 'NOTIFY']);
    expect(only(t, 'STOP_EXECUTION')[0]).toMatchObject({ executionArn: baking().executionArn, error: 'Deadline' });
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'FAILED', cause: 'DEADLINE', weights: ALL_STABLE });
    expect(step(rec(plan, { phase: 'PROMOTED' }), undefined, { kind: 'DEADLINE' }).effects).toEqual([]);
  });

  test('DEADLINE in the post-promotion watch: promoted (the candidate passed its rollout), as the policy ends it; nothing ordered', () => {
    const watching = rec(plan, { phase: 'KEEP_WARM', stepIndex: plan.steps.length - 1, weights: weightsFor(100), phaseStartedAt: NOW - 60 });
    const t = step(watching, view({ blue: 0, green: 100 }), { kind: 'DEADLINE' });
    expect(t.kind).toBe('COMPLETE');
    expect(kinds(t)).not.toContain('ORDER_WEIGHTS');
    expect(kinds(t)).not.toContain('STOP_EXECUTION');
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'PROMOTED', weights: weightsFor(100) });
    expect(only(t, 'PERSIST')[0].state.reason).toContain('deadline');
  });
});
