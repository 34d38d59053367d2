/**
 * Capacity before traffic (pure): the candidate slot gets the stable slot's instance count before it takes any
 * traffic, so a small idle slot is never handed a canary, let alone most of the traffic. Decided once per rollout; the
 * controller (lambda/handlers/rollout-controller/capacity.ts) orders and waits.
 *
 * Before the first step, not only before the first step above the canary share: SageMaker refuses weight changes
 * while the endpoint is Updating, so scaling during a canary would hold up that canary's alarm rollback. The order is
 * placed when the rollout leaves PENDING (the pre-traffic hook or the shadow run then overlap the scaling) and the
 * first weight order waits until the instances are InService.
 *
 * SageMaker's rule (botocore, UpdateEndpointWeightsAndCapacities: "variant weight of one or more variants ... or
 * capacity of one variant"): the capacity is ordered alone, for the candidate only, and the weights after it is live.
 */
import { CAPACITY_WAIT_SECONDS } from '../../../contracts/rollout-bounds';
import type { RolloutPlan } from '../../../contracts/rollout-plan';
import type { CapacityState, RolloutState } from '../../../contracts/rollout-state';
import type { Decision } from './decision';
import { fail } from './policy-outcomes';

export type CapacityOrder =
  | { readonly kind: 'NONE'; readonly reason: string }
  /** Order DesiredInstanceCount on the candidate and wait until InService before any weights. */
  | { readonly kind: 'SCALE'; readonly instanceCount: number; readonly reason: string };

/**
 * What capacity the candidate needs before it takes traffic. Instance counts are DescribeEndpoint's
 * CurrentInstanceCount; a serverless variant has none, and nothing is ordered for it.
 */
export function capacityNeeded(stableInstances: number | undefined, candidateInstances: number | undefined): CapacityOrder {
  if (stableInstances === undefined || candidateInstances === undefined) {
    return { kind: 'NONE', reason: 'no instance counts (serverless variants): nothing to match' };
  }
  if (candidateInstances >= stableInstances) {
    return { kind: 'NONE', reason: `candidate has ${candidateInstances} instance(s), stable ${stableInstances}` };
  }
  return { kind: 'SCALE', instanceCount: stableInstances,
    reason: `candidate has ${candidateInstances} instance(s), stable ${stableInstances}: scaling the candidate to ` +
      `${stableInstances} before it takes traffic` };
}

/** What DescribeEndpoint shows of the two slots. */
export interface CapacityView {
  /** EndpointStatus. */
  readonly status: string;
  readonly failureReason?: string;
  /** CurrentInstanceCount of each slot; absent for a serverless variant. */
  readonly stableInstances?: number;
  readonly candidateInstances?: number;
  /** CurrentServerlessConfig.MaxConcurrency of each slot; absent for an instance-based variant. */
  readonly stableMaxConcurrency?: number;
  readonly candidateMaxConcurrency?: number;
}

export type CapacityGate =
  /** Order the weights now; `capacity` (when set) is the state to keep with them and `note` its history line. */
  | { readonly kind: 'PROCEED'; readonly reason: string; readonly capacity?: CapacityState; readonly note?: string }
  /** Order DesiredInstanceCount = instanceCount on the candidate alone, keep `capacity`, check again later. */
  | { readonly kind: 'ORDER'; readonly instanceCount: number; readonly reason: string; readonly capacity: CapacityState }
  /** The order is pending: no weight change yet, check again after `seconds`. */
  | { readonly kind: 'WAIT'; readonly seconds: number; readonly reason: string }
  /** The capacity did not come: restore stable and fail (cause CAPACITY_NOT_READY). */
  | { readonly kind: 'GIVE_UP'; readonly reason: string; readonly decision: Decision };

/** After an order, DescribeEndpoint may still show the old count while InService: a shortfall counts only after this. */
export const CAPACITY_GRACE_SECONDS = 60;

/**
 * At a decision that leaves PENDING (a pre-traffic hook, a shadow run: `beforeTraffic` false) or orders weights
 * (`beforeTraffic` true): proceed, order the candidate's instances, wait for them, or give up. `state` is the
 * rollout's stored state (its `capacity` says what was decided earlier). Only a weight order waits or gives up.
 */
export function capacityGate(plan: RolloutPlan, state: RolloutState, view: CapacityView, now: number,
  beforeTraffic: boolean): CapacityGate {
  const c = state.capacity;
  if (c?.instanceCount !== undefined && c.readyAt === undefined) {
    // Ordered: a hook or shadow run goes ahead while SageMaker adds the instances; the first weight order waits.
    return beforeTraffic ? pending(plan, state, c, c.instanceCount, view, now) : { kind: 'PROCEED', reason: 'capacity ordered' };
  }
  // Decided once per rollout: later steps proceed (a stable slot scaled out meanwhile is its auto scaling's business).
  if (c) return { kind: 'PROCEED', reason: 'capacity already decided' };
  const need = capacityNeeded(view.stableInstances, view.candidateInstances);
  if (need.kind === 'NONE') {
    const reason = noOrderReason(need.reason, view);
    // Kept in the state (and the history row); only a warning is worth a line in the rollout's events.
    return { kind: 'PROCEED', reason, capacity: { decidedAt: now, reason }, ...(reason.includes('WARNING') ? { note: reason } : {}) };
  }
  if (view.status !== 'InService') {
    const reason = `endpoint ${view.status}; capacity order deferred: ${need.reason}`;
    // A hook or shadow run needs no capacity yet: the order is placed at the first weight order instead.
    return beforeTraffic ? { kind: 'WAIT', seconds: plan.checkIntervalSeconds, reason } : { kind: 'PROCEED', reason };
  }
  return { kind: 'ORDER', instanceCount: need.instanceCount, reason: need.reason,
    capacity: { decidedAt: now, reason: need.reason, instanceCount: need.instanceCount, previousInstanceCount: view.candidateInstances } };
}

function pending(plan: RolloutPlan, state: RolloutState, c: CapacityState, wanted: number, view: CapacityView,
  now: number): CapacityGate {
  const elapsed = now - c.decidedAt;
  const have = view.candidateInstances;
  const counts = `candidate has ${have ?? 'no'} of ${wanted} instance(s) ordered`;
  const giveUp = (why: string): CapacityGate => {
    const reason = `capacity before traffic: ${why}`;
    return { kind: 'GIVE_UP', reason, decision: fail(state, 'CAPACITY_NOT_READY', reason) };
  };
  if (view.status === 'InService' && have !== undefined && have >= wanted) {
    const reason = `candidate has ${have} instance(s) InService, ${elapsed} s after the order; ordering the weights`;
    return { kind: 'PROCEED', reason, capacity: { ...c, readyAt: now }, note: reason };
  }
  if (view.status === 'Failed') return giveUp(`endpoint Failed while scaling (${view.failureReason ?? 'no reason given'}); ${counts}`);
  if (elapsed >= CAPACITY_WAIT_SECONDS) {
    return giveUp(`${counts} (endpoint ${view.status}) ${elapsed} s after the order, limit ${CAPACITY_WAIT_SECONDS} s`);
  }
  if (view.status === 'InService' && elapsed >= CAPACITY_GRACE_SECONDS) {
    // Idle on fewer instances: SageMaker did not apply the order (instance limit, no capacity, a silent rollback).
    return giveUp(`endpoint InService but ${counts} ${elapsed} s after the order: SageMaker did not apply it ` +
      '(check the account\'s instance quota and the endpoint\'s events)');
  }
  const left = CAPACITY_WAIT_SECONDS - elapsed;
  return { kind: 'WAIT', seconds: Math.max(1, Math.min(plan.checkIntervalSeconds, left)),
    reason: `waiting for capacity before traffic: ${counts}, endpoint ${view.status}, ${elapsed}/${CAPACITY_WAIT_SECONDS} s` };
}

/** Why nothing is ordered, with the serverless comparison when the slots are serverless. */
function noOrderReason(reason: string, view: CapacityView): string {
  const s = view.stableMaxConcurrency;
  const c = view.candidateMaxConcurrency;
  if (s === undefined || c === undefined) return reason;
  // Serverless capacity is MaxConcurrency: left as configured (raising it may exceed the account's concurrency quota).
  return c >= s
    ? `serverless: candidate MaxConcurrency ${c} >= stable ${s}; nothing ordered`
    : `serverless: WARNING candidate MaxConcurrency ${c} < stable ${s}; not changed by the rollout (raise the ` +
      'candidate variant\'s ServerlessConfig.MaxConcurrency in its endpoint config)';
}

/**
 * The history line of a rollout that ends on stable after its candidate was scaled: the rollout does not scale it
 * back, so that the endpoint is not Updating when CloudFormation reverts the deploy (its endpoint config sets the
 * counts again) or when the next rollout starts. Undefined when nothing was ordered.
 */
export function capacityKeptNote(state: RolloutState): string | undefined {
  const c = state.capacity;
  if (c?.instanceCount === undefined) return undefined;
  return `candidate keeps the ${c.instanceCount} instance(s) ordered before traffic (it had ${c.previousInstanceCount ?? 'an unknown number'}) ` +
    'at weight 0: not scaled back by the rollout; the next deploy\'s endpoint config (or a CloudFormation rollback) sets ' +
    'its count, or its auto scaling scales it in';
}
