/**
 * What the controller observed at a check. Counts come from CloudWatch (published, so up to a few minutes
 * late); the policy is written for that and never assumes real-time data.
 */
import type { ErrorCounts } from '../experiments/error-count-test';
import type { ReplayAgreement } from '../experiments/replay-agreement';
import type { VariantWeights } from './weights';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface AlarmSignal {
  readonly name: string;
  readonly state: AlarmState;
}

/** Shadow vs stable over the shadow run so far (CloudWatch per variant and replay counters: shadow-replay.ts). */
export interface ShadowComparison {
  readonly stableRequests: number;
  readonly shadowRequests: number;
  /** Average of Invocation5XXErrors, i.e. a fraction of requests. */
  readonly stableErrorRate: number;
  readonly shadowErrorRate: number;
  /** p99 of ModelLatency, in milliseconds. */
  readonly stableP99Ms: number;
  readonly shadowP99Ms: number;
  /** The replayed answers against production's captured ones (shadow gates minAgreement, maxMean*Difference). */
  readonly answers?: ReplayAgreement;
}

/** Requests and 5XX answers of one variant. */
export interface VariantCounts {
  readonly requests: number;
  readonly errors: number;
}

/** Mean ModelLatency of one variant in milliseconds, with its sample count and per-request variance estimate. */
export interface LatencySummary {
  readonly n: number;
  readonly mean: number;
  readonly variance: number;
}

/** What the statistical gate compares (lambda/core/rollout/variant-comparison.ts builds it from 1-minute datapoints). */
export interface VariantComparison {
  /** Seconds of each compared period: 60, or the plan's sub-minute period while CloudWatch keeps it. @default 60 */
  readonly periodSeconds?: number;
  readonly stable: VariantCounts;
  readonly candidate: VariantCounts;
  /**
   * Both variants' counts per period in which both were published, in time order (the count test judges them one
   * period at a time). Omitted by callers that only compare totals.
   */
  readonly periods?: readonly ErrorCounts[];
  /** Present once enough minutes in which both variants served have been published (LATENCY_MIN_MINUTES). */
  readonly latency?: {
    readonly stable: LatencySummary;
    readonly candidate: LatencySummary;
    /** Minutes compared (both variants served in each). */
    readonly minutes: number;
  };
}

export interface RolloutSignals {
  /** Candidate-scoped alarms (dimension VariantName = the candidate). */
  readonly alarms: readonly AlarmSignal[];
  /** Sum of the candidate's Invocations since `state.phaseStartedAt`, as CloudWatch returns it. */
  readonly candidateInvocations: number;
  /** Weights the endpoint reports now (DescribeEndpoint); omit when not read. */
  readonly liveWeights?: VariantWeights;
  /**
   * Stable vs candidate since the candidate first took traffic (complete CloudWatch minutes only:
   * variant-comparison.ts), for the plan's statistical gate; omit when not read.
   */
  readonly comparison?: VariantComparison;
  /** Present during a shadow phase when the metrics could be read. */
  readonly shadow?: ShadowComparison;
}
