/**
 * Capacity before traffic in the controller (core's capacityGate decides): when the rollout leaves PENDING, order
 * the candidate's DesiredInstanceCount alone (SageMaker takes "weights of one or more variants, or the capacity of
 * one variant" per UpdateEndpointWeightsAndCapacities) and let a pre-traffic hook or shadow run go ahead meanwhile;
 * before the first weight order, keep the rollout where it is until the instances are InService. A capacity that
 * does not come fails the rollout back to stable (cause CAPACITY_NOT_READY).
 */
import { UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import {
  capacityGate, CapacityView, Decision, isTerminal, RolloutPlan, RolloutRecord, RolloutState, StepResult,
} from '../../core/rollout';
import { fail } from '../../core/rollout/policy-outcomes';
import type { EndpointView } from '../../shared/endpoint';
import { errorMessage, isEndpointInProgress, isThrottling, isTransient } from '../../shared/errors';
import type { HistoryEntry } from '../../shared/rollout-table';
import { withRetry } from '../../shared/retry';
import { timing } from '../../shared/timing';
import type { ControllerContext } from './context';

/** A SHIFT or PROMOTE decision: they carry the weights to order. */
export type RaiseDecision = Extract<Decision, { kind: 'SHIFT' | 'PROMOTE' }>;

export type CapacityOutcome =
  /** Order the weights: `decision` carries the capacity state, `entries` its history line. */
  | { readonly kind: 'PROCEED'; readonly decision: RaiseDecision; readonly entries: HistoryEntry[] }
  /** Nothing more this step (capacity ordered or pending): answer `result`. */
  | { readonly kind: 'DONE'; readonly result: StepResult }
  /** Restore stable and end the rollout with `decision`, from the record `rec` (it may have just been saved). */
  | { readonly kind: 'FAIL'; readonly rec: RolloutRecord; readonly decision: Decision; readonly entries: HistoryEntry[] };

export function capacityView(view: EndpointView, rec: RolloutRecord): CapacityView {
  return {
    status: view.status, failureReason: view.failureReason,
    stableInstances: view.instances.get(rec.stableVariant), candidateInstances: view.instances.get(rec.candidateVariant),
    stableMaxConcurrency: view.maxConcurrency?.get(rec.stableVariant),
    candidateMaxConcurrency: view.maxConcurrency?.get(rec.candidateVariant),
  };
}

/**
 * Runs before `d` (SHIFT or PROMOTE) is ordered. `observed` is the state this step decided from (with this check's
 * probe counters), kept while the rollout waits for capacity.
 */
export async function capacityBeforeTraffic(ctx: ControllerContext, rec: RolloutRecord, observed: RolloutState,
  d: RaiseDecision, view: EndpointView, plan: RolloutPlan, now: number): Promise<CapacityOutcome> {
  const { log } = ctx;
  const gate = capacityGate(plan, observed, capacityView(view, rec), now, true);
  const entry = (kind: string, reason: string): HistoryEntry => ({ at: now, kind, reason });
  switch (gate.kind) {
    case 'PROCEED':
      if (!gate.capacity) return { kind: 'PROCEED', decision: d, entries: [] };
      log.info('capacity before traffic', { reason: gate.reason, capacity: gate.capacity });
      return { kind: 'PROCEED', decision: { ...d, state: { ...d.state, capacity: gate.capacity } },
        entries: gate.note ? [entry('CAPACITY', gate.note)] : [] };
    case 'WAIT': {
      log.info('waiting for capacity before traffic', { reason: gate.reason });
      // Keep this check's observations (probe counters); the decision itself is taken again at the next check.
      if (JSON.stringify(observed) !== JSON.stringify(rec.state)) await ctx.table.save(rec, observed, [], false, now);
      return { kind: 'DONE', result: { kind: 'WAIT', waitSeconds: gate.seconds, reason: gate.reason, phase: observed.phase } };
    }
    case 'GIVE_UP':
      log.error('CAPACITY_NOT_READY: restoring stable', { reason: gate.reason });
      log.metric('CapacityNotReady', 1);
      return { kind: 'FAIL', rec, decision: gate.decision, entries: [entry(gate.decision.kind, gate.decision.reason)] };
    case 'ORDER': {
      // Recorded before it is ordered (conditional on the record's version): a concurrent rollback wins the write.
      const saved = await ctx.table.save(rec, { ...observed, capacity: gate.capacity }, [entry('CAPACITY', gate.reason)], false, now);
      try {
        await orderCapacity(ctx, rec, gate.instanceCount);
      } catch (e) {
        const reason = `capacity before traffic: could not order ${gate.instanceCount} instance(s) for ${rec.candidateVariant}: ${errorMessage(e)}`;
        log.error('CAPACITY_NOT_READY: the capacity order failed; restoring stable', { error: e });
        log.metric('CapacityNotReady', 1);
        const failed = fail(saved.state, 'CAPACITY_NOT_READY', reason);
        return { kind: 'FAIL', rec: saved, decision: failed, entries: [entry(failed.kind, failed.reason)] };
      }
      log.info('ordered capacity before traffic', { instanceCount: gate.instanceCount, reason: gate.reason });
      log.metric('CapacityOrdered', 1);
      return { kind: 'DONE', result: { kind: 'WAIT', waitSeconds: plan.checkIntervalSeconds,
        reason: `${gate.reason} (ordered; weights follow once InService)`, phase: observed.phase } };
    }
  }
}

/**
 * At a decision that leaves PENDING without traffic (a pre-traffic hook, a shadow run): order the capacity now so that
 * SageMaker adds the instances while the hook or the shadow runs. Returns the decision to carry out (with the capacity
 * state and its history line added to `entries`), or a FAIL when the order is refused.
 */
export async function capacityAtStart(ctx: ControllerContext, rec: RolloutRecord, d: Decision, view: EndpointView,
  plan: RolloutPlan, now: number, entries: HistoryEntry[]): Promise<Decision> {
  const gate = capacityGate(plan, rec.state, capacityView(view, rec), now, false);
  if (gate.kind === 'PROCEED' && gate.capacity) {
    if (gate.note) entries.push({ at: now, kind: 'CAPACITY', reason: gate.note });
    return { ...d, state: { ...d.state, capacity: gate.capacity } };
  }
  if (gate.kind !== 'ORDER') return d;
  try {
    await orderCapacity(ctx, rec, gate.instanceCount);
  } catch (e) {
    const reason = `capacity before traffic: could not order ${gate.instanceCount} instance(s) for ${rec.candidateVariant}: ${errorMessage(e)}`;
    ctx.log.error('CAPACITY_NOT_READY: the capacity order failed', { error: e });
    ctx.log.metric('CapacityNotReady', 1);
    const failed = fail(rec.state, 'CAPACITY_NOT_READY', reason);
    // The hook or shadow run was not started: the history says what happened instead.
    entries.splice(0, entries.length, { at: now, kind: failed.kind, reason: failed.reason });
    return failed;
  }
  ctx.log.info('ordered capacity before traffic', { instanceCount: gate.instanceCount, reason: gate.reason });
  ctx.log.metric('CapacityOrdered', 1);
  entries.push({ at: now, kind: 'CAPACITY', reason: `${gate.reason} (ordered; the first weights wait until InService)` });
  return { ...d, state: { ...d.state, capacity: gate.capacity } };
}

/** DesiredInstanceCount for the candidate alone (its weight and the other variants stay as they are). */
async function orderCapacity(ctx: ControllerContext, rec: RolloutRecord, instanceCount: number): Promise<void> {
  const command = new UpdateEndpointWeightsAndCapacitiesCommand({
    EndpointName: rec.endpointName,
    DesiredWeightsAndCapacities: [{ VariantName: rec.candidateVariant, DesiredInstanceCount: instanceCount }],
  });
  await withRetry(() => ctx.aws.sagemaker.send(command), {
    what: `UpdateEndpointWeightsAndCapacities (${rec.candidateVariant}: ${instanceCount} instances)`,
    retryable: (e) => isThrottling(e) || isEndpointInProgress(e) || isTransient(e),
    budgetMs: ctx.budget(timing().controllerApplyBudgetMs),
    log: ctx.log,
    // Not after the rollout ended meanwhile (a rollback was recorded): no capacity for a candidate that lost.
    stillWanted: async () => {
      const now = await ctx.table.get(rec.endpointName);
      return now?.rolloutId === rec.rolloutId && !isTerminal(now.state.phase);
    },
  });
}
