/**
 * CloudFormation's events through the rollout protocol (pure): the deploy trigger's Create / Update / Delete with the
 * stack's own status, and the drain guard before the endpoint update. The stack's status is an input: in every
 * rollback status an Update never starts a rollout and never fails; a revert stops the running execution before any
 * weight moves, then lowers (ordered, read back), then records.
 */
import {
  ALL_CANDIDATE, ALL_STABLE, canary, DEPLOY_ROLLOUT_BUDGET_SECONDS, DeployEvent, DrainEvent, rolloutIdFor, RolloutTriggerProperties,
  weightsFor,
} from '../../../../lambda/core/rollout';
import { kinds, NOW, only, rec, step, view } from './transition-fixtures';

const plan = canary(10, 300, { probe: false });
const props = (blue: string, green: string, p: unknown = plan): RolloutTriggerProperties => ({ EndpointName: 'ep', Variants: ['blue', 'green'],
  VariantModels: { blue, green }, Plan: JSON.stringify(p), SlotAlarmNames: { blue: ['blue-5xx'], green: ['green-5xx'] }, AlarmNames: ['kpi'] });
const NOW_MS = NOW * 1000;
/** An Update from models `from` to `to` (blue, green) while the stack is in `stackStatus`. */
const update = (from: [string, string], to: [string, string], stackStatus?: string, p?: unknown): DeployEvent =>
  ({ kind: 'DEPLOY', requestType: 'Update', props: props(...to, p), oldProps: props(...from), stackStatus, nowMs: NOW_MS });
const ROLLBACK_STATUSES = ['UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_FAILED'];
const idle = view({ blue: 100, green: 0 });
/** The forward deploy put m2 on green; its rollout is recorded with candidateModel m2. */
const rolloutOfM2 = (phase: 'BAKING' | 'PROMOTED' | 'ROLLED_BACK', weights = weightsFor(10)) =>
  rec(plan, { phase, stepIndex: 0, weights }, { candidateModel: 'm2' });

describe('DEPLOY: a forward Update', () => {
  test('one slot\'s model changed: an execution of that slot\'s rollout starts, bounded by the deploy\'s budget', () => {
    const t = step(undefined, idle, update(['m1', 'm0'], ['m1', 'm2'], 'UPDATE_IN_PROGRESS'));
    expect(kinds(t)).toEqual(['START_EXECUTION']);
    const input = only(t, 'START_EXECUTION')[0].input;
    expect(input).toMatchObject({ endpointName: 'ep', stableVariant: 'blue', candidateVariant: 'green', candidateModel: 'm2',
      rolloutId: rolloutIdFor('m2', NOW_MS), deadlineAt: NOW + DEPLOY_ROLLOUT_BUDGET_SECONDS, plan });
    // Only the candidate slot's alarms and the user's: the stable slot's errors must not roll the candidate back.
    expect(input.alarmNames).toEqual(['green-5xx', 'kpi']);
    expect(t.deploy).toMatchObject({ action: 'START', candidateVariant: 'green', candidateModel: 'm2' });
  });

  test('the same Update delivered again while its rollout runs: that rollout is answered, nothing started', () => {
    const t = step(rolloutOfM2('BAKING'), idle, update(['m1', 'm0'], ['m1', 'm2'], 'UPDATE_IN_PROGRESS'));
    expect(t.kind).toBe('CONTINUE');
    expect(t.effects).toEqual([]);
    expect(t.deploy).toMatchObject({ action: 'START', rolloutId: 'r1', executionArn: rolloutOfM2('BAKING').executionArn });
  });

  test.each([
    ['another change under a running rollout', rolloutOfM2('BAKING'), update(['m1', 'm2'], ['m3', 'm2'], 'UPDATE_IN_PROGRESS'), /still active.*rollout abort ep/],
    ['both slots changed', undefined, update(['m1', 'm0'], ['m3', 'm2'], 'UPDATE_IN_PROGRESS'), /changes the models of both slots/],
    ['a plan the code refuses', undefined, update(['m1', 'm0'], ['m1', 'm2'], 'UPDATE_IN_PROGRESS', { ...plan, steps: [{ candidatePercent: 250, bakeSeconds: 1 }] }), /candidatePercent/],
  ])('refused (the deploy fails with why): %s', (_why, record, event, reason) => {
    const t = step(record, idle, event);
    expect(t.refused).toBe(true);
    expect(t.effects).toEqual([]);
    expect(t.reason).toMatch(reason);
  });

  test('Create starts nothing (the endpoint comes with its initial weights)', () => {
    const t = step(undefined, idle, { kind: 'DEPLOY', requestType: 'Create', props: props('m1', 'm0'), stackStatus: 'CREATE_IN_PROGRESS', nowMs: NOW_MS });
    expect(t.effects).toEqual([]);
    expect(t.deploy?.action).toBe('NOTHING');
  });
});

describe.each(ROLLBACK_STATUSES)('DEPLOY: an Update while the stack is %s', (status) => {
  const revert = update(['m1', 'm2'], ['m1', 'm0'], status);

  test('no record of the change (the trigger failed before it): the slot that did not change keeps all traffic; nothing starts', () => {
    const t = step(undefined, view({ blue: 70, green: 30 }), revert);
    expect(kinds(t)).toEqual(['ORDER_WEIGHTS', 'VERIFY']);
    expect(only(t, 'ORDER_WEIGHTS')[0]).toEqual({ kind: 'ORDER_WEIGHTS', pair: { stableVariant: 'blue', candidateVariant: 'green' }, weights: ALL_STABLE });
    expect(t.deploy).toEqual({ action: 'RESTORE', restoreVariant: 'blue' });
  });

  test('the running rollout of the reverted change: its execution stopped first, then stable ordered and read back, then ABORTED recorded', () => {
    const t = step(rolloutOfM2('BAKING'), view({ blue: 90, green: 10 }), revert);
    expect(t.kind).toBe('ABORT_AND_RESTORE');
    expect(kinds(t)).toEqual(['STOP_EXECUTION', 'ORDER_WEIGHTS', 'VERIFY', 'PERSIST', 'HISTORY_ROW', 'NOTIFY']);
    expect(only(t, 'STOP_EXECUTION')[0].error).toBe('DeployReverted');
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'ABORTED', cause: 'DEPLOY_REVERTED', weights: ALL_STABLE });
  });

  test('after a promotion: the slot that served before the deploy takes it all back, and that is recorded, rowed and told', () => {
    const t = step(rolloutOfM2('PROMOTED', ALL_CANDIDATE), view({ blue: 0, green: 100 }), revert);
    expect(kinds(t)).toEqual(['ORDER_WEIGHTS', 'VERIFY', 'PERSIST', 'HISTORY_ROW', 'NOTIFY']);
    expect(only(t, 'ORDER_WEIGHTS')[0].pair).toEqual({ stableVariant: 'blue', candidateVariant: 'green' });
    expect(only(t, 'PERSIST')[0]).toMatchObject({ state: { phase: 'ABORTED', cause: 'DEPLOY_REVERTED' }, entries: [{ kind: 'RESTORED_AFTER_PROMOTION' }] });
  });

  test('after a promotion whose idle slot was scaled down: the restore onto it is raised loudly with the old count', () => {
    const scaled = rec(plan, { phase: 'PROMOTED', stepIndex: 1, weights: ALL_CANDIDATE,
      idleScale: { variant: 'blue', instanceCount: 1, previousInstanceCount: 4, orderedAt: NOW - 900 } }, { candidateModel: 'm2' });
    const t = step(scaled, view({ blue: 0, green: 100 }, { instances: { blue: 1, green: 4 } }), revert);
    expect(only(t, 'ORDER_WEIGHTS')[0]).toMatchObject({ pair: { stableVariant: 'blue' }, weights: ALL_STABLE });
    expect(only(t, 'ALERT')).toEqual([expect.objectContaining({ level: 'error', metric: 'RestoredOntoScaledDownSlot' })]);
    expect(only(t, 'ALERT')[0].message).toContain('scaled down to 1 instance(s) after the post-promotion watch (it had 4)');
  });

  test('after a rollback: stable already serves; read back once more, nothing re-recorded', () => {
    const t = step(rolloutOfM2('ROLLED_BACK', ALL_STABLE), idle, revert);
    expect(kinds(t)).toEqual(['VERIFY']);
    expect(t.deploy).toEqual({ action: 'RESTORE', restoreVariant: 'blue' });
  });

  test('old properties the new code would refuse (a plan, both slots) never fail the rollback', () => {
    const badPlan = update(['m1', 'm2'], ['m1', 'm0'], status, { ...plan, steps: [{ candidatePercent: 250, bakeSeconds: 1 }] });
    expect(step(undefined, idle, badPlan).refused).toBeUndefined();
    const both = step(undefined, idle, update(['m3', 'm2'], ['m1', 'm0'], status));
    expect(both.refused).toBeUndefined();
    expect(both.effects).toEqual([]);
  });
});

describe('DEPLOY: the stack\'s status unknown (DescribeStacks failed or was denied)', () => {
  test('the record is the only evidence: a revert with a record is still known ...', () => {
    expect(step(rolloutOfM2('BAKING'), idle, update(['m1', 'm2'], ['m1', 'm0'])).kind).toBe('ABORT_AND_RESTORE');
  });

  test('... but without one it looks like a forward deploy and would start a rollout (why the trigger needs DescribeStacks)', () => {
    const t = step(undefined, idle, update(['m1', 'm2'], ['m1', 'm0']));
    expect(kinds(t)).toEqual(['START_EXECUTION']);
    expect(step(undefined, idle, update(['m1', 'm2'], ['m1', 'm0'], 'UPDATE_ROLLBACK_IN_PROGRESS')).effects.map((e) => e.kind)).not.toContain('START_EXECUTION');
  });
});

describe('DEPLOY: Delete', () => {
  const del = (): DeployEvent => ({ kind: 'DEPLOY', requestType: 'Delete', props: props('m1', 'm2'), stackStatus: 'DELETE_IN_PROGRESS', nowMs: NOW_MS });

  test('a running rollout is ended ABORTED and its execution stopped; no weights (the endpoint goes with the stack)', () => {
    const t = step(rolloutOfM2('BAKING'), undefined, del());
    expect(kinds(t)).toEqual(['PERSIST', 'HISTORY_ROW', 'STOP_EXECUTION', 'NOTIFY']);
    expect(only(t, 'PERSIST')[0].state).toMatchObject({ phase: 'ABORTED', cause: 'DEPLOY_REVERTED' });
  });

  test('nothing runs: nothing to do', () => {
    expect(step(rolloutOfM2('PROMOTED', ALL_CANDIDATE), undefined, del()).effects).toEqual([]);
  });
});

describe('DRAIN (the guard, before the endpoint update)', () => {
  const drain = (from: [string, string], to: [string, string], live: Record<string, string> | undefined = { blue: from[0], green: from[1] }): DrainEvent =>
    ({ kind: 'DRAIN', requestType: 'Update', props: props(...to), oldProps: props(...from), liveModels: live && new Map(Object.entries(live)) });

  test('the changed slot still serves some traffic: stable ordered on the other slot and read back', () => {
    const t = step(undefined, view({ blue: 80, green: 20 }), drain(['m1', 'm0'], ['m1', 'm2']));
    expect(kinds(t)).toEqual(['ORDER_WEIGHTS', 'VERIFY']);
    expect(only(t, 'ORDER_WEIGHTS')[0]).toEqual({ kind: 'ORDER_WEIGHTS', pair: { stableVariant: 'blue', candidateVariant: 'green' }, weights: ALL_STABLE });
    expect(t.drain).toEqual({ drainedVariant: 'green', servingVariant: 'blue' });
  });

  test('already at weight 0: nothing to order', () => {
    const t = step(undefined, idle, drain(['m1', 'm0'], ['m1', 'm2']));
    expect(t.effects).toEqual([]);
    expect(t.drain).toEqual({ drainedVariant: 'green', servingVariant: 'blue' });
  });

  test('a stack rollback whose endpoint update never ran (the endpoint already serves the old models): nothing', () => {
    const t = step(undefined, view({ blue: 100, green: 0 }), drain(['m1', 'm2'], ['m1', 'm0'], { blue: 'm1', green: 'm0' }));
    expect(t.kind).toBe('NOTHING');
    expect(t.effects).toEqual([]);
  });

  test.each([
    ['of the slot that serves', undefined, view({ blue: 100, green: 0 }), drain(['m1', 'm0'], ['m3', 'm0']), /changes the model of blue, which serves 100%/],
    ['under an active rollout', rolloutOfM2('BAKING'), view({ blue: 90, green: 10 }), drain(['m1', 'm2'], ['m1', 'm4']), /still active.*rollout abort ep/],
  ])('refused: a change %s', (_why, record, live, event, reason) => {
    const t = step(record, live, event);
    expect(t.refused).toBe(true);
    expect(t.effects).toEqual([]);
    expect(t.reason).toMatch(reason);
  });
});
