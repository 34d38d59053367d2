/**
 * The idle slot's scale-down as the post-promotion watch ends (idle-scale.ts decides): ordered after it is recorded,
 * then read back at each tick; the rollout completes (PROMOTED) once the slot is down, or when the wait is over
 * without it (recorded and alerted, never a failure: the candidate is promoted either way).
 */
import type { RolloutEvent, RolloutRecord } from '../../../contracts/rollout-execution';
import type { RolloutPlan } from '../../../contracts/rollout-plan';
import type { RolloutState } from '../../../contracts/rollout-state';
import type { Effect } from './effects';
import { idleScaleAtEnd, idleScaleCheck, IdleSlotView } from './idle-scale';
import type { EndpointView } from './live-endpoint';
import { complete } from './policy-outcomes';
import { terminalResult } from './step-results';
import { statusDetail, statusOf } from './transition-effects';
import type { Transition } from './transition';

function idleView(live: EndpointView | undefined, variant: string): IdleSlotView {
  return { status: live?.status ?? 'Unknown', instances: live?.instances.get(variant) };
}

/** The effects of a rollout that completes: recorded (with its history row), then told. */
export function completionEffects(rec: RolloutRecord, state: RolloutState, entries: readonly RolloutEvent[], consumed: boolean,
  reason: string): Effect[] {
  const persist: Effect = { kind: 'PERSIST', state, entries, consumeCommand: consumed };
  return [persist, ...(statusOf(rec) !== state.phase ? [{ kind: 'HISTORY_ROW' } as const] : []),
    { kind: 'ALERT', level: 'info', message: 'rollout promoted', metric: 'RolloutPromoted', fields: { reason } },
    { kind: 'NOTIFY', detail: statusDetail(rec, state, reason), sns: false }];
}

/**
 * As the policy completes a promoted rollout: order the idle slot (the previous stable) down first, or complete now
 * with a line saying why not (`note`).
 */
export function idleScaleAtCompletion(rec: RolloutRecord, observed: RolloutState, live: EndpointView | undefined, plan: RolloutPlan,
  now: number, consumed: boolean): { readonly transition?: Transition; readonly note?: RolloutEvent } {
  const start = idleScaleAtEnd(plan, rec.stableVariant, idleView(live, rec.stableVariant), now, observed.deadlineAt);
  if (start.kind === 'NONE') return start.note ? { note: { at: now, kind: 'IDLE_SLOT_KEPT', reason: start.note } } : {};
  const state: RolloutState = { ...observed, command: undefined, idleScale: start.order };
  return { transition: { kind: 'IDLE_SCALE', reason: start.reason, state, effects: [
    // Recorded before it is ordered, like capacity before traffic: a concurrent end wins the conditional write.
    { kind: 'PERSIST', state, entries: [{ at: now, kind: 'IDLE_SCALE', reason: start.reason }], consumeCommand: consumed },
    { kind: 'ORDER_CAPACITY', variant: start.order.variant, instanceCount: start.order.instanceCount },
  ], result: { kind: 'WAIT', waitSeconds: plan.checkIntervalSeconds, reason: `${start.reason} (ordered; completes once InService)`,
    phase: observed.phase } } };
}

/** A tick while the idle slot scales down: the watch is over, so alarms no longer switch back; only the read-back counts. */
export function idleScaleTick(rec: RolloutRecord, live: EndpointView | undefined, plan: RolloutPlan, now: number): Transition {
  const order = rec.state.idleScale!;
  const check = idleScaleCheck(plan, order, idleView(live, order.variant), now, rec.state.deadlineAt);
  if (check.kind === 'WAIT') {
    return { kind: 'IDLE_SCALE_WAIT', reason: check.reason, effects: [], state: rec.state,
      result: { kind: 'WAIT', waitSeconds: check.seconds, reason: check.reason, phase: rec.state.phase } };
  }
  return idleScaleEnd(rec, check.kind === 'DONE', check.reason, now);
}

/** The idle slot's order was refused (after its retries): the rollout completes with the slot as it is. */
export function idleScaleRefused(rec: RolloutRecord, error: string, now: number): Transition {
  return idleScaleEnd(rec, false, `SageMaker refused the order: ${error}`, now);
}

export function idleScaleEnd(rec: RolloutRecord, scaled: boolean, why: string, now: number): Transition {
  const order = rec.state.idleScale!;
  const reason = scaled
    ? `promoted; idle slot ${order.variant} scaled to ${order.instanceCount} instance(s): ${why}`
    : `promoted; idle slot ${order.variant} NOT confirmed at ${order.instanceCount} instance(s): ${why}`;
  const d = complete(rec.state, reason);
  const entries: RolloutEvent[] = [{ at: now, kind: scaled ? 'IDLE_SCALED' : 'IDLE_SCALE_FAILED', reason: why },
    { at: now, kind: 'COMPLETE', reason }];
  const alert: Effect[] = scaled ? [] : [{ kind: 'ALERT', level: 'warn', metric: 'IdleSlotNotScaled',
    message: `idle slot ${order.variant} not confirmed at ${order.instanceCount} instance(s); it may keep ${order.previousInstanceCount}`, fields: { why } }];
  return { kind: 'COMPLETE', reason, state: d.state, result: terminalResult(d.state),
    effects: [...completionEffects(rec, d.state, entries, false, reason), ...alert] };
}
