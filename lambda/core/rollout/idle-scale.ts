/**
 * The idle slot after a promotion (pure): once the post-promotion watch is over, no alarm switches back to the
 * previous stable slot, so it is scaled down to the plan's idleSlotInstanceCount instead of keeping the stable fleet
 * forever (RetainAllVariantProperties keeps its DesiredInstanceCount across deploys). The order is recorded before it
 * is placed, then read back until the endpoint is InService with the count; the rollout completes after that, so a
 * deploy that waits for it finds the endpoint idle. Capacity before traffic (capacity.ts) scales the slot up again
 * when it becomes the next rollout's candidate.
 *
 * Instance-based variants only: SageMaker scales an endpoint to zero instances only when it hosts inference
 * components, so the count is at least 1 (botocore's DesiredInstanceCount minimum of 0 is for those).
 */
import { CAPACITY_WAIT_SECONDS } from '../../../contracts/rollout-bounds';
import type { RolloutPlan } from '../../../contracts/rollout-plan';
import type { IdleScaleState } from '../../../contracts/rollout-state';
import { CAPACITY_GRACE_SECONDS } from './capacity';

/** What DescribeEndpoint shows of the idle slot. */
export interface IdleSlotView {
  readonly status: string;
  /** CurrentInstanceCount of the idle slot; absent for a serverless variant. */
  readonly instances?: number;
}

export type IdleScaleStart =
  /** Complete now; `note` (when set) is worth a line in the rollout's events. */
  | { readonly kind: 'NONE'; readonly reason: string; readonly note?: string }
  | { readonly kind: 'ORDER'; readonly reason: string; readonly order: IdleScaleState };

/** As the post-promotion watch ends: scale the idle slot down, or complete as it is (and why). */
export function idleScaleAtEnd(plan: RolloutPlan, variant: string, view: IdleSlotView, now: number, deadlineAt?: number): IdleScaleStart {
  const target = plan.idleSlotInstanceCount;
  if (target === undefined) return { kind: 'NONE', reason: 'the plan keeps the idle slot\'s instances' };
  const have = view.instances;
  if (have === undefined) return { kind: 'NONE', reason: `idle slot ${variant} has no instance count (serverless): nothing to scale` };
  if (have <= target) return { kind: 'NONE', reason: `idle slot ${variant} has ${have} instance(s), at most ${target}: nothing to scale` };
  const kept = (why: string): IdleScaleStart => {
    const reason = `idle slot ${variant} left at ${have} instance(s), not scaled to ${target}: ${why} (the next rollout's ` +
      'capacity check or your auto scaling sets its count)';
    return { kind: 'NONE', reason, note: reason };
  };
  if (view.status !== 'InService') return kept(`endpoint ${view.status} as the post-promotion watch ended`);
  // An order the rollout could not wait for would leave the endpoint Updating under whatever waits on the rollout.
  if (deadlineAt !== undefined && now >= deadlineAt) return kept('the rollout is at its deadline');
  return { kind: 'ORDER', reason: `post-promotion watch over: scaling idle slot ${variant} from ${have} to ${target} instance(s)`,
    order: { variant, instanceCount: target, previousInstanceCount: have, orderedAt: now } };
}

export type IdleScaleCheck =
  | { readonly kind: 'DONE'; readonly reason: string }
  | { readonly kind: 'WAIT'; readonly seconds: number; readonly reason: string }
  /** The rollout completes without the scale-down confirmed; `reason` says what was seen. */
  | { readonly kind: 'GIVE_UP'; readonly reason: string };

/** After the order: read back, wait, or complete without it (bounded by the capacity wait and the rollout's deadline). */
export function idleScaleCheck(plan: RolloutPlan, order: IdleScaleState, view: IdleSlotView, now: number,
  deadlineAt?: number): IdleScaleCheck {
  const elapsed = now - order.orderedAt;
  const counts = `idle slot ${order.variant} has ${view.instances ?? 'no'} of the ${order.instanceCount} instance(s) ordered ` +
    `(had ${order.previousInstanceCount})`;
  if (view.status === 'InService' && view.instances !== undefined && view.instances <= order.instanceCount) {
    return { kind: 'DONE', reason: `${counts}, InService ${elapsed} s after the order` };
  }
  if (view.status === 'Failed') return { kind: 'GIVE_UP', reason: `endpoint Failed while scaling the idle slot; ${counts}` };
  if (elapsed >= CAPACITY_WAIT_SECONDS) return { kind: 'GIVE_UP', reason: `${counts} (endpoint ${view.status}) after ${elapsed} s, limit ${CAPACITY_WAIT_SECONDS} s` };
  if (deadlineAt !== undefined && now >= deadlineAt) return { kind: 'GIVE_UP', reason: `${counts} (endpoint ${view.status}) at the rollout's deadline` };
  if (view.status === 'InService' && elapsed >= CAPACITY_GRACE_SECONDS) {
    return { kind: 'GIVE_UP', reason: `endpoint InService but ${counts} ${elapsed} s after the order: SageMaker did not apply it` };
  }
  const left = Math.min(CAPACITY_WAIT_SECONDS - elapsed, deadlineAt === undefined ? Infinity : deadlineAt - now);
  return { kind: 'WAIT', seconds: Math.max(1, Math.min(plan.checkIntervalSeconds, left)),
    reason: `scaling the idle slot: ${counts}, endpoint ${view.status}, ${elapsed}/${CAPACITY_WAIT_SECONDS} s` };
}
