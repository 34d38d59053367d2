/**
 * CloudFormation, as the lifecycle table drives it against a LifecycleWorld: create; an update (guard → endpoint →
 * trigger) failing at a given point, then its rollback in reverse (trigger → endpoint → guard) with the old
 * properties; delete. The Step Functions execution is driven here too: start, then steps with the clock moving by
 * each wait. The stack's status is what DescribeStacks answers.
 */
import { canary, RolloutPlan, RolloutTriggerProperties } from '../../../lambda/core/rollout';
import type { IsCompleteEvent } from '../../../lambda/handlers/rollout-trigger/events';
import type { LifecycleWorld, Models } from './lifecycle-world';

export const BEFORE: Models = { blue: 'm1', green: 'm0' };
export const AFTER: Models = { blue: 'm1', green: 'm2' };

export type FailAt = 'none' | 'before-trigger' | 'during-shifting' | 'during' | 'after-promotion' | 'cancel-during-shifting' | 'cancel-during'
  | 'time-limit-controller-dead' | 'redelivered' | 'redelivered-before-record' | 'trigger-fails-before-record' | 'upgrade-rollback';
export const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/app/1';
/**
 * The table's plan: 10% baked for `bakeSeconds`, then 100%; a check a minute (not the default 10 s) keeps the steps,
 * and so the requests to moto_server, few.
 */
export function tablePlan(bakeSeconds: number): RolloutPlan {
  return canary(10, bakeSeconds, { minInvocationsPerStep: 0, checkIntervalSeconds: 60 });
}
/** A plan the previous release wrote that this release's validation refuses (an onMaxHold it no longer knows). */
const OLD_RELEASE_PLAN = JSON.stringify({ ...tablePlan(120), onMaxHold: 'IGNORE' });

let requests = 0;
/** A fresh CloudFormation RequestId (a UUID): the rollout's execution is named after it, unique per state machine. */
function requestId(): string {
  return `c6a1f2e0-7b1d-4c2e-9d3f-${(++requests).toString(16).padStart(12, '0')}`;
}

export class Stack {
  rollbackErrors: string[] = [];

  constructor(readonly w: LifecycleWorld, readonly plan: RolloutPlan) {}

  props(models: Models): RolloutTriggerProperties {
    return { EndpointName: this.w.endpointName, Variants: ['blue', 'green'], VariantModels: models, Plan: JSON.stringify(this.plan),
      SlotAlarmNames: this.w.slotAlarmNames };
  }

  async create(models: Models): Promise<void> {
    const p = this.props(models);
    const h = this.w.handlers;
    this.w.setStackStatus('CREATE_IN_PROGRESS');
    await h.guard({ RequestType: 'Create', ResourceProperties: p });
    await this.w.createEndpoint(models);
    const e = { RequestType: 'Create' as const, RequestId: requestId(), StackId: STACK_ID, ResourceProperties: p };
    const r = await h.onEvent(e);
    await this.pollTrigger({ ...e, Data: r.Data });
    this.w.setStackStatus('CREATE_COMPLETE');
  }

  /** Runs the rollout's execution: start, then steps with the clock moving by each wait, until it ends or `until` says stop. */
  async runExecution(until: (phase: string) => boolean = () => false, resume = false): Promise<void> {
    const [exec] = await this.w.running();
    if (!exec) return;
    const controller = this.w.handlers.controller;
    const step = () => controller({ action: 'step', endpointName: this.w.endpointName, rolloutId: exec.input.rolloutId });
    let r = resume ? await step() : await controller({ action: 'start', input: exec.input, executionArn: exec.arn });
    for (let i = 0; i < 10000 && await this.w.isRunning(exec.arn); i++) {
      if (r.kind !== 'WAIT') {
        await this.w.endExecution(exec.arn, r.kind === 'COMPLETE' ? 'SUCCEEDED' : 'FAILED');
        return;
      }
      if (until(r.phase)) return;
      this.w.advance(Math.max(1, r.waitSeconds));
      r = await step();
    }
  }

  async pollTrigger(e: IsCompleteEvent): Promise<void> {
    // Every 30 s for the provider's hour.
    for (let i = 0; i < 120; i++) {
      const out = await this.w.handlers.isComplete(e);
      if (out.IsComplete) return;
      this.w.advance(30);
    }
    throw new Error('isComplete never completed');
  }

  /** One deploy from `from` to `to`, failing at `failAt`; then CloudFormation's rollback when it failed. */
  async deploy(from: Models, to: Models, failAt: FailAt): Promise<'UPDATE_COMPLETE' | 'UPDATE_ROLLBACK_COMPLETE'> {
    const h = this.w.handlers;
    // After an upgrade-rollback the stack was deployed by the previous release: its old properties carry that release's plan.
    const oldP = { ...this.props(from), ...(failAt === 'upgrade-rollback' ? { Plan: OLD_RELEASE_PLAN } : {}) };
    const newP = this.props(to);
    const forward = { RequestType: 'Update' as const, RequestId: requestId(), PhysicalResourceId: `rollout:${this.w.endpointName}`,
      StackId: STACK_ID, ResourceProperties: newP, OldResourceProperties: oldP };
    this.w.setStackStatus('UPDATE_IN_PROGRESS');
    await h.guard({ RequestType: 'Update', PhysicalResourceId: 'g', ResourceProperties: newP, OldResourceProperties: oldP });
    await this.w.updateEndpoint(to);
    let updated: Array<'trigger' | 'endpoint' | 'guard'> = ['guard', 'endpoint'];
    let failed = failAt === 'before-trigger';
    if (!failed) {
      updated = ['guard', 'endpoint', 'trigger'];
      // StartExecution at its limit: the trigger fails before any rollout is recorded.
      if (failAt === 'trigger-fails-before-record') this.w.throttleStartExecution();
      let r: Awaited<ReturnType<typeof h.onEvent>> | undefined;
      try {
        r = await h.onEvent(forward);
        if (failAt === 'redelivered-before-record') {
          // The same Update delivered again (same RequestId) before the execution's first step writes the record.
          this.w.advance(5);
          r = await h.onEvent(forward);
        }
        if (failAt === 'redelivered') {
          // The same Update delivered again while its rollout bakes (its record written by the first step).
          await this.runExecution((p) => p === 'BAKING');
          r = await h.onEvent(forward);
        }
      } catch {
        failed = true;
      }
      const phaseOf: Partial<Record<FailAt, string>> = { 'during-shifting': 'SHIFTING', 'cancel-during-shifting': 'SHIFTING',
        'during': 'BAKING', 'cancel-during': 'BAKING', 'time-limit-controller-dead': 'BAKING' };
      const stopPhase = phaseOf[failAt];
      if (!failed) {
        await this.runExecution(stopPhase ? (p) => p === stopPhase : undefined, failAt === 'redelivered');
        if (failAt === 'time-limit-controller-dead') this.w.advance(3600);
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
      this.w.setStackStatus('UPDATE_COMPLETE');
      return 'UPDATE_COMPLETE';
    }
    // The rollback: the same resources, old properties, reverse order.
    this.w.setStackStatus('UPDATE_ROLLBACK_IN_PROGRESS');
    for (const res of [...updated].reverse()) {
      try {
        if (res === 'trigger') {
          const back = { RequestType: 'Update' as const, RequestId: requestId(), PhysicalResourceId: `rollout:${this.w.endpointName}`,
            StackId: STACK_ID, ResourceProperties: oldP, OldResourceProperties: newP };
          const out = await h.onEvent(back);
          await this.pollTrigger({ ...back, Data: out.Data });
        } else if (res === 'endpoint') {
          await this.w.updateEndpoint(from);
        } else {
          await h.guard({ RequestType: 'Update', PhysicalResourceId: 'g', ResourceProperties: oldP, OldResourceProperties: newP });
        }
      } catch (e) {
        this.rollbackErrors.push(`${res}: ${(e as Error).message}`);
      }
    }
    this.w.setStackStatus('UPDATE_ROLLBACK_COMPLETE');
    return 'UPDATE_ROLLBACK_COMPLETE';
  }

  /** An update whose rollout is left baking (the stack then deleted by the test). */
  async startRollout(from: Models, to: Models): Promise<void> {
    const h = this.w.handlers;
    const newP = this.props(to);
    await h.guard({ RequestType: 'Update', PhysicalResourceId: 'g', ResourceProperties: newP, OldResourceProperties: this.props(from) });
    await this.w.updateEndpoint(to);
    await h.onEvent({ RequestType: 'Update', RequestId: requestId(), PhysicalResourceId: `rollout:${this.w.endpointName}`, StackId: STACK_ID,
      ResourceProperties: newP, OldResourceProperties: this.props(from) });
    await this.runExecution((p) => p === 'BAKING');
  }

  async deleteStack(): Promise<void> {
    this.w.setStackStatus('DELETE_IN_PROGRESS');
    const p = this.props(AFTER);
    await this.w.handlers.onEvent({ RequestType: 'Delete', PhysicalResourceId: `rollout:${this.w.endpointName}`, StackId: STACK_ID, ResourceProperties: p });
    await this.w.deleteEndpoint();
    await this.w.handlers.guard({ RequestType: 'Delete', PhysicalResourceId: 'g', ResourceProperties: p });
  }
}
