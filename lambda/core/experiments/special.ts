/**
 * Special functions the experiment statistics need beyond lambda/core/stats (whose normal, gamma and incomplete
 * beta functions they reuse): the Student t quantile and density, the Beta density, Gauss–Legendre nodes. Pure.
 */

import { betaInc as statsBetaInc, chiSquareSf as statsChiSquareSf, gammaQ as statsGammaQ, logGamma, normalCdf, normalQuantile, normalSf } from '../stats';

/** Standard normal density. */
export function normPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** The normal and gamma-family functions are lambda/core/stats' (one copy); these names are the ones used here. */
export const normCdf = normalCdf;
export const normSf = normalSf;
export const normPpf = normalQuantile;
export const lnGamma = logGamma;
export const gammaQ = statsGammaQ;
export const chiSquareSf = statsChiSquareSf;

/** Regularised incomplete beta I_x(a, b) (argument order of this module: x first). */
export function betaInc(x: number, a: number, b: number): number {
  return statsBetaInc(a, b, x);
}

/** ln B(a, b). */
export function lnBeta(a: number, b: number): number {
  return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

/** ln of the Beta(a, b) density at x. */
export function betaLogPdf(x: number, a: number, b: number): number {
  if (x <= 0 || x >= 1) {
    if (x === 0 && a === 1) return -lnBeta(a, b);
    if (x === 1 && b === 1) return -lnBeta(a, b);
    return -Infinity;
  }
  return (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lnBeta(a, b);
}

/** Two-sided tail of Student's t: P(|T_dof| >= |t|). */
export function tTwoSided(t: number, dof: number): number {
  if (!Number.isFinite(dof)) return 2 * normSf(Math.abs(t));
  return betaInc(dof / (dof + t * t), dof / 2, 0.5);
}

/** Student t CDF. */
export function tCdf(t: number, dof: number): number {
  const tail = tTwoSided(t, dof) / 2;
  return t >= 0 ? 1 - tail : tail;
}

/** Student t density. */
export function tPdf(t: number, dof: number): number {
  return Math.exp(lnGamma((dof + 1) / 2) - lnGamma(dof / 2) - 0.5 * Math.log(dof * Math.PI) - ((dof + 1) / 2) * Math.log1p((t * t) / dof));
}

/** Quantile of Student's t (Newton from the normal quantile, on the upper tail). */
export function tPpf(p: number, dof: number): number {
  if (p === 0.5) return 0;
  if (p < 0.5) return -tPpf(1 - p, dof);
  const upper = 1 - p;
  let x = normPpf(p);
  for (let i = 0; i < 100; i++) {
    const err = tTwoSided(x, dof) / 2 - upper;
    const next = x + err / tPdf(x, dof);
    if (Math.abs(next - x) < 1e-14 * Math.max(1, Math.abs(x))) return next;
    x = next > 0 ? next : x / 2;
  }
  return x;
}

const GL_CACHE = new Map<number, { nodes: number[]; weights: number[] }>();

/** Gauss–Legendre nodes and weights on [-1, 1]. */
export function gaussLegendre(n: number): { nodes: number[]; weights: number[] } {
  const cached = GL_CACHE.get(n);
  if (cached) return cached;
  const nodes = new Array<number>(n);
  const weights = new Array<number>(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const pk = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1; p1 = pk;
      }
      dp = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    nodes[i] = -x; nodes[n - 1 - i] = x;
    weights[i] = weights[n - 1 - i] = 2 / ((1 - x * x) * dp * dp);
  }
  const rule = { nodes, weights };
  GL_CACHE.set(n, rule);
  return rule;
}
