/**
 * The read-back of a rollback (pure): after stable was ordered, what the live endpoint says decides whether the
 * rollback holds, needs more time (Updating, or a read too soon after the order to show it), must be ordered again
 * (SageMaker rolled the change back, refused it, or a late increase overtook it), or has failed and must be raised.
 * A rollback is reported done only on HOLDS: the endpoint settled with every request of the pair on stable.
 */
import { STACK_ROLLBACK_RESTORE_WAIT_SECONDS } from '../../../contracts/rollout-bounds';
import type { VariantWeights } from '../../../contracts/rollout-state';
import { ALL_STABLE, describeWeights, sameWeights } from './weights';

/** One DescribeEndpoint read, seen by the rollback. */
export interface RestoreObservation {
  /** EndpointStatus; 'Unknown' when the read failed. */
  readonly status: string;
  /** The pair's live split (percent of the pair's traffic). */
  readonly live: VariantWeights;
  /** Milliseconds since the last order of the stable weights was accepted. */
  readonly msSinceOrder: number;
  /** Milliseconds left of the rollback's budget. */
  readonly msLeft: number;
}

export type RestoreStep =
  | { readonly kind: 'HOLDS'; readonly reason: string }
  | { readonly kind: 'WAIT'; readonly reason: string }
  | { readonly kind: 'REORDER'; readonly reason: string }
  | { readonly kind: 'GIVE_UP'; readonly reason: string };

/** Statuses in which the endpoint is still applying a change: its CurrentWeight is not yet the order's. */
const SETTLING = new Set(['Updating', 'SystemUpdating', 'Creating', 'RollingBack', 'UpdateRollbackFailed', 'Unknown']);
/** Statuses from which no weight change can ever be applied. */
const DEAD = new Set(['Failed', 'Deleting', 'OutOfService']);

/**
 * What to do after reading the endpoint. `graceMs` is how long a read right after an accepted order may still show
 * the old split (DescribeEndpoint is eventually consistent) before the order counts as lost.
 */
export function nextRestoreStep(o: RestoreObservation, graceMs: number): RestoreStep {
  const where = `endpoint ${o.status} with ${describeWeights(roundWeights(o.live))}`;
  if (o.status === 'InService' && sameWeights(o.live, ALL_STABLE)) return { kind: 'HOLDS', reason: `${where}: stable holds` };
  if (DEAD.has(o.status)) return { kind: 'GIVE_UP', reason: `${where}: no weight change can be applied` };
  if (o.msLeft <= 0) return { kind: 'GIVE_UP', reason: `${where} when the rollback's time ran out` };
  if (SETTLING.has(o.status)) return { kind: 'WAIT', reason: `${where}: waiting for it to settle` };
  if (o.msSinceOrder < graceMs) return { kind: 'WAIT', reason: `${where}: the order may not show yet` };
  return { kind: 'REORDER', reason: `${where}: the stable weights are not live; ordering them again` };
}

function roundWeights(w: VariantWeights): VariantWeights {
  return { stable: Math.round(w.stable * 100) / 100, candidate: Math.round(w.candidate * 100) / 100 };
}

/**
 * Whether the deploy trigger stops waiting for a stack rollback's restore (ordered at `since`, epoch seconds) and
 * reports the resource done, with ROLLBACK_FAILED raised: a custom resource that fails inside a rollback leaves the
 * stack UPDATE_ROLLBACK_FAILED. Never for a restore of unknown start (a resource from before the bound).
 */
export function stackRollbackRestoreOver(since: number | undefined, now: number): boolean {
  return since !== undefined && Number.isFinite(since) && now - since >= STACK_ROLLBACK_RESTORE_WAIT_SECONDS;
}
