/**
 * Charts of the drift and quality monitors, per variant or inference component (the dashboard puts a variant's next
 * to its traffic) and per monitor. Metric handles (`forVariant`, `forComponent`) are the metric factories; these
 * functions only lay out widgets.
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type {
  IDriftMonitorComponent, IDriftMonitorVariant, IModelQualityMonitorComponent, IModelQualityMonitorVariant,
} from '../../monitor-variant';
import type { GraphFactory } from '../../../private/dashboard/graph-factory';

type DriftTarget = IDriftMonitorVariant | IDriftMonitorComponent;
type QualityTarget = IModelQualityMonitorVariant | IModelQualityMonitorComponent;

/** The variant's or the component's name, as charts label it. */
function nameOf(h: DriftTarget | QualityTarget): string {
  return 'variantName' in h ? h.variantName : h.inferenceComponentName;
}

/** One variant's (or component's) drift: each feature's distance to the baseline, and the drifted features its alarm watches. */
export function driftVariantGraph(graph: GraphFactory, v: DriftTarget, features: readonly string[], width: number):
cloudwatch.IWidget {
  return graph({
    title: `Drift of ${nameOf(v)}: distance per feature (left), drifted features (right)`,
    left: features.map((f) => v.metricBaselineDrift(f, { label: f })),
    right: [v.metricDriftedFeatures({ statistic: 'Maximum', label: 'drifted features' })],
    rightYAxis: { min: 0 },
    width,
  });
}

/** Records analysed and malformed lines per window, every variant or component. */
export function driftRecordsGraph(graph: GraphFactory, variants: readonly DriftTarget[], width: number): cloudwatch.IWidget {
  return graph({
    title: 'Drift: captured records analysed (left) / malformed (right)',
    left: variants.map((v) => v.metricRecords({ label: `${nameOf(v)} records` })),
    right: variants.map((v) => v.metricMalformedRecords({ label: `${nameOf(v)} malformed` })),
    width,
  });
}

/** The quality metrics Model Monitor publishes for a problem type (`ProblemType._name`). */
export function qualityMetricNames(problem: string): { left: string[]; right: string[] } {
  if (problem === 'Regression') return { left: ['mae', 'rmse'], right: ['r2'] };
  if (problem === 'BinaryClassification') return { left: ['accuracy', 'precision', 'recall', 'f1', 'auc'], right: [] };
  return { left: ['accuracy', 'weighted_precision', 'weighted_recall', 'weighted_f1'], right: [] };
}

/** One variant's (or component's) model quality against ground truth. */
export function qualityVariantGraph(graph: GraphFactory, v: QualityTarget, problem: string, width: number):
cloudwatch.IWidget {
  const names = qualityMetricNames(problem);
  return graph({
    title: `Model quality of ${nameOf(v)}`,
    left: names.left.map((n) => v.metric(n, { label: n })),
    ...(names.right.length > 0 ? { right: names.right.map((n) => v.metric(n, { label: n })) } : { leftYAxis: { min: 0, max: 1 } }),
    width,
  });
}

/** Labelled predictions per window, every variant or component. */
export function qualityJoinedGraph(graph: GraphFactory, variants: readonly QualityTarget[], width: number):
cloudwatch.IWidget {
  return graph({
    title: 'Model quality: labelled predictions per window',
    left: variants.map((v) => v.metricJoinedCount({ label: nameOf(v) })),
    width,
  });
}
