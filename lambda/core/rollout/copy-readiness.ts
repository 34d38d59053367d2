/**
 * When a copy canary's step may be judged (pure): the warm-up guard. A component's alarms, the statistical gate and
 * the probe judge the model, so they must never judge a component while it has no capacity: no copy InService,
 * fewer copies than asked for (still starting, or scaling from zero), or requests that found no copy
 * (NoCapacityInvocationFailures). Those failures are the platform's, not the model's. A step's bake starts when its
 * copies serve, not when they were ordered, and starts again after a window that had no capacity.
 */
import { CAPACITY_WAIT_SECONDS } from '../../../contracts/rollout-bounds';

/** One component as DescribeInferenceComponent shows it, with the NoCapacityInvocationFailures seen. */
export interface ComponentCapacity {
  /** The component's name, for reasons. */
  readonly name: string;
  /** InferenceComponentStatus. */
  readonly status: string;
  /** RuntimeConfig.DesiredCopyCount. */
  readonly desiredCopies: number;
  /** RuntimeConfig.CurrentCopyCount: copies InService. */
  readonly currentCopies: number;
  /** Sum of NoCapacityInvocationFailures over the published minutes since the step's copies were ordered. */
  readonly noCapacityFailures?: number;
}

export type Capacity = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly failed?: boolean };

/** Whether a component has the capacity to be judged (also what a probe checks before it sends a request). */
export function capacityToJudge(c: ComponentCapacity): Capacity {
  if (c.status === 'Failed') return { ok: false, failed: true, reason: `${c.name} is Failed` };
  if (c.currentCopies <= 0) return { ok: false, reason: `${c.name} has no copy InService (${c.status})` };
  if (c.currentCopies < c.desiredCopies) {
    return { ok: false, reason: `${c.name} has ${c.currentCopies} of ${c.desiredCopies} copies InService (${c.status})` };
  }
  if ((c.noCapacityFailures ?? 0) > 0) {
    return { ok: false, reason: `${c.noCapacityFailures} request(s) to ${c.name} found no copy (NoCapacityInvocationFailures)` };
  }
  return { ok: true };
}

export type CopyJudgement =
  /** No capacity yet (or lost): do not judge; the bake starts again once the copies serve. */
  | { readonly kind: 'WAIT_CAPACITY'; readonly seconds: number; readonly reason: string }
  /** The copies serve; the step bakes until `readySince + bakeSeconds`. */
  | { readonly kind: 'BAKING'; readonly readySince: number; readonly seconds: number; readonly reason: string }
  /** Baked with capacity throughout: the alarms, gate and probe may judge it. */
  | { readonly kind: 'JUDGE'; readonly readySince: number; readonly reason: string }
  /** The copies did not come (or a component failed): end the rollout on stable (cause CAPACITY_NOT_READY). */
  | { readonly kind: 'GIVE_UP'; readonly reason: string };

/** Where the step is: when its copies were ordered, and since when they have served (undefined: not yet). */
export interface CopyStepClock {
  readonly orderedAt: number;
  readonly readySince?: number;
}

/**
 * The judgement of a step that bakes `bakeSeconds`, with the candidate's component and, while stable copies serve
 * beside it, the stable one. The copies have `provisionLimitSeconds` (default the rollout's capacity wait) to serve.
 */
export function copyJudgement(bakeSeconds: number, components: readonly ComponentCapacity[], clock: CopyStepClock, now: number,
  o: { readonly checkIntervalSeconds: number; readonly provisionLimitSeconds?: number }): CopyJudgement {
  const limit = o.provisionLimitSeconds ?? CAPACITY_WAIT_SECONDS;
  const lacking = components.map(capacityToJudge).find((c): c is Extract<Capacity, { ok: false }> => !c.ok);
  if (lacking) {
    const waited = now - clock.orderedAt;
    if (lacking.failed || waited >= limit) {
      return { kind: 'GIVE_UP', reason: `copies not serving ${waited} s after the order (limit ${limit} s): ${lacking.reason}` };
    }
    return { kind: 'WAIT_CAPACITY', seconds: Math.max(1, Math.min(o.checkIntervalSeconds, limit - waited)),
      reason: `not judged while a component lacks capacity: ${lacking.reason}` };
  }
  const readySince = clock.readySince ?? now;
  const baked = now - readySince;
  if (baked < bakeSeconds) {
    return { kind: 'BAKING', readySince, seconds: Math.max(1, Math.min(o.checkIntervalSeconds, bakeSeconds - baked)),
      reason: `copies serving; baked ${baked}/${bakeSeconds} s` };
  }
  return { kind: 'JUDGE', readySince, reason: `baked ${baked} s with every copy serving` };
}
