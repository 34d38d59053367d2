/**
 * Adaptive allocation by Thompson sampling: each variant's target share of traffic is its posterior probability of
 * having the best success rate, projected into the user's bounds (minimum and maximum share per variant), applied at
 * most once per update interval, and never while a rollout owns the endpoint's weights (it yields; the rollout is the
 * one owner of the weights until it ends). Pure.
 */
import { betaBinomialThompson, VariantOutcomes } from './thompson';

export interface AllocationBounds {
  /** Smallest share any variant keeps (0..1), so the loser still produces evidence. */
  readonly minShare: number;
  /** Largest share any variant gets (0..1). */
  readonly maxShare: number;
}

export interface AllocationInput {
  readonly variants: readonly string[];
  readonly outcomes: readonly VariantOutcomes[];
  /** Current weights as SageMaker reports them (any positive scale). */
  readonly currentWeights: readonly number[];
  readonly bounds: AllocationBounds;
  /** Seconds between updates, and when the last one was applied (epoch seconds; undefined = never). */
  readonly updateIntervalSeconds: number;
  readonly lastUpdateSeconds?: number;
  readonly nowSeconds: number;
  /** A rollout currently owns the endpoint's weights (its record is active). */
  readonly rolloutActive: boolean;
  /** Shares closer than this to the current ones are not worth an update. Default 0.01. */
  readonly minChange?: number;
  /** Outcomes each variant needs before the first reweighting. Default 30. */
  readonly minOutcomesPerVariant?: number;
}

export interface AllocationDecision {
  readonly action: 'update' | 'hold' | 'yield';
  readonly reason: string;
  /** Target shares (sum 1), in variant order; on hold or yield, the current shares. */
  readonly shares: number[];
  readonly probBest: number[];
}

/** Checks the bounds can be met by some allocation of `k` variants; returns the problem, or undefined. */
export function boundsProblem(bounds: AllocationBounds, k: number): string | undefined {
  const { minShare, maxShare } = bounds;
  if (!(minShare >= 0 && maxShare <= 1 && minShare <= maxShare)) return `need 0 <= minShare <= maxShare <= 1 (got ${minShare}, ${maxShare})`;
  if (minShare * k > 1) return `minShare ${minShare} x ${k} variants exceeds 100%`;
  if (maxShare * k < 1) return `maxShare ${maxShare} x ${k} variants cannot reach 100%`;
  return undefined;
}

/**
 * Euclidean-style projection onto {sum = 1, min <= s_i <= max}: clip, then spread the excess or deficit over the
 * variants not at a bound, proportionally to their target, until nothing moves.
 */
export function projectShares(target: readonly number[], bounds: AllocationBounds): number[] {
  const s = target.map((x) => Math.min(bounds.maxShare, Math.max(bounds.minShare, x)));
  for (let iter = 0; iter < 100; iter++) {
    const total = s.reduce((a, b) => a + b, 0);
    const gap = 1 - total;
    if (Math.abs(gap) < 1e-12) break;
    const free = s.map((_, i) => i).filter((i) => (gap > 0 ? s[i] < bounds.maxShare : s[i] > bounds.minShare));
    if (free.length === 0) break;
    const base = free.reduce((a, i) => a + Math.max(s[i], 1e-12), 0);
    for (const i of free) s[i] = Math.min(bounds.maxShare, Math.max(bounds.minShare, s[i] + (gap * Math.max(s[i], 1e-12)) / base));
  }
  return s;
}

/** SageMaker weights from shares (relative weights; 3 decimals are plenty for routing). */
export function sharesToWeights(shares: readonly number[]): number[] {
  return shares.map((s) => Math.round(s * 1000) / 1000);
}

export function decideAllocation(input: AllocationInput): AllocationDecision {
  const totalW = input.currentWeights.reduce((a, b) => a + b, 0);
  const current = input.currentWeights.map((w) => (totalW > 0 ? w / totalW : 1 / input.currentWeights.length));
  const hold = (action: 'hold' | 'yield', reason: string, probBest: number[] = []): AllocationDecision => ({ action, reason, shares: current, probBest });
  if (input.rolloutActive) return hold('yield', 'a rollout owns the endpoint weights; adaptive allocation waits until it ends');
  const problem = boundsProblem(input.bounds, input.variants.length);
  if (problem) return hold('hold', `bounds cannot be met: ${problem}`);
  if (input.lastUpdateSeconds !== undefined && input.nowSeconds - input.lastUpdateSeconds < input.updateIntervalSeconds) {
    return hold('hold', `last update ${input.nowSeconds - input.lastUpdateSeconds}s ago, interval ${input.updateIntervalSeconds}s`);
  }
  const need = input.minOutcomesPerVariant ?? 30;
  const thin = input.outcomes.findIndex((o) => o.successes + o.failures < need);
  if (thin >= 0) {
    const o = input.outcomes[thin];
    return hold('hold', `variant ${input.variants[thin]} has ${o.successes + o.failures} outcomes, needs ${need}`);
  }
  const { probBest } = betaBinomialThompson(input.outcomes);
  const shares = projectShares(probBest, input.bounds);
  const change = Math.max(...shares.map((s, i) => Math.abs(s - current[i])));
  if (change < (input.minChange ?? 0.01)) return hold('hold', `target within ${(change * 100).toFixed(2)} points of the current shares`, probBest);
  const describe = input.variants.map((v, i) => `${v} ${(shares[i] * 100).toFixed(1)}% (P(best) ${probBest[i].toFixed(3)})`).join(', ');
  return { action: 'update', reason: `reweight to ${describe}`, shares, probBest };
}
