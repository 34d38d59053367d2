import * as fs from 'fs';
import * as path from 'path';
import {
  binaryConfusion, binaryMetricsFromConfusion, mergeConfusion, multiclassMetrics, rocAuc,
} from '../../../../lambda/core/quality/classification';
import { QUALITY_CHECKS } from '../../../../lambda/core/reference-checks/quality';

// The confusion-matrix examples of the AWS documentation, "Model quality metrics and Amazon CloudWatch
// monitoring" (docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-model-quality-metrics.html), with the values
// published there. Their ROC curve and AUC come from a different sample than their matrix, so AUC is not checked here
// (it is checked against scikit-learn in the reference vectors below).
describe('AWS documentation examples', () => {
  test('binary: every count-based metric of the published example', () => {
    const m = binaryMetricsFromConfusion({ 0: { 0: 1, 1: 2 }, 1: { 0: 0, 1: 1 } });
    const published: Record<string, number> = {
      recall: 1.0,
      precision: 0.3333333333333333,
      accuracy: 0.5,
      recall_best_constant_classifier: 1.0,
      precision_best_constant_classifier: 0.25,
      accuracy_best_constant_classifier: 0.25,
      true_positive_rate: 1.0,
      true_negative_rate: 0.33333333333333337,
      false_positive_rate: 0.6666666666666666,
      false_negative_rate: 0.0,
      f0_5: 0.3846153846153846,
      f1: 0.5,
      f2: 0.7142857142857143,
      f0_5_best_constant_classifier: 0.29411764705882354,
      f1_best_constant_classifier: 0.4,
      f2_best_constant_classifier: 0.625,
    };
    for (const [name, value] of Object.entries(published)) {
      expect([name, (m as any)[name]]).toEqual([name, expect.closeTo(value, 12)]);
    }
    expect(m.confusion_matrix).toEqual({ 0: { 0: 1, 1: 2 }, 1: { 0: 0, 1: 1 } });
  });

  test('multiclass: every metric of the published example', () => {
    const m = multiclassMetrics({ 0: { 0: 1180, 1: 510 }, 1: { 0: 268, 1: 138 } });
    const published: Record<string, number> = {
      accuracy: 0.6288167938931297,
      weighted_recall: 0.6288167938931297,
      weighted_precision: 0.6983172269629505,
      weighted_f0_5: 0.6803947317178771,
      weighted_f1: 0.6571162346664904,
      weighted_f2: 0.6384024354394601,
      accuracy_best_constant_classifier: 0.19370229007633588,
      weighted_recall_best_constant_classifier: 0.19370229007633588,
      weighted_precision_best_constant_classifier: 0.03752057718081697,
      weighted_f0_5_best_constant_classifier: 0.04473443104152011,
      weighted_f1_best_constant_classifier: 0.06286421244683643,
      weighted_f2_best_constant_classifier: 0.10570313141262414,
    };
    for (const [name, value] of Object.entries(published)) {
      expect([name, (m as any)[name]]).toEqual([name, expect.closeTo(value, 12)]);
    }
  });
});

describe('classification', () => {
  test('predicted 1 at score >= threshold (scikit-learn)', () => {
    expect(binaryConfusion([{ actual: 1, score: 0.5 }, { actual: 0, score: 0.49 }], 0.5)).toEqual({ 0: { 0: 1, 1: 0 }, 1: { 0: 0, 1: 1 } });
  });

  test('AUC counts ties as half, and is NaN with one class', () => {
    // Positives {0.8, 0.5}, negatives {0.5, 0.2}: pairs (0.8>0.5)=1, (0.8>0.2)=1, (0.5=0.5)=0.5, (0.5>0.2)=1 → 3.5/4.
    expect(rocAuc([{ actual: 1, score: 0.8 }, { actual: 1, score: 0.5 }, { actual: 0, score: 0.5 }, { actual: 0, score: 0.2 }])).toBe(0.875);
    expect(rocAuc([{ actual: 1, score: 0.3 }])).toBeNaN();
  });

  test('three classes: per-class precision and recall weighted by support', () => {
    // actual a: 2 (both right); actual b: 2 (1 right, 1 as c); actual c: 1 (as a).
    const m = multiclassMetrics({ a: { a: 2 }, b: { b: 1, c: 1 }, c: { a: 1 } });
    expect(m.accuracy).toBeCloseTo(3 / 5, 12);
    // precision a = 2/3, b = 1, c = 0; weights 2, 2, 1 → (4/3 + 2 + 0) / 5.
    expect(m.weighted_precision).toBeCloseTo((4 / 3 + 2) / 5, 12);
    expect(m.weighted_recall).toBeCloseTo(3 / 5, 12);
  });

  test('matrices of two windows add up', () => {
    expect(mergeConfusion({ 0: { 0: 1 } }, { 0: { 0: 2, 1: 1 }, 1: { 1: 4 } })).toEqual({ 0: { 0: 3, 1: 1 }, 1: { 1: 4 } });
  });
});

describe('reference vectors (scikit-learn)', () => {
  const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../../shared/reference/stats-vectors.json'), 'utf8'));
  for (const list of ['binary_classification', 'regression']) {
    test(`${list}: every case`, () => {
      expect(vectors[list].length).toBeGreaterThan(0);
      const failures = (vectors[list] as unknown[]).flatMap((c, i) => QUALITY_CHECKS[list](c).map((f) => `case ${i}: ${f}`));
      expect(failures).toEqual([]);
    });
  }
});
