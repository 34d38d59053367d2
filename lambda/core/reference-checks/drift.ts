/**
 * Checks of the drift monitor's statistics on tied data (lists of test/lambda/core/monitoring/reference/drift-vectors.json,
 * written with scipy by scripts/drift-vectors.py), through the monitor's own path: the baseline computed from the
 * baseline sample, the window summarised on its bins, and the comparison.
 */
import { categoricalDistances, computeBaseline, numericDistances, WindowAccumulator, type CategoricalBaseline, type NumericBaseline } from '../monitoring';
import { pDiff, statDiff } from './stats';
import type { CheckTable } from './types';

/** A sample given as distinct values and their counts. */
const expand = (s: { values: number[]; counts: number[] }) => s.values.flatMap((v, i) => new Array<number>(s.counts[i]).fill(v));

export const DRIFT_CHECKS: CheckTable = {
  drift_numeric_ties: (c) => {
    const baseline = computeBaseline({ features: [{ name: 'x', kind: 'numeric' }] }, { x: expand(c.baseline) });
    const acc = new WindowAccumulator(baseline);
    for (const v of expand(c.window)) acc.addNumber(0, v);
    const w = acc.summary('', '').features.x;
    if (w.kind !== 'numeric') return ['the window summary is not numeric'];
    const d = numericDistances(baseline.features[0] as NumericBaseline, w);
    return [
      ...statDiff('ks_statistic', d.ksDistance, c.ks_statistic), ...pDiff('p_value', d.pValue, c.p_value),
      ...statDiff('wasserstein_sd', d.wasserstein, c.wasserstein_sd), ...statDiff('psi', d.psi, c.psi),
    ];
  },
  drift_categorical: (c) => {
    const categories: string[] = c.categories;
    const column = categories.flatMap((k, i) => new Array<string>(c.baseline_counts[i]).fill(k));
    const baseline = computeBaseline({ features: [{ name: 'x', kind: 'categorical' }] }, { x: column });
    const acc = new WindowAccumulator(baseline);
    categories.forEach((k, i) => { for (let j = 0; j < c.window_counts[i]; j++) acc.addText(0, k); });
    const w = acc.summary('', '').features.x;
    if (w.kind !== 'categorical') return ['the window summary is not categorical'];
    const d = categoricalDistances(baseline.features[0] as CategoricalBaseline, w);
    if (!d.chiSquare) return ['chi-square did not apply'];
    const dof = d.chiSquare.dof === c.dof ? [] : [`dof: got ${d.chiSquare.dof}, expected ${c.dof}`];
    return [
      ...statDiff('max_share_change', d.maxShareChange, c.max_share_change),
      ...statDiff('chi2_statistic', d.chiSquare.statistic, c.chi2_statistic), ...pDiff('p_value', d.chiSquare.pvalue, c.p_value), ...dof,
      ...statDiff('jensenshannon', d.jensenShannon, c.jensenshannon),
    ];
  },
};
