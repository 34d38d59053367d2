/**
 * SageMaker endpoint I/O: read the live split, order a new one, wait for it to settle and check it is really live
 * (SageMaker can roll an update back silently and stay InService on the old weights).
 */
import {
  DescribeEndpointCommand, DescribeEndpointCommandOutput, SageMakerClient, UpdateEndpointWeightsAndCapacitiesCommand,
} from '@aws-sdk/client-sagemaker';
import { describeWeights, sameWeights, VariantWeights } from '../core/rollout';
import { isEndpointInProgress, isThrottling, isTransient } from './errors';
import type { Logger } from './log';
import { withRetry } from './retry';
import { sleep, timing } from './timing';

export interface EndpointView {
  readonly status: string;
  /** CurrentWeight per variant (a variant without one, as at weight 0 in some APIs, reads 0). */
  readonly weights: ReadonlyMap<string, number>;
  readonly failureReason?: string;
}

export interface VariantPair {
  readonly stableVariant: string;
  readonly candidateVariant: string;
}

export function toView(out: DescribeEndpointCommandOutput): EndpointView {
  const weights = new Map<string, number>();
  for (const v of out.ProductionVariants ?? []) if (v.VariantName) weights.set(v.VariantName, v.CurrentWeight ?? 0);
  return { status: out.EndpointStatus ?? 'Unknown', weights, failureReason: out.FailureReason };
}

export async function describeEndpoint(sm: SageMakerClient, endpointName: string, log?: Logger): Promise<EndpointView> {
  const out = await withRetry(() => sm.send(new DescribeEndpointCommand({ EndpointName: endpointName })),
    { what: 'DescribeEndpoint', retryable: (e) => isThrottling(e) || isTransient(e), budgetMs: 30000, log });
  return toView(out);
}

/** The live split in percent; both 0 when the pair gets no traffic (sameWeights then never matches). */
export function liveWeights(view: EndpointView, pair: VariantPair): VariantWeights {
  const s = view.weights.get(pair.stableVariant) ?? 0;
  const c = view.weights.get(pair.candidateVariant) ?? 0;
  const total = s + c;
  if (total <= 0) return { stable: 0, candidate: 0 };
  return { stable: (100 * s) / total, candidate: (100 * c) / total };
}

export function missingVariants(view: EndpointView, pair: VariantPair): string[] {
  return [pair.stableVariant, pair.candidateVariant].filter((v) => !view.weights.has(v));
}

/**
 * Orders `weights` on the two variants, retrying while throttled or while the endpoint is still applying an
 * earlier update, within `budgetMs`. Refuses weights that sum to zero: SageMaker would route nothing.
 */
export async function applyWeights(sm: SageMakerClient, endpointName: string, pair: VariantPair,
  weights: VariantWeights, budgetMs: number, log?: Logger): Promise<void> {
  if (!(weights.stable >= 0 && weights.candidate >= 0 && weights.stable + weights.candidate > 0)) {
    throw new Error(`refusing to order weights ${describeWeights(weights)} on ${endpointName}: they must sum above 0`);
  }
  const command = new UpdateEndpointWeightsAndCapacitiesCommand({
    EndpointName: endpointName,
    DesiredWeightsAndCapacities: [
      { VariantName: pair.stableVariant, DesiredWeight: weights.stable },
      { VariantName: pair.candidateVariant, DesiredWeight: weights.candidate },
    ],
  });
  await withRetry(() => sm.send(command), {
    what: `UpdateEndpointWeightsAndCapacities (${describeWeights(weights)})`,
    retryable: (e) => isThrottling(e) || isEndpointInProgress(e) || isTransient(e),
    budgetMs,
    log,
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
  const deadline = Date.now() + maxMs;
  let view = await describeEndpoint(sm, endpointName, log);
  while (view.status === 'Updating' && Date.now() < deadline) {
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
