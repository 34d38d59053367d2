/**
 * The drift decision of one window, in two explicit parts:
 * - an effect size: the smallest change that matters, set per statistic (KS distance, PSI or Wasserstein in
 *   baseline standard deviations for numbers; a category's share for categories);
 * - a false-alarm budget: the largest share of no-change windows that may be flagged.
 * A feature drifts when its change is both significant (its test's p-value, adjusted for the window's features by
 * Holm's step-down method, is within the budget) and at least its effect size. Holm keeps the chance that a window
 * with no change flags any of its features within the budget whatever the dependence between the features (the
 * drift alarm fires on any drifted feature), and is never weaker than Bonferroni. Pure.
 */
import type { NumericEffectStatistic } from '../../../contracts/drift-monitor';
import { adjustPValues } from '../stats';

/** What an effect is measured in: a numeric statistic, or the largest change of a category's share. */
export type EffectStatistic = NumericEffectStatistic | 'category_share';

/** Which part of the decision decided: both agree (drift, or neither met), or one of them vetoed a flag. */
export type DecidedBy = 'both' | 'test' | 'effect-size';

export interface DriftEffect {
  readonly statistic: EffectStatistic;
  /** The window's value of the statistic. */
  readonly value: number;
  /** The effect size it is compared with. */
  readonly size: number;
  /** value >= size (to 1e-12: a share change of exactly 10 points may compute as 0.09999999999999998). */
  readonly reached: boolean;
}

export interface DriftTest {
  /** 'ks': two-sample Kolmogorov–Smirnov; 'chi-square': the window's category counts against the baseline's. */
  readonly name: 'ks' | 'chi-square';
  /** Whether the test could run (chi-square needs expected counts that meet Cochran's rule); p-value 1 if not. */
  readonly applicable: boolean;
  readonly pValue: number;
  /** The p-value adjusted for the window's features (Holm). */
  readonly adjustedPValue: number;
  /** The false-alarm budget the adjusted p-value is compared with. */
  readonly budget: number;
  /** adjustedPValue <= budget. */
  readonly significant: boolean;
}

export interface FeatureDecision {
  readonly drift: boolean;
  readonly decidedBy: DecidedBy;
  readonly effect: DriftEffect;
  readonly test: DriftTest;
}

/** One feature's evidence, before the window's features are weighed together. */
export interface DecisionInput {
  readonly effect: { readonly statistic: EffectStatistic; readonly value: number; readonly size: number };
  readonly test: { readonly name: DriftTest['name']; readonly applicable: boolean; readonly pValue: number };
}

/** The decisions of a window's features (every feature with enough values: the family Holm's method adjusts over). */
export function decideWindow(inputs: readonly DecisionInput[], falseAlarmBudget: number): FeatureDecision[] {
  const adjusted = adjustPValues(inputs.map((x) => (x.test.applicable ? x.test.pValue : 1)), 'holm');
  return inputs.map((x, i) => {
    const significant = adjusted[i] <= falseAlarmBudget;
    const reached = x.effect.value + 1e-12 >= x.effect.size;
    const drift = significant && reached;
    return {
      drift,
      decidedBy: drift || (!significant && !reached) ? 'both' : significant ? 'effect-size' : 'test',
      effect: { ...x.effect, reached },
      test: { ...x.test, pValue: x.test.applicable ? x.test.pValue : 1, adjustedPValue: adjusted[i], budget: falseAlarmBudget, significant },
    };
  });
}

const EFFECT_NAMES: Record<EffectStatistic, string> = {
  ks_distance: 'KS distance', psi: 'PSI', wasserstein_sd: 'Wasserstein distance (baseline SDs)', category_share: 'largest change of a category share',
};

const fmt = (x: number) => Number(x.toPrecision(6)).toString();

/** Both parts of a decision in one line (constraint_violations.json), e.g. "KS distance 0.2 is at least ...; KS p-value ...". */
export function describeDecision(d: FeatureDecision, features: number): string {
  const effect = `${EFFECT_NAMES[d.effect.statistic]} ${fmt(d.effect.value)} ${d.effect.reached ? 'is at least' : 'is below'} the effect size ${d.effect.size}`;
  const test = d.test.applicable
    ? `${d.test.name === 'ks' ? 'KS' : 'chi-square'} p-value ${fmt(d.test.pValue)} (Holm-adjusted over ${features} feature${features === 1 ? '' : 's'}: ${fmt(d.test.adjustedPValue)}) `
      + `${d.test.significant ? 'is within' : 'is above'} the false-alarm budget ${d.test.budget}`
    : 'the chi-square test does not apply (too few values per category)';
  return `${effect}; ${test}`;
}
