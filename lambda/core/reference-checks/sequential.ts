import {
  betaBinomialThompson, covariateSums, cuped, CupedArm, gstSpending, meanAndVariance, msprtLook, MsprtLook, msprtNormal,
  MsprtOptions, msprtProportions, srmChiSquare, welchTTest,
} from '../experiments';
import type { CaseCheck, CheckTable } from './types';

/**
 * Checks of the experiment statistics (lists of sequential-vectors.json), with the tolerances of its
 * meta.tolerances: each recomputes a case with lambda/core/experiments and names every value out of tolerance.
 */

/** |got - want| within rel * |want|, or within abs (for values near zero); JSON null means "not finite". */
function near(errors: string[], name: string, got: number, want: number | null, rel: number, abs = 1e-12): void {
  if (want === null) {
    if (Number.isFinite(got)) errors.push(`${name}: got ${got}, want not finite`);
    return;
  }
  const diff = Math.abs(got - want);
  if (!(diff <= rel * Math.abs(want) || diff <= abs)) errors.push(`${name}: got ${got}, want ${want} (|diff| ${diff.toExponential(2)})`);
}

function exact(errors: string[], name: string, got: unknown, want: unknown): void {
  if (JSON.stringify(got) !== JSON.stringify(want)) errors.push(`${name}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

function msprtOptions(inputs: any): MsprtOptions {
  return {
    alpha: inputs.alpha, theta0: inputs.theta0, differenceType: inputs.difference_type,
    ...(inputs.tau2 === null || inputs.tau2 === undefined ? { growthbookNStar: inputs.growthbook_N_star } : { tau2: inputs.tau2 }),
  };
}

function checkMsprtResult(errors: string[], looks: MsprtLook[], first: number | undefined, final: boolean, expected: any): void {
  const rel = 1e-9;
  exact(errors, 'looks', looks.length, expected.per_look.length);
  expected.per_look.forEach((w: any, k: number) => {
    const g = looks[k];
    if (!g) return;
    const at = (n: string) => `look ${k} ${n}`;
    near(errors, at('d'), g.d, w.d, rel);
    near(errors, at('V'), g.V, w.V, rel);
    if ('rho2' in w) near(errors, at('rho2'), g.rho2 ?? NaN, w.rho2, rel);
    if ('sigma2' in w) near(errors, at('sigma2'), g.sigma2 ?? NaN, w.sigma2, rel);
    if ('tau2' in w) near(errors, at('tau2'), g.tau2, w.tau2, rel);
    near(errors, at('log_lambda'), g.logLambda, w.log_lambda, rel, 1e-9);
    near(errors, at('lambda'), g.lambda, w.lambda, rel);
    near(errors, at('p_look'), g.pLook, w.p_look, rel);
    near(errors, at('p_running'), g.pRunning, w.p_running, rel);
    near(errors, at('ci_lower'), g.ciLower, w.ci_lower, rel);
    near(errors, at('ci_upper'), g.ciUpper, w.ci_upper, rel);
    near(errors, at('z'), g.z, w.z, rel);
    near(errors, at('fixed_horizon_p'), g.fixedHorizonP, w.fixed_horizon_p, rel);
    exact(errors, at('reject'), g.reject, w.reject);
  });
  exact(errors, 'first_reject_look', first ?? null, expected.first_reject_look);
  exact(errors, 'final_reject', final, expected.final_reject);
}

const msprtNormalCheck: CaseCheck = (c) => {
  const errors: string[] = [];
  const looks = c.inputs.looks.map((l: any) => ({ nA: l.n_a, meanA: l.mean_a, varA: l.var_a, nB: l.n_b, meanB: l.mean_b, varB: l.var_b }));
  const r = msprtNormal(looks, msprtOptions(c.inputs));
  checkMsprtResult(errors, r.looks, r.firstRejectLook, r.finalReject, c.expected);
  return errors;
};

const msprtProportionsCheck: CaseCheck = (c) => {
  const errors: string[] = [];
  const looks = c.inputs.looks.map((l: any) => ({ xA: l.x_a, nA: l.n_a, xB: l.x_b, nB: l.n_b }));
  const r = msprtProportions(looks, msprtOptions(c.inputs));
  checkMsprtResult(errors, r.looks, r.firstRejectLook, r.finalReject, c.expected);
  return errors;
};

function gstCheck(errors: string[], inputs: any, expected: any): number[] {
  const r = gstSpending({ looksN: inputs.looks_n, expectedN: inputs.expected_n, alpha: inputs.alpha, rho: inputs.rho, sides: inputs.sides, ztrun: inputs.ztrun });
  exact(errors, 'looks', r.t.length, expected.t.length);
  expected.t.forEach((_: number, k: number) => {
    near(errors, `look ${k} t`, r.t[k], expected.t[k], 1e-12, 0);
    near(errors, `look ${k} alpha_spent_cumulative`, r.alphaSpentCumulative[k], expected.alpha_spent_cumulative[k], 1e-12, 0);
    near(errors, `look ${k} alpha_spent_increment`, r.alphaSpentIncrement[k], expected.alpha_spent_increment[k], 1e-12, 0);
    near(errors, `look ${k} z_bounds`, r.zBounds[k], expected.z_bounds[k], 0, 1e-6);
    near(errors, `look ${k} adjusted_alpha`, r.adjustedAlpha[k], expected.adjusted_alpha[k], 1e-5, 0);
  });
  return r.adjustedAlpha;
}

const gstSpendingCheck: CaseCheck = (c) => {
  const errors: string[] = [];
  gstCheck(errors, c.inputs, c.expected);
  return errors;
};

const spotifyPublishedCheck: CaseCheck = (c) => {
  const errors: string[] = [];
  const adjusted = gstCheck(errors, c.inputs, c.expected);
  c.published_expected.adjusted_alpha.forEach((p: number, k: number) =>
    near(errors, `look ${k} published adjusted_alpha`, adjusted[k], p, 0, c.published_expected.atol));
  return errors;
};

const srmCheck: CaseCheck = (c) => {
  const errors: string[] = [];
  const r = srmChiSquare(c.inputs.observed, c.inputs.expected_weights, c.inputs.threshold);
  c.expected.expected_counts.forEach((e: number, i: number) => near(errors, `expected_counts[${i}]`, r.expectedCounts[i], e, 1e-9));
  near(errors, 'statistic', r.statistic, c.expected.statistic, 1e-9);
  exact(errors, 'df', r.df, c.expected.df);
  near(errors, 'pvalue', r.pValue, c.expected.pvalue, 1e-6);
  exact(errors, 'srm_detected', r.srmDetected, c.expected.srm_detected);
  return errors;
};

const thompsonCheck: CaseCheck = (c) => {
  const errors: string[] = [];
  const r = betaBinomialThompson(c.inputs.variants, c.inputs.prior);
  exact(errors, 'posterior', r.posterior, c.expected.posterior);
  c.expected.prob_best.forEach((p: number, i: number) => near(errors, `prob_best[${i}]`, r.probBest[i], p, 0, 1e-6));
  return errors;
};

const ARM_FIELDS: Array<[keyof CupedArm | 'sum_x' | 'sum_y' | 'sum_x2' | 'sum_y2' | 'sum_xy', string]> = [
  ['n', 'n'], ['meanX', 'mean_x'], ['meanY', 'mean_y'], ['varX', 'var_x'], ['varY', 'var_y'], ['covXY', 'cov_xy'],
  ['adjustedMeanY', 'adjusted_mean_y'], ['varYAdjusted', 'var_y_adjusted'],
];

const cupedCheck: CaseCheck = (c) => {
  const errors: string[] = [];
  const sa = covariateSums(c.inputs.arm_a.x, c.inputs.arm_a.y);
  const sb = covariateSums(c.inputs.arm_b.x, c.inputs.arm_b.y);
  const r = cuped(sa, sb);
  const e = c.expected;
  const tol = (name: string, got: number, want: number) => near(errors, name, got, want, 1e-9, 1e-12);
  tol('theta', r.theta, e.theta);
  tol('mean_x_pooled', r.meanXPooled, e.mean_x_pooled);
  tol('diff_unadjusted', r.diffUnadjusted, e.diff_unadjusted);
  tol('var_diff_unadjusted', r.varDiffUnadjusted, e.var_diff_unadjusted);
  tol('diff_adjusted', r.diffAdjusted, e.diff_adjusted);
  tol('var_diff_adjusted', r.varDiffAdjusted, e.var_diff_adjusted);
  tol('variance_reduction', r.varianceReduction, e.variance_reduction);
  for (const [arm, got, sums] of [['arm_a', r.armA, sa], ['arm_b', r.armB, sb]] as const) {
    for (const [ours, theirs] of ARM_FIELDS) tol(`${arm}.${theirs}`, (got as any)[ours], e[arm][theirs]);
    tol(`${arm}.sum_x`, sums.sumX, e[arm].sum_x);
    tol(`${arm}.sum_y`, sums.sumY, e[arm].sum_y);
    tol(`${arm}.sum_x2`, sums.sumX2, e[arm].sum_x2);
    tol(`${arm}.sum_y2`, sums.sumY2, e[arm].sum_y2);
    tol(`${arm}.sum_xy`, sums.sumXY, e[arm].sum_xy);
  }
  return errors;
};

function statistic(s: any): { n: number; mean: number; variance: number } {
  if (s.type === 'ProportionStatistic') {
    const mean = s.sum / s.n;
    return { n: s.n, mean, variance: mean * (1 - mean) };
  }
  const { mean, variance } = meanAndVariance(s.sum, s.sum_squares, s.n);
  return { n: s.n, mean, variance };
}

const growthbookPublishedCheck: CaseCheck = (c) => {
  const errors: string[] = [];
  const a = statistic(c.inputs.stat_a);
  const b = statistic(c.inputs.stat_b);
  const arms = { nA: a.n, meanA: a.mean, varA: a.variance, nB: b.n, meanB: b.mean, varB: b.variance };
  const type = c.inputs.difference_type;
  let ours: { expected: number; ci: [number, number]; stddev: number; p: number; extra: Record<string, number> };
  if (c.kind === 'fixed_horizon_welch_relative') {
    const r = welchTTest(arms, c.inputs.alpha, type);
    ours = { expected: r.estimate, ci: [r.ciLower, r.ciUpper], stddev: r.stdError, p: r.pValue, extra: { variance: r.stdError ** 2, welch_dof: r.dof } };
  } else if (c.kind === 'sequential_msprt_relative') {
    const r = msprtLook(arms, { alpha: c.inputs.alpha, differenceType: type, growthbookNStar: c.inputs.growthbook_N_star });
    ours = {
      expected: r.d, ci: [r.ciLower, r.ciUpper], stddev: Math.sqrt(r.V), p: r.pLook,
      extra: { variance: r.V, n: a.n + b.n, rho2: r.rho2 ?? NaN, sigma2: r.sigma2 ?? NaN, tau2: r.tau2, log_lambda: r.logLambda, lambda: r.lambda },
    };
  } else {
    return [`unknown kind '${c.kind}'`];
  }
  const pub = c.published_expected;
  near(errors, 'published expected', ours.expected, pub.expected, 0, 5e-6);
  near(errors, 'published ci[0]', ours.ci[0], pub.ci[0], 0, 5e-6);
  near(errors, 'published ci[1]', ours.ci[1], pub.ci[1], 0, 5e-6);
  near(errors, 'published uplift_stddev', ours.stddev, pub.uplift_stddev, 0, 5e-6);
  near(errors, 'published p_value', ours.p, pub.p_value, 0, 5e-6);
  const comp = c.computed;
  const rel = (name: string, got: number) => near(errors, `computed ${name}`, got, comp[name], 1e-9);
  rel('mean_a', a.mean); rel('var_a', a.variance); rel('mean_b', b.mean); rel('var_b', b.variance);
  rel('expected', ours.expected); rel('uplift_stddev', ours.stddev); rel('p_value', ours.p);
  near(errors, 'computed ci[0]', ours.ci[0], comp.ci[0], 1e-9);
  near(errors, 'computed ci[1]', ours.ci[1], comp.ci[1], 1e-9);
  for (const [k, v] of Object.entries(ours.extra)) if (k in comp) rel(k, v);
  return errors;
};

/** Checks of the experiment statistics (lists of sequential-vectors.json). */
export const SEQUENTIAL_CHECKS: CheckTable = {
  msprt_normal: msprtNormalCheck,
  msprt_proportions: msprtProportionsCheck,
  gst_spending: gstSpendingCheck,
  srm_chisquare: srmCheck,
  beta_binomial_thompson: thompsonCheck,
  cuped: cupedCheck,
  growthbook_published: growthbookPublishedCheck,
  spotify_published: spotifyPublishedCheck,
};
