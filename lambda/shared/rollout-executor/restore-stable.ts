/**
 * Putting every request of a rollout's pair back on its stable variant, verified: order stable, read the endpoint
 * back, and order again until the live split holds or the budget runs out (nextRestoreStep decides each turn).
 * The caller records the rollback only when this says it holds; otherwise it raises the failure (raiseRollbackFailed).
 */
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { ALL_STABLE, nextRestoreStep, VariantWeights } from '../../core/rollout';
import { applyWeights, describeEndpoint, liveWeights, VariantPair } from '../endpoint';
import { errorMessage } from '../errors';
import type { Logger } from '../log';
import { sleep, timing } from '../timing';

export interface RestoreResult {
  /** The endpoint settled with 100% of the pair on stable. */
  readonly holds: boolean;
  /** Why it holds or not (the last read, or the order's error). */
  readonly reason: string;
  readonly status: string;
  readonly live: VariantWeights;
  /** Orders of the stable weights that SageMaker accepted. */
  readonly orders: number;
}

export interface RestoreOptions {
  /** Skip the first order: stable was ordered already (a check after the record was written). */
  readonly verifyOnly?: boolean;
}

/** Orders ALL_STABLE on the pair and verifies it, re-ordering while it does not hold, within `budgetMs`. */
export async function restoreStable(sm: SageMakerClient, endpointName: string, pair: VariantPair, budgetMs: number,
  log: Logger, options: RestoreOptions = {}): Promise<RestoreResult> {
  const { settlePollMs } = timing();
  const deadline = Date.now() + budgetMs;
  // A read this soon after an accepted order may still show the old split; later, a mismatch means the order was lost.
  const graceMs = Math.max(settlePollMs * 2, 1);
  let orders = 0;
  let orderedAt = options.verifyOnly ? 0 : Number.NaN;
  let lastOrderError: string | undefined;

  const order = async (): Promise<void> => {
    try {
      await applyWeights(sm, endpointName, pair, ALL_STABLE, Math.max(1, deadline - Date.now()), log);
      orders++;
      orderedAt = Date.now();
      lastOrderError = undefined;
    } catch (e) {
      lastOrderError = errorMessage(e);
      log.warn('ordering the stable weights failed', { error: e });
    }
  };

  if (!options.verifyOnly) await order();
  for (;;) {
    let status = 'Unknown';
    let live: VariantWeights = { stable: 0, candidate: 0 };
    try {
      const view = await describeEndpoint(sm, endpointName, log);
      status = view.status;
      live = liveWeights(view, pair);
    } catch (e) {
      log.warn('reading the endpoint back failed', { error: e });
    }
    const since = Number.isNaN(orderedAt) ? Number.POSITIVE_INFINITY : Date.now() - orderedAt;
    const next = nextRestoreStep({ status, live, msSinceOrder: since, msLeft: deadline - Date.now() }, graceMs);
    if (next.kind === 'HOLDS') return { holds: true, reason: next.reason, status, live, orders };
    // An order that failed after its own retries (refused, or the budget spent) is not tried again.
    if (next.kind === 'GIVE_UP' || lastOrderError !== undefined) {
      const reason = lastOrderError ? `${next.reason}; last order failed: ${lastOrderError}` : next.reason;
      return { holds: false, reason, status, live, orders };
    }
    if (next.kind === 'REORDER') {
      log.error('WEIGHTS_NOT_APPLIED: stable is not live after the rollback order; ordering it again', { live, status });
      log.metric('WeightsNotApplied', 1);
      await order();
      continue;
    }
    await sleep(Math.min(settlePollMs, Math.max(1, deadline - Date.now())));
  }
}
