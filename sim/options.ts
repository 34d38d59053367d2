/**
 * Inputs and outputs of a simulated rollout. Times are simulation seconds from the start of the rollout run;
 * defaults model a realistic SageMaker + CloudWatch setup (see README.md).
 */
import type { OperatorCommand, RolloutPlan } from '../lambda/core/rollout';
import type { AlarmConfig } from './cloudwatch';
import type { CopyFleetOptions } from './copies';
import type { EffectRecord } from './effects';
import type { LifecycleInjection, LifecycleRecord } from './lifecycle';

export interface VariantProfile {
  /** Fraction of requests answered with a 5XX. */
  readonly errorRate: number;
  /** Median ModelLatency in ms. @default 40 */
  readonly latencyMedianMs?: number;
  /** Log-space spread of latency. @default 0.35 */
  readonly latencySigma?: number;
  /** The error rate changes to `errorRate` from simulation second `atSecond` on (a model that decays). */
  readonly degrade?: { readonly atSecond: number; readonly errorRate: number };
}

export interface ControllerOptions {
  /** Poll period of the Step Functions loop. @default plan.checkIntervalSeconds */
  readonly checkIntervalSeconds?: number;
  /**
   * An alarm going to ALARM also invokes the controller (alarm action → EventBridge → rollback Lambda) after
   * `alarmEventLatencySeconds`, instead of waiting for the next poll. @default true
   */
  readonly rollbackOnAlarmEvent?: boolean;
  /** @default 2 */
  readonly alarmEventLatencySeconds?: number;
  /**
   * At every check the controller also applies the alarm's rule to the published datapoints itself
   * (lambda/core/rollout/metric-guard.ts), instead of waiting up to a minute for CloudWatch to evaluate the
   * alarm. @default true
   */
  readonly metricGuard?: boolean;
  /**
   * When the plan has a probe, the controller sends the candidate the plan's probe requests at each check while it
   * bakes (sim/probe.ts); false leaves them out, to compare. @default true
   */
  readonly probe?: boolean;
  /** Time for an UpdateEndpointWeightsAndCapacities shift to take effect. @default 10 */
  readonly shiftLatencySeconds?: number;
  /** Time for the rollback's weight update to take effect. @default 5 */
  readonly rollbackLatencySeconds?: number;
  /**
   * Time the endpoint stays Updating for CloudFormation's own revert of it after a stack rollback (it keeps the live
   * weights; weight orders of the rollout wait). @default 300
   */
  readonly endpointUpdateSeconds?: number;
}

export interface MetricsOptions {
  /**
   * Interval of the endpoint's datapoints (its MetricsConfig MetricPublishFrequencyInSeconds with enhanced
   * metrics): 10, 30 or 60. @default 60
   */
  readonly periodSeconds?: number;
  /**
   * Delay after a period ends before its datapoint is visible. @default 60 for 60 s datapoints (SageMaker's
   * one-minute metrics arrive about a minute late); for shorter periods the period itself, an assumption that only
   * a real account can check (docs/ten-second-signals.md)
   */
  readonly publishDelaySeconds?: number;
  /** Extra uniform random delay per datapoint, in [0, jitter); must be below the period. @default a quarter of the period (15 s for 60 s datapoints) */
  readonly publishJitterSeconds?: number;
  /** Second within each evaluation interval (a minute, or 10 s for 10 s / 30 s alarms) at which CloudWatch evaluates the alarm. @default random from the seed */
  readonly alarmEvaluationOffsetSeconds?: number;
}

export interface HookOutcomes {
  readonly preTrafficPasses?: boolean;
  readonly postTrafficPasses?: boolean;
  /** @default 30 */
  readonly durationSeconds?: number;
}

export interface SimulationOptions {
  readonly plan: RolloutPlan;
  /** Mean request rate (Poisson arrivals). */
  readonly requestsPerSecond: number;
  readonly stable: VariantProfile;
  readonly candidate: VariantProfile;
  /** @default threshold 0.05, 1 of 1 periods, candidate scope */
  readonly alarm?: Partial<AlarmConfig>;
  readonly metrics?: MetricsOptions;
  readonly controller?: ControllerOptions;
  readonly hooks?: HookOutcomes;
  /** Shadow variant's sampling of production traffic, percent. @default 100 */
  readonly shadowSamplingPercent?: number;
  /**
   * CloudFormation events at a second (sim/lifecycle.ts): a stack rollback, a cancel-update or the deploy's event
   * delivered again, each fed to the deploy trigger's transition with the stack's status. @default none
   */
  readonly lifecycle?: readonly LifecycleInjection[];
  /**
   * Operator commands, sent at `atSecond` through the CLI's transition: ABORT ends the rollout then; PAUSE, RESUME
   * and PROMOTE_NOW are left in the record for the controller's next check.
   */
  readonly commands?: ReadonlyArray<{ readonly atSecond: number; readonly command: OperatorCommand }>;
  /** Second within the wall-clock minute at which the rollout starts. @default random from the seed */
  readonly startOffsetSeconds?: number;
  /** Simulation stops here even if the rollout has not ended. @default 7200 */
  readonly horizonSeconds?: number;
  /** @default 1 */
  readonly seed?: number;
  /**
   * Roll out an inference component's copies instead of variant weights: the plan's percent steps become copies
   * (sim/copies.ts), and every shift and rollback waits for copies to start or stop.
   * @default variants
   */
  readonly copies?: CopyFleetOptions;
  /** When set, the result carries a timeline in buckets of this many seconds (for plots). @default no timeline */
  readonly timelineBucketSeconds?: number;
}

/** One bucket of a run's timeline: weights at its end and the requests users sent in it. */
export interface TimelinePoint {
  /** Start of the bucket, seconds from the start of the rollout. */
  readonly second: number;
  /** Candidate share the controller had ordered at the end of the bucket, percent. */
  readonly orderedCandidatePercent: number;
  /** Candidate share live on the endpoint at the end of the bucket, percent. */
  readonly liveCandidatePercent: number;
  /** Whether the candidate ran as a shadow (replayed copies) during the bucket. */
  readonly shadow: boolean;
  readonly stableRequests: number;
  readonly stableErrors: number;
  readonly candidateRequests: number;
  readonly candidateErrors: number;
}

export interface DecisionRecord {
  readonly second: number;
  readonly kind: string;
  readonly reason: string;
}

/** A signal the controller saw during the run: an alarm or the metric guard going to ALARM, failed probe requests. */
export interface SignalRecord {
  readonly second: number;
  readonly source: 'alarm' | 'metric-guard' | 'probe';
  readonly detail: string;
}

export interface SimulationResult {
  readonly plan: string;
  /** Final rollout phase (PROMOTED, ROLLED_BACK, ...), or the active phase when the horizon was reached. */
  readonly outcome: string;
  readonly rolledBack: boolean;
  /** Requests answered by the candidate to users (shadow copies excluded). */
  readonly candidateRequests: number;
  /** Failed (5XX) requests answered by the candidate to users before traffic left it: the "bad requests". */
  readonly badRequests: number;
  /** Probe requests the controller sent the candidate (not user traffic; not in candidateRequests). */
  readonly probeRequests: number;
  /** From the candidate's first user request to the rollback taking effect; undefined without rollback. */
  readonly secondsToRollback?: number;
  /** From the candidate's first user request to the controller's rollback order; undefined without rollback. */
  readonly secondsToRollbackOrder?: number;
  /** From the start to the candidate serving 100% of traffic; undefined if it never did. */
  readonly secondsTo100Percent?: number;
  /** From the start to the end of the rollout (terminal decision applied). */
  readonly secondsToEnd?: number;
  /** From the rollback decision to all requests on stable (re-provisioning included); undefined without rollback. */
  readonly rollbackTakesSeconds?: number;
  /** Why the rollout ended other than by promotion (the policy's EndCause), when it did. */
  readonly cause?: string;
  readonly decisions: readonly DecisionRecord[];
  /** Signals seen from the start of the rollout, oldest first (what a plot marks; the deciding one is the cause's). */
  readonly signals: readonly SignalRecord[];
  /** What the writers' effects did besides the decisions: orders, read-backs, stops, notifications, history rows. */
  readonly effects: readonly EffectRecord[];
  /** The injected CloudFormation events and what they did; absent when none was injected. */
  readonly lifecycle?: readonly LifecycleRecord[];
  /** Present when `timelineBucketSeconds` was set. */
  readonly timeline?: readonly TimelinePoint[];
}
