/**
 * SageMaker endpoint I/O: read the live split, order a new one, wait for it to settle and check it is really live
 * (SageMaker can roll an update back silently and stay InService on the old weights).
 */
import {
  DescribeEndpointCommand, DescribeEndpointCommandOutput, SageMakerClient, UpdateEndpointWeightsAndCapacitiesCommand,
} from '@aws-sdk/client-sagemaker';
import {
  describeWeights, EndpointView, liveWeights, pairScale, sameWeights, VariantPair, VariantWeights,
} from '../core/rollout';

import { isEndpointInProgress, isThrottling, isTransient } from './errors';
import type { Logger } from './log';
import { withRetry } from './retry';
import { sleep, timing } from './timing';

export { liveWeights, missingVariants, pairScale } from '../core/rollout';
export type { EndpointView, VariantPair } from '../core/rollout';

export function toView(answer: DescribeEndpointCommandOutput | undefined): EndpointView {
  const out = answer ?? ({} as Partial<DescribeEndpointCommandOutput>);
  const weights = new Map<string, number>();
  const instances = new Map<string, number>();
  const maxConcurrency = new Map<string, number>();
  for (const v of out.ProductionVariants ?? []) {
    if (!v.VariantName) continue;
    weights.set(v.VariantName, v.CurrentWeight ?? 0);
    if (v.CurrentInstanceCount !== undefined) instances.set(v.VariantName, v.CurrentInstanceCount);
    const mc = v.CurrentServerlessConfig?.MaxConcurrency;
    if (mc !== undefined) maxConcurrency.set(v.VariantName, mc);
  }
  return { status: out.EndpointStatus ?? 'Unknown', weights, instances, maxConcurrency, failureReason: out.FailureReason,
    createdAt: out.CreationTime ? Math.floor(out.CreationTime.getTime() / 1000) : undefined };
}

export async function describeEndpoint(sm: SageMakerClient, endpointName: string, log?: Logger): Promise<EndpointView> {
  const out = await withRetry(() => sm.send(new DescribeEndpointCommand({ EndpointName: endpointName })),
    { what: 'DescribeEndpoint', retryable: (e) => isThrottling(e) || isTransient(e), budgetMs: 30000, log });
  return toView(out);
}

/**
 * Orders `weights` on the two variants, retrying while throttled or while the endpoint is still applying an
 * earlier update, within `budgetMs`. Refuses weights that sum to zero: SageMaker would route nothing. The split is of
 * the pair's share: other production variants keep theirs (the endpoint is read first to know it). Weights only: a
 * capacity is ordered on its own (rollout-controller/capacity.ts), as SageMaker changes one variant's capacity per call.
 */
export async function applyWeights(sm: SageMakerClient, endpointName: string, pair: VariantPair,
  weights: VariantWeights, budgetMs: number, log?: Logger,
  stillWanted?: () => Promise<boolean>): Promise<void> {
  if (!(weights.stable >= 0 && weights.candidate >= 0 && weights.stable + weights.candidate > 0)) {
    throw new Error(`refusing to order weights ${describeWeights(weights)} on ${endpointName}: they must sum above 0`);
  }
  let scale = 1;
  try {
    scale = pairScale(await describeEndpoint(sm, endpointName, log), pair);
  } catch (e) {
    // A rollback must not wait on a read: order the split as is (other variants' shares may shift until the next order).
    log?.warn('could not read the endpoint before ordering weights; ordering them unscaled', { error: e });
  }
  const round = (w: number) => Math.round(w * scale * 1e6) / 1e6;
  const command = new UpdateEndpointWeightsAndCapacitiesCommand({
    EndpointName: endpointName,
    DesiredWeightsAndCapacities: [
      { VariantName: pair.stableVariant, DesiredWeight: round(weights.stable) },
      { VariantName: pair.candidateVariant, DesiredWeight: round(weights.candidate) },
    ],
  });
  await withRetry(() => sm.send(command), {
    what: `UpdateEndpointWeightsAndCapacities (${describeWeights(weights)})`,
    retryable: (e) => isThrottling(e) || isEndpointInProgress(e) || isTransient(e),
    budgetMs,
    log,
    stillWanted,
  });
  log?.info('ordered weights', { weights, stableVariant: pair.stableVariant, candidateVariant: pair.candidateVariant });
}

export interface SettleResult {
  /** The endpoint left Updating within the wait. */
  readonly settled: boolean;
  readonly view: EndpointView;
  /** Settled and the live split equals the order. */
  readonly applied: boolean;
  readonly live: VariantWeights;
}

/** Polls DescribeEndpoint until the endpoint is no longer Updating (bounded), then compares live and ordered weights. */
export async function waitForWeights(sm: SageMakerClient, endpointName: string, pair: VariantPair,
  ordered: VariantWeights, log?: Logger, maxMs = timing().settleMaxMs): Promise<SettleResult> {
  const started = Date.now();
  const deadline = started + maxMs;
  // Right after an order DescribeEndpoint may still say InService on the old split: a mismatch counts only after this.
  const graceUntil = started + Math.min(maxMs, 2 * timing().settlePollMs);
  let view = await describeEndpoint(sm, endpointName, log);
  const pending = (v: EndpointView) => v.status === 'Updating' ||
    (Date.now() < graceUntil && !sameWeights(liveWeights(v, pair), ordered));
  while (pending(view) && Date.now() < deadline) {
    await sleep(timing().settlePollMs);
    view = await describeEndpoint(sm, endpointName, log);
  }
  const live = liveWeights(view, pair);
  const settled = view.status !== 'Updating';
  const applied = settled && sameWeights(live, ordered);
  if (settled && !applied) {
    // Loud on purpose: SageMaker may have rolled the update back and stayed InService on the old split.
    log?.error('WEIGHTS_NOT_APPLIED: the endpoint does not show the ordered weights', {
      ordered, live, endpointStatus: view.status, failureReason: view.failureReason,
    });
    log?.metric('WeightsNotApplied', 1);
  }
  return { settled, view, applied, live };
}
