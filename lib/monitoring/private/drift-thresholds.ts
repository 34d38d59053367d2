import { Token } from 'aws-cdk-lib';
import type { DriftThresholds as DriftThresholdsContract, NumericEffectStatistic } from '../../../contracts/drift-monitor';
import { checkAlarmWindow } from '../../private/validation/aws-rules';
import { checkNumber } from '../../private/validation/checks';
import { invalidProp } from '../../private/validation/fail';
import { checkFraction, checkRange } from '../../private/validation/numbers';
import { DriftThresholds } from '../drift-monitor-props';

/** The factory of each numeric effect statistic, and the fix of a size out of its range. */
const EFFECT_FACTORY: Record<NumericEffectStatistic, string> = { ks_distance: 'ksDistance', psi: 'psi', wasserstein_sd: 'wassersteinSds' };
const EFFECT_FIX: Record<NumericEffectStatistic, string> = {
  ks_distance: 'use a KS distance from 0 to 1, e.g. NumericEffectSize.ksDistance(0.1).',
  psi: 'use a PSI of 0 or more, e.g. NumericEffectSize.psi(0.1).',
  wasserstein_sd: 'use a number of standard deviations of 0 or more, e.g. NumericEffectSize.wassersteinSds(0.1).',
};

/**
 * The drift decision's settings of a DriftMonitor or a PipelineMonitor stage, checked at synth, as the handlers
 * read them. `at` is where they are in the props (e.g. `thresholds`, `stages['raw'].drift.thresholds`).
 */
export function driftThresholdsContract(owner: string, at: string, t: DriftThresholds = {}): DriftThresholdsContract {
  const effect = t.numericEffectSize;
  if (effect && !Token.isUnresolved(effect.size)) {
    const statistic = effect.statistic as NumericEffectStatistic;
    const ok = Number.isFinite(effect.size) && effect.size >= 0 && (statistic !== 'ks_distance' || effect.size <= 1);
    if (!ok) invalidProp(owner, `${at}.numericEffectSize`, `NumericEffectSize.${EFFECT_FACTORY[statistic]}(${effect.size})`, EFFECT_FIX[statistic]);
  }
  checkFraction(owner, `${at}.categoricalEffectSize`, t.categoricalEffectSize);
  const budget = t.falseAlarmBudget;
  checkFraction(owner, `${at}.falseAlarmBudget`, budget, true,
    'Use a probability above 0 and below 1, e.g. 0.01 (1% of windows with no change flagged at most).');
  checkRange(owner, `${at}.minRecords`, t.minRecords, { min: 1, integer: true });
  return {
    ...(effect ? { numericEffect: { statistic: effect.statistic as NumericEffectStatistic, size: effect.size } } : {}),
    ...(t.categoricalEffectSize !== undefined ? { categoricalEffect: t.categoricalEffectSize } : {}),
    ...(budget !== undefined ? { falseAlarmBudget: budget } : {}),
    ...(t.minRecords !== undefined ? { minRecords: t.minRecords } : {}),
  };
}

/**
 * Consecutive drifted windows that fire the drift alarm: a whole number of evaluation periods whose span
 * (windows x schedule) CloudWatch evaluates (at most 7 days, 1 day for periods under an hour).
 */
export function driftWindowsToAlarm(owner: string, at: string, t: DriftThresholds, scheduleSeconds: number): number {
  const w = t.windowsToAlarm ?? 1;
  checkNumber(owner, `${at}.windowsToAlarm`, w, 'cloudwatch.EvaluationPeriods');
  checkAlarmWindow(owner, `${at}.windowsToAlarm`, scheduleSeconds, w);
  return w;
}
