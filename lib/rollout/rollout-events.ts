import * as events from 'aws-cdk-lib/aws-events';

/**
 * The phase a rollout reports in its status events (`detail.phase` of the `Rollout Status Change` events,
 * source `cdk-mlops`). The last four end a rollout.
 */
export enum RolloutPhase {
  /** Nothing done yet. */
  PENDING = 'PENDING',
  /** The pre-traffic hooks run; the candidate has no traffic. */
  PRE_TRAFFIC_HOOK = 'PRE_TRAFFIC_HOOK',
  /** Shadow by replay: the candidate answers captured requests, nobody sees its answers. */
  SHADOW = 'SHADOW',
  /** New weights were ordered and are awaited on the endpoint. */
  SHIFTING = 'SHIFTING',
  /** An intermediate step is live and watched. */
  BAKING = 'BAKING',
  /** All traffic is on the candidate and watched; the old slot still has its configuration. */
  FINAL_BAKE = 'FINAL_BAKE',
  /** The post-traffic hooks run at 100%. */
  POST_TRAFFIC_HOOK = 'POST_TRAFFIC_HOOK',
  /** Promoted; the post-promotion watch, in which an alarm still switches back to the old slot. */
  KEEP_WARM = 'KEEP_WARM',
  /** Paused by an operator; alarms still roll back. */
  PAUSED = 'PAUSED',
  /** Ended: the candidate is the new stable variant. */
  PROMOTED = 'PROMOTED',
  /** Ended: the candidate was judged bad (alarm, hook, shadow gate, probe); all traffic is on stable. */
  ROLLED_BACK = 'ROLLED_BACK',
  /** Ended: an operator or a reverted deploy aborted it; all traffic is on stable. */
  ABORTED = 'ABORTED',
  /** Ended: the candidate could not be judged (too little traffic, hook time-out, deadline); all traffic is on stable. */
  FAILED = 'FAILED',
}

/** Options of `onRolloutStatusChange`. */
export interface OnRolloutStatusChangeOptions extends events.OnEventOptions {
  /**
   * Only events of these phases, e.g. `[RolloutPhase.ROLLED_BACK, RolloutPhase.FAILED]`.
   * @default - every phase
   */
  readonly phases?: RolloutPhase[];
}
