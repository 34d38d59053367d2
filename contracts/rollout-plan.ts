/**
 * The rollout plan: a deployment strategy as plain data. lib/rollout renders it (DeploymentStrategy) into the
 * state machine input and the deploy trigger's `Plan` property; the controller validates it (`planFromJson`,
 * rollout-plan-validation.ts) and the policy runs it. All durations are in seconds, all traffic shares in percent of requests.
 *
 * Step semantics: each step shifts the candidate to `candidatePercent` and then bakes for `bakeSeconds` while the
 * candidate-scoped alarms watch it. The last step is always 100%; the bake at 100% is `finalBakeSeconds` (so the
 * last step's own `bakeSeconds` must be 0). After the final bake the candidate is promoted and the old fleet stays
 * provisioned at weight 0 for `keepOldWarmSeconds` (the rollback window), during which an alarm still rolls back.
 */
import { AnswerFormatPlan } from './shadow-answers';

export interface RolloutStep {
  /** Share of requests sent to the candidate during this step, in (0, 100]. */
  readonly candidatePercent: number;
  /** How long the step is observed before the next one; 0 means "not judged, move on". */
  readonly bakeSeconds: number;
}

/** Gates a shadow run must pass before the candidate takes any user traffic. */
export interface ShadowGates {
  /** Largest allowed (shadow 5XX rate − stable 5XX rate), as a fraction: 0.01 = one percentage point. */
  readonly maxErrorRateIncrease: number;
  /** Largest allowed shadow p99 / stable p99 of ModelLatency (>= 1; 1.2 = at most 20% slower). */
  readonly maxP99LatencyRatio: number;
  /** Shadow requests needed before the gates can be judged (and answers compared, for the answer gates). */
  readonly minRequests: number;
  /** Lowest share of replayed answers with the same class as production's (a fraction; 'label' or 'score' answers). */
  readonly minAgreement?: number;
  /** Largest mean |candidate − production| of the replayed answers ('score' or 'number' answers). */
  readonly maxMeanAbsoluteDifference?: number;
  /** Largest mean |candidate − production| / |production| (a fraction; 'score' or 'number' answers). */
  readonly maxMeanRelativeDifference?: number;
}

export interface ShadowPhase {
  readonly durationSeconds: number;
  readonly gates: ShadowGates;
  /**
   * How answers are read for the comparison with production's captured answers (contracts/shadow-answers.ts).
   * Omitted: DEFAULT_ANSWER_FORMAT (the first value as a class label).
   */
  readonly answers?: AnswerFormatPlan;
}

/**
 * What to do when a step has baked but has not seen `minInvocationsPerStep` within `maxHoldSeconds`:
 * FAIL (restore the stable model, report failure) or ADVANCE (treat the step as passed and move on).
 */
export type MaxHoldAction = 'FAIL' | 'ADVANCE';

export interface RolloutHooks {
  /** Run the pre-traffic hooks before the candidate takes any traffic (including shadow traffic). */
  readonly preTraffic: boolean;
  /** Run the post-traffic hooks after the final bake, before promotion. */
  readonly postTraffic: boolean;
  /** A hook that has not reported within this time fails the rollout. */
  readonly timeoutSeconds: number;
}

/**
 * The candidate probe: while a step bakes, the controller sends the candidate a bounded sample of captured production
 * requests (TargetVariant, marked as synthetic: contracts/rollout-probe.ts) and judges its error rate at once with a
 * sequential probability ratio test (lambda/core/rollout/probe.ts), instead of waiting for CloudWatch's minute.
 */
export interface ProbePlan {
  /** Requests sent to the candidate per controller check while a step bakes. */
  readonly requestsPerCheck: number;
  /** Most probe requests per bake (a step, or the final bake). */
  readonly maxRequestsPerBake: number;
  /** The candidate error rate the probe must catch (a fraction; the test's alternative hypothesis). */
  readonly maxErrorRate: number;
  /** Error rate of an acceptable candidate (a fraction below maxErrorRate; the test's null hypothesis). */
  readonly acceptableErrorRate: number;
  /** Probability that the probe rolls back a candidate failing at most acceptableErrorRate, over the whole rollout. */
  readonly alpha: number;
}

/**
 * A statistical gate (lambda/core/experiments/rollout-gate.ts): at every check the candidate's 5XX rate since it
 * first took traffic (and, with `maxLatencyIncreaseMs`, its mean ModelLatency) is compared with the stable variant's
 * by the always-valid mSPRT, beside the fixed thresholds. Only complete CloudWatch minutes are compared
 * (lambda/core/rollout/variant-comparison.ts).
 */
export interface StatisticalGatePlan {
  /** False-rollback rate of a candidate as good as stable, under continuous checking (split over the metrics compared). */
  readonly alpha: number;
  /** Tolerated increase of the 5XX rate (absolute fraction). */
  readonly max5xxIncrease: number;
  /** Requests each variant needs before the gate judges. */
  readonly minRequests: number;
  /** When present, mean ModelLatency is compared too, tolerating this increase (milliseconds). */
  readonly maxLatencyIncreaseMs?: number;
}

/** Defaults of DeploymentStrategy's `statisticalGate` (and of the CLI and simulator builders). */
export const STATISTICAL_GATE_DEFAULTS = {
  alpha: 0.05,
  max5xxIncrease: 0,
  minRequests: 200,
};

export interface RolloutPlan {
  /** For logs and status, e.g. "canary-10%-300s". */
  readonly name: string;
  readonly steps: readonly RolloutStep[];
  readonly finalBakeSeconds: number;
  /**
   * The post-promotion watch (DeploymentStrategy's `postPromotionWatch`): how long after promotion the candidate's
   * alarms still switch all traffic back to the previous slot (phase KEEP_WARM). The wire name is kept for records
   * already stored.
   */
  readonly keepOldWarmSeconds: number;
  /** Candidate invocations (as published in CloudWatch) needed to judge a step that has a bake. */
  readonly minInvocationsPerStep: number;
  /** How long past its bake a step may wait for traffic or alarm data before `onMaxHold` applies. */
  readonly maxHoldSeconds: number;
  readonly onMaxHold: MaxHoldAction;
  /** Longest WAIT the policy asks for: alarms are re-read at least this often. */
  readonly checkIntervalSeconds: number;
  /** How long an ordered weight change may take to show on the endpoint before the rollout fails. */
  readonly shiftTimeoutSeconds: number;
  readonly hooks: RolloutHooks;
  /** When set, the candidate first runs as a shadow (weight 0, sent replayed production requests, never answers users). */
  readonly shadow?: ShadowPhase;
  /** When set, the controller probes the candidate during each bake (contracts/rollout-probe.ts); omitted: no probe. */
  readonly probe?: ProbePlan;
  /** When set, a sequential comparison with stable rolls the candidate back (cause STATISTICAL_GATE). */
  readonly statisticalGate?: StatisticalGatePlan;
  /**
   * Instances the slot left idle keeps once the rollout is over (after the post-promotion watch, or at a rollback),
   * so the endpoint does not pay for two fleets. Omitted: the idle slot keeps its instances (plans stored before).
   */
  readonly idleSlotInstanceCount?: number;
  /**
   * Seconds between the endpoint's invocation datapoints when it publishes faster than once a minute (10 or 30: the
   * endpoint's MetricsConfig with enhanced metrics). Then the controller reads the variants at this period at every
   * check and the count test of 5XX errors (lambda/core/rollout/statistical-gate.ts) judges them, with or without a
   * statisticalGate. Omitted: one-minute data, and the gate only when the plan has one.
   */
  readonly metricsPeriodSeconds?: number;
}

/** Periods of sub-minute invocation datapoints a plan may name (SageMaker's MetricPublishFrequencyInSeconds below 60). */
export const SUB_MINUTE_METRICS_PERIODS: readonly number[] = [10, 30];

/** Defaults of every optional knob (DeploymentStrategy and the core builders both use them). */
export const PLAN_DEFAULTS = {
  finalBakeSeconds: 0,
  keepOldWarmSeconds: 0,
  minInvocationsPerStep: 30,
  maxHoldSeconds: 900,
  onMaxHold: 'FAIL' as MaxHoldAction,
  checkIntervalSeconds: 10,
  shiftTimeoutSeconds: 300,
  hookTimeoutSeconds: 600,
};

/** Most steps a plan may have. */
export const MAX_PLAN_STEPS = 100;
