/**
 * Beta–binomial Thompson sampling: each variant's success rate has the posterior Beta(prior.alpha + successes,
 * prior.beta + failures); the probability that a variant is the best, integral f_i(x) prod_{j != i} F_j(x) dx, is
 * the share of draws Thompson sampling would give it, so it is the allocation target (computed exactly rather than
 * by sampling, so the reweighter is deterministic and testable). Pure.
 */
import { betaInc, betaLogPdf, gaussLegendre } from './special';

export interface BetaPrior {
  readonly alpha: number;
  readonly beta: number;
}

export interface VariantOutcomes {
  readonly successes: number;
  readonly failures: number;
}

export interface ThompsonResult {
  readonly posterior: BetaPrior[];
  /** P(variant i has the highest rate), summing to 1. */
  readonly probBest: number[];
}

const UNIFORM: BetaPrior = { alpha: 1, beta: 1 };
const PANELS = 400;
const NODES = 10;
// Integration range of a posterior: its mean +/- this many standard deviations, clipped to [0, 1].
const SPAN_SD = 20;

/** Posterior probabilities of being best. */
export function betaBinomialThompson(variants: readonly VariantOutcomes[], prior: BetaPrior = UNIFORM): ThompsonResult {
  const posterior = variants.map((v) => ({ alpha: prior.alpha + v.successes, beta: prior.beta + v.failures }));
  if (posterior.length === 1) return { posterior, probBest: [1] };
  const { nodes, weights } = gaussLegendre(NODES);
  const raw = posterior.map((pi, i) => {
    const a = pi.alpha;
    const b = pi.beta;
    const mean = a / (a + b);
    const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
    const lo = Math.max(0, mean - SPAN_SD * sd);
    const hi = Math.min(1, mean + SPAN_SD * sd);
    const h = (hi - lo) / PANELS;
    let sum = 0;
    for (let p = 0; p < PANELS; p++) {
      const mid = lo + (p + 0.5) * h;
      for (let q = 0; q < NODES; q++) {
        const x = mid + (nodes[q] * h) / 2;
        let logv = betaLogPdf(x, a, b);
        for (let j = 0; j < posterior.length && logv > -745; j++) {
          if (j === i) continue;
          const F = betaInc(x, posterior[j].alpha, posterior[j].beta);
          logv += F > 0 ? Math.log(F) : -Infinity;
        }
        sum += (weights[q] * h) / 2 * Math.exp(logv);
      }
    }
    return sum;
  });
  return { posterior, probBest: raw };
}
