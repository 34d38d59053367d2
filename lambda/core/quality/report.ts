/**
 * One window's model-quality report in Model Monitor's formats: statistics.json (`{ version, dataset,
 * <problem>_metrics }`, each metric `{ value, standard_deviation }`) and constraint_violations.json
 * (`{ violations: [{ metric_name, constraint_check_type, description }] }`), plus the CloudWatch datapoints.
 * Pure: no I/O. `standard_deviation` is "NaN": Model Monitor's bootstrap (5 × 80% samples) is not reproduced.
 */
import {
  ProblemTypeName, PUBLISHED_QUALITY_METRICS, QUALITY_SECTIONS, QualityConstraintsFile,
} from '../../../contracts/model-quality';
import { addToConfusion, binaryMetrics, ConfusionMatrix, multiclassMetrics } from './classification';
import { JoinedPair } from './join';
import { normalizeLabel } from './prediction';
import { addRegression, EMPTY_REGRESSION, regressionMetrics } from './regression';

/** Metric values of one window (confusion matrix apart). */
export interface QualityWindow {
  readonly problemType: ProblemTypeName;
  readonly itemCount: number;
  readonly metrics: Record<string, number>;
  readonly confusionMatrix?: ConfusionMatrix;
  /** Pairs whose label or prediction could not be read for the problem type (e.g. a label 'cat' in regression). */
  readonly unusable: number;
}

/** Computes a window's metrics from its joined pairs. */
export function qualityWindow(problemType: ProblemTypeName, pairs: readonly JoinedPair[], threshold = 0.5): QualityWindow {
  let unusable = 0;
  if (problemType === 'Regression') {
    let s = EMPTY_REGRESSION;
    for (const p of pairs) {
      const y = Number(p.actual);
      if (!Number.isFinite(y) || p.inference.value === undefined || !Number.isFinite(p.inference.value)) { unusable++; continue; }
      s = addRegression(s, y, p.inference.value);
    }
    return { problemType, itemCount: s.n, metrics: { ...regressionMetrics(s) }, unusable };
  }
  if (problemType === 'BinaryClassification') {
    const scored: Array<{ actual: number; score: number }> = [];
    for (const p of pairs) {
      const y = normalizeLabel(p.actual);
      if ((y !== '0' && y !== '1') || p.inference.value === undefined) { unusable++; continue; }
      scored.push({ actual: Number(y), score: p.inference.value });
    }
    const { confusion_matrix, ...metrics } = binaryMetrics(scored, threshold);
    return { problemType, itemCount: scored.length, metrics: metrics as Record<string, number>, confusionMatrix: confusion_matrix, unusable };
  }
  const m: ConfusionMatrix = {};
  let n = 0;
  for (const p of pairs) {
    if (p.inference.label === undefined) { unusable++; continue; }
    addToConfusion(m, normalizeLabel(p.actual), p.inference.label);
    n++;
  }
  const { confusion_matrix, ...metrics } = multiclassMetrics(m);
  return { problemType, itemCount: n, metrics: metrics as Record<string, number>, confusionMatrix: confusion_matrix, unusable };
}

/** statistics.json of a window. */
export function qualityStatistics(w: QualityWindow, evaluationTime: string): Record<string, unknown> {
  const section: Record<string, unknown> = {};
  if (w.confusionMatrix) section.confusion_matrix = w.confusionMatrix;
  for (const [name, value] of Object.entries(w.metrics)) {
    section[name] = { value: Number.isFinite(value) ? value : 'NaN', standard_deviation: 'NaN' };
  }
  return {
    version: 0.0,
    dataset: { item_count: w.itemCount, evaluation_time: evaluationTime },
    [QUALITY_SECTIONS[w.problemType].metrics]: section,
  };
}

export interface QualityViolation {
  readonly metric_name: string;
  readonly constraint_check_type: string;
  readonly description: string;
}

/** The constraints a window breaks (an empty window breaks none: no data is not bad quality). */
export function qualityViolations(w: QualityWindow, constraints: QualityConstraintsFile): QualityViolation[] {
  if (w.itemCount === 0) return [];
  const section = (constraints as unknown as Record<string, Record<string, { threshold: number; comparison_operator: string }>>)[
    QUALITY_SECTIONS[w.problemType].constraints] ?? {};
  const out: QualityViolation[] = [];
  for (const [name, c] of Object.entries(section)) {
    const v = w.metrics[name];
    if (v === undefined || !Number.isFinite(v)) continue;
    const broken = c.comparison_operator === 'LessThanThreshold' ? v < c.threshold : v > c.threshold;
    if (broken) {
      out.push({
        metric_name: name,
        constraint_check_type: c.comparison_operator,
        description: `Metric ${name} with ${v} was ${c.comparison_operator} '${c.threshold}'`,
      });
    }
  }
  return out;
}

/** The datapoints to publish: Model Monitor's names, finite values only (CloudWatch rejects NaN). */
export function qualityDatapoints(w: QualityWindow): Array<{ name: string; value: number }> {
  if (w.itemCount === 0) return [];
  return PUBLISHED_QUALITY_METRICS[w.problemType]
    .map((name) => ({ name, value: w.metrics[name] }))
    .filter((d) => d.value !== undefined && Number.isFinite(d.value));
}
