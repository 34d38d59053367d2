/**
 * The lifecycle table: CloudFormation's paths (create; update; update-rollback before the rollout, during each phase,
 * after an alarm rollback and after promotion; cancel-update in each phase; the custom resource's time limit (the
 * rollout at its deadline, or the controller dead); delete; a redelivered event; the trigger failing before the
 * record; a rollback after a library upgrade), each crossed with the ways SageMaker takes a weight order (INSTANT,
 * SLOW: Updating for a few reads, REFUSED: "Cannot update in-progress endpoint" first). Every row: 100% of the pair on
 * a model that served before the deploy or passed its rollout (after any order still in flight lands), no execution
 * running, the record true to the live weights, and no handler error during the rollback (no UPDATE_ROLLBACK_FAILED).
 * The same table runs in memory (cloudformation-sequences.test.ts) and through the shipped bundles against moto_server
 * (test/integration/lifecycle-table.moto.test.ts).
 */
import { isTerminal, RolloutPlan } from '../../../lambda/core/rollout';
import type { LifecycleWorld, OrderMode } from './lifecycle-world';
import { AFTER, BEFORE, FailAt, Stack, tablePlan } from './stack-driver';

/** One row of the lifecycle table (docs/rollout-lifecycle.md describes what the trigger does on each path). */
export interface Row {
  readonly path: string;
  readonly failAt: FailAt;
  readonly serving: string;
  readonly status: string;
  /** The record's phase at the end (undefined: no rollout recorded). */
  readonly phase?: string;
  readonly alarm?: boolean;
}

export const ROWS: Row[] = [
  { path: 'update: the candidate passes its rollout', failAt: 'none', serving: 'm2', status: 'UPDATE_COMPLETE', phase: 'PROMOTED' },
  { path: 'update delivered twice (redelivered event)', failAt: 'redelivered', serving: 'm2', status: 'UPDATE_COMPLETE', phase: 'PROMOTED' },
  { path: 'update delivered twice before its first step', failAt: 'redelivered-before-record', serving: 'm2', status: 'UPDATE_COMPLETE', phase: 'PROMOTED' },
  { path: 'update-rollback before the trigger', failAt: 'before-trigger', serving: 'm1', status: 'UPDATE_ROLLBACK_COMPLETE' },
  { path: 'update-rollback during the shift', failAt: 'during-shifting', serving: 'm1', status: 'UPDATE_ROLLBACK_COMPLETE', phase: 'ABORTED' },
  { path: 'update-rollback during the bake', failAt: 'during', serving: 'm1', status: 'UPDATE_ROLLBACK_COMPLETE', phase: 'ABORTED' },
  { path: 'cancel-update during the shift', failAt: 'cancel-during-shifting', serving: 'm1', status: 'UPDATE_ROLLBACK_COMPLETE', phase: 'ABORTED' },
  { path: 'cancel-update during the bake', failAt: 'cancel-during', serving: 'm1', status: 'UPDATE_ROLLBACK_COMPLETE', phase: 'ABORTED' },
  { path: 'update-rollback after an alarm rollback', failAt: 'none', alarm: true, serving: 'm1', status: 'UPDATE_ROLLBACK_COMPLETE', phase: 'ROLLED_BACK' },
  { path: 'update-rollback after promotion', failAt: 'after-promotion', serving: 'm1', status: 'UPDATE_ROLLBACK_COMPLETE', phase: 'ABORTED' },
  { path: 'custom-resource time limit, controller dead', failAt: 'time-limit-controller-dead', serving: 'm1', status: 'UPDATE_ROLLBACK_COMPLETE', phase: 'ABORTED' },
  { path: 'trigger fails before the record (StartExecution throttled)', failAt: 'trigger-fails-before-record', serving: 'm1', status: 'UPDATE_ROLLBACK_COMPLETE' },
  { path: 'rollback after a library upgrade (old plan refused by new validation)', failAt: 'upgrade-rollback', serving: 'm1', status: 'UPDATE_ROLLBACK_COMPLETE', phase: 'ABORTED' },
];

/** Every path of the table, in order, as docs/rollout-lifecycle.md lists them. */
export const PATHS = ['create', ...ROWS.map((r) => r.path), 'delete during a rollout', 'custom-resource time limit, the rollout at its deadline'];

/**
 * The row's end: after any order still in flight lands, 100% of the pair on `serving`, nothing running, no error in the
 * rollback, and the record (when there is one) ended and true to the live weights.
 */
async function expectEndOf(stack: Stack, serving: string, status: string, got: string): Promise<void> {
  const w = stack.w;
  await w.settle();
  const slots = await w.slots();
  const servingNow = Object.values(slots ?? {}).filter((s) => s.weight > 0).map((s) => s.model);
  expect({ status: got, serving: servingNow, running: (await w.running()).map((e) => e.arn), rollbackErrors: stack.rollbackErrors,
    deadLetters: w.deadLetters() }).toEqual({ status, serving: [serving], running: [], rollbackErrors: [], deadLetters: [] });
  const rec = await w.record();
  if (!rec) return;
  expect(isTerminal(rec.state.phase)).toBe(true);
  if (!slots) return;
  expect({ stable: slots[rec.stableVariant].weight, candidate: slots[rec.candidateVariant].weight }).toEqual(rec.state.weights);
}

/** A world per test, and how it is set up and torn down around each (e.g. timings, log capture). */
export interface TableSetup {
  readonly newWorld: () => Promise<LifecycleWorld>;
  readonly beforeEach?: () => void;
}

/** Defines the table's tests for each mode, each row in a world of its own. */
export function lifecycleTable(modes: OrderMode[], setup: TableSetup): void {
  const plan = tablePlan(120);
  describe.each(modes)('the lifecycle table, weight orders %s', (mode) => {
    let stack: Stack | undefined;
    const newStack = async (p: RolloutPlan) => {
      setup.beforeEach?.();
      stack = new Stack(await setup.newWorld(), p);
      return stack;
    };
    afterEach(async () => {
      await stack?.w.dispose();
      stack = undefined;
    });

    test('create: the initial model serves; no rollout', async () => {
      const s = await newStack(plan);
      s.w.setOrderMode(mode);
      await s.create(BEFORE);
      expect(await s.w.executionCount()).toBe(0);
      await expectEndOf(s, 'm1', 'CREATE_COMPLETE', 'CREATE_COMPLETE');
    });

    test.each(ROWS)('$path', async (row) => {
      const s = await newStack(plan);
      await s.create(BEFORE);
      s.w.setOrderMode(mode);
      // The candidate's alarm fires once it serves (the controller reads it at each step) and rolls it back.
      if (row.alarm) s.w.alarmWhileGreenServes();
      await expectEndOf(s, row.serving, row.status, await s.deploy(BEFORE, AFTER, row.failAt));
      expect((await s.w.record())?.state.phase).toBe(row.phase);
      // The mode was exercised: every order taken was refused first (REFUSED) or overlapped by another (SLOW, sometimes).
      const orders = s.w.orders();
      if (mode === 'REFUSED') expect(orders.refused).toBeGreaterThanOrEqual(2 * orders.taken);
      if (mode === 'INSTANT') expect(orders.refused).toBe(0);
      // A reverted green slot holds its old model again: never served unchecked.
      if (row.status === 'UPDATE_ROLLBACK_COMPLETE') expect((await s.w.slots())!.green.model).toBe('m0');
    });

    test('delete during a rollout: the execution is stopped', async () => {
      const s = await newStack(plan);
      await s.create(BEFORE);
      s.w.setOrderMode(mode);
      await s.startRollout(BEFORE, AFTER);
      expect(await s.w.running()).toHaveLength(1);
      await s.deleteStack();
      expect(await s.w.running()).toEqual([]);
      expect((await s.w.record())?.state.phase).toBe('ABORTED');
    });

    test('custom-resource time limit, the rollout at its deadline: it fails before CloudFormation\'s hour, stable serves', async () => {
      // A 55-minute bake: longer than the 52 minutes a deploy-started rollout may run.
      const s = await newStack(tablePlan(3300));
      await s.create(BEFORE);
      s.w.setOrderMode(mode);
      const t0 = Date.now();
      await expectEndOf(s, 'm1', 'UPDATE_ROLLBACK_COMPLETE', await s.deploy(BEFORE, AFTER, 'none'));
      expect((await s.w.record())?.state.cause).toBe('DEADLINE');
      expect((Date.now() - t0) / 1000).toBeLessThan(3600);
    });
  });
}
