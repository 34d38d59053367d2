/**
 * CloudFormation's sequences run against the real guard, trigger and controller handlers (in an in-memory AWS):
 * create; update; update-rollback with the failure before, during and after the rollout and after promotion;
 * cancel-update; the custom resource's time limit (rollout at its deadline, or controller dead); delete during a
 * rollout. CloudFormation updates guard → endpoint → trigger and rolls back in reverse (trigger → endpoint → guard).
 * For every path: 100% on a model that served before the deploy or passed its rollout, no execution left running,
 * and no handler error during the rollback (the stack can finish: no UPDATE_ROLLBACK_FAILED).
 */
import { canary, RolloutPlan, RolloutTriggerProperties } from '../../../lambda/core/rollout';
import { handler as controller } from '../../../lambda/handlers/rollout-controller';
import { handler as guard } from '../../../lambda/handlers/rollout-guard';
import { isComplete, onEvent } from '../../../lambda/handlers/rollout-trigger';
import type { IsCompleteEvent } from '../../../lambda/handlers/rollout-trigger/events';
import { captureLogs, controllableClock, fastTiming } from '../handlers/support';
import { CfnWorld } from './cfn-world';

type Models = Record<string, string>;
const BEFORE: Models = { blue: 'm1', green: 'm0' };
const AFTER: Models = { blue: 'm1', green: 'm2' };

function props(models: Models, plan: RolloutPlan): RolloutTriggerProperties {
  return { EndpointName: 'ep', Variants: ['blue', 'green'], VariantModels: models, Plan: JSON.stringify(plan),
    SlotAlarmNames: { blue: ['blue-5xx'], green: ['green-5xx'] } };
}

type FailAt = 'none' | 'before-trigger' | 'during' | 'after-promotion' | 'cancel-during' | 'time-limit-controller-dead';

class Stack {
  readonly w = new CfnWorld();
  readonly clock = controllableClock();
  rollbackErrors: string[] = [];
  triggerData: IsCompleteEvent['Data'];

  constructor(readonly plan: RolloutPlan) {}

  async create(models: Models): Promise<void> {
    const p = props(models, this.plan);
    await guard({ RequestType: 'Create', ResourceProperties: p });
    this.w.endpoint = { exists: true, slots: { blue: { model: models.blue, weight: 100 }, green: { model: models.green, weight: 0 } } };
    const r = await onEvent({ RequestType: 'Create', ResourceProperties: p });
    await this.pollTrigger({ RequestType: 'Create', ResourceProperties: p, Data: r.Data });
  }

  /** CloudFormation's endpoint update: new models, weights retained (RetainAllVariantProperties). */
  endpointUpdate(models: Models): void {
    for (const [v, m] of Object.entries(models)) this.w.endpoint.slots[v].model = m;
  }

  /** Runs the rollout's execution: start, then steps with the clock moving by each wait, until it ends or `until` says stop. */
  async runExecution(until: (phase: string) => boolean = () => false): Promise<void> {
    const [arn] = this.w.running();
    if (!arn) return;
    const exec = this.w.executions.get(arn)!;
    let r = await controller({ action: 'start', input: exec.input, executionArn: arn });
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
    for (let i = 0; i < 50; i++) {
      const out = await isComplete(e);
      if (out.IsComplete) return;
      this.clock.advance(30);
    }
    throw new Error('isComplete never completed');
  }

  /** One deploy from `from` to `to`, failing at `failAt`; then CloudFormation's rollback when it failed. */
  async deploy(from: Models, to: Models, failAt: FailAt): Promise<'UPDATE_COMPLETE' | 'UPDATE_ROLLBACK_COMPLETE'> {
    const [oldP, newP] = [props(from, this.plan), props(to, this.plan)];
    await guard({ RequestType: 'Update', PhysicalResourceId: 'g', ResourceProperties: newP, OldResourceProperties: oldP });
    this.endpointUpdate(to);
    let updated: Array<'trigger' | 'endpoint' | 'guard'> = ['guard', 'endpoint'];
    let failed = failAt === 'before-trigger';
    if (!failed) {
      const r = await onEvent({ RequestType: 'Update', PhysicalResourceId: 'rollout:ep', ResourceProperties: newP, OldResourceProperties: oldP });
      updated = ['guard', 'endpoint', 'trigger'];
      const stopAt = failAt === 'during' || failAt === 'cancel-during' ? (p: string) => p === 'BAKING'
        : failAt === 'time-limit-controller-dead' ? (p: string) => p === 'BAKING' : undefined;
      await this.runExecution(stopAt);
      if (failAt === 'time-limit-controller-dead') this.clock.advance(3600);
      if (stopAt) {
        failed = true;
      } else {
        try {
          await this.pollTrigger({ RequestType: 'Update', ResourceProperties: newP, OldResourceProperties: oldP, Data: r.Data });
        } catch {
          failed = true; // the rollout did not promote: the deploy fails
        }
      }
      if (failAt === 'after-promotion') failed = true; // another resource of the stack fails after the rollout
    }
    if (!failed) return 'UPDATE_COMPLETE';
    // The rollback: the same resources, old properties, reverse order.
    for (const r of [...updated].reverse()) {
      try {
        if (r === 'trigger') {
          const out = await onEvent({ RequestType: 'Update', PhysicalResourceId: 'rollout:ep', ResourceProperties: oldP, OldResourceProperties: newP });
          await this.pollTrigger({ RequestType: 'Update', ResourceProperties: oldP, OldResourceProperties: newP, Data: out.Data });
        } else if (r === 'endpoint') {
          this.endpointUpdate(from);
        } else {
          await guard({ RequestType: 'Update', PhysicalResourceId: 'g', ResourceProperties: oldP, OldResourceProperties: newP });
        }
      } catch (e) {
        this.rollbackErrors.push(`${r}: ${(e as Error).message}`);
      }
    }
    return 'UPDATE_ROLLBACK_COMPLETE';
  }

  async deleteStack(): Promise<void> {
    await onEvent({ RequestType: 'Delete', PhysicalResourceId: 'rollout:ep', ResourceProperties: props(AFTER, this.plan) });
    this.w.endpoint.exists = false;
    await guard({ RequestType: 'Delete', PhysicalResourceId: 'g', ResourceProperties: props(AFTER, this.plan) });
  }
}

function expectEndOf(stack: Stack, serving: string, status: string, got: string): void {
  expect({ status: got, serving: stack.w.serving(), running: stack.w.running(), rollbackErrors: stack.rollbackErrors })
    .toEqual({ status, serving: [serving], running: [], rollbackErrors: [] });
}

describe('CloudFormation sequences end on a known-good model, with nothing left running', () => {
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

  const expectEnd = (serving: string, status: string, got: string) => expectEndOf(stack, serving, status, got);

  test('create: the initial model serves; no rollout', async () => {
    await stack.create(BEFORE);
    expect(stack.w.executions.size).toBe(0);
    await expectEnd('m1', 'CREATE_COMPLETE', 'CREATE_COMPLETE');
  });

  test('update: the candidate passes its rollout and serves 100%', async () => {
    await stack.create(BEFORE);
    await expectEnd('m2', 'UPDATE_COMPLETE', await stack.deploy(BEFORE, AFTER, 'none'));
    expect(stack.w.item?.state.phase).toBe('PROMOTED');
  });

  test('update-rollback before the rollout (a resource fails before the trigger): the old model never left', async () => {
    await stack.create(BEFORE);
    await expectEnd('m1', 'UPDATE_ROLLBACK_COMPLETE', await stack.deploy(BEFORE, AFTER, 'before-trigger'));
    expect(stack.w.executions.size).toBe(0);
  });

  test('update-rollback during the rollout: the running rollout is stopped, the stable slot restored', async () => {
    await stack.create(BEFORE);
    await expectEnd('m1', 'UPDATE_ROLLBACK_COMPLETE', await stack.deploy(BEFORE, AFTER, 'during'));
    expect(stack.w.item?.state).toMatchObject({ phase: 'ABORTED', cause: 'DEPLOY_REVERTED' });
  });

  test('cancel-update during the rollout: the same rollback', async () => {
    await stack.create(BEFORE);
    await expectEnd('m1', 'UPDATE_ROLLBACK_COMPLETE', await stack.deploy(BEFORE, AFTER, 'cancel-during'));
  });

  test('the time limit with the controller dead: the rollback stops the orphan and restores stable', async () => {
    await stack.create(BEFORE);
    await expectEnd('m1', 'UPDATE_ROLLBACK_COMPLETE', await stack.deploy(BEFORE, AFTER, 'time-limit-controller-dead'));
  });

  test('update-rollback after the rollout failed (an alarm rolled it back): stable keeps serving', async () => {
    await stack.create(BEFORE);
    stack.w.aws.cloudwatch.on((await import('@aws-sdk/client-cloudwatch')).DescribeAlarmsCommand).callsFake((input) => ({
      MetricAlarms: (input.AlarmNames ?? []).map((n: string) => ({ AlarmName: n,
        StateValue: n === 'green-5xx' && stack.w.endpoint.slots.green.weight > 0 ? 'ALARM' : 'OK' })),
    }));
    // The candidate's alarm fires once it serves (the controller reads it at each step) and rolls it back.
    await expectEnd('m1', 'UPDATE_ROLLBACK_COMPLETE', await stack.deploy(BEFORE, AFTER, 'none'));
    expect(stack.w.item?.state).toMatchObject({ phase: 'ROLLED_BACK' });
  });

  test('update-rollback after promotion: the slot that served before the deploy is restored before the endpoint reverts', async () => {
    await stack.create(BEFORE);
    await expectEnd('m1', 'UPDATE_ROLLBACK_COMPLETE', await stack.deploy(BEFORE, AFTER, 'after-promotion'));
    // The reverted green slot holds its old model again, at weight 0: never served unchecked.
    expect(stack.w.endpoint.slots.green).toEqual({ model: 'm0', weight: 0 });
  });

  test('delete during a rollout: the execution is stopped', async () => {
    await stack.create(BEFORE);
    const newP = props(AFTER, plan);
    await guard({ RequestType: 'Update', PhysicalResourceId: 'g', ResourceProperties: newP, OldResourceProperties: props(BEFORE, plan) });
    stack.endpointUpdate(AFTER);
    await onEvent({ RequestType: 'Update', PhysicalResourceId: 'rollout:ep', ResourceProperties: newP, OldResourceProperties: props(BEFORE, plan) });
    await stack.runExecution((p) => p === 'BAKING');
    expect(stack.w.running()).toHaveLength(1);
    await stack.deleteStack();
    expect(stack.w.running()).toEqual([]);
    expect(stack.w.item?.state.phase).toBe('ABORTED');
  });
});

describe('the custom resource\'s time limit', () => {
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

  test('the time limit reached by the rollout: its deadline fails it before CloudFormation\'s hour, stable serves', async () => {
    await stack.create(BEFORE);
    const t0 = Date.now();
    expectEndOf(stack, 'm1', 'UPDATE_ROLLBACK_COMPLETE', await stack.deploy(BEFORE, AFTER, 'none'));
    expect(stack.w.item?.state.cause).toBe('DEADLINE');
    expect((Date.now() - t0) / 1000).toBeLessThan(3600);
  });

});
