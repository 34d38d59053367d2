/**
 * Experiment contracts shared by lib/experiments (AbTestAnalysis, AdaptiveAllocation, ShadowAnalysis) and
 * lambda/handlers/{ab-analysis,ab-allocator,shadow-analysis}: environment names, the outcome file format, the
 * EventBridge event and the CloudWatch metrics. Pure TypeScript.
 */

/** CloudWatch namespace of every experiment metric. */
export const EXPERIMENT_NAMESPACE = 'cdk-mlops/Experiments';

/** EventBridge `source` and `detail-type` of an A/B decision. */
export const AB_DECISION_EVENT = { source: 'cdk-mlops.experiments', detailType: 'A/B Test Decision' } as const;

/** The decision as a number, for the `AbDecision` metric and alarms on it. */
export const DECISION_VALUES = { better: 1, inconclusive: 0, worse: -1, blocked: -2 } as const;

/** Metric names (dimensions: Endpoint, Experiment, and Metric for per-metric figures). */
export const AB_METRICS = {
  decision: 'AbDecision',
  srmPValue: 'SrmPValue',
  pValue: 'PValue',
  estimate: 'Estimate',
  units: 'Units',
  malformedOutcomes: 'MalformedOutcomeLines',
  unjoinedOutcomes: 'UnjoinedOutcomes',
} as const;

/** Shadow metrics (dimensions: Endpoint, ShadowVariant). */
export const SHADOW_METRICS = {
  agreementRate: 'AgreementRate',
  meanAbsoluteDifference: 'MeanAbsoluteDifference',
  meanRelativeDifference: 'MeanRelativeDifference',
  errorRateDifference: 'ErrorRateDifference',
  p99LatencyDifferenceMs: 'P99LatencyDifferenceMs',
  paired: 'PairedAnswers',
  unpaired: 'UnpairedAnswers',
  malformed: 'MalformedCaptureLines',
} as const;

/** Allocation metrics (dimensions: Endpoint, Variant). */
export const ALLOCATION_METRICS = { share: 'AllocatedShare', probBest: 'ProbabilityBest' } as const;

export const EXPERIMENT_DIMENSIONS = {
  endpoint: 'Endpoint', experiment: 'Experiment', metric: 'Metric', shadowVariant: 'ShadowVariant', variant: 'Variant',
} as const;

/**
 * One outcome event, one JSON object per line of a file under the outcome prefix (`.jsonl`, optionally `.gz`):
 * `{"inferenceId": "order-17", "metric": "conversion", "value": 1, "covariate": 3.5}`. `inferenceId` is the
 * InvokeEndpoint `InferenceId` the caller set (also in the capture record), so the outcome joins the variant that
 * answered; `covariate` (optional) is the unit's pre-period value for CUPED.
 */
export interface OutcomeEvent {
  readonly inferenceId: string;
  readonly metric: string;
  readonly value: number;
  readonly covariate?: number;
}

/** One metric of an A/B test, as the handler receives it (JSON in AB_ENV.metrics). */
export interface AbMetricConfig {
  readonly name: string;
  /** 'proportion' (values 0/1) or 'mean'. */
  readonly kind: 'proportion' | 'mean';
  readonly higherIsBetter: boolean;
  readonly primary?: boolean;
  /** CUPED with the outcome events' `covariate`. */
  readonly cuped?: boolean;
}

/** Environment of the ab-analysis handler. */
export const AB_ENV = {
  endpointName: 'AB_ENDPOINT_NAME',
  experimentName: 'AB_EXPERIMENT_NAME',
  /** JSON [{ "name": "champion", "weight": 50 }, ...], control first. */
  variants: 'AB_VARIANTS',
  captureBucket: 'AB_CAPTURE_BUCKET',
  capturePrefix: 'AB_CAPTURE_PREFIX',
  outcomeBucket: 'AB_OUTCOME_BUCKET',
  outcomePrefix: 'AB_OUTCOME_PREFIX',
  stateBucket: 'AB_STATE_BUCKET',
  /** JSON AbMetricConfig[]. */
  metrics: 'AB_METRICS',
  alpha: 'AB_ALPHA',
  test: 'AB_TEST',
  correction: 'AB_CORRECTION',
  nStar: 'AB_N_STAR',
  minUnits: 'AB_MIN_UNITS',
  eventBusName: 'AB_EVENT_BUS_NAME',
} as const;

/** Environment of the ab-allocator handler (shares AB_ENV's location and variant names). */
export const ALLOCATOR_ENV = {
  metric: 'ALLOC_METRIC',
  minShare: 'ALLOC_MIN_SHARE',
  maxShare: 'ALLOC_MAX_SHARE',
  updateIntervalSeconds: 'ALLOC_UPDATE_INTERVAL_SECONDS',
  rolloutTableName: 'ALLOC_ROLLOUT_TABLE_NAME',
} as const;

/** Environment of the shadow-analysis handler. */
export const SHADOW_ENV = {
  endpointName: 'SHADOW_ENDPOINT_NAME',
  productionVariant: 'SHADOW_PRODUCTION_VARIANT',
  shadowVariant: 'SHADOW_SHADOW_VARIANT',
  captureBucket: 'SHADOW_CAPTURE_BUCKET',
  capturePrefix: 'SHADOW_CAPTURE_PREFIX',
  problem: 'SHADOW_PROBLEM',
  threshold: 'SHADOW_THRESHOLD',
  windowSeconds: 'SHADOW_WINDOW_SECONDS',
} as const;

/** Key of an experiment's state (running p-values, last reweighting) in the state bucket. */
export function experimentStateKey(experimentName: string): string {
  return `experiments/${experimentName}/state.json`;
}
