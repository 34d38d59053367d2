/**
 * Model-quality monitoring (concept drift) contracts shared by lib/monitoring (ModelQualityMonitor) and
 * lambda/handlers/quality-monitor: problem types, Model Monitor's metric names and namespace, the constraint file
 * the construct renders, and the handler's environment. Pure TypeScript.
 */

/** Model Monitor's problem types (`ProblemType` of a model-quality job definition). */
export type ProblemTypeName = 'BinaryClassification' | 'MulticlassClassification' | 'Regression';

export const PROBLEM_TYPES: readonly ProblemTypeName[] = ['BinaryClassification', 'MulticlassClassification', 'Regression'];

export function isProblemType(v: unknown): v is ProblemTypeName {
  return typeof v === 'string' && (PROBLEM_TYPES as readonly string[]).includes(v);
}

/** CloudWatch namespace of Model Monitor's model-quality metrics. */
export const MODEL_QUALITY_NAMESPACE = 'aws/sagemaker/Endpoints/model-metrics';

/**
 * Dimensions of the published metrics: Model Monitor's `Endpoint` and `MonitoringSchedule` (here: the monitor's
 * name), plus `VariantName`, because this library measures each variant on its own (Model Monitor cannot).
 */
export const MODEL_QUALITY_DIMENSIONS = { endpoint: 'Endpoint', schedule: 'MonitoringSchedule', variant: 'VariantName' } as const;

/** The section name of each problem type in statistics.json, and of its constraints in constraints.json. */
export const QUALITY_SECTIONS: Record<ProblemTypeName, { metrics: string; constraints: string }> = {
  BinaryClassification: { metrics: 'binary_classification_metrics', constraints: 'binary_classification_constraints' },
  MulticlassClassification: { metrics: 'multiclass_classification_metrics', constraints: 'multiclass_classification_constraints' },
  Regression: { metrics: 'regression_metrics', constraints: 'regression_constraints' },
};

/** Metrics published to CloudWatch per problem type (Model Monitor's names; `mape` is this library's addition). */
export const PUBLISHED_QUALITY_METRICS: Record<ProblemTypeName, readonly string[]> = {
  BinaryClassification: ['accuracy', 'precision', 'recall', 'f1', 'auc', 'true_positive_rate', 'false_positive_rate'],
  MulticlassClassification: ['accuracy', 'weighted_precision', 'weighted_recall', 'weighted_f1'],
  Regression: ['mae', 'mse', 'rmse', 'r2', 'mape'],
};

/** Extra metrics of each run (same namespace and dimensions): joined pairs and what could not be joined. */
export const QUALITY_RUN_METRICS = {
  joined: 'joined_count',
  expiredInferences: 'unlabelled_expired_count',
  expiredLabels: 'orphan_label_expired_count',
  malformed: 'malformed_line_count',
} as const;

/** Model Monitor's comparison operators of a constraint. */
export type QualityComparison = 'LessThanThreshold' | 'GreaterThanThreshold';

/** One constraint of constraints.json: the metric violates it when `value <operator> threshold`. */
export interface QualityConstraint {
  readonly threshold: number;
  readonly comparison_operator: QualityComparison;
}

/** Model Monitor's model-quality constraints.json (one section, by problem type). */
export interface QualityConstraintsFile {
  readonly version: number;
  readonly binary_classification_constraints?: Record<string, QualityConstraint>;
  readonly multiclass_classification_constraints?: Record<string, QualityConstraint>;
  readonly regression_constraints?: Record<string, QualityConstraint>;
}

/** Environment of the quality-monitor Lambda, set by ModelQualityMonitor. */
export const QUALITY_ENV = {
  endpointName: 'CDK_MLOPS_ENDPOINT_NAME',
  variantNames: 'CDK_MLOPS_VARIANT_NAMES',
  monitorName: 'CDK_MLOPS_MONITOR_NAME',
  problemType: 'CDK_MLOPS_PROBLEM_TYPE',
  probabilityThreshold: 'CDK_MLOPS_PROBABILITY_THRESHOLD',
  inferenceAttribute: 'CDK_MLOPS_INFERENCE_ATTRIBUTE',
  lateLabelWindowSeconds: 'CDK_MLOPS_LATE_LABEL_WINDOW_SECONDS',
  /** constraints.json (QualityConstraintsFile) as JSON. */
  constraints: 'CDK_MLOPS_QUALITY_CONSTRAINTS',
  captureBucket: 'CDK_MLOPS_CAPTURE_BUCKET',
  capturePrefix: 'CDK_MLOPS_CAPTURE_PREFIX',
  groundTruthBucket: 'CDK_MLOPS_GROUND_TRUTH_BUCKET',
  groundTruthPrefix: 'CDK_MLOPS_GROUND_TRUTH_PREFIX',
  /** Bucket and prefix of the reports and the checkpoint (the lake's monitoring area). */
  reportBucket: 'CDK_MLOPS_REPORT_BUCKET',
  reportPrefix: 'CDK_MLOPS_REPORT_PREFIX',
} as const;
