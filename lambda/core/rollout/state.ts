/**
 * The durable state of one rollout. The controller (Step Functions) stores it between checks; `decide` reads
 * it and returns the next one inside every Decision, so the controller never computes transitions itself.
 */
import type { ShadowReplayState } from './shadow-replay';
import { ALL_STABLE, VariantWeights } from './weights';

export const ACTIVE_PHASES = [
  'PENDING', // nothing done yet
  'PRE_TRAFFIC_HOOK', // pre-traffic hook running, no traffic on the candidate
  'SHADOW', // candidate at weight 0 answers nobody; the controller replays captured requests to it (shadow by replay)
  'SHIFTING', // weights ordered, waiting to see them live on the endpoint
  'BAKING', // an intermediate step is live and watched
  'FINAL_BAKE', // 100% on the candidate, old fleet still serving config, watched
  'POST_TRAFFIC_HOOK', // post-traffic hook running at 100%
  'KEEP_WARM', // promoted; old fleet kept provisioned at weight 0 so an alarm can still switch back
  'PAUSED', // operator pause; alarms still roll back
] as const;

export const TERMINAL_PHASES = [
  'PROMOTED', // success: candidate is the new stable, old fleet released
  'ROLLED_BACK', // candidate judged bad (alarm, hook, shadow gate); all traffic on stable
  'ABORTED', // operator abort; all traffic on stable
  'FAILED', // could not be judged (low traffic, blind alarm, hook timeout, shift not applied); all traffic on stable
] as const;

export type ActivePhase = typeof ACTIVE_PHASES[number];
export type TerminalPhase = typeof TERMINAL_PHASES[number];
export type Phase = ActivePhase | TerminalPhase;

export type HookStatus = 'NOT_RUN' | 'RUNNING' | 'PASSED' | 'FAILED';

export type OperatorCommand = 'PAUSE' | 'RESUME' | 'PROMOTE_NOW' | 'ABORT';

/** Why a rollout ended other than by promotion. */
export type EndCause =
  | 'ALARM'
  | 'PRE_TRAFFIC_HOOK_FAILED'
  | 'POST_TRAFFIC_HOOK_FAILED'
  | 'SHADOW_GATE'
  | 'OPERATOR_ABORT'
  | 'LOW_TRAFFIC'
  | 'NO_ALARM_DATA'
  | 'HOOK_TIMEOUT'
  | 'SHIFT_NOT_APPLIED';

export interface RolloutState {
  readonly phase: Phase;
  /** Index in plan.steps of the step ordered or live; -1 before the first shift. */
  readonly stepIndex: number;
  /** Epoch seconds the current phase began: a step's bake clock, a hook's timeout clock, the shadow clock. */
  readonly phaseStartedAt: number;
  /** Epoch seconds the rollout began. */
  readonly startedAt: number;
  /** Weights the controller has ordered (the target), not necessarily live yet. */
  readonly weights: VariantWeights;
  /** Epoch seconds a baked step started waiting for traffic or alarm data. */
  readonly holdingSince?: number;
  /** The phase a PAUSED rollout returns to on RESUME. */
  readonly pausedFrom?: ActivePhase;
  /** Operator command received since the last decision; consumed by `decide`. */
  readonly command?: OperatorCommand;
  readonly hooks: { readonly preTraffic: HookStatus; readonly postTraffic: HookStatus };
  /** Set on terminal phases: why the rollout ended. */
  readonly reason?: string;
  readonly cause?: EndCause;
  /** Replay counters of the shadow run (set by the controller while in SHADOW; kept afterwards as evidence). */
  readonly shadowReplay?: ShadowReplayState;
}

export function isTerminal(phase: Phase): phase is TerminalPhase {
  return (TERMINAL_PHASES as readonly string[]).includes(phase);
}

export function initialState(now: number): RolloutState {
  return {
    phase: 'PENDING',
    stepIndex: -1,
    phaseStartedAt: now,
    startedAt: now,
    weights: ALL_STABLE,
    hooks: { preTraffic: 'NOT_RUN', postTraffic: 'NOT_RUN' },
  };
}
