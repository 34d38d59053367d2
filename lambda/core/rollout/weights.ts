/**
 * Live traffic split between the stable (known-good) variant and the candidate, in percent of requests.
 * SageMaker weights are relative; percent keeps them readable and guarantees they never sum to zero.
 */
import type { VariantWeights } from '../../../contracts/rollout-state';

export type { VariantWeights };

/** Weights with `candidatePercent` on the candidate and the rest on the stable variant. */
export function weightsFor(candidatePercent: number): VariantWeights {
  if (!Number.isFinite(candidatePercent) || candidatePercent < 0 || candidatePercent > 100) {
    throw new Error(`candidate percent must be within [0, 100], got ${candidatePercent}`);
  }
  // Rounded to millionths so 100 - 33.3 does not leave float noise in the endpoint config.
  const candidate = Math.round(candidatePercent * 1e6) / 1e6;
  return { stable: Math.round((100 - candidate) * 1e6) / 1e6, candidate };
}

/** Rollback target: every request on the known-good model. */
export const ALL_STABLE: VariantWeights = weightsFor(0);
export const ALL_CANDIDATE: VariantWeights = weightsFor(100);

/** Equal within 0.01 points: DescribeEndpoint reports weights as floats. */
export function sameWeights(a: VariantWeights, b: VariantWeights): boolean {
  const total = (w: VariantWeights) => w.stable + w.candidate;
  if (total(a) <= 0 || total(b) <= 0) return false;
  const share = (w: VariantWeights) => (100 * w.candidate) / total(w);
  return Math.abs(share(a) - share(b)) < 0.01;
}

export function describeWeights(w: VariantWeights): string {
  return `stable ${w.stable}% / candidate ${w.candidate}%`;
}
