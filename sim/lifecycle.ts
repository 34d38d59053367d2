/**
 * CloudFormation's lifecycle injected into a simulated rollout. Each injection is the deploy trigger's event, fed to
 * the same deployTransition the trigger calls, with the stack's own status:
 *
 *   STACK_ROLLBACK  a later resource of the update failed: the stack is UPDATE_ROLLBACK_IN_PROGRESS and sends the
 *                   trigger an Update back to the old properties (the candidate slot's previous model);
 *   CANCEL_UPDATE   cancel-update-stack: the same rollback status and the same Update;
 *   REDELIVER       the forward deploy's Update delivered again (same RequestId, UPDATE_IN_PROGRESS): a no-op.
 *
 * On a rollback CloudFormation runs the trigger first, then the endpoint's own revert (Updating for
 * `endpointUpdateSeconds`, keeping the live weights), then the drain guard: the revert starts once the trigger's
 * read-back held.
 */
import { DeployEvent, RolloutTriggerProperties } from '../lambda/core/rollout';
import { SIM_ENDPOINT } from './effects';

export type LifecycleEventKind = 'STACK_ROLLBACK' | 'CANCEL_UPDATE' | 'REDELIVER';

export interface LifecycleInjection {
  /** Seconds from the start of the rollout. */
  readonly atSecond: number;
  readonly event: LifecycleEventKind;
}

/** What an injected event did: the trigger's transition, the record's phase after it, when stable held. */
export interface LifecycleRecord {
  readonly second: number;
  readonly event: LifecycleEventKind;
  readonly stackStatus: string;
  /** The transition's kind (ABORT_AND_RESTORE, RESTORE, CONTINUE, ...). */
  readonly transition: string;
  readonly reason: string;
  /** The record's phase before the event, and once its effects were applied. */
  readonly phaseBefore: string;
  readonly phase: string;
  /** Second the trigger's read-back of 100% stable held (undefined when it ordered nothing to read back). */
  readonly stableAt?: number;
}

export const LIFECYCLE_EVENTS: readonly LifecycleEventKind[] = ['STACK_ROLLBACK', 'CANCEL_UPDATE', 'REDELIVER'];

/** The stack's status when CloudFormation sends the event. */
export function stackStatusOf(kind: LifecycleEventKind): string {
  return kind === 'REDELIVER' ? 'UPDATE_IN_PROGRESS' : 'UPDATE_ROLLBACK_IN_PROGRESS';
}

/** The trigger's event for an injection at epoch second `now`; `planJson` is the deploy's plan. */
export function deployEventOf(kind: LifecycleEventKind, planJson: string, now: number): DeployEvent {
  const slots = (candidateModel: string): RolloutTriggerProperties => ({
    EndpointName: SIM_ENDPOINT.endpointName,
    Variants: [SIM_ENDPOINT.stableVariant, SIM_ENDPOINT.candidateVariant],
    VariantModels: { [SIM_ENDPOINT.stableVariant]: SIM_ENDPOINT.stableModel, [SIM_ENDPOINT.candidateVariant]: candidateModel },
    Plan: planJson,
    SlotAlarmNames: { [SIM_ENDPOINT.candidateVariant]: ['candidate-5xx'] },
  });
  const deployed = slots(SIM_ENDPOINT.candidateModel);
  const before = slots(SIM_ENDPOINT.previousCandidateModel);
  const forward = kind === 'REDELIVER';
  return {
    kind: 'DEPLOY', requestType: 'Update', stackStatus: stackStatusOf(kind), nowMs: now * 1000,
    // A rollback sends the old properties as the new ones; a redelivery is the forward deploy again.
    props: forward ? deployed : before,
    oldProps: forward ? before : deployed,
    requestId: forward ? SIM_ENDPOINT.deployRequestId : `sim-rollback-request-${now}`,
  };
}

/**
 * One line per injected event: "t=420 stack rollback -> ABORTED, stable 100% at t=425" when it ended the rollout (or
 * reverted its promotion), "t=400 redeliver -> CONTINUE, rollout BAKING" when it did not.
 */
export function describeLifecycle(r: LifecycleRecord): string {
  const what = r.event === 'CANCEL_UPDATE' ? 'cancel-update' : r.event.toLowerCase().replace('_', ' ');
  const ended = r.phaseBefore !== r.phase;
  const stable = r.stableAt !== undefined ? `, stable 100% at t=${r.stableAt}` : '';
  return `t=${r.second} ${what} -> ${ended ? r.phase : `${r.transition}, rollout ${r.phase}`}${stable}`;
}
