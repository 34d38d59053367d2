/**
 * The lifecycle table: CloudFormation's paths run against the real guard, trigger and controller handlers (in an
 * in-memory AWS, cfn-world.ts): create; update; update-rollback before the rollout, during each phase, after an alarm
 * rollback and after promotion; cancel-update in each phase; the custom resource's time limit (the rollout at its
 * deadline, or the controller dead); delete; a redelivered event; the trigger failing before the record; a rollback
 * after a library upgrade. Each path is crossed with the ways SageMaker takes a weight order (INSTANT, SLOW: Updating
 * for a few reads, REFUSED: "Cannot update in-progress endpoint" first). CloudFormation updates guard → endpoint →
 * trigger and rolls back in reverse (trigger → endpoint → guard), the endpoint update keeping live weights; the stack's
 * status is what DescribeStacks answers. Every row: 100% of the pair on a model that served before the deploy or
 * passed its rollout (after any order still in flight lands), no execution running, the record true to the live
 * weights, and no handler error during the rollback (no UPDATE_ROLLBACK_FAILED).
 */
import * as fs from 'fs';
import * as path from 'path';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { canary, isTerminal, RolloutPlan, RolloutTriggerProperties } from '../../../lambda/core/rollout';
import { handler as controller } from '../../../lambda/handlers/rollout-controller';
import { handler as guard } from '../../../lambda/handlers/rollout-guard';
import { isComplete, onEvent } from '../../../lambda/handlers/rollout-trigger';
import type { IsCompleteEvent } from '../../../lambda/handlers/rollout-trigger/events';
import { captureLogs, controllableClock, fastTiming } from '../handlers/support';
import { CfnWorld, OrderMode } from './cfn-world';

type Models = Record<string, string>;
const BEFORE: Models = { blue: 'm1', green: 'm0' };
const AFTER: Models = { blue: 'm1', green: 'm2' };

function props(models: Models, plan: RolloutPlan): RolloutTriggerProperties {
  return { EndpointName: 'ep', Variants: ['blue', 'green'], VariantModels: models, Plan: JSON.stringify(plan),
    SlotAlarmNames: { blue: ['blue-5xx'], green: ['green-5xx'] } };
}

type FailAt = 'none' | 'before-trigger' | 'during-shifting' | 'during' | 'after-promotion' | 'cancel-during-shifting' | 'cancel-during'
  | 'time-limit-controller-dead' | 'redelivered' | 'redelivered-before-record' | 'trigger-fails-before-record' | 'upgrade-rollback';
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/app/1';
/** A plan the previous release wrote that this release's validation refuses (an onMaxHold it no longer knows). */
const OLD_RELEASE_PLAN = JSON.stringify({ ...canary(10, 120, { minInvocationsPerStep: 0 }), onMaxHold: 'IGNORE' });

class Stack {
  readonly w = new CfnWorld();
  readonly clock = controllableClock();
  rollbackErrors: string[] = [];
  triggerData: IsCompleteEvent['Data'];

  constructor(readonly plan: RolloutPlan) {}

  async create(models: Models): Promise<void> {
    const p = props(models, this.plan);
    this.w.stackStatus = 'CREATE_IN_PROGRESS';
    await guard({ RequestType: 'Create', ResourceProperties: p });
    this.w.endpoint = { exists: true, slots: { blue: { model: models.blue, weight: 100 }, green: { model: models.green, weight: 0 } } };
    const r = await onEvent({ RequestType: 'Create', StackId: STACK_ID, ResourceProperties: p });
    await this.pollTrigger({ RequestType: 'Create', StackId: STACK_ID, ResourceProperties: p, Data: r.Data });
    this.w.stackStatus = 'CREATE_COMPLETE';
  }

  /** CloudFormation's endpoint update: new models, weights retained (RetainAllVariantProperties). */
  endpointUpdate(models: Models): void {
    for (const [v, m] of Object.entries(models)) this.w.endpoint.slots[v].model = m;
  }

  /** Runs the rollout's execution: start, then steps with the clock moving by each wait, until it ends or `until` says stop. */
  async runExecution(until: (phase: string) => boolean = () => false, resume = false): Promise<void> {
    const [arn] = this.w.running();
    if (!arn) return;
    const exec = this.w.executions.get(arn)!;
    let r = resume ? await controller({ action: 'step', endpointName: 'ep', rolloutId: exec.input.rolloutId })
      : await controller({ action: 'start', input: exec.input, executionArn: arn });
    for (let i = 0; i < 10000 && exec.status === 'RUNNING'; i++) {
      if (r.kind !== 'WAIT') {
        exec.status = r.kind === 'COMPLETE' ? 'SUCCEEDED' : 'FAILED';
        return;
      }
      if (until(r.phase)) return;
      this.clock.advance(Math.max(1, r.waitSeconds));
      r = await controller({ action: 'step', endpointName: 'ep', rolloutId: exec.input.rolloutId });
    }
  }

  async pollTrigger(e: IsCompleteEvent): Promise<void> {
    // Every 30 s for the provider's hour.
    for (let i = 0; i < 120; i++) {
      const out = await isComplete(e);
      if (out.IsComplete) return;
      this.clock.advance(30);
    }
    throw new Error('isComplete never completed');
  }

  /** One deploy from `from` to `to`, failing at `failAt`; then CloudFormation's rollback when it failed. */
  async deploy(from: Models, to: Models, failAt: FailAt): Promise<'UPDATE_COMPLETE' | 'UPDATE_ROLLBACK_COMPLETE'> {
    // After an upgrade-rollback the stack was deployed by the previous release: its old properties carry that release's plan.
    const oldP = { ...props(from, this.plan), ...(failAt === 'upgrade-rollback' ? { Plan: OLD_RELEASE_PLAN } : {}) };
    const newP = props(to, this.plan);
    const forward = { RequestType: 'Update' as const, RequestId: 'c6a1f2e0-7b1d-4c2e-9d3f-0a1b2c3d4e5f', PhysicalResourceId: 'rollout:ep', StackId: STACK_ID,
      ResourceProperties: newP, OldResourceProperties: oldP };
    this.w.stackStatus = 'UPDATE_IN_PROGRESS';
    await guard({ RequestType: 'Update', PhysicalResourceId: 'g', ResourceProperties: newP, OldResourceProperties: oldP });
    this.endpointUpdate(to);
    let updated: Array<'trigger' | 'endpoint' | 'guard'> = ['guard', 'endpoint'];
    let failed = failAt === 'before-trigger';
    if (!failed) {
      updated = ['guard', 'endpoint', 'trigger'];
      if (failAt === 'trigger-fails-before-record') {
        // StartExecution at its limit: the trigger fails before any rollout is recorded.
        this.w.aws.sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
      }
      let r: Awaited<ReturnType<typeof onEvent>> | undefined;
      try {
        r = await onEvent(forward);
        if (failAt === 'redelivered-before-record') {
          // The same Update delivered again (same RequestId) before the execution's first step writes the record.
          this.clock.advance(5);
          r = await onEvent(forward);
        }
        if (failAt === 'redelivered') {
          // The same Update delivered again while its rollout bakes (its record written by the first step).
          await this.runExecution((p) => p === 'BAKING');
          r = await onEvent(forward);
        }
      } catch {
        failed = true;
      }
      const phaseOf: Partial<Record<FailAt, string>> = { 'during-shifting': 'SHIFTING', 'cancel-during-shifting': 'SHIFTING',
        'during': 'BAKING', 'cancel-during': 'BAKING', 'time-limit-controller-dead': 'BAKING' };
      const stopPhase = phaseOf[failAt];
      if (!failed) {
        await this.runExecution(stopPhase ? (p) => p === stopPhase : undefined, failAt === 'redelivered');
        if (failAt === 'time-limit-controller-dead') this.clock.advance(3600);
        if (stopPhase) {
          failed = true;
        } else {
          try {
            await this.pollTrigger({ ...forward, Data: r!.Data });
          } catch {
            failed = true; // the rollout did not promote: the deploy fails
          }
        }
      }
      if (failAt === 'after-promotion' || failAt === 'upgrade-rollback') failed = true; // another resource fails after the rollout
    }
    if (!failed) {
      this.w.stackStatus = 'UPDATE_COMPLETE';
      return 'UPDATE_COMPLETE';
    }
    // The rollback: the same resources, old properties, reverse order.
    this.w.stackStatus = 'UPDATE_ROLLBACK_IN_PROGRESS';
    this.beforeRollback?.();
    for (const res of [...updated].reverse()) {
      try {
        if (res === 'trigger') {
          const back = { RequestType: 'Update' as const, RequestId: '0f9e8d7c-6b5a-4e3d-8c2b-1a0f9e8d7c6b', PhysicalResourceId: 'rollout:ep', StackId: STACK_ID,
            ResourceProperties: oldP, OldResourceProperties: newP };
          const out = await onEvent(back);
          await this.pollTrigger({ ...back, Data: out.Data });
        } else if (res === 'endpoint') {
          this.endpointUpdate(from);
        } else {
          await guard({ RequestType: 'Update', PhysicalResourceId: 'g', ResourceProperties: oldP, OldResourceProperties: newP });
        }
      } catch (e) {
        this.rollbackErrors.push(`${res}: ${(e as Error).message}`);
      }
    }
    this.w.stackStatus = 'UPDATE_ROLLBACK_COMPLETE';
    return 'UPDATE_ROLLBACK_COMPLETE';
  }

  /** Called as the stack's rollback starts (a row can change how SageMaker answers from then on). */
  beforeRollback?: () => void;

  async deleteStack(): Promise<void> {
    this.w.stackStatus = 'DELETE_IN_PROGRESS';
    await onEvent({ RequestType: 'Delete', PhysicalResourceId: 'rollout:ep', StackId: STACK_ID, ResourceProperties: props(AFTER, this.plan) });
    this.w.endpoint.exists = false;
    await guard({ RequestType: 'Delete', PhysicalResourceId: 'g', ResourceProperties: props(AFTER, this.plan) });
  }
}

/**
 * The row's end: after any order still in flight lands, 100% of the pair on `serving`, nothing running, no error in the
 * rollback, and the record (when there is one) ended and true to the live weights.
 */
function expectEndOf(stack: Stack, serving: string, status: string, got: string): void {
  stack.w.settle();
  expect({ status: got, serving: stack.w.serving(), running: stack.w.running(), rollbackErrors: stack.rollbackErrors })
    .toEqual({ status, serving: [serving], running: [], rollbackErrors: [] });
  const rec = stack.w.item;
  if (!rec) return;
  expect(isTerminal(rec.state.phase)).toBe(true);
  const slots = stack.w.endpoint.slots;
  if (!stack.w.endpoint.exists) return;
  expect({ stable: slots[rec.stableVariant].weight, candidate: slots[rec.candidateVariant].weight }).toEqual(rec.state.weights);
}

/** One row of the lifecycle table (docs/rollout-lifecycle.md describes what the trigger does on each path). */
interface Row {
  readonly path: string;
  readonly failAt: FailAt;
  readonly serving: string;
  readonly status: string;
  /** The record's phase at the end (undefined: no rollout recorded). */
  readonly phase?: string;
  readonly alarm?: boolean;
}

const ROWS: Row[] = [
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
const MODES: OrderMode[] = ['INSTANT', 'SLOW', 'REFUSED'];

describe.each(MODES)('the lifecycle table, weight orders %s', (mode) => {
  const plan = canary(10, 120, { minInvocationsPerStep: 0 });
  let stack: Stack;
  beforeAll(fastTiming);
  beforeEach(() => {
    captureLogs();
    stack = new Stack(plan);
  });
  afterEach(() => {
    stack.clock.restore();
    stack.w.aws.restore();
  });

  test('create: the initial model serves; no rollout', async () => {
    stack.w.orderMode = mode;
    await stack.create(BEFORE);
    expect(stack.w.executions.size).toBe(0);
    expectEndOf(stack, 'm1', 'CREATE_COMPLETE', 'CREATE_COMPLETE');
  });

  test.each(ROWS)('$path', async (row) => {
    await stack.create(BEFORE);
    stack.w.orderMode = mode;
    if (row.alarm) {
      // The candidate's alarm fires once it serves (the controller reads it at each step) and rolls it back.
      stack.w.aws.cloudwatch.on((await import('@aws-sdk/client-cloudwatch')).DescribeAlarmsCommand).callsFake((input) => ({
        MetricAlarms: (input.AlarmNames ?? []).map((n: string) => ({ AlarmName: n,
          StateValue: n === 'green-5xx' && stack.w.endpoint.slots.green.weight > 0 ? 'ALARM' : 'OK' })),
      }));
    }
    expectEndOf(stack, row.serving, row.status, await stack.deploy(BEFORE, AFTER, row.failAt));
    expect(stack.w.item?.state.phase).toBe(row.phase);
    // The mode was exercised: every order taken was refused first (REFUSED) or overlapped by another (SLOW, sometimes).
    if (mode === 'REFUSED') expect(stack.w.ordersRefused).toBeGreaterThanOrEqual(2 * stack.w.ordersTaken);
    if (mode === 'INSTANT') expect(stack.w.ordersRefused).toBe(0);
    // A reverted green slot holds its old model again: never served unchecked.
    if (row.status === 'UPDATE_ROLLBACK_COMPLETE') expect(stack.w.endpoint.slots.green.model).toBe('m0');
  });

  test('delete during a rollout: the execution is stopped', async () => {
    await stack.create(BEFORE);
    stack.w.orderMode = mode;
    const newP = props(AFTER, plan);
    await guard({ RequestType: 'Update', PhysicalResourceId: 'g', ResourceProperties: newP, OldResourceProperties: props(BEFORE, plan) });
    stack.endpointUpdate(AFTER);
    await onEvent({ RequestType: 'Update', PhysicalResourceId: 'rollout:ep', StackId: STACK_ID, ResourceProperties: newP, OldResourceProperties: props(BEFORE, plan) });
    await stack.runExecution((p) => p === 'BAKING');
    expect(stack.w.running()).toHaveLength(1);
    await stack.deleteStack();
    expect(stack.w.running()).toEqual([]);
    expect(stack.w.item?.state.phase).toBe('ABORTED');
  });
});

describe.each(MODES)('the custom resource\'s time limit, weight orders %s', (mode) => {
  let stack: Stack;
  beforeAll(fastTiming);
  beforeEach(() => {
    captureLogs();
    // A 55-minute bake: longer than the 52 minutes a deploy-started rollout may run.
    stack = new Stack(canary(10, 3300, { minInvocationsPerStep: 0 }));
  });
  afterEach(() => {
    stack.clock.restore();
    stack.w.aws.restore();
  });

  test('custom-resource time limit, the rollout at its deadline: it fails before CloudFormation\'s hour, stable serves', async () => {
    await stack.create(BEFORE);
    stack.w.orderMode = mode;
    const t0 = Date.now();
    expectEndOf(stack, 'm1', 'UPDATE_ROLLBACK_COMPLETE', await stack.deploy(BEFORE, AFTER, 'none'));
    expect(stack.w.item?.state.cause).toBe('DEADLINE');
    expect((Date.now() - t0) / 1000).toBeLessThan(3600);
  });

});

test('docs/rollout-lifecycle.md lists exactly the paths of this table', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'rollout-lifecycle.md'), 'utf8');
  const listed = doc.split('<!-- lifecycle-rows:start -->')[1].split('<!-- lifecycle-rows:end -->')[0]
    .split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(2));
  expect(listed).toEqual(['create', ...ROWS.map((r) => r.path), 'delete during a rollout', 'custom-resource time limit, the rollout at its deadline']);
});
