/**
 * What the controller must do next. Every decision carries the next state (persist it as is) and a reason
 * meant for humans (status output, logs, failure reports).
 *
 * Traffic-changing decisions carry the weights to apply: SHIFT (the next step), PROMOTE (all on the candidate),
 * ROLLBACK and FAIL (all on the stable model — a rollout that cannot be judged gives the traffic back too).
 */
import type { EndCause, RolloutState } from '../../../contracts/rollout-state';
import type { HookWait } from './hooks';
import type { VariantWeights } from './weights';

interface Base {
  readonly reason: string;
  readonly state: RolloutState;
}

/** Apply `weights` (UpdateEndpointWeightsAndCapacities). */
export interface ShiftDecision extends Base {
  readonly kind: 'SHIFT';
  readonly weights: VariantWeights;
  readonly stepIndex: number;
}

/**
 * Begin the shadow run: the candidate stays at weight 0 and the controller replays a sample of captured production
 * requests to it (InvokeEndpoint with TargetVariant) until the run is judged. No endpoint configuration changes.
 */
export interface StartShadowDecision extends Base {
  readonly kind: 'START_SHADOW';
  readonly durationSeconds: number;
}

/** Nothing to do; check again after `seconds` (never more than plan.checkIntervalSeconds). */
export interface WaitDecision extends Base {
  readonly kind: 'WAIT';
  readonly seconds: number;
}

/** A baked step cannot be judged yet (low traffic or no alarm data); check again after `seconds`. */
export interface HoldDecision extends Base {
  readonly kind: 'HOLD';
  readonly seconds: number;
  /** How long this step has been held so far. */
  readonly heldSeconds: number;
}

/** Invoke the hook, then write its result into state.hooks before the next decision. */
export interface HookDecision extends Base {
  readonly kind: 'RUN_PRE_TRAFFIC_HOOK' | 'RUN_POST_TRAFFIC_HOOK';
  /** How long the state machine waits for each hook's verdict (the plan's, cut at the deadline), and its heartbeat. */
  readonly wait: HookWait;
}

/** Make the candidate the stable model (all traffic); watch it for the post-promotion window (plan.keepOldWarmSeconds). */
export interface PromoteDecision extends Base {
  readonly kind: 'PROMOTE';
  readonly weights: VariantWeights;
}

/** Put all traffic back on the stable model now, and report the rollout as failed. */
export interface RollbackDecision extends Base {
  readonly kind: 'ROLLBACK';
  readonly weights: VariantWeights;
  readonly cause: EndCause;
  /** Alarms in ALARM when the cause is ALARM. */
  readonly alarms: readonly string[];
}

/** The rollout could not be judged: put all traffic on the stable model, report failure. */
export interface FailDecision extends Base {
  readonly kind: 'FAIL';
  readonly weights: VariantWeights;
  readonly cause: EndCause;
}

/** Success: release the old fleet; the rollout is over. */
export interface CompleteDecision extends Base {
  readonly kind: 'COMPLETE';
}

export type Decision =
  | ShiftDecision
  | StartShadowDecision
  | WaitDecision
  | HoldDecision
  | HookDecision
  | PromoteDecision
  | RollbackDecision
  | FailDecision
  | CompleteDecision;

export type DecisionKind = Decision['kind'];
