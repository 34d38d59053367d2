import {
  chi2Contingency, jensenShannon, ks2samp, mannWhitneyU, psiDeciles, twoProportionZTest, wasserstein, welchTTest,
} from '../stats';
import type { CheckTable } from './types';

/** The file's tolerance: statistics relative 1e-9; p-values relative 1e-6, or absolute 1e-12 when tiny. */
const STAT_RTOL = 1e-9;
const P_RTOL = 1e-6;
const P_ATOL = 1e-12;

export function statDiff(name: string, actual: number, expected: number): string[] {
  if (typeof expected !== 'number') return [`${name}: the case has no number (${JSON.stringify(expected)})`];
  const ok = actual === expected || Math.abs(actual - expected) <= STAT_RTOL * Math.abs(expected);
  return ok ? [] : [`${name}: got ${actual}, expected ${expected} (relative tolerance ${STAT_RTOL})`];
}

export function pDiff(name: string, actual: number, expected: number): string[] {
  if (typeof expected !== 'number') return [`${name}: the case has no number (${JSON.stringify(expected)})`];
  const diff = Math.abs(actual - expected);
  const ok = diff <= P_RTOL * Math.abs(expected) || diff <= P_ATOL;
  return ok ? [] : [`${name}: got ${actual}, expected ${expected} (relative ${P_RTOL} or absolute ${P_ATOL})`];
}

function listDiff(name: string, actual: readonly number[], expected: readonly number[]): string[] {
  if (!Array.isArray(expected) || expected.length !== actual.length) return [`${name}: expected ${expected?.length} values, got ${actual.length}`];
  return actual.flatMap((a, i) => statDiff(`${name}[${i}]`, a, expected[i]));
}

/** Checks of the drift and quality statistics (lists of stats-vectors.json). */
export const STATS_CHECKS: CheckTable = {
  ks_2samp: (c) => {
    const r = ks2samp(c.x, c.y, c.method);
    return [...statDiff('statistic', r.statistic, c.statistic), ...pDiff('pvalue', r.pvalue, c.pvalue)];
  },
  mannwhitneyu: (c) => {
    if (c.method !== 'asymptotic') return [`method ${c.method}: only 'asymptotic' is implemented`];
    const r = mannWhitneyU(c.x, c.y, c.use_continuity !== false);
    return [...statDiff('U_x', r.uX, c.U_x), ...pDiff('pvalue', r.pvalue, c.pvalue)];
  },
  chi2_contingency: (c) => {
    const r = chi2Contingency(c.table, c.correction !== false);
    const dof = r.dof === c.dof ? [] : [`dof: got ${r.dof}, expected ${c.dof}`];
    return [...statDiff('statistic', r.statistic, c.statistic), ...pDiff('pvalue', r.pvalue, c.pvalue), ...dof];
  },
  jensenshannon: (c) => statDiff('distance', jensenShannon(c.p, c.q, c.base ?? undefined), c.distance),
  wasserstein: (c) => statDiff('distance', wasserstein(c.x, c.y), c.distance),
  psi_decile_bins: (c) => {
    const r = psiDeciles(c.reference, c.current);
    return [
      ...listDiff('inner_edges', r.innerEdges, c.inner_edges),
      ...listDiff('reference_shares', r.referenceShares, c.reference_shares),
      ...listDiff('current_shares', r.currentShares, c.current_shares),
      ...statDiff('psi', r.psi, c.psi),
    ];
  },
  welch_ttest: (c) => {
    const r = welchTTest(c.x, c.y);
    return [...statDiff('t', r.statistic, c.t), ...pDiff('pvalue', r.pvalue, c.pvalue)];
  },
  two_proportion_ztest: (c) => {
    const r = twoProportionZTest(c.successes_a, c.trials_a, c.successes_b, c.trials_b);
    return [...statDiff('z', r.statistic, c.z), ...pDiff('pvalue', r.pvalue, c.pvalue)];
  },
};
