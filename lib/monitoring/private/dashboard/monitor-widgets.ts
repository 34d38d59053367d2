/**
 * Charts of the drift and quality monitors, per variant (the dashboard puts them next to the variant's traffic) and
 * per monitor. Metric handles (`forVariant`) are the metric factories; these functions only lay out widgets.
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { IDriftMonitorVariant, IModelQualityMonitorVariant } from '../../monitor-variant';
import type { GraphFactory } from '../../../private/dashboard/graph-factory';

/** One variant's drift: each feature's distance to the baseline, and the drifted features its alarm watches. */
export function driftVariantGraph(graph: GraphFactory, v: IDriftMonitorVariant, features: readonly string[], width: number):
cloudwatch.IWidget {
  return graph({
    title: `Drift of ${v.variantName}: distance per feature (left), drifted features (right)`,
    left: features.map((f) => v.metricBaselineDrift(f, { label: f })),
    right: [v.metricDriftedFeatures({ statistic: 'Maximum', label: 'drifted features' })],
    rightYAxis: { min: 0 },
    width,
  });
}

/** Records analysed and malformed lines per window, every variant. */
export function driftRecordsGraph(graph: GraphFactory, variants: readonly IDriftMonitorVariant[], width: number): cloudwatch.IWidget {
  return graph({
    title: 'Drift: captured records analysed (left) / malformed (right)',
    left: variants.map((v) => v.metricRecords({ label: `${v.variantName} records` })),
    right: variants.map((v) => v.metricMalformedRecords({ label: `${v.variantName} malformed` })),
    width,
  });
}

/** The quality metrics Model Monitor publishes for a problem type (`ProblemType._name`). */
export function qualityMetricNames(problem: string): { left: string[]; right: string[] } {
  if (problem === 'Regression') return { left: ['mae', 'rmse'], right: ['r2'] };
  if (problem === 'BinaryClassification') return { left: ['accuracy', 'precision', 'recall', 'f1', 'auc'], right: [] };
  return { left: ['accuracy', 'weighted_precision', 'weighted_recall', 'weighted_f1'], right: [] };
}

/** One variant's model quality against ground truth. */
export function qualityVariantGraph(graph: GraphFactory, v: IModelQualityMonitorVariant, problem: string, width: number):
cloudwatch.IWidget {
  const names = qualityMetricNames(problem);
  return graph({
    title: `Model quality of ${v.variantName}`,
    left: names.left.map((n) => v.metric(n, { label: n })),
    ...(names.right.length > 0 ? { right: names.right.map((n) => v.metric(n, { label: n })) } : { leftYAxis: { min: 0, max: 1 } }),
    width,
  });
}

/** Labelled predictions per window, every variant. */
export function qualityJoinedGraph(graph: GraphFactory, variants: readonly IModelQualityMonitorVariant[], width: number):
cloudwatch.IWidget {
  return graph({
    title: 'Model quality: labelled predictions per window',
    left: variants.map((v) => v.metricJoinedCount({ label: v.variantName })),
    width,
  });
}
