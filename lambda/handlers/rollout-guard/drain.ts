/**
 * The drain: all traffic on the serving slot, none on the slot whose model is about to change, verified live
 * (InService with that split) before CloudFormation's UpdateEndpoint may put the new model on the drained slot.
 */
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { ALL_STABLE, describeWeights, sameWeights } from '../../core/rollout';
import { applyWeights, describeEndpoint, EndpointView, liveWeights, VariantPair } from '../../shared/endpoint';
import type { Logger } from '../../shared/log';
import { sleep, timing } from '../../shared/timing';

/** Statuses in which the endpoint serves nobody: there is no traffic to protect, and weights cannot change. */
const NOT_SERVING = new Set(['Failed', 'OutOfService', 'Deleting']);

export type DrainOutcome = 'DRAINED' | 'ALREADY_DRAINED' | 'NOT_SERVING' | 'SHADOW';

function drained(view: EndpointView, pair: VariantPair): boolean {
  return view.status === 'InService' && sameWeights(liveWeights(view, pair), ALL_STABLE);
}

/** The refusal of a deploy that changes the model of the slot that serves, with the fix. */
export function servingSlotMessage(endpointName: string, pair: VariantPair, servingPercent: number): string {
  return `endpoint ${endpointName}: this deploy changes the model of ${pair.candidateVariant}, which serves ` +
    `${Math.round(servingPercent * 100) / 100}% of the traffic; draining it would hand the users to ${pair.stableVariant}'s ` +
    `older model, which no rollout of this deploy checks. Put the new model in ${pair.stableVariant} (the idle slot) ` +
    `instead and leave ${pair.candidateVariant}'s model as it is: the rollout then moves traffic to it step by step.`;
}

/**
 * Orders stable 100 / candidate 0 (applyWeights refuses a split summing to zero and retries throttling and an
 * Updating endpoint within `budgetMs`), then polls until the endpoint is InService with that split.
 */
export async function drain(sm: SageMakerClient, endpointName: string, pair: VariantPair, budgetMs: number,
  log: Logger): Promise<DrainOutcome> {
  const view = await describeEndpoint(sm, endpointName, log);
  if (!view.weights.has(pair.candidateVariant)) {
    // A shadow variant answers nobody: a new model there puts no user at risk.
    log.info('the changed variant is not a production variant; nothing to drain', { variant: pair.candidateVariant });
    return 'SHADOW';
  }
  if (!view.weights.has(pair.stableVariant)) {
    throw new Error(`cannot drain ${pair.candidateVariant} on ${endpointName}: ${pair.stableVariant} is not a production ` +
      'variant of the live endpoint, so no variant could take its traffic');
  }
  if (NOT_SERVING.has(view.status)) {
    log.warn('endpoint serves no traffic; nothing to drain', { endpointStatus: view.status, failureReason: view.failureReason });
    return 'NOT_SERVING';
  }
  if (drained(view, pair)) {
    log.info('the changed variant already has no traffic', { live: liveWeights(view, pair) });
    return 'ALREADY_DRAINED';
  }
  const before = liveWeights(view, pair);
  if (before.candidate > before.stable) {
    // Draining it would hand the users to the idle slot's older model, unchecked by any rollout of this deploy.
    throw new Error(servingSlotMessage(endpointName, pair, before.candidate));
  }
  const deadline = Date.now() + budgetMs;
  await applyWeights(sm, endpointName, pair, ALL_STABLE, budgetMs, log);
  // Poll until InService with the split: right after the order DescribeEndpoint may still show the old one.
  let now = await describeEndpoint(sm, endpointName, log);
  while (!drained(now, pair) && Date.now() < deadline) {
    await sleep(timing().settlePollMs);
    now = await describeEndpoint(sm, endpointName, log);
  }
  if (!drained(now, pair)) {
    throw new Error(`could not drain ${pair.candidateVariant} on ${endpointName} before the model update: the endpoint is ` +
      `${now.status} with ${describeWeights(liveWeights(now, pair))} (ordered ${describeWeights(ALL_STABLE)}, ` +
      `${pair.stableVariant} stable)${now.failureReason ? `: ${now.failureReason}` : ''}. The deploy stops so the new ` +
      'model never takes traffic unverified; deploy again once the endpoint is InService.');
  }
  log.info('drained: all traffic on the serving slot', { drained: pair.candidateVariant, serving: pair.stableVariant });
  log.metric('SlotDrained', 1);
  return 'DRAINED';
}
