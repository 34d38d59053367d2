/**
 * What the controller observed at a check. Counts come from CloudWatch (published, so up to a few minutes
 * late); the policy is written for that and never assumes real-time data.
 */
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
}

export interface RolloutSignals {
  /** Candidate-scoped alarms (dimension VariantName = the candidate). */
  readonly alarms: readonly AlarmSignal[];
  /** Sum of the candidate's Invocations since `state.phaseStartedAt`, as CloudWatch returns it. */
  readonly candidateInvocations: number;
  /** Weights the endpoint reports now (DescribeEndpoint); omit when not read. */
  readonly liveWeights?: VariantWeights;
  /**
   * Request and 5XX counts of each variant since the candidate first took traffic (published CloudWatch sums), for
   * the plan's statistical gate; omit when not read.
   */
  readonly comparison?: {
    readonly stable: { readonly requests: number; readonly errors: number };
    readonly candidate: { readonly requests: number; readonly errors: number };
  };
  /** Present during a shadow phase when the metrics could be read. */
  readonly shadow?: ShadowComparison;
}
