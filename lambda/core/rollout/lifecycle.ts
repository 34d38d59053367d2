/**
 * What a CloudFormation event on the deploy trigger means for the rollout (pure). CloudFormation updates the drain
 * guard, then the endpoint, then the trigger; a stack rollback sends the same resources an Update back to their old
 * properties in reverse order (trigger, endpoint, guard). A cancelled update and a custom resource that ran out of
 * time both end in that rollback. So the trigger sees:
 *
 *   a forward deploy             one slot's model changed, no rollout of it recorded        → START it
 *   a revert while it runs       the change undoes the running rollout's candidate          → ABORT_AND_RESTORE
 *                                (rollback during the rollout, cancel-update, time limit)     its stable slot
 *   a revert after it failed     the change undoes a candidate that was rolled back          → RESTORE its stable slot
 *                                                                                              (already serving)
 *   a revert after promotion     the change puts the promoted slot's old model back          → RESTORE the slot that
 *                                (the endpoint update that follows would serve it unchecked)   served before the deploy
 *   Delete                       the endpoint goes too                                        → ABORT a running one
 *   the same deploy redelivered  the change is the running rollout's own candidate            → CONTINUE (wait for it)
 *   a rollback with no record    the stack is rolling back (its own status says so) but no    → RESTORE the slot that
 *                                rollout of the change was recorded (the trigger failed         did not change
 *                                before the execution wrote it)
 *
 * CloudFormation's own stack status is an input: during a rollback (UPDATE_ROLLBACK_IN_PROGRESS, ...) an Update
 * never STARTs a rollout and never fails, whatever the record says. Without a status (it could not be read) the
 * record is the only evidence, as before.
 *
 * Every path ends with 100% on a model that served before the deploy or passed its rollout, and no execution left
 * running. The trigger runs before the endpoint's revert, so RESTORE moves traffic off the changing slot in time.
 */
import type { Phase } from '../../../contracts/rollout-state';
import { isTerminal } from '../../../contracts/rollout-state';
import type { RolloutSlotProperties } from '../../../contracts/rollout-resources';
import { bothSlotsChangedMessage, changedSlots, otherSlot } from './slots';

/** The part of the endpoint's latest rollout record the decision reads. */
export interface LifecycleRecord {
  readonly rolloutId: string;
  readonly stableVariant: string;
  readonly candidateVariant: string;
  readonly candidateModel?: string;
  readonly phase: Phase;
  readonly executionArn?: string;
}

export interface LifecycleEvent {
  readonly requestType: 'Create' | 'Update' | 'Delete';
  readonly oldProps?: RolloutSlotProperties;
  readonly newProps: RolloutSlotProperties;
  /** The endpoint's latest rollout; undefined when it never had one. */
  readonly record?: LifecycleRecord;
  /** The stack is rolling back (its status, isStackRollback); undefined when the status is unknown. */
  readonly rollingBack?: boolean;
}

export type LifecycleDecision =
  | { readonly kind: 'NOTHING'; readonly reason: string }
  | { readonly kind: 'START'; readonly candidateVariant: string; readonly stableVariant: string;
    readonly candidateModel: string; readonly reason: string }
  /** Stop the running rollout (record ABORTED, cause DEPLOY_REVERTED), then 100% on `restoreVariant`, verified. */
  | { readonly kind: 'ABORT_AND_RESTORE'; readonly rolloutId: string; readonly restoreVariant: string; readonly reason: string }
  /** Nothing runs: 100% on `restoreVariant`, verified, before the endpoint update that follows. */
  | { readonly kind: 'RESTORE'; readonly restoreVariant: string; readonly reason: string }
  /** Stop the running rollout; the endpoint is deleted with the stack, so no weight changes. */
  | { readonly kind: 'ABORT'; readonly rolloutId: string; readonly reason: string }
  | { readonly kind: 'REFUSE'; readonly reason: string }
  /** The event is the running rollout's own deploy, delivered again: answer with its execution, start nothing. */
  | { readonly kind: 'CONTINUE'; readonly rolloutId: string; readonly executionArn: string; readonly candidateVariant: string;
    readonly candidateModel: string; readonly reason: string };

/** Stack statuses in which CloudFormation is undoing an update or a create: every Update then carries old properties. */
const ROLLBACK_STATUSES = new Set([
  'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_FAILED',
  'ROLLBACK_IN_PROGRESS', 'IMPORT_ROLLBACK_IN_PROGRESS',
]);

export function isStackRollback(stackStatus: string | undefined): boolean | undefined {
  return stackStatus === undefined ? undefined : ROLLBACK_STATUSES.has(stackStatus);
}

export function decideLifecycle(e: LifecycleEvent): LifecycleDecision {
  const rec = e.record;
  const running = rec !== undefined && !isTerminal(rec.phase);
  if (e.requestType === 'Delete') {
    return running
      ? { kind: 'ABORT', rolloutId: rec.rolloutId, reason: `the trigger is deleted while rollout ${rec.rolloutId} runs; stopping it` }
      : { kind: 'NOTHING', reason: 'deleted; no rollout runs' };
  }
  if (e.requestType === 'Create' || !e.oldProps) {
    return { kind: 'NOTHING', reason: 'endpoint created with its initial weights; the first deploy starts no rollout' };
  }
  const changes = changedSlots(e.oldProps, e.newProps);
  if (changes.length === 0) return { kind: 'NOTHING', reason: 'no slot\'s model changed; no rollout started' };
  if (changes.length > 1) {
    // The forward deploy was refused for this; its rollback puts both back, and must not fail.
    if (e.rollingBack) return { kind: 'NOTHING', reason: 'the stack rolls back a change of both slots; nothing was rolled out' };
    return { kind: 'REFUSE', reason: bothSlotsChangedMessage(e.newProps.EndpointName, changes) };
  }
  const c = changes[0];
  const reverts = rec !== undefined && rec.candidateVariant === c.variant && rec.candidateModel === c.from;
  const redelivered = running && rec.candidateVariant === c.variant && rec.candidateModel === c.to;
  if (redelivered && !e.rollingBack) {
    return { kind: 'CONTINUE', rolloutId: rec.rolloutId, executionArn: rec.executionArn ?? '', candidateVariant: c.variant,
      candidateModel: c.to, reason: `rollout ${rec.rolloutId} of ${c.to} on ${c.variant} already runs for this deploy ` +
        '(the event was delivered again); waiting for it' };
  }
  if (reverts && running) {
    return { kind: 'ABORT_AND_RESTORE', rolloutId: rec.rolloutId, restoreVariant: rec.stableVariant,
      reason: `the deploy of ${c.from} on ${c.variant} is reverted while rollout ${rec.rolloutId} runs (stack rollback, ` +
        `cancelled update or time limit); stopping it and restoring ${rec.stableVariant}, which served before` };
  }
  if (reverts && rec.phase === 'PROMOTED') {
    return { kind: 'RESTORE', restoreVariant: rec.stableVariant,
      reason: `the deploy that promoted ${c.from} on ${c.variant} is reverted: ${c.variant} gets its old model ${c.to} ` +
        `back, which has not served since; restoring ${rec.stableVariant}, which served before that deploy` };
  }
  if (reverts) {
    return { kind: 'RESTORE', restoreVariant: rec.stableVariant,
      reason: `the deploy of ${c.from} on ${c.variant} is reverted after its rollout ended ${rec.phase}; ` +
        `${rec.stableVariant} keeps serving` };
  }
  if (e.rollingBack) {
    // No rollout of this change was recorded (the trigger failed before the execution wrote its record): the slot
    // being reverted may still hold the new model, so the other slot, which served before the deploy, takes it all.
    const restoreVariant = otherSlot(e.newProps.Variants, c.variant);
    return { kind: 'RESTORE', restoreVariant, reason: `the stack rolls back the deploy of ${c.from} on ${c.variant}, of ` +
      `which no rollout was recorded; ${restoreVariant}, which served before it, keeps all traffic` };
  }
  if (running) {
    return { kind: 'REFUSE', reason: `endpoint ${e.newProps.EndpointName}: rollout ${rec.rolloutId} (candidate ` +
      `${rec.candidateVariant}, phase ${rec.phase}) is still active, and this deploy changes ${c.variant}. Wait for it ` +
      `to end, or abort it: npx cdk-mlops rollout abort ${e.newProps.EndpointName}. Then deploy again.` };
  }
  return { kind: 'START', candidateVariant: c.variant, stableVariant: otherSlot(e.newProps.Variants, c.variant),
    candidateModel: c.to, reason: `${c.variant}'s model changed from ${c.from} to ${c.to}; rolling it out` };
}
