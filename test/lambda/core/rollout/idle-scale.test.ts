/**
 * Defect 9: the idle slot kept the stable fleet forever. Once the post-promotion watch is over, the previous stable
 * slot (blue here) is scaled down to the plan's idleSlotInstanceCount: recorded, ordered, read back, and only then
 * is the rollout PROMOTED. Expected counts come from the plan (idle count 1) and the fleets in the view.
 */
import {
  ALL_CANDIDATE, CAPACITY_GRACE_SECONDS, CAPACITY_WAIT_SECONDS, canary, capacityNeeded, idleScaleAtEnd, RolloutState,
  RolloutSignals,
} from '../../../../lambda/core/rollout';
import { kinds, NOW, only, rec, step, view } from './transition-fixtures';

const plan = { ...canary(10, 300, { probe: false, keepOldWarmSeconds: 600 }), idleSlotInstanceCount: 1 };
const OK: RolloutSignals = { alarms: [{ name: 'green-5xx', state: 'OK' }], candidateInvocations: 100 };
const tick = { kind: 'TICK' as const, signals: OK };
/** Promoted, its 600 s watch just over: blue (the old stable) still has its 4 instances. */
const watched: Partial<RolloutState> = { phase: 'KEEP_WARM', stepIndex: 1, weights: ALL_CANDIDATE, phaseStartedAt: NOW - 600 };
const promotedLive = (blue: number, status = 'InService') => view({ blue: 0, green: 100 }, { status, instances: { blue, green: 4 } });
const order = { variant: 'blue', instanceCount: 1, previousInstanceCount: 4, orderedAt: NOW };
const scaling = rec(plan, { ...watched, idleScale: order });

describe('the idle slot after a promotion', () => {
  test('the watch is over: the idle slot\'s scale-down is recorded, then ordered; the rollout is not PROMOTED yet', () => {
    const t = step(rec(plan, watched), promotedLive(4), tick);
    expect(kinds(t)).toEqual(['PERSIST', 'ORDER_CAPACITY']);
    expect(only(t, 'ORDER_CAPACITY')[0]).toEqual({ kind: 'ORDER_CAPACITY', variant: 'blue', instanceCount: 1 });
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'KEEP_WARM', idleScale: order });
    expect(only(t, 'PERSIST')[0].entries[0]).toMatchObject({ kind: 'IDLE_SCALE' });
    expect(t.result).toMatchObject({ kind: 'WAIT', waitSeconds: plan.checkIntervalSeconds });
  });

  test('read back: it waits while Updating, completes PROMOTED once InService on the idle count (recorded)', () => {
    const waiting = step(scaling, promotedLive(4, 'Updating'), tick, NOW + 30);
    expect(waiting.effects).toEqual([]);
    expect(waiting.result).toMatchObject({ kind: 'WAIT' });
    const done = step(scaling, promotedLive(1), tick, NOW + 240);
    expect(kinds(done)).toEqual(['PERSIST', 'HISTORY_ROW', 'ALERT', 'NOTIFY']);
    expect(only(done, 'PERSIST')[0].state).toMatchObject({ phase: 'PROMOTED', weights: ALL_CANDIDATE });
    expect(only(done, 'PERSIST')[0].entries.map((e) => e.kind)).toEqual(['IDLE_SCALED', 'COMPLETE']);
    expect(done.result).toMatchObject({ kind: 'COMPLETE' });
  });

  test('not applied (InService on the old count past the grace, or past the capacity wait): PROMOTED anyway, alerted', () => {
    for (const [live, at] of [[promotedLive(4), NOW + CAPACITY_GRACE_SECONDS], [promotedLive(4, 'Updating'), NOW + CAPACITY_WAIT_SECONDS]] as const) {
      const t = step(scaling, live, tick, at);
      expect(only(t, 'PERSIST')[0].state.phase).toBe('PROMOTED');
      expect(only(t, 'PERSIST')[0].entries[0].kind).toBe('IDLE_SCALE_FAILED');
      expect(only(t, 'ALERT').map((a) => a.metric)).toContain('IdleSlotNotScaled');
      expect(only(t, 'ORDER_WEIGHTS')).toEqual([]);
    }
  });

  test('a refused order completes the rollout as promoted, never a failure or a move of traffic', () => {
    const t = step(scaling, promotedLive(4), { kind: 'CAPACITY_REFUSED', instanceCount: 1, error: 'ResourceLimitExceeded' });
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'PROMOTED', weights: ALL_CANDIDATE });
    expect(only(t, 'PERSIST')[0].state.reason).toContain('ResourceLimitExceeded');
    expect(only(t, 'ORDER_WEIGHTS')).toEqual([]);
  });

  test('while it scales, nothing moves traffic onto the shrinking slot: an alarm, an abort, the deadline', () => {
    expect(step(scaling, promotedLive(4, 'Updating'), { kind: 'ALARM', alarmName: 'green-5xx' }).effects).toEqual([]);
    expect(step(scaling, promotedLive(4, 'Updating'), { kind: 'COMMAND', command: 'ABORT', source: 'cli' }).effects).toEqual([]);
    const deadline = step(scaling, promotedLive(4, 'Updating'), { kind: 'DEADLINE' });
    expect(only(deadline, 'PERSIST')[0].state.phase).toBe('PROMOTED');
    expect(only(deadline, 'ORDER_WEIGHTS')).toEqual([]);
  });

  test('nothing to scale: a slot already at the count, a serverless slot, a plan without the count (stored before)', () => {
    for (const [r, live] of [
      [rec(plan, watched), promotedLive(1)],
      [rec(plan, watched), view({ blue: 0, green: 100 }, { instances: {} })],
      [rec({ ...plan, idleSlotInstanceCount: undefined }, watched), promotedLive(4)],
    ] as const) {
      const t = step(r, live, tick);
      expect(kinds(t)).toEqual(['PERSIST', 'HISTORY_ROW', 'ALERT', 'NOTIFY']);
      expect(only(t, 'PERSIST')[0].state.phase).toBe('PROMOTED');
    }
  });

  test('an endpoint not InService as the watch ends: completes, the slot kept, and the record says why', () => {
    const t = step(rec(plan, watched), promotedLive(4, 'Updating'), tick);
    expect(only(t, 'ORDER_CAPACITY')).toEqual([]);
    expect(only(t, 'PERSIST')[0].state.phase).toBe('PROMOTED');
    expect(only(t, 'PERSIST')[0].entries.map((e) => e.kind)).toContain('IDLE_SLOT_KEPT');
  });

  test('the next rollout scales the idle slot up to the serving slot\'s fleet before it takes traffic', () => {
    // blue, scaled to 1 after the last promotion, is the next candidate; green serves on 4.
    expect(capacityNeeded(4, 1)).toMatchObject({ kind: 'SCALE', instanceCount: 4 });
    const next = rec(plan, {}, { stableVariant: 'green', candidateVariant: 'blue' });
    const t = step(next, view({ green: 100, blue: 0 }, { instances: { green: 4, blue: 1 } }), tick);
    expect(only(t, 'ORDER_CAPACITY')).toEqual([{ kind: 'ORDER_CAPACITY', variant: 'blue', instanceCount: 4 }]);
    expect(only(t, 'ORDER_WEIGHTS')).toEqual([]);
  });

  test('at the deadline no order is placed that nothing would wait for', () => {
    expect(idleScaleAtEnd(plan, 'blue', { status: 'InService', instances: 4 }, NOW, NOW)).toMatchObject({ kind: 'NONE' });
    expect(idleScaleAtEnd(plan, 'blue', { status: 'InService', instances: 4 }, NOW, NOW + 1)).toMatchObject({ kind: 'ORDER' });
  });
});
