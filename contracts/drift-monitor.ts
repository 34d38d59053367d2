/**
 * The drift monitor's and the baseline job's environment and limits, shared by lib/monitoring (DriftMonitor,
 * BaselineJob) and their handlers. The file formats, namespace and metric names are contracts/model-monitor.ts.
 */
import { ATHENA_SWITCH } from './capture-table';

/** Environment of the drift-monitor Lambda, set by DriftMonitor. */
export const DRIFT_ENV = {
  endpointName: 'CDK_MLOPS_ENDPOINT_NAME',
  variantNames: 'CDK_MLOPS_VARIANT_NAMES',
  monitorName: 'CDK_MLOPS_MONITOR_NAME',
  /** FeatureSchema as JSON. */
  schema: 'CDK_MLOPS_FEATURE_SCHEMA',
  /** s3:// URI of the baseline statistics.json. */
  baselineStatistics: 'CDK_MLOPS_BASELINE_STATISTICS',
  /** s3:// URI of the baseline constraints.json (optional: Model Monitor's defaults without it). */
  baselineConstraints: 'CDK_MLOPS_BASELINE_CONSTRAINTS',
  /** DriftThresholds as JSON: overrides of the constraints' monitoring_config. */
  thresholds: 'CDK_MLOPS_DRIFT_THRESHOLDS',
  captureBucket: 'CDK_MLOPS_CAPTURE_BUCKET',
  capturePrefix: 'CDK_MLOPS_CAPTURE_PREFIX',
  reportBucket: 'CDK_MLOPS_REPORT_BUCKET',
  /** Bytes of new capture files in one window above which the window runs in Athena. */
  athenaSwitchBytes: 'CDK_MLOPS_ATHENA_SWITCH_BYTES',
  athenaWorkGroup: 'CDK_MLOPS_ATHENA_WORKGROUP',
  athenaDatabase: 'CDK_MLOPS_ATHENA_DATABASE',
  athenaTable: 'CDK_MLOPS_ATHENA_TABLE',
} as const;

/** The statistic a numeric feature's effect size is measured in. */
export type NumericEffectStatistic = 'ks_distance' | 'psi' | 'wasserstein_sd';

/** The smallest change of a numeric feature that matters, in one statistic. */
export interface NumericEffect {
  readonly statistic: NumericEffectStatistic;
  readonly size: number;
}

/**
 * Overrides of the drift decision, passed by the construct (each optional). A feature drifts when its change is
 * significant within the false-alarm budget and at least its effect size (docs/drift-statistics.md).
 */
export interface DriftThresholds {
  /** Smallest numeric change that matters (default: the constraints' comparison_threshold as a KS distance). */
  readonly numericEffect?: NumericEffect;
  /** Smallest change of a category's share that matters, as a fraction (0.1 = 10 points). */
  readonly categoricalEffect?: number;
  /** Largest share of no-change windows that may be flagged, per window across its features (Holm). */
  readonly falseAlarmBudget?: number;
  /** Fewest values of a feature in a window for a decision. */
  readonly minRecords?: number;
}

/**
 * The decision's defaults. Effect sizes: Model Monitor's comparison_threshold and categorical_comparison_threshold
 * (0.1: a KS distance of 0.1, a category share moving 10 points); budget: 1% of no-change windows.
 */
export const DRIFT_DECISION_DEFAULTS = {
  numericEffect: { statistic: 'ks_distance', size: 0.1 } as NumericEffect,
  categoricalEffect: 0.1,
  falseAlarmBudget: 0.01,
  minRecords: 20,
} as const;

/**
 * The documented switch point: above this many bytes of new capture files in one window, the window is computed in
 * Athena instead of the Lambda (or read over several runs without Athena). One constant: ATHENA_SWITCH of
 * contracts/capture-table.ts, where README "Drift statistics" explains the measurement.
 */
export const DEFAULT_ATHENA_SWITCH_BYTES = ATHENA_SWITCH.maxLambdaBytes;

/** Environment of the baseline Lambda, set by BaselineJob. */
export const BASELINE_ENV = {
  /** FeatureSchema as JSON (features are columns of the table). */
  schema: 'CDK_MLOPS_FEATURE_SCHEMA',
  workGroup: 'CDK_MLOPS_ATHENA_WORKGROUP',
  database: 'CDK_MLOPS_ATHENA_DATABASE',
  table: 'CDK_MLOPS_ATHENA_TABLE',
  /** At most this many rows are read (a Bernoulli sample of the table above it). */
  maxRows: 'CDK_MLOPS_BASELINE_MAX_ROWS',
  /** Where statistics.json and constraints.json go: bucket and key prefix (ending with '/'). */
  outputBucket: 'CDK_MLOPS_BASELINE_BUCKET',
  outputPrefix: 'CDK_MLOPS_BASELINE_PREFIX',
} as const;
