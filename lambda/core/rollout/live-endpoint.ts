/**
 * The live endpoint as the rollout sees it (one DescribeEndpoint read), and the pure reads of it: the pair's split,
 * missing variants, the share of the other variants. lambda/shared/endpoint.ts builds it from the SDK's answer.
 */
import type { VariantWeights } from '../../../contracts/rollout-state';
import type { ComponentCapacity } from './copy-readiness';

/** One inference component as DescribeInferenceComponent shows it (its copies, status and model). */
export interface ComponentView extends Omit<ComponentCapacity, 'noCapacityFailures'> {
  /** Specification.ModelName. */
  readonly modelName?: string;
  readonly failureReason?: string;
}

export interface EndpointView {
  readonly status: string;
  /** CurrentWeight per variant (a variant without one, as at weight 0 in some APIs, reads 0). */
  readonly weights: ReadonlyMap<string, number>;
  /** CurrentInstanceCount per variant (absent when DescribeEndpoint does not report it). */
  readonly instances: ReadonlyMap<string, number>;
  /** CurrentServerlessConfig.MaxConcurrency per serverless variant (absent when not reported). */
  readonly maxConcurrency?: ReadonlyMap<string, number>;
  readonly failureReason?: string;
  /** Epoch seconds the endpoint was created: a re-created endpoint has a new one. */
  readonly createdAt?: number;
  /** The components a component rollout reads (its live one and its temporary candidate), by name; absent: not found. */
  readonly components?: ReadonlyMap<string, ComponentView>;
}

export interface VariantPair {
  readonly stableVariant: string;
  readonly candidateVariant: string;
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
 * The factor that turns a split of the pair (percent) into SageMaker weights that leave the endpoint's other
 * variants (e.g. an A/B arm) their share: 1 when the pair is alone, else the pair's total weight / 100.
 */
export function pairScale(view: EndpointView, pair: VariantPair): number {
  let others = 0;
  for (const [name, w] of view.weights) if (name !== pair.stableVariant && name !== pair.candidateVariant) others += w;
  if (others <= 0) return 1;
  const total = (view.weights.get(pair.stableVariant) ?? 0) + (view.weights.get(pair.candidateVariant) ?? 0);
  return total > 0 ? total / 100 : 1;
}
