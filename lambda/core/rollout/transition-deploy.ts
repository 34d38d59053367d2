/**
 * CloudFormation's events (pure): the deploy trigger's Create / Update / Delete with the stack's own status
 * (decideLifecycle says what the event means), and the drain guard before the endpoint update. A rollback of the
 * stack validates only what its decision needs: old properties are never refused by new code.
 */
import type { RolloutExecutionInput, RolloutRecord } from '../../../contracts/rollout-execution';
import { planFromJson } from '../../../contracts/rollout-plan-validation';
import { DEPLOY_ROLLOUT_BUDGET_SECONDS } from '../../../contracts/rollout-bounds';
import { isTerminal } from '../../../contracts/rollout-state';
import type { Effect } from './effects';
import { EndpointView, liveWeights, VariantPair } from './live-endpoint';
import { decideLifecycle, isStackRollback } from './lifecycle';
import { bothSlotsChangedMessage, changedSlots, otherSlot } from './slots';
import { endedOnStable, statusDetail, stopEffect } from './transition-effects';
import { restoreEffects } from './transition-end';
import type { DeployEvent, DrainEvent, Transition } from './transition';
import { ALL_STABLE, describeWeights, sameWeights } from './weights';

/** The trigger's answer to CloudFormation besides the effects: what it started or restores. */
export interface DeployOutcome {
  readonly action: 'NOTHING' | 'START' | 'RESTORE';
  readonly restoreVariant?: string;
  readonly rolloutId?: string;
  readonly executionArn?: string;
  readonly candidateVariant?: string;
  readonly candidateModel?: string;
}

export function deployTransition(rec: RolloutRecord | undefined, live: EndpointView | undefined, e: DeployEvent,
  now: number): Transition & { readonly deploy: DeployOutcome } {
  const rollingBack = isStackRollback(e.stackStatus);
  // A forward deploy is refused with a bad plan (the deploy that introduced it fails); a rollback never parses it.
  if (e.requestType !== 'Delete' && rollingBack !== true) {
    try {
      planFromJson(e.props.Plan);
    } catch (err) {
      return { kind: 'REFUSE', reason: err instanceof Error ? err.message : String(err), effects: [], refused: true, deploy: { action: 'NOTHING' } };
    }
  }
  const d = decideLifecycle({ requestType: e.requestType, oldProps: e.oldProps, newProps: e.props, rollingBack,
    record: rec && { rolloutId: rec.rolloutId, stableVariant: rec.stableVariant, candidateVariant: rec.candidateVariant,
      candidateModel: rec.candidateModel, phase: rec.state.phase, executionArn: rec.executionArn } });
  const base = { kind: d.kind, reason: d.reason };
  switch (d.kind) {
    case 'NOTHING':
      return { ...base, effects: [], deploy: { action: 'NOTHING' } };
    case 'REFUSE':
      return { ...base, effects: [], refused: true, deploy: { action: 'NOTHING' } };
    case 'CONTINUE':
      return { ...base, effects: [], deploy: { action: 'START', rolloutId: d.rolloutId, executionArn: d.executionArn,
        candidateVariant: d.candidateVariant, candidateModel: d.candidateModel } };
    case 'ABORT': {
      // The endpoint is deleted with the stack: no weights to move; the record ends and the execution stops.
      const state = endedOnStable(rec!.state, 'ABORTED', 'DEPLOY_REVERTED', d.reason);
      return { ...base, state, deploy: { action: 'NOTHING' }, effects: [
        { kind: 'PERSIST', state, entries: [{ at: now, kind: 'DEPLOY_REVERTED', reason: d.reason }], consumeCommand: true },
        { kind: 'HISTORY_ROW' }, stopEffect(rec!, 'DeployReverted', d.reason),
        { kind: 'NOTIFY', detail: statusDetail(rec!, state, d.reason), sns: true }] };
    }
    case 'ABORT_AND_RESTORE':
    case 'RESTORE':
      return { ...base, ...revert(rec, live, d.kind, d.restoreVariant, d.reason, e, now),
        deploy: { action: 'RESTORE', restoreVariant: d.restoreVariant } };
    case 'START': {
      const plan = planFromJson(e.props.Plan);
      const rolloutId = rolloutIdFor(d.candidateModel, e.nowMs, e.requestId);
      const props = e.props;
      const input: RolloutExecutionInput = {
        endpointName: props.EndpointName, stableVariant: d.stableVariant, candidateVariant: d.candidateVariant, plan,
        // Only the candidate slot's built-in alarms: the stable slot's errors must not roll the candidate back.
        alarmNames: [...(props.SlotAlarmNames?.[d.candidateVariant] ?? []), ...(props.AlarmNames ?? [])],
        overrideFiringAlarms: props.OverrideFiringAlarms === 'true',
        rolloutId,
        preTrafficHooks: props.PreTrafficHooks ?? [],
        postTrafficHooks: props.PostTrafficHooks ?? [],
        candidateModel: d.candidateModel,
        // The deploy waits for the outcome: the rollout ends (stable restored) before CloudFormation's hour is over.
        deadlineAt: Math.floor(e.nowMs / 1000) + DEPLOY_ROLLOUT_BUDGET_SECONDS,
        ...(props.CaptureBucket ? { capture: { bucket: props.CaptureBucket, prefix: props.CapturePrefix ?? '' } } : {}),
      };
      return { ...base, effects: [{ kind: 'START_EXECUTION', input, ...(e.stateMachineArn ? { stateMachineArn: e.stateMachineArn } : {}) }], deploy: { action: 'START', rolloutId,
        candidateVariant: d.candidateVariant, candidateModel: d.candidateModel } };
    }
  }
}

/**
 * A reverted deploy. A running rollout's execution is stopped first (nothing may raise the candidate during the
 * stack's rollback); then all traffic on the slot that served before, read back until it holds; only then is the end
 * recorded (a running rollout: ABORTED; a promoted one: ABORTED too, since the slot it promoted no longer serves)
 * and people told. A rollout that had already ended on stable is not told again.
 */
function revert(rec: RolloutRecord | undefined, live: EndpointView | undefined, kind: 'ABORT_AND_RESTORE' | 'RESTORE',
  restoreVariant: string, reason: string, e: DeployEvent, now: number): Pick<Transition, 'effects' | 'state'> {
  const pair: VariantPair = { stableVariant: restoreVariant, candidateVariant: otherSlot(e.props.Variants, restoreVariant) };
  const traffic = restoreEffects(pair, live);
  // Read back once more even when it holds now: the executor's verify is what says "done" to isComplete.
  const verified: Effect[] = traffic.length > 0 ? traffic : live ? [{ kind: 'VERIFY', pair, weights: ALL_STABLE }] : [];
  const ours = rec && (kind === 'ABORT_AND_RESTORE' || rec.state.phase === 'PROMOTED') ? rec : undefined;
  if (!ours) return { effects: verified };
  const wasPromoted = ours.state.phase === 'PROMOTED';
  const state = endedOnStable(ours.state, 'ABORTED', 'DEPLOY_REVERTED', reason);
  const shrunk = ours.state.idleScale?.variant === restoreVariant ? ours.state.idleScale : undefined;
  return { state, effects: [
    ...(isTerminal(ours.state.phase) ? [] : [stopEffect(ours, 'DeployReverted', reason)]),
    // The slot that gets the traffic back was scaled down after the watch: people must know (it may be too small).
    ...(shrunk ? [{ kind: 'ALERT', level: 'error', metric: 'RestoredOntoScaledDownSlot',
      message: `restoring all traffic onto ${restoreVariant}, scaled down to ${shrunk.instanceCount} instance(s) after the ` +
        `post-promotion watch (it had ${shrunk.previousInstanceCount}): scale it up if the load needs it` } as Effect] : []),
    ...verified,
    { kind: 'PERSIST', state, entries: [{ at: now, kind: wasPromoted ? 'RESTORED_AFTER_PROMOTION' : 'DEPLOY_REVERTED', reason }], consumeCommand: true },
    { kind: 'HISTORY_ROW' },
    { kind: 'NOTIFY', detail: statusDetail(ours, state, reason), sns: true },
  ] };
}

/**
 * A Step Functions execution name: [A-Za-z0-9-_], at most 80 characters, unique per deploy. With CloudFormation's
 * RequestId (a UUID, unique per request and the same when the event is redelivered) the name is the same for a
 * redelivered event, so its StartExecution finds the execution already started instead of starting a second one.
 */
export function rolloutIdFor(candidateModel: string, nowMs: number, requestId?: string): string {
  const suffix = requestId ? requestId.replace(/[^A-Za-z0-9-_]/g, '-').slice(0, 40) : nowMs.toString(36);
  const safe = candidateModel.replace(/[^A-Za-z0-9-_]/g, '-').slice(0, 79 - suffix.length);
  return `${safe}-${suffix}`;
}

/** The drain guard's answer besides the effects: the slot drained and the one left serving ('' when none). */
export interface DrainOutcome {
  readonly drainedVariant: string;
  readonly servingVariant: string;
}

/**
 * The drain guard, before CloudFormation's endpoint update: when a deploy changes one slot's model, that slot is put
 * at weight 0 (read back) while it still serves the old model, so the new model goes live at 0. Create, Delete, an
 * Update changing no slot, a change the endpoint already serves (a stack rollback whose endpoint update never ran),
 * a shadow variant and an endpoint that serves nobody need nothing. Refused: both slots, the serving slot, and any
 * change under an active rollout.
 */
export function drainTransition(rec: RolloutRecord | undefined, live: EndpointView | undefined, e: DrainEvent):
Transition & { readonly drain: DrainOutcome } {
  const none = (kind: string, reason: string, refused = false) => ({ kind, reason, effects: [], refused, drain: { drainedVariant: '', servingVariant: '' } });
  if (e.requestType !== 'Update' || !e.oldProps) return none('NOTHING', 'Create and Delete drain nothing');
  const changes = changedSlots(e.oldProps, e.props);
  if (changes.length === 0) return none('NOTHING', 'no slot\'s model changes; nothing to drain');
  if (!e.liveModels) return none('NOTHING', 'the endpoint does not exist; nothing to drain');
  // Only a model the endpoint does not already serve on that slot can reach users unverified.
  const pending = changes.filter((c) => e.liveModels!.get(c.variant) !== c.to);
  if (pending.length === 0) return none('NOTHING', 'the endpoint already serves these models (e.g. a stack rollback); nothing to drain');
  if (pending.length > 1) return none('REFUSE', bothSlotsChangedMessage(e.props.EndpointName, pending), true);
  const endpointName = e.props.EndpointName;
  const pair: VariantPair = { stableVariant: otherSlot(e.props.Variants, pending[0].variant), candidateVariant: pending[0].variant };
  if (rec && !isTerminal(rec.state.phase)) {
    return none('REFUSE', `endpoint ${endpointName}: rollout ${rec.rolloutId} (candidate ${rec.candidateVariant}` +
      `${rec.candidateModel ? ` = ${rec.candidateModel}` : ''}, phase ${rec.state.phase}) is still active, and this deploy ` +
      'changes a model under it. Wait for it to end, or abort it (all traffic back on its stable variant): ' +
      `npx cdk-mlops rollout abort ${endpointName}. Then deploy again (or, if the stack is rolling back, continue the rollback).`, true);
  }
  if (!live) return none('NOTHING', 'the endpoint does not exist; nothing to drain');
  // A shadow variant answers nobody: a new model there puts no user at risk.
  if (!live.weights.has(pair.candidateVariant)) return none('SHADOW', 'the changed variant is not a production variant; nothing to drain');
  if (!live.weights.has(pair.stableVariant)) {
    return none('REFUSE', `cannot drain ${pair.candidateVariant} on ${endpointName}: ${pair.stableVariant} is not a production ` +
      'variant of the live endpoint, so no variant could take its traffic', true);
  }
  if (['Failed', 'OutOfService', 'Deleting'].includes(live.status)) return none('NOT_SERVING', `endpoint ${live.status} serves no traffic; nothing to drain`);
  const drained = { kind: 'ALREADY_DRAINED', reason: 'the changed variant already has no traffic', effects: [] as Effect[],
    drain: { drainedVariant: pair.candidateVariant, servingVariant: pair.stableVariant } };
  const split = liveWeights(live, pair);
  if (live.status === 'InService' && sameWeights(split, ALL_STABLE)) return drained;
  // Draining the serving slot would hand the users to the idle slot's older model, unchecked by any rollout of this deploy.
  if (split.candidate > split.stable) return none('REFUSE', servingSlotMessage(endpointName, pair, split.candidate), true);
  return { ...drained, kind: 'DRAIN', reason: `draining ${pair.candidateVariant} (${describeWeights(split)}) before the model update`,
    effects: [{ kind: 'ORDER_WEIGHTS', pair, weights: ALL_STABLE }, { kind: 'VERIFY', pair, weights: ALL_STABLE }] };
}

/** The refusal of a deploy that changes the model of the slot that serves, with the fix. */
export function servingSlotMessage(endpointName: string, pair: VariantPair, servingPercent: number): string {
  return `endpoint ${endpointName}: this deploy changes the model of ${pair.candidateVariant}, which serves ` +
    `${Math.round(servingPercent * 100) / 100}% of the traffic; draining it would hand the users to ${pair.stableVariant}'s ` +
    `older model, which no rollout of this deploy checks. Put the new model in ${pair.stableVariant} (the idle slot) ` +
    `instead and leave ${pair.candidateVariant}'s model as it is: the rollout then moves traffic to it step by step.`;
}
