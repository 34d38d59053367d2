/**
 * A component rollout through the one transition (pure). Expected values come from the protocol's rules for
 * components (contracts/component-rollout.ts): Strategy B's temporary candidate is recorded before it is created and
 * deleted (read back gone) before any end or the step to 100% is recorded; during Strategy A's rolling update an end
 * cannot be ordered, so the stop verdict (1) is published and the end recorded once the stable model serves again.
 */
import {
  ALL_CANDIDATE, canary, componentBaselineComparison, ComponentGuardProperties, componentGuardReady, componentPlan, ComponentRolloutTarget, ComponentView, EndpointView,
  RolloutExecutionInput, RolloutRecord, RolloutSignals, Transition,
} from '../../../../lambda/core/rollout';
import { kinds, NOW, only, rec, step } from './transition-fixtures';

const CANARY = 'ranker-candidate';
// 10% of 8 copies is 0.8 copy: the canary gets one; its bake (300 s) is how long it is judged.
const planned = componentPlan(canary(10, 300, { probe: false }), { copies: 8, copyCanary: true, rollingUpdateSeconds: 1800 });
const plan = planned.plan;
const target: ComponentRolloutTarget = {
  endpointName: 'ep', variantName: 'AllTraffic', componentName: 'ranker', stableModel: 'ranker-v1', candidateModel: 'ranker-v2',
  baselineSeconds: 3600,
  canary: { componentName: CANARY, copies: planned.canaryCopies, specification: { ModelName: 'ranker-v2',
    ComputeResourceRequirements: { MinMemoryRequiredInMb: 1024 } } },
};
const capture = { bucket: 'b', prefix: 'capture' };
const crec = (state: Parameters<typeof rec>[1] = {}, extra: Partial<RolloutRecord> = {}) =>
  rec(plan, state, { endpointName: 'ep/ranker', stableVariant: 'ranker', candidateVariant: CANARY, component: target,
    capture, alarmNames: ['ranker-candidate-5xx'], ...extra });

function comp(status: string, copies: number, model: string, desired = copies): ComponentView {
  return { name: '', status, desiredCopies: desired, currentCopies: copies, modelName: model };
}
function live(components: Record<string, ComponentView>): EndpointView {
  return { status: 'InService', weights: new Map([['AllTraffic', 100]]), instances: new Map([['AllTraffic', 2]]),
    components: new Map(Object.entries(components)) };
}
const stableOnly = live({ ranker: comp('InService', 8, 'ranker-v1') });
const withCanary = (copies: number) => live({ ranker: comp('InService', 8, 'ranker-v1'), [CANARY]: comp(copies > 0 ? 'InService' : 'Creating', copies, 'ranker-v2', 1) });
const OK: RolloutSignals = { alarms: [{ name: 'ranker-candidate-5xx', state: 'OK' }], candidateInvocations: 0 };
const FIRING: RolloutSignals = { alarms: [{ name: 'ranker-candidate-5xx', state: 'ALARM' }], candidateInvocations: 0 };
const tick = (signals: RolloutSignals = OK) => ({ kind: 'TICK' as const, signals });
const shadowPassed: RolloutSignals = { ...OK, shadow: { stableRequests: 500, shadowRequests: 500, stableErrorRate: 0.01,
  shadowErrorRate: 0.01, stableP99Ms: 100, shadowP99Ms: 105 } };
const ordered = { canaryOrderedAt: NOW - 400 };
const judging = (extra = {}) => crec({ phase: 'SHADOW', phaseStartedAt: NOW - 100, component: { ...ordered, canaryReadyAt: NOW - 100 }, ...extra });
// The step to 100% as decide() records it: all on the candidate, which the component shows once every copy runs it.
const updating = (extra = {}) => crec({ phase: 'SHIFTING', stepIndex: 0, phaseStartedAt: NOW - 60, weights: ALL_CANDIDATE,
  component: { ...ordered, canaryReadyAt: NOW - 350, canaryDeletedAt: NOW - 60 }, ...extra });
const DELETE_THEN_END = ['DELETE_COMPONENT', 'VERIFY_COMPONENT', 'PERSIST', 'HISTORY_ROW'];

/** The effects up to the first PERSIST / HISTORY_ROW, with the candidate's deletion read back before. */
function deletesCandidateFirst(t: Transition): void {
  const k = kinds(t);
  const del = k.indexOf('DELETE_COMPONENT');
  expect(del).toBeGreaterThanOrEqual(0);
  expect(t.effects[del]).toEqual({ kind: 'DELETE_COMPONENT', componentName: CANARY });
  expect(t.effects[del + 1]).toEqual({ kind: 'VERIFY_COMPONENT', componentName: CANARY, expect: 'GONE' });
  const persist = k.findIndex((x) => x === 'PERSIST');
  if (persist >= 0) expect(del).toBeLessThan(persist);
}

describe('the component plan (Strategy B then A)', () => {
  test('the canary is the first share of the copies, judged for the first bake; the rest is one step: the rolling update', () => {
    expect(planned.canaryCopies).toBe(1);
    expect(plan.shadow?.durationSeconds).toBe(300);
    expect(plan.steps).toEqual([{ candidatePercent: 100, bakeSeconds: 0 }]);
    expect(plan.shiftTimeoutSeconds).toBe(1800);
    expect(componentPlan(canary(10, 300), { copies: 8, copyCanary: false, rollingUpdateSeconds: 600 }).canaryCopies).toBe(0);
  });
});

describe('start and the copy canary', () => {
  test('START records the component target; a live component that is not InService refuses the start', () => {
    const input: RolloutExecutionInput = { endpointName: 'ep/ranker', stableVariant: 'ranker', candidateVariant: CANARY, plan,
      rolloutId: 'r1', capture, component: target, alarmNames: [] };
    const t = step(undefined, stableOnly, { kind: 'START', input, executionArn: 'arn:x', alarms: [] });
    expect(t.kind).toBe('START');
    expect(only(t, 'CREATE')[0].record.component).toEqual(target);
    const refused = step(undefined, live({ ranker: comp('Updating', 8, 'ranker-v1') }), { kind: 'START', input, executionArn: 'arn:x', alarms: [] });
    expect(refused.kind).toBe('REFUSED');
    expect(refused.reason).toMatch(/ranker is Updating, not InService/);
  });

  test('PENDING → the copy canary: recorded first, then the temporary candidate created with the plan\'s copies', () => {
    const t = step(crec(), stableOnly, tick());
    expect(t.kind).toBe('START_SHADOW');
    expect(kinds(t).slice(0, 3)).toEqual(['PERSIST', 'HISTORY_ROW', 'CREATE_COMPONENT']);
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'SHADOW', component: { canaryOrderedAt: NOW } });
    expect(only(t, 'CREATE_COMPONENT')[0]).toEqual({ kind: 'CREATE_COMPONENT', endpointName: 'ep', variantName: 'AllTraffic',
      componentName: CANARY, specification: target.canary!.specification, copies: 1 });
  });

  test('the warm-up guard: a candidate with no copy serving is not judged, even with its alarm firing', () => {
    const r = crec({ phase: 'SHADOW', phaseStartedAt: NOW - 30, component: ordered });
    const t = step(r, withCanary(0), tick(FIRING));
    expect(t.kind).toBe('CAPACITY_WAIT');
    expect(kinds(t)).not.toContain('DELETE_COMPONENT');
    expect(t.result?.kind).toBe('WAIT');
  });

  test('its clock starts when its copies serve, not when they were ordered', () => {
    const r = crec({ phase: 'SHADOW', phaseStartedAt: NOW - 400, component: ordered });
    const t = step(r, withCanary(1), tick(shadowPassed));
    // 400 s since the order is past the 300 s bake, but the copies only serve now: judged from now.
    expect(t.kind).not.toBe('SHIFT');
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'SHADOW', phaseStartedAt: NOW, component: { canaryReadyAt: NOW } });
  });

  test('a candidate that passed is deleted and read back gone before the step to 100% is recorded; the verdict says go on', () => {
    const t = step(judging({ phaseStartedAt: NOW - 300 }), withCanary(1), tick(shadowPassed));
    expect(t.kind).toBe('SHIFT');
    expect(kinds(t)).toEqual([...DELETE_THEN_END, 'PUBLISH_VERDICT', 'ALERT']);
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'SHIFTING', component: { canaryDeletedAt: NOW } });
    expect(only(t, 'PUBLISH_VERDICT')).toEqual([{ kind: 'PUBLISH_VERDICT', componentName: 'ranker', stop: false }]);
  });

  test('a candidate whose replayed answers fail the gates fails the deploy before the live component is touched', () => {
    const bad = { ...OK, shadow: { ...shadowPassed.shadow!, shadowErrorRate: 0.2 } };
    const t = step(judging({ phaseStartedAt: NOW - 300 }), withCanary(1), tick(bad));
    expect(t.kind).toBe('ROLLBACK');
    expect(kinds(t)).toEqual([...DELETE_THEN_END, 'NOTIFY']);
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'ROLLED_BACK', cause: 'SHADOW_GATE' });
    expect(kinds(t)).not.toContain('PUBLISH_VERDICT');
    expect(t.result?.kind).not.toBe('WAIT');
  });
});

describe('during the rolling update (Strategy A): the verdict', () => {
  test('each check with nothing wrong publishes verdict 0; the update is seen once the component is Updating', () => {
    const t = step(updating(), live({ ranker: comp('Updating', 8, 'ranker-v1') }), tick());
    expect(only(t, 'PUBLISH_VERDICT')).toEqual([{ kind: 'PUBLISH_VERDICT', componentName: 'ranker', stop: false }]);
    expect(only(t, 'PERSIST')[0].state.component?.updateSeenAt).toBe(NOW);
  });

  test('a firing alarm publishes the stop verdict first and records the stop; the rollout waits for SageMaker\'s rollback', () => {
    const t = step(updating(), live({ ranker: comp('Updating', 8, 'ranker-v1') }), tick(FIRING));
    expect(t.kind).toBe('STOP_VERDICT');
    expect(kinds(t).slice(0, 2)).toEqual(['PUBLISH_VERDICT', 'PERSIST']);
    expect(only(t, 'PUBLISH_VERDICT')[0].stop).toBe(true);
    expect(only(t, 'PERSIST')[0].state.component?.stop).toMatchObject({ phase: 'ROLLED_BACK', cause: 'ALARM' });
    expect(t.result?.kind).toBe('WAIT');
  });

  test('stopped: the verdict stays 1 until the stable model serves again, then the end is read back and recorded, verdict 0', () => {
    const stop = { at: NOW - 60, phase: 'ROLLED_BACK' as const, cause: 'ALARM' as const, reason: 'ranker-candidate-5xx in ALARM' };
    const stopped = updating({ component: { ...ordered, canaryDeletedAt: NOW - 400, updateSeenAt: NOW - 120, stop } });
    const still = step(stopped, live({ ranker: comp('Updating', 8, 'ranker-v2') }), tick());
    expect(kinds(still)).toEqual(['PUBLISH_VERDICT']);
    expect(only(still, 'PUBLISH_VERDICT')[0].stop).toBe(true);
    const back = step(stopped, live({ ranker: comp('InService', 8, 'ranker-v1') }), tick());
    expect(back.kind).toBe('ROLLED_BACK');
    expect(kinds(back)).toEqual(['VERIFY_COMPONENT', 'PERSIST', 'HISTORY_ROW', 'NOTIFY', 'PUBLISH_VERDICT']);
    expect(only(back, 'VERIFY_COMPONENT')[0]).toMatchObject({ componentName: 'ranker', expect: 'SERVES', model: 'ranker-v1' });
    expect(only(back, 'PUBLISH_VERDICT')[0].stop).toBe(false);
  });

  test('SageMaker rolled back on an alarm of its own (update seen, stable model serving, no stop): ROLLED_BACK', () => {
    const t = step(updating({ component: { ...ordered, canaryDeletedAt: NOW - 60, updateSeenAt: NOW - 30 } }), stableOnly, tick());
    expect(t.kind).toBe('ROLLBACK');
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'ROLLED_BACK', cause: 'ALARM' });
  });

  test('a rolling update still not done after its bound (the plan\'s shift timeout) is stopped by the verdict', () => {
    const t = step(updating({ phaseStartedAt: NOW - plan.shiftTimeoutSeconds! }), live({ ranker: comp('Updating', 8, 'ranker-v1') }), tick());
    expect(t.kind).toBe('STOP_VERDICT');
    expect(only(t, 'PUBLISH_VERDICT')[0].stop).toBe(true);
    expect(only(t, 'PERSIST')[0].state.component?.stop?.cause).toBe('SHIFT_NOT_APPLIED');
  });

  test('the component serves the candidate model at every copy: promoted', () => {
    const done = live({ ranker: comp('InService', 8, 'ranker-v2') });
    let r = updating({ component: { ...ordered, canaryDeletedAt: NOW - 60, updateSeenAt: NOW - 30 } });
    let t = step(r, done, tick());
    for (let i = 0; i < 4 && t.state?.phase !== 'PROMOTED'; i++) {
      r = { ...r, state: t.state!, version: (r.version ?? 0) + 1 };
      t = step(r, done, tick(), NOW + (i + 1) * 10);
    }
    expect(t.state?.phase).toBe('PROMOTED');
  });
});

describe('the temporary candidate is deleted on every path that ends the rollout before the update', () => {
  const shadow = () => judging();
  const guard: ComponentGuardProperties = { EndpointName: 'ep', VariantName: 'AllTraffic', ComponentName: 'ranker', Model: 'ranker-v2',
    Plan: JSON.stringify(plan) };
  const rows: Array<[string, () => Transition, string]> = [
    ['a candidate alarm (rollback Lambda)', () => step(shadow(), withCanary(1), { kind: 'ALARM', alarmName: 'ranker-candidate-5xx' }), 'ROLLED_BACK'],
    ['the deadline', () => step(shadow(), withCanary(1), { kind: 'DEADLINE' }), 'FAILED'],
    ['an operator abort', () => step(shadow(), withCanary(1), { kind: 'COMMAND', command: 'ABORT', source: 'cli' }), 'ABORTED'],
    ['the stack deleted', () => step(shadow(), withCanary(1), { kind: 'COMPONENT_GUARD', requestType: 'Delete', props: guard, nowMs: NOW * 1000 }), 'ABORTED'],
    ['the stack rolled back', () => step(shadow(), withCanary(1), { kind: 'COMPONENT_GUARD', requestType: 'Update', props: { ...guard, Model: 'ranker-v1' },
      oldProps: guard, stackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS', nowMs: NOW * 1000 }), 'ABORTED'],
    ['no capacity past the capacity wait', () => step(crec({ phase: 'SHADOW', phaseStartedAt: NOW - 4000, component: { canaryOrderedAt: NOW - 4000 } }),
      withCanary(0), tick()), 'FAILED'],
  ];
  test.each(rows)('%s', (_name, run, phase) => {
    const t = run();
    deletesCandidateFirst(t);
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase, component: { canaryDeletedAt: NOW } });
  });

  test('an ended rollout whose candidate is still there (a delete that did not take): the next tick deletes it', () => {
    const ended = crec({ phase: 'FAILED', reason: 'x', component: { ...ordered, canaryDeletedAt: NOW - 10 } });
    const t = step(ended, withCanary(1), tick());
    deletesCandidateFirst(t);
    const gone = step(ended, stableOnly, tick());
    expect(gone.effects).toEqual([]);
  });

  test('a candidate alarm is a ROLLBACK (the kind the rollback Lambda applies), before and during the update', () => {
    const alarm = { kind: 'ALARM' as const, alarmName: 'ranker-candidate-5xx' };
    expect(step(judging(), withCanary(1), alarm).kind).toBe('ROLLBACK');
    const during = step(updating(), live({ ranker: comp('Updating', 8, 'ranker-v1') }), alarm);
    expect(during.kind).toBe('ROLLBACK');
    expect(kinds(during)[0]).toBe('PUBLISH_VERDICT');
  });

  test('told to stop already: another alarm or abort publishes the verdict again and keeps the first stop', () => {
    const stop = { at: NOW - 60, phase: 'ROLLED_BACK' as const, cause: 'ALARM' as const, reason: 'first' };
    const stopped = updating({ component: { ...ordered, canaryDeletedAt: NOW - 400, stop } });
    for (const e of [{ kind: 'ALARM' as const, alarmName: 'x' }, { kind: 'COMMAND' as const, command: 'ABORT' as const, source: 'cli' }, { kind: 'DEADLINE' as const }]) {
      const t = step(stopped, undefined, e);
      expect(t.effects).toEqual([{ kind: 'PUBLISH_VERDICT', componentName: 'ranker', stop: true }]);
      expect(t.reason).toBe('first');
    }
  });

  test('an end during the update does not delete anything: it publishes the stop verdict', () => {
    const t = step(updating(), live({ ranker: comp('Updating', 8, 'ranker-v1') }), { kind: 'DEADLINE' });
    expect(kinds(t)).not.toContain('DELETE_COMPONENT');
    expect(only(t, 'PUBLISH_VERDICT')[0].stop).toBe(true);
    expect(only(t, 'PERSIST')[0].state.component?.stop?.cause).toBe('DEADLINE');
  });
});

describe('the component guard (before CloudFormation touches the live component)', () => {
  const old: ComponentGuardProperties = { EndpointName: 'ep', VariantName: 'AllTraffic', ComponentName: 'ranker', Model: 'ranker-v1',
    Plan: JSON.stringify(plan), BaselineSeconds: '1800', CaptureBucket: 'b', CapturePrefix: 'capture',
    Canary: JSON.stringify({ componentName: CANARY, copies: 1, specification: { ComputeResourceRequirements: { MinMemoryRequiredInMb: 1024 } } }) };
  const update = (props: Partial<ComponentGuardProperties>, r?: RolloutRecord) => step(r, stableOnly,
    { kind: 'COMPONENT_GUARD', requestType: 'Update', props: { ...old, ...props }, oldProps: old, stackStatus: 'UPDATE_IN_PROGRESS', nowMs: NOW * 1000 });

  test('a new model starts a component rollout: the canary gets the model, the key is endpoint/component', () => {
    const t = update({ Model: 'ranker-v2' });
    expect(t.kind).toBe('START');
    const input = only(t, 'START_EXECUTION')[0].input;
    expect(input).toMatchObject({ endpointName: 'ep/ranker', stableVariant: 'ranker', candidateVariant: CANARY, candidateModel: 'ranker-v2' });
    expect(input.component).toMatchObject({ stableModel: 'ranker-v1', candidateModel: 'ranker-v2', baselineSeconds: 1800,
      canary: { componentName: CANARY, copies: 1, specification: { ModelName: 'ranker-v2' } } });
  });

  test('the same model starts nothing; a second rollout while one is active is refused with the fix', () => {
    expect(update({}).effects).toEqual([]);
    const refused = update({ Model: 'ranker-v3' }, judging());
    expect(refused.refused).toBe(true);
    expect(refused.reason).toMatch(/still active.*rollout abort ep\/ranker/);
  });

  test('isComplete: wait during the canary, go once it is read back gone, fail with the reason when it ended', () => {
    expect(componentGuardReady(judging(), 'r1', withCanary(1))).toEqual({ ready: false });
    expect(componentGuardReady(updating(), 'r1', withCanary(1))).toEqual({ ready: false });
    expect(componentGuardReady(updating(), 'r1', stableOnly)).toEqual({ ready: true });
    const failed = componentGuardReady(crec({ phase: 'ROLLED_BACK', reason: 'shadow gates failed' }), 'r1', stableOnly);
    expect(failed.ready).toBe(false);
    expect(failed.failure).toMatch(/ended ROLLED_BACK: shadow gates failed/);
  });
});

describe('the statistical gate of the rolling update: the component against its own minutes before it', () => {
  const seen = 36_000; // the update first seen at 10:00:00
  const minute = (m: number, invocations: number, errors: number) => ({ minute: seen + m * 60, invocations, errors });
  // An hour of baseline at 1,000 requests and 1 error a minute; then 6 minutes at 1,000 requests and 60 errors.
  const minutes = [...Array.from({ length: 60 }, (_, i) => minute(i - 60, 1000, 1)), ...Array.from({ length: 6 }, (_, i) => minute(i, 1000, 60))];

  test('baseline = the complete minutes before the update; since = from its minute on; none in both', () => {
    const c = componentBaselineComparison(minutes, seen + 20, 3600, seen + 6 * 60 + 90);
    expect(c.stable).toEqual({ requests: 60_000, errors: 60 });
    expect(c.candidate).toEqual({ requests: 6000, errors: 360 });
  });

  test('a plan with a statistical gate stops the rolling update on that comparison (the same decide as variants)', () => {
    const gated = { ...plan, statisticalGate: { alpha: 0.05, max5xxIncrease: 0.01, minRequests: 1000 } };
    const r = crec({ phase: 'SHIFTING', stepIndex: 0, phaseStartedAt: seen, weights: ALL_CANDIDATE,
      component: { ...ordered, canaryDeletedAt: seen - 10, updateSeenAt: seen + 20 } }, { plan: gated });
    const comparison = componentBaselineComparison(minutes, seen + 20, 3600, seen + 6 * 60 + 90);
    const t = step(r, live({ ranker: comp('Updating', 8, 'ranker-v1') }), tick({ ...OK, comparison }), seen + 6 * 60 + 90);
    expect(t.kind).toBe('STOP_VERDICT');
    expect(only(t, 'PERSIST')[0].state.component?.stop?.cause).toBe('STATISTICAL_GATE');
    // The same minutes at the baseline's own rate: no stop.
    const same = componentBaselineComparison(minutes.map((m) => ({ ...m, errors: 1 })), seen + 20, 3600, seen + 6 * 60 + 90);
    expect(step(r, live({ ranker: comp('Updating', 8, 'ranker-v1') }), tick({ ...OK, comparison: same }), seen + 6 * 60 + 90).kind).not.toBe('STOP_VERDICT');
  });
});
