/**
 * Adaptive allocation (opt-in), run every update interval: Thompson sampling on a proportion outcome reweights the
 * endpoint's variants within the user's bounds with UpdateEndpointWeightsAndCapacities. It yields (changes nothing)
 * while the endpoint is not InService (an update or a rollout's shift is in progress) or while the rollout table
 * holds an active rollout for the endpoint: one owner of the weights at a time. The decision is pure
 * (lambda/core/experiments/allocation.ts); this shell reads captures, outcomes and the endpoint, and applies it.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DescribeEndpointCommand, UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import {
  ALLOCATION_METRICS, ALLOCATOR_ENV, EXPERIMENT_DIMENSIONS, EXPERIMENT_NAMESPACE, experimentStateKey,
} from '../../../contracts/experiments';
import { AllocationDecision, decideAllocation, OutcomeAccumulator, sharesToWeights } from '../../core/experiments';
import { isTerminal } from '../../../contracts/rollout-state';
import { clients } from '../../shared/clients';
import { indexCaptures, readAbSettings, readOutcomes, required } from '../../shared/experiment-io';
import { createLogger } from '../../shared/log';
import { getJson, putJson, putMetrics } from '../../shared/monitoring-io';

interface AllocatorState {
  readonly lastUpdateSeconds?: number;
  readonly pValues?: unknown;
}

export interface AllocatorRunSummary extends AllocationDecision {
  readonly weights?: Record<string, number>;
  readonly malformedOutcomeLines: number;
}

export async function handler(): Promise<AllocatorRunSummary> {
  const s = readAbSettings();
  const metric = required(ALLOCATOR_ENV.metric);
  const log = createLogger({ endpointName: s.endpointName, experiment: s.experimentName, allocator: true });
  const { s3, sagemaker, dynamo, cloudwatch } = clients();
  const nowSeconds = Math.floor(Date.now() / 1000);

  const endpoint = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: s.endpointName }));
  const live = new Map((endpoint.ProductionVariants ?? []).map((v) => [v.VariantName!, v.CurrentWeight ?? 0]));
  let rolloutActive = endpoint.EndpointStatus !== 'InService';
  const table = process.env[ALLOCATOR_ENV.rolloutTableName];
  if (!rolloutActive && table) {
    const item = (await dynamo.send(new GetCommand({ TableName: table, Key: { endpointName: s.endpointName }, ConsistentRead: true }))).Item;
    rolloutActive = item !== undefined && !isTerminal(item.state?.phase);
  }
  const missing = s.variants.filter((v) => !live.has(v.name)).map((v) => v.name);
  if (missing.length > 0) throw new Error(`endpoint ${s.endpointName} has no variant ${missing.join(', ')} (it has ${[...live.keys()].join(', ')})`);

  const index = await indexCaptures(s3, s);
  const acc = new OutcomeAccumulator(s.metrics.filter((m) => m.name === metric), s.variants.length);
  const outcomes = await readOutcomes(s3, s, index, acc);
  const sums = acc.sums.get(metric);
  if (!sums) throw new Error(`${ALLOCATOR_ENV.metric} '${metric}' is not one of the experiment's metrics`);
  const stateKey = `${experimentStateKey(s.experimentName).replace(/state\.json$/, '')}allocation.json`;
  const state = (await getJson<AllocatorState>(s3, s.stateBucket, stateKey)) ?? {};
  const decision = decideAllocation({
    variants: s.variants.map((v) => v.name),
    outcomes: sums.map((x) => ({ successes: x.sumY, failures: x.n - x.sumY })),
    currentWeights: s.variants.map((v) => live.get(v.name) ?? 0),
    bounds: { minShare: Number(required(ALLOCATOR_ENV.minShare)), maxShare: Number(required(ALLOCATOR_ENV.maxShare)) },
    updateIntervalSeconds: Number(required(ALLOCATOR_ENV.updateIntervalSeconds)),
    lastUpdateSeconds: state.lastUpdateSeconds,
    nowSeconds,
    rolloutActive,
  });
  log.info('allocation decision', { action: decision.action, reason: decision.reason });
  let weights: Record<string, number> | undefined;
  if (decision.action === 'update') {
    const w = sharesToWeights(decision.shares);
    weights = Object.fromEntries(s.variants.map((v, i) => [v.name, w[i]]));
    await sagemaker.send(new UpdateEndpointWeightsAndCapacitiesCommand({
      EndpointName: s.endpointName,
      DesiredWeightsAndCapacities: s.variants.map((v, i) => ({ VariantName: v.name, DesiredWeight: w[i] })),
    }));
    await putJson(s3, s.stateBucket, stateKey, { ...state, lastUpdateSeconds: nowSeconds } satisfies AllocatorState);
  }
  const dims = (variant: string) => ({ [EXPERIMENT_DIMENSIONS.endpoint]: s.endpointName, [EXPERIMENT_DIMENSIONS.variant]: variant });
  await putMetrics(cloudwatch, EXPERIMENT_NAMESPACE, s.variants.flatMap((v, i) => [
    { name: ALLOCATION_METRICS.share, value: decision.shares[i], dimensions: dims(v.name) },
    ...(decision.probBest.length > 0 ? [{ name: ALLOCATION_METRICS.probBest, value: decision.probBest[i], dimensions: dims(v.name) }] : []),
  ]), new Date(nowSeconds * 1000));
  return { ...decision, ...(weights ? { weights } : {}), malformedOutcomeLines: outcomes.malformed };
}
