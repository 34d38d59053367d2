/**
 * CUPED (Deng, Xu, Kohavi & Walker 2013): subtract theta times a pre-period covariate X from the metric Y, with
 * theta = Cov(Y, X)/Var(X) pooled over both arms (as GrowthBook's compute_theta). The difference stays unbiased and
 * its variance shrinks by the share of Y that X explains. Works from sufficient statistics, so arms can be summed
 * over files without holding the units. Pure.
 */
import { ArmsSummary } from './msprt';

/** Sufficient statistics of one arm: n and the sums of x, y, x^2, y^2, xy. */
export interface CovariateSums {
  readonly n: number;
  readonly sumX: number;
  readonly sumY: number;
  readonly sumX2: number;
  readonly sumY2: number;
  readonly sumXY: number;
}

export interface CupedArm {
  readonly n: number;
  readonly meanX: number;
  readonly meanY: number;
  readonly varX: number;
  readonly varY: number;
  readonly covXY: number;
  readonly adjustedMeanY: number;
  readonly varYAdjusted: number;
}

export interface CupedResult {
  readonly theta: number;
  readonly meanXPooled: number;
  readonly armA: CupedArm;
  readonly armB: CupedArm;
  readonly diffUnadjusted: number;
  readonly varDiffUnadjusted: number;
  readonly diffAdjusted: number;
  readonly varDiffAdjusted: number;
  /** 1 - varDiffAdjusted / varDiffUnadjusted. */
  readonly varianceReduction: number;
  /** The adjusted arms, ready for the sequential or fixed-horizon tests (means and variances of Y - theta X). */
  readonly adjusted: ArmsSummary;
}

/** Sums of one arm from its units. */
export function covariateSums(x: readonly number[], y: readonly number[]): CovariateSums {
  if (x.length !== y.length) throw new Error(`CUPED needs one covariate per unit (got ${x.length} covariates, ${y.length} outcomes)`);
  let sumX = 0; let sumY = 0; let sumX2 = 0; let sumY2 = 0; let sumXY = 0;
  for (let i = 0; i < x.length; i++) {
    sumX += x[i]; sumY += y[i]; sumX2 += x[i] * x[i]; sumY2 += y[i] * y[i]; sumXY += x[i] * y[i];
  }
  return { n: x.length, sumX, sumY, sumX2, sumY2, sumXY };
}

/** Adds two arms' sums (merging files or windows). */
export function addSums(a: CovariateSums, b: CovariateSums): CovariateSums {
  return { n: a.n + b.n, sumX: a.sumX + b.sumX, sumY: a.sumY + b.sumY, sumX2: a.sumX2 + b.sumX2, sumY2: a.sumY2 + b.sumY2, sumXY: a.sumXY + b.sumXY };
}

function moments(s: CovariateSums) {
  const meanX = s.sumX / s.n;
  const meanY = s.sumY / s.n;
  return {
    meanX, meanY,
    varX: (s.sumX2 - s.n * meanX * meanX) / (s.n - 1),
    varY: (s.sumY2 - s.n * meanY * meanY) / (s.n - 1),
    covXY: (s.sumXY - s.n * meanX * meanY) / (s.n - 1),
  };
}

/** CUPED-adjusted comparison of arm B with arm A. */
export function cuped(a: CovariateSums, b: CovariateSums): CupedResult {
  const pooled = addSums(a, b);
  const p = moments(pooled);
  const theta = p.varX > 0 ? p.covXY / p.varX : 0;
  const arm = (s: CovariateSums): CupedArm => {
    const m = moments(s);
    return {
      n: s.n, ...m,
      adjustedMeanY: m.meanY - theta * (m.meanX - p.meanX),
      varYAdjusted: m.varY + theta * theta * m.varX - 2 * theta * m.covXY,
    };
  };
  const armA = arm(a);
  const armB = arm(b);
  const varDiffUnadjusted = armA.varY / a.n + armB.varY / b.n;
  const varDiffAdjusted = armA.varYAdjusted / a.n + armB.varYAdjusted / b.n;
  return {
    theta, meanXPooled: p.meanX, armA, armB,
    diffUnadjusted: armB.meanY - armA.meanY, varDiffUnadjusted,
    diffAdjusted: armB.adjustedMeanY - armA.adjustedMeanY, varDiffAdjusted,
    varianceReduction: 1 - varDiffAdjusted / varDiffUnadjusted,
    adjusted: { nA: a.n, meanA: armA.adjustedMeanY, varA: armA.varYAdjusted, nB: b.n, meanB: armB.adjustedMeanY, varB: armB.varYAdjusted },
  };
}
