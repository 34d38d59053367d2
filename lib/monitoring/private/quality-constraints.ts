import { Token } from 'aws-cdk-lib';
import { QualityConstraint } from '../../../contracts/model-quality';
import type { QualityThresholds } from '../model-quality-monitor-props';
import { ProblemType } from '../problem-type';
import { invalidProp, validateFraction, validatePositive } from './validate-monitor';

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
    if (!metric) invalidProp(owner, `thresholds.${prop}`, value, `it does not apply to ${problem}; remove it.`);
    if (Token.isUnresolved(value)) invalidProp(owner, `thresholds.${prop}`, value, 'use a number known at synth.');
    if (['mae', 'rmse', 'mape'].includes(metric)) validatePositive(owner, `thresholds.${prop}`, value);
    else if (metric !== 'r2') validateFraction(owner, `thresholds.${prop}`, value);
    out[metric] = { threshold: value, comparison_operator: op };
  }
  return out;
}