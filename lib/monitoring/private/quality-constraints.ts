import { QualityConstraint } from '../../../contracts/model-quality';
import { invalidProp } from '../../private/validation/fail';
import { checkFraction, checkRange } from '../../private/validation/numbers';
import type { QualityThresholds } from '../model-quality-monitor-props';
import { ProblemType } from '../problem-type';

/** Threshold prop → [metric per problem type (undefined: not applicable), comparison that breaks it]. */
const THRESHOLDS: Record<keyof QualityThresholds, [Partial<Record<string, string>>, 'LessThanThreshold' | 'GreaterThanThreshold']> = {
  minAccuracy: [{ BinaryClassification: 'accuracy', MulticlassClassification: 'accuracy' }, 'LessThanThreshold'],
  minPrecision: [{ BinaryClassification: 'precision', MulticlassClassification: 'weighted_precision' }, 'LessThanThreshold'],
  minRecall: [{ BinaryClassification: 'recall', MulticlassClassification: 'weighted_recall' }, 'LessThanThreshold'],
  minF1: [{ BinaryClassification: 'f1', MulticlassClassification: 'weighted_f1' }, 'LessThanThreshold'],
  minAuc: [{ BinaryClassification: 'auc' }, 'LessThanThreshold'],
  maxMae: [{ Regression: 'mae' }, 'GreaterThanThreshold'],
  maxRmse: [{ Regression: 'rmse' }, 'GreaterThanThreshold'],
  minR2: [{ Regression: 'r2' }, 'LessThanThreshold'],
  maxMape: [{ Regression: 'mape' }, 'GreaterThanThreshold'],
};

/** The constraints.json entries of the thresholds set, each checked against the problem type and its range. */
export function qualityConstraints(owner: string, problemType: ProblemType, t: QualityThresholds): Record<string, QualityConstraint> {
  const out: Record<string, QualityConstraint> = {};
  const problem = problemType._name;
  for (const [prop, [metrics, op]] of Object.entries(THRESHOLDS) as Array<[keyof QualityThresholds, (typeof THRESHOLDS)[keyof QualityThresholds]]>) {
    const value = t[prop];
    if (value === undefined) continue;
    const metric = metrics[problem];
    if (!metric) invalidProp(owner, `thresholds.${prop}`, value, `It does not apply to ${problem}; remove it.`);
    // A token threshold is deferred (rendered as a reference in the alarm and the constraints); literals must be able to fire.
    if (['mae', 'rmse', 'mape'].includes(metric)) {
      checkRange(owner, `thresholds.${prop}`, value, { min: 0, minExclusive: true }, `Use a positive number (an error in the label's unit${metric === 'mape' ? ', a fraction for MAPE: 0.1 = 10%' : ''}).`);
    } else if (metric === 'r2') {
      checkRange(owner, `thresholds.${prop}`, value, { max: 1, maxExclusive: true }, 'Use a number below 1 (R² is at most 1, so a minimum of 1 or more always alarms).');
    } else {
      checkFraction(owner, `thresholds.${prop}`, value, true, `Use a number above 0 and below 1 (${metric} is a share, not a percentage; ` +
        'a minimum of 0 never alarms, one of 1 alarms on any miss).');
    }
    out[metric] = { threshold: value, comparison_operator: op };
  }
  return out;
}
