/**
 * Data-quality / drift monitoring contracts shared by lib/monitoring (DriftMonitor, baselines), the drift and
 * baseline handlers and lambda/core/monitoring: Model Monitor's file formats (statistics.json, constraints.json,
 * constraint_violations.json), its CloudWatch namespace and metric names, and the feature schema. Pure TypeScript.
 * Formats follow the SageMaker Model Monitor documentation ("Schema for Statistics", "Schema for Constraints",
 * "CloudWatch Metrics"); fields this library adds are prefixed `cdk_mlops_` or noted.
 */

// ---------------------------------------------------------------------------------------------------------------
// Feature schema

/** How a feature is compared: numeric (KS / PSI / Wasserstein) or categorical (L∞ / Jensen–Shannon / chi-square). */
export type FeatureKind = 'numeric' | 'categorical';

/** Where a feature comes from in a captured record. */
export type FeatureSource = 'input' | 'output';

export interface FeatureDefinition {
  readonly name: string;
  readonly kind: FeatureKind;
  /** Default 'input'. Output features are the model's predictions (prediction drift). */
  readonly source?: FeatureSource;
}

/**
 * The features of one model, in the order of the CSV columns of its requests (inputs) and responses (outputs).
 * JSON payloads are read by name (objects) or by position (arrays).
 */
export interface FeatureSchema {
  readonly features: readonly FeatureDefinition[];
}

const NUMERIC_GLUE_TYPES = /^(tinyint|smallint|int|integer|bigint|float|double|real|decimal(\(\s*\d+\s*,\s*\d+\s*\))?)$/i;

/**
 * A schema from Glue column types by column name (the DataPlatform's `columns`), in the given order: numeric
 * types become numeric features, every other type categorical. `exclude` drops columns that are not model inputs
 * (the label); `outputs` appends the model's output features.
 */
export function schemaFromColumns(
  columns: { readonly [column: string]: string },
  options: { readonly exclude?: readonly string[]; readonly outputs?: readonly FeatureDefinition[] } = {},
): FeatureSchema {
  const exclude = new Set(options.exclude ?? []);
  const inputs: FeatureDefinition[] = Object.entries(columns)
    .filter(([name]) => !exclude.has(name))
    .map(([name, type]) => ({ name, kind: NUMERIC_GLUE_TYPES.test(type.trim()) ? 'numeric' : 'categorical', source: 'input' }));
  const outputs = (options.outputs ?? []).map((f) => ({ ...f, source: 'output' as const }));
  return { features: [...inputs, ...outputs] };
}

/** Problems with a schema (empty = valid): names must be unique, non-empty and usable in a metric name. */
export function validateSchema(schema: FeatureSchema): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  if (!schema.features || schema.features.length === 0) problems.push('the schema has no features');
  for (const f of schema.features ?? []) {
    if (!f.name || !/^[A-Za-z0-9_.\-]{1,200}$/.test(f.name)) problems.push(`feature name '${f.name}' must be 1-200 characters of A-Z a-z 0-9 _ . -`);
    if (seen.has(f.name)) problems.push(`feature '${f.name}' appears twice`);
    seen.add(f.name);
    if (f.kind !== 'numeric' && f.kind !== 'categorical') problems.push(`feature '${f.name}': kind must be 'numeric' or 'categorical', got '${f.kind}'`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// CloudWatch

/** Model Monitor's namespace of data-quality metrics of real-time endpoints. */
export const DATA_METRICS_NAMESPACE = 'aws/sagemaker/Endpoints/data-metrics';

/** Dimensions: Model Monitor's `Endpoint` and `MonitoringSchedule` (the monitor's name), plus `VariantName`. */
export const DATA_METRICS_DIMENSIONS = { endpoint: 'Endpoint', schedule: 'MonitoringSchedule', variant: 'VariantName' } as const;

/**
 * What a monitor measures each target by, in its capture folder (`<prefix>/<endpoint>/<target>/`) and in the
 * dimension that carries the target's name: a production variant (Model Monitor's `VariantName`), or an inference
 * component (`InferenceComponentName`, as SageMaker names its own component metrics). Both monitors read it from
 * MONITORED_DIMENSION_ENV; absent means variants.
 */
export const MONITORED_DIMENSIONS = { variant: 'VariantName', inferenceComponent: 'InferenceComponentName' } as const;
export type MonitoredDimension = typeof MONITORED_DIMENSIONS[keyof typeof MONITORED_DIMENSIONS];
export const MONITORED_DIMENSION_ENV = 'CDK_MLOPS_MONITORED_DIMENSION';

/** The dimension an environment value names (undefined: variants); anything else is refused. */
export function monitoredDimension(value: string | undefined): MonitoredDimension {
  if (value === undefined || value === '') return MONITORED_DIMENSIONS.variant;
  const known = Object.values(MONITORED_DIMENSIONS) as string[];
  if (!known.includes(value)) throw new Error(`${MONITORED_DIMENSION_ENV} is '${value}'; use ${known.join(' or ')}`);
  return value as MonitoredDimension;
}

/** Metric names per feature: Model Monitor's (`feature_baseline_drift_`, `feature_non_null_`, `feature_data_`) and this library's. */
export const FEATURE_METRICS = {
  /**
   * The effect compared with the effect size: the KS distance (or PSI, or Wasserstein in baseline SDs, as the
   * monitor's numeric effect size is set) for numbers; the largest change of a category's share for categories.
   * Model Monitor's name.
   */
  baselineDrift: (feature: string) => `feature_baseline_drift_${feature}`,
  /** Share of records with the feature present (completeness). Model Monitor's name. */
  nonNull: (feature: string) => `feature_non_null_${feature}`,
  /** The feature's values (published as statistic sets: min, max, sum, count). Model Monitor's name. */
  data: (feature: string) => `feature_data_${feature}`,
  /** PSI on the baseline's deciles (numeric). */
  psi: (feature: string) => `feature_psi_${feature}`,
  /** Wasserstein distance to the baseline, in units of the baseline's standard deviation (numeric). */
  wasserstein: (feature: string) => `feature_wasserstein_${feature}`,
  /** Jensen–Shannon distance (categorical, natural log). */
  jensenShannon: (feature: string) => `feature_js_distance_${feature}`,
  /** p-value of the window's test against the baseline (KS numeric; chi-square categorical, 1 where it cannot apply), before Holm's adjustment. */
  pValue: (feature: string) => `feature_drift_p_value_${feature}`,
  /** 1 when the window's decision is drift, else 0 (the metric to alarm on). */
  driftDetected: (feature: string) => `feature_drift_detected_${feature}`,
} as const;

/** Per-window metrics (same namespace and dimensions). */
export const WINDOW_METRICS = {
  records: 'record_count',
  malformed: 'malformed_record_count',
  violations: 'constraint_violation_count',
  driftedFeatures: 'drifted_feature_count',
} as const;

// ---------------------------------------------------------------------------------------------------------------
// statistics.json

export interface KllBucket {
  readonly lower_bound: number;
  readonly upper_bound: number;
  readonly count: number;
}

export interface NumericalStatistics {
  readonly common: { readonly num_present: number; readonly num_missing: number };
  readonly mean: number;
  readonly sum: number;
  readonly std_dev: number;
  readonly min: number;
  readonly max: number;
  readonly distribution?: {
    readonly kll?: {
      readonly buckets: readonly KllBucket[];
      readonly sketch?: { readonly parameters: { readonly c: number; readonly k: number }; readonly data: readonly (readonly number[])[] };
    };
  };
}

export interface StringStatistics {
  readonly common: { readonly num_present: number; readonly num_missing: number };
  readonly distinct_count: number;
  readonly distribution?: { readonly categorical?: { readonly buckets: readonly { readonly value: string; readonly count: number }[] } };
}

export type InferredType = 'Integral' | 'Fractional' | 'String' | 'Unknown';

export interface FeatureStatistics {
  readonly name: string;
  readonly inferred_type: InferredType;
  readonly numerical_statistics?: NumericalStatistics;
  readonly string_statistics?: StringStatistics;
  /** This library's addition: the baseline's exact decile edges (numpy linear quantiles), for PSI. */
  readonly cdk_mlops_decile_edges?: readonly number[];
}

/** Model Monitor's statistics.json. */
export interface StatisticsFile {
  readonly version: number;
  readonly dataset: { readonly item_count: number };
  readonly features: readonly FeatureStatistics[];
  /** This library's addition: the window this file describes (absent for a baseline). */
  readonly cdk_mlops_window?: { readonly start: string; readonly end: string; readonly malformed_records: number };
}

// ---------------------------------------------------------------------------------------------------------------
// constraints.json

export type EnabledFlag = 'Enabled' | 'Disabled';

export interface DistributionConstraints {
  readonly perform_comparison?: EnabledFlag;
  readonly comparison_threshold?: number;
  /**
   * Model Monitor documents `Simple`/`Robust` in the schema and `linf_simple`/`linf_robust` in the table. Kept in
   * the format; this library's decision does not read it (it always tests: docs/drift-statistics.md), nor
   * categorical_drift_method. comparison_threshold and categorical_comparison_threshold are its effect sizes.
   */
  readonly comparison_method?: 'Simple' | 'Robust' | 'linf_simple' | 'linf_robust';
  readonly categorical_comparison_threshold?: number;
  readonly categorical_drift_method?: 'LInfinity' | 'ChiSquared';
}

export interface MonitoringConfig {
  readonly evaluate_constraints?: EnabledFlag;
  readonly emit_metrics?: EnabledFlag;
  readonly datatype_check_threshold?: number;
  readonly domain_content_threshold?: number;
  readonly distribution_constraints?: DistributionConstraints;
}

export interface FeatureConstraints {
  readonly name: string;
  readonly inferred_type: InferredType;
  readonly completeness?: number;
  readonly num_constraints?: { readonly is_non_negative: boolean };
  readonly string_constraints?: { readonly domains: readonly string[] };
  readonly monitoringConfigOverrides?: MonitoringConfig;
}

/** Model Monitor's constraints.json. */
export interface ConstraintsFile {
  readonly version: number;
  readonly features: readonly FeatureConstraints[];
  readonly monitoring_config?: MonitoringConfig;
}

/** Model Monitor's defaults of monitoring_config (its documentation). */
export const DEFAULT_MONITORING_CONFIG = {
  evaluate_constraints: 'Enabled',
  emit_metrics: 'Enabled',
  datatype_check_threshold: 0.1,
  domain_content_threshold: 0.1,
  distribution_constraints: {
    perform_comparison: 'Enabled',
    comparison_threshold: 0.1,
    comparison_method: 'Robust',
    categorical_comparison_threshold: 0.1,
    categorical_drift_method: 'LInfinity',
  },
} as const;

// ---------------------------------------------------------------------------------------------------------------
// constraint_violations.json

/** Model Monitor's constraint check types. */
export type ConstraintCheckType =
  | 'data_type_check' | 'completeness_check' | 'baseline_drift_check' | 'missing_column_check'
  | 'extra_column_check' | 'categorical_values_check';

export interface ConstraintViolation {
  readonly feature_name: string;
  readonly constraint_check_type: ConstraintCheckType;
  readonly description: string;
}

/** Model Monitor's constraint_violations.json. */
export interface ConstraintViolationsFile {
  readonly violations: readonly ConstraintViolation[];
}

/** Object keys of a window's reports under the monitoring prefix: `<prefix>/<endpoint>/<variant>/<window start, ISO>/<file>`. */
export const REPORT_FILES = {
  statistics: 'statistics.json',
  violations: 'constraint_violations.json',
  /** The mergeable window summary (this library's format) from which hourly and daily views are merged. */
  summary: 'summary.json',
} as const;
