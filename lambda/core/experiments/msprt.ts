/**
 * Mixture sequential probability ratio test (mSPRT) for a difference between two arms, with a normal mixing
 * distribution N(theta0, tau2) over the true difference (Johari, Koomen, Pekelis & Walsh, "Always Valid
 * Inference", 2022). Its p-value and confidence interval stay valid however often the experiment is looked at.
 * With `growthbookNStar` instead of `tau2` the mixture is GrowthBook's parameterisation (tau2 = rho2 sigma2,
 * rho2 from the sample size N* at which the interval is tightest), so results match GrowthBook's sequential test.
 * Pure.
 */
import { normSf } from './special';

/** Cumulative summary of both arms at one look: per-unit means and sample variances (ddof = 1). */
export interface ArmsSummary {
  readonly nA: number;
  readonly meanA: number;
  readonly varA: number;
  readonly nB: number;
  readonly meanB: number;
  readonly varB: number;
}

/** Cumulative counts of two proportions at one look. */
export interface ProportionsSummary {
  readonly xA: number;
  readonly nA: number;
  readonly xB: number;
  readonly nB: number;
}

export type DifferenceType = 'absolute' | 'relative';

export interface MsprtOptions {
  /** Significance level of the always-valid test. */
  readonly alpha: number;
  /** Null value of the difference. Default 0. */
  readonly theta0?: number;
  /** absolute: B - A; relative: (B - A)/A (delta method). Default absolute. */
  readonly differenceType?: DifferenceType;
  /** Mixing variance; when absent, GrowthBook's parameterisation with `growthbookNStar`. */
  readonly tau2?: number;
  /** GrowthBook's N* (the total sample size the interval is tuned for). Default 5000. */
  readonly growthbookNStar?: number;
}

/** What one look shows. */
export interface MsprtLook {
  /** Estimated difference. */
  readonly d: number;
  /** Variance of the estimate. */
  readonly V: number;
  /** GrowthBook parameterisation only: rho2, sigma2 = V (nA + nB). */
  readonly rho2?: number;
  readonly sigma2?: number;
  /** Mixing variance used at this look. */
  readonly tau2: number;
  readonly logLambda: number;
  readonly lambda: number;
  /** min(1, 1/Lambda) of this look alone (what GrowthBook reports). */
  readonly pLook: number;
  /** Always-valid p-value: the running minimum of pLook over the looks so far. */
  readonly pRunning: number;
  readonly reject: boolean;
  /** Always-valid confidence interval of this look. */
  readonly ciLower: number;
  readonly ciUpper: number;
  /** Fixed-horizon z and p, for contrast only (not valid under peeking). */
  readonly z: number;
  readonly fixedHorizonP: number;
}

export interface MsprtResult {
  readonly looks: MsprtLook[];
  /** 0-based index of the first look that rejects, or undefined. */
  readonly firstRejectLook?: number;
  readonly finalReject: boolean;
}

/** d and V of one look. */
export function difference(s: ArmsSummary, type: DifferenceType): { d: number; V: number } {
  if (type === 'relative') {
    const d = (s.meanB - s.meanA) / s.meanA;
    const V = s.varB / (s.meanA * s.meanA * s.nB) + (s.varA * s.meanB * s.meanB) / (s.meanA ** 4 * s.nA);
    return { d, V };
  }
  return { d: s.meanB - s.meanA, V: s.varA / s.nA + s.varB / s.nB };
}

/** Means and per-unit variances p(1 - p) of two proportions. */
export function proportionsAsArms(p: ProportionsSummary): ArmsSummary {
  const pa = p.xA / p.nA;
  const pb = p.xB / p.nB;
  return { nA: p.nA, meanA: pa, varA: pa * (1 - pa), nB: p.nB, meanB: pb, varB: pb * (1 - pb) };
}

/** GrowthBook's rho^2 for alpha and N* (Waudby-Smith et al. 2023, eq. 161). */
export function growthbookRho2(alpha: number, nStar: number): number {
  const l = -2 * Math.log(alpha);
  return (l + Math.log(1 + l)) / nStar;
}

/** ln Lambda of the normal-mixture likelihood ratio for estimate d with variance V. */
export function msprtLogLambda(d: number, V: number, tau2: number, theta0 = 0): number {
  const diff = d - theta0;
  return -0.5 * Math.log1p(tau2 / V) + (tau2 * diff * diff) / (2 * V * (V + tau2));
}

/** Half-width of the always-valid confidence interval. */
export function msprtHalfWidth(V: number, tau2: number, alpha: number): number {
  return Math.sqrt(((V * (V + tau2)) / tau2) * (2 * Math.log(1 / alpha) + Math.log((V + tau2) / V)));
}

/** One look, given the running p-value before it (1 at the first look). */
export function msprtLook(s: ArmsSummary, opts: MsprtOptions, previousP = 1): MsprtLook {
  const theta0 = opts.theta0 ?? 0;
  const { d, V } = difference(s, opts.differenceType ?? 'absolute');
  let tau2: number;
  let gb: { rho2: number; sigma2: number } | undefined;
  if (opts.tau2 !== undefined) {
    tau2 = opts.tau2;
  } else {
    const rho2 = growthbookRho2(opts.alpha, opts.growthbookNStar ?? 5000);
    const sigma2 = V * (s.nA + s.nB);
    tau2 = rho2 * sigma2;
    gb = { rho2, sigma2 };
  }
  const logLambda = msprtLogLambda(d, V, tau2, theta0);
  const pLook = Math.min(1, Math.exp(-logLambda));
  const pRunning = Math.min(previousP, pLook);
  const half = msprtHalfWidth(V, tau2, opts.alpha);
  const z = (d - theta0) / Math.sqrt(V);
  return {
    d, V, ...(gb ?? {}), tau2, logLambda, lambda: Math.exp(logLambda), pLook, pRunning,
    reject: pRunning <= opts.alpha, ciLower: d - half, ciUpper: d + half, z, fixedHorizonP: 2 * normSf(Math.abs(z)),
  };
}

/** A sequence of cumulative looks at two arms. */
export function msprtNormal(looks: readonly ArmsSummary[], opts: MsprtOptions): MsprtResult {
  const out: MsprtLook[] = [];
  let p = 1;
  let first: number | undefined;
  looks.forEach((s, k) => {
    const look = msprtLook(s, opts, p);
    p = look.pRunning;
    if (look.reject && first === undefined) first = k;
    out.push(look);
  });
  return { looks: out, ...(first !== undefined ? { firstRejectLook: first } : {}), finalReject: out.length > 0 && out[out.length - 1].reject };
}

/** A sequence of cumulative looks at two proportions (unpooled normal approximation). */
export function msprtProportions(looks: readonly ProportionsSummary[], opts: MsprtOptions): MsprtResult {
  return msprtNormal(looks.map(proportionsAsArms), opts);
}
