/**
 * Classification quality in Model Monitor's terms (binary and multiclass), from joined predictions and labels.
 * Pure: no I/O. Definitions follow scikit-learn (a division by zero gives 0, as its default `zero_division`
 * does), which is what ../shared/reference/stats-vectors.json was computed with, and Model Monitor's published
 * example (docs: "Model quality metrics", binary and multiclass), which test/lambda/core/quality checks.
 *
 * Confusion matrices are `{ actual: { predicted: count } }`, the layout of Model Monitor's `confusion_matrix`
 * (the documented example only adds up this way round). Counts are mergeable: two windows' matrices add up.
 */

/** `{ actual: { predicted: count } }`. */
export type ConfusionMatrix = Record<string, Record<string, number>>;

/** A binary prediction: the label (0/1) and the model's score for class 1. */
export interface BinaryPair {
  readonly actual: number;
  readonly score: number;
}

/** Metrics of a binary classifier (Model Monitor's `binary_classification_metrics` names). */
export interface BinaryMetrics {
  readonly confusion_matrix: ConfusionMatrix;
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly f0_5: number;
  readonly f1: number;
  readonly f2: number;
  readonly true_positive_rate: number;
  readonly true_negative_rate: number;
  readonly false_positive_rate: number;
  readonly false_negative_rate: number;
  /** Of the classifier that always answers 1 (Model Monitor's "best constant classifier" for binary problems). */
  readonly accuracy_best_constant_classifier: number;
  readonly precision_best_constant_classifier: number;
  readonly recall_best_constant_classifier: number;
  readonly f0_5_best_constant_classifier: number;
  readonly f1_best_constant_classifier: number;
  readonly f2_best_constant_classifier: number;
  /** Area under the ROC curve; NaN when the window holds only one class. Absent when computed from counts only. */
  readonly auc?: number;
}

/** Metrics of a multiclass classifier (Model Monitor's `multiclass_classification_metrics` names). */
export interface MulticlassMetrics {
  readonly confusion_matrix: ConfusionMatrix;
  readonly accuracy: number;
  readonly weighted_recall: number;
  readonly weighted_precision: number;
  readonly weighted_f0_5: number;
  readonly weighted_f1: number;
  readonly weighted_f2: number;
  /** Of the classifier that always answers the least frequent actual class (reproduces Model Monitor's example). */
  readonly accuracy_best_constant_classifier: number;
  readonly weighted_recall_best_constant_classifier: number;
  readonly weighted_precision_best_constant_classifier: number;
  readonly weighted_f0_5_best_constant_classifier: number;
  readonly weighted_f1_best_constant_classifier: number;
  readonly weighted_f2_best_constant_classifier: number;
}

const div = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** F-beta from precision and recall (0 when both are 0). */
export function fBeta(precision: number, recall: number, beta: number): number {
  const b2 = beta * beta;
  return div((1 + b2) * precision * recall, b2 * precision + recall);
}

/** Adds one (actual, predicted) observation to a matrix (in place) and returns it. */
export function addToConfusion(m: ConfusionMatrix, actual: string, predicted: string, count = 1): ConfusionMatrix {
  const row = (m[actual] ??= {});
  row[predicted] = (row[predicted] ?? 0) + count;
  return m;
}

/** Sum of two matrices (windows merge this way). */
export function mergeConfusion(a: ConfusionMatrix, b: ConfusionMatrix): ConfusionMatrix {
  const out: ConfusionMatrix = {};
  for (const m of [a, b]) for (const [act, row] of Object.entries(m)) for (const [p, c] of Object.entries(row)) addToConfusion(out, act, p, c);
  return out;
}

/** The binary matrix of scores at a threshold: predicted 1 when score >= threshold (scikit-learn's convention). */
export function binaryConfusion(pairs: readonly BinaryPair[], threshold: number): ConfusionMatrix {
  const m: ConfusionMatrix = { 0: { 0: 0, 1: 0 }, 1: { 0: 0, 1: 0 } };
  for (const p of pairs) addToConfusion(m, p.actual === 1 ? '1' : '0', p.score >= threshold ? '1' : '0');
  return m;
}

const cell = (m: ConfusionMatrix, a: string, p: string) => m[a]?.[p] ?? 0;

/** Every binary metric that counts determine (all but AUC), from a `{0,1} x {0,1}` matrix. */
export function binaryMetricsFromConfusion(m: ConfusionMatrix): BinaryMetrics {
  const tn = cell(m, '0', '0'); const fp = cell(m, '0', '1');
  const fn = cell(m, '1', '0'); const tp = cell(m, '1', '1');
  const n = tn + fp + fn + tp;
  const precision = div(tp, tp + fp);
  const recall = div(tp, tp + fn);
  const positives = tp + fn;
  const bccPrecision = div(positives, n);
  const bccRecall = positives > 0 ? 1 : 0;
  return {
    confusion_matrix: { 0: { 0: tn, 1: fp }, 1: { 0: fn, 1: tp } },
    accuracy: div(tp + tn, n),
    precision,
    recall,
    f0_5: fBeta(precision, recall, 0.5),
    f1: fBeta(precision, recall, 1),
    f2: fBeta(precision, recall, 2),
    true_positive_rate: recall,
    true_negative_rate: div(tn, tn + fp),
    false_positive_rate: div(fp, tn + fp),
    false_negative_rate: div(fn, tp + fn),
    accuracy_best_constant_classifier: bccPrecision,
    precision_best_constant_classifier: bccPrecision,
    recall_best_constant_classifier: bccRecall,
    f0_5_best_constant_classifier: fBeta(bccPrecision, bccRecall, 0.5),
    f1_best_constant_classifier: fBeta(bccPrecision, bccRecall, 1),
    f2_best_constant_classifier: fBeta(bccPrecision, bccRecall, 2),
  };
}

/** Binary metrics of scored pairs, AUC included. */
export function binaryMetrics(pairs: readonly BinaryPair[], threshold = 0.5): BinaryMetrics {
  return { ...binaryMetricsFromConfusion(binaryConfusion(pairs, threshold)), auc: rocAuc(pairs) };
}

/**
 * Area under the ROC curve by ranks (the Mann–Whitney U over positives and negatives, ties counted half), equal to
 * scikit-learn's `roc_auc_score`. O(n log n). NaN when one class is absent.
 */
export function rocAuc(pairs: readonly BinaryPair[]): number {
  const sorted = pairs.map((p) => p).sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j].score === sorted[i].score) j++;
    const avgRank = (i + 1 + j) / 2; // ranks i+1..j share their mean
    for (let k = i; k < j; k++) if (sorted[k].actual === 1) { positives++; rankSum += avgRank; }
    i = j;
  }
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Multiclass metrics of a matrix: accuracy and support-weighted recall, precision and F-scores. */
export function multiclassMetrics(m: ConfusionMatrix): MulticlassMetrics {
  const classes = [...new Set([...Object.keys(m), ...Object.values(m).flatMap((r) => Object.keys(r))])].sort();
  const support = new Map(classes.map((c) => [c, classes.reduce((s, p) => s + cell(m, c, p), 0)]));
  const predictedCount = new Map(classes.map((p) => [p, classes.reduce((s, a) => s + cell(m, a, p), 0)]));
  const n = [...support.values()].reduce((s, v) => s + v, 0);
  const weighted = (perClass: (c: string) => number) => div(classes.reduce((s, c) => s + support.get(c)! * perClass(c), 0), n);
  const precision = (c: string) => div(cell(m, c, c), predictedCount.get(c)!);
  const recall = (c: string) => div(cell(m, c, c), support.get(c)!);
  // The constant classifier answers the least frequent actual class c*: only c* has non-zero scores.
  const actual = classes.filter((c) => support.get(c)! > 0);
  const rare = actual.reduce((best, c) => (support.get(c)! < support.get(best)! ? c : best), actual[0]);
  const share = rare === undefined ? 0 : div(support.get(rare)!, n);
  const bcc = (beta: number) => share * fBeta(share, 1, beta);
  const correct = classes.reduce((s, c) => s + cell(m, c, c), 0);
  return {
    confusion_matrix: m,
    accuracy: div(correct, n),
    weighted_recall: weighted(recall),
    weighted_precision: weighted(precision),
    weighted_f0_5: weighted((c) => fBeta(precision(c), recall(c), 0.5)),
    weighted_f1: weighted((c) => fBeta(precision(c), recall(c), 1)),
    weighted_f2: weighted((c) => fBeta(precision(c), recall(c), 2)),
    accuracy_best_constant_classifier: share,
    weighted_recall_best_constant_classifier: share,
    weighted_precision_best_constant_classifier: share * share,
    weighted_f0_5_best_constant_classifier: bcc(0.5),
    weighted_f1_best_constant_classifier: bcc(1),
    weighted_f2_best_constant_classifier: bcc(2),
  };
}
