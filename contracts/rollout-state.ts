/**
 * The durable state of one rollout, as the rollout table stores it and the CLI reads it. The policy
 * (lambda/core/rollout/policy.ts) computes every transition; this file only names the shapes.
 */
import type { ReplayAgreementState } from './shadow-answers';

/** Traffic split between the stable (known-good) variant and the candidate, in percent of requests. */
export interface VariantWeights {
  readonly stable: number;
  readonly candidate: number;
}

export const ACTIVE_PHASES = [
  'PENDING', // nothing done yet
  'PRE_TRAFFIC_HOOK', // pre-traffic hook running, no traffic on the candidate
  'SHADOW', // candidate at weight 0 answers nobody; the controller replays captured requests to it (shadow by replay)
  'SHIFTING', // weights ordered, waiting to see them live on the endpoint
  'BAKING', // an intermediate step is live and watched
  'FINAL_BAKE', // 100% on the candidate, old fleet still serving config, watched
  'POST_TRAFFIC_HOOK', // post-traffic hook running at 100%
  'KEEP_WARM', // promoted; the rollback window: an alarm still switches back to the old slot
  'PAUSED', // operator pause; alarms still roll back
] as const;

export const TERMINAL_PHASES = [
  'PROMOTED', // success: candidate is the new stable
  'ROLLED_BACK', // candidate judged bad (alarm, hook, shadow gate, probe); all traffic on stable
  'ABORTED', // operator abort or a deploy that reverted it; all traffic on stable
  'FAILED', // could not be judged (low traffic, blind alarm, hook timeout, shift not applied, deadline); all on stable
] as const;

export type ActivePhase = typeof ACTIVE_PHASES[number];
export type TerminalPhase = typeof TERMINAL_PHASES[number];
export type Phase = ActivePhase | TerminalPhase;

export type HookStatus = 'NOT_RUN' | 'RUNNING' | 'PASSED' | 'FAILED';

export type OperatorCommand = 'PAUSE' | 'RESUME' | 'PROMOTE_NOW' | 'ABORT';

/** Why a rollout ended other than by promotion. */
export type EndCause =
  | 'ALARM'
  | 'PROBE'
  | 'STATISTICAL_GATE'
  | 'PRE_TRAFFIC_HOOK_FAILED'
  | 'POST_TRAFFIC_HOOK_FAILED'
  | 'SHADOW_GATE'
  | 'OPERATOR_ABORT'
  | 'DEPLOY_REVERTED'
  | 'LOW_TRAFFIC'
  | 'NO_ALARM_DATA'
  | 'HOOK_TIMEOUT'
  | 'SHIFT_NOT_APPLIED'
  | 'CAPACITY_NOT_READY'
  | 'DEADLINE';

/** Where the endpoint's Data Capture writes (`s3://<bucket>/<prefix>/<endpoint>/<variant>/yyyy/mm/dd/hh/*.jsonl`). */
export interface CaptureLocation {
  readonly bucket: string;
  /** Key prefix without leading or trailing '/'. */
  readonly prefix: string;
}

/** Replay counters of one shadow run (or of one bake's probe), kept in RolloutState. */
export interface ShadowReplayState {
  /** Last capture object replayed (S3 key); the next step lists objects after it. */
  readonly marker: string;
  /** Capture objects read so far. */
  readonly objects: number;
  /** Requests sent to the candidate. */
  readonly sent: number;
  /** Requests the candidate failed: 5XX, model errors, timeouts, network errors. */
  readonly errors: number;
  /** Of `errors`, those that timed out on the controller's side. */
  readonly timeouts: number;
  /** 4XX other than model errors (e.g. a payload SageMaker rejects): the request's fault, not the candidate's. */
  readonly clientErrors: number;
  /** Capture lines that could not be decoded. */
  readonly skippedLines: number;
  /** Round trips measured by the controller, newest last, capped (for status, not gates). */
  readonly latenciesMs: number[];
  /** Last error seen, for status and logs. */
  readonly lastError?: string;
  /**
   * A shadow run's comparison of the candidate's answers with production's captured ones (bounded counters,
   * contracts/shadow-answers.ts); absent for the probe and for records written before it existed.
   */
  readonly answers?: ReplayAgreementState;
}

/**
 * Probe counters of one rollout (lambda/core/rollout/probe.ts): the totals since the first probe (one sequential
 * test per rollout, so repeated looks keep its false-rollback bound) and the requests sent in the current bake.
 */
export interface ProbeState extends ShadowReplayState {
  /** Where listing starts again once every capture after it was used (the probe reuses captured requests). */
  readonly startMarker: string;
  /** The step (index in plan.steps) whose bake `bakeSent` counts; the final bake is the last step's. */
  readonly bakeStep: number;
  /** Probe requests sent during that step's bake (bounded by the plan's maxRequestsPerBake). */
  readonly bakeSent: number;
}

/**
 * Capacity before traffic (lambda/core/rollout/capacity.ts): decided once per rollout, before the first order that
 * gives the candidate more than its canary share. Kept afterwards as evidence.
 */
export interface CapacityState {
  /** Epoch seconds of the decision. */
  readonly decidedAt: number;
  /** What was decided and why (instances of both slots, or why nothing was ordered). */
  readonly reason: string;
  /** Instances ordered for the candidate (DesiredInstanceCount); absent when nothing was ordered. */
  readonly instanceCount?: number;
  /** The candidate's CurrentInstanceCount before the order. */
  readonly previousInstanceCount?: number;
  /** Epoch seconds the candidate showed `instanceCount` instances InService; absent while the order is pending. */
  readonly readyAt?: number;
}

/**
 * The idle slot scaled down once the post-promotion watch is over (plan.idleSlotInstanceCount): ordered, then read
 * back until InService with at most `instanceCount` instances before the rollout completes.
 */
export interface IdleScaleState {
  /** The slot left idle (the previous stable slot). */
  readonly variant: string;
  /** DesiredInstanceCount ordered. */
  readonly instanceCount: number;
  /** Its CurrentInstanceCount before the order. */
  readonly previousInstanceCount: number;
  /** Epoch seconds of the order. */
  readonly orderedAt: number;
}

export interface RolloutState {
  readonly phase: Phase;
  /** Index in plan.steps of the step ordered or live; -1 before the first shift. */
  readonly stepIndex: number;
  /** Epoch seconds the current phase began: a step's bake clock, a hook's timeout clock, the shadow clock. */
  readonly phaseStartedAt: number;
  /** Epoch seconds the rollout began. */
  readonly startedAt: number;
  /**
   * Epoch seconds the candidate was first ordered user traffic (the first shift): the statistical gate compares the
   * variants from then on, so shadow replays and hook calls before it do not count.
   */
  readonly trafficSince?: number;
  /** Weights the controller has ordered (the target), not necessarily live yet. */
  readonly weights: VariantWeights;
  /** Epoch seconds a baked step started waiting for traffic or alarm data. */
  readonly holdingSince?: number;
  /** The phase a PAUSED rollout returns to on RESUME. */
  readonly pausedFrom?: ActivePhase;
  /** Operator command received since the last decision; consumed by the policy. */
  readonly command?: OperatorCommand;
  readonly hooks: { readonly preTraffic: HookStatus; readonly postTraffic: HookStatus };
  /** Set on terminal phases: why the rollout ended. */
  readonly reason?: string;
  readonly cause?: EndCause;
  /** Replay counters of the shadow run (set by the controller while in SHADOW; kept afterwards as evidence). */
  readonly shadowReplay?: ShadowReplayState;
  /** Probe counters of the rollout (set by the controller when the plan has a probe and capture is known). */
  readonly probe?: ProbeState;
  /** Epoch seconds past which the policy restores stable and fails (a promoted candidate completes instead). */
  readonly deadlineAt?: number;
  /** Capacity before traffic: what the controller decided and ordered for the candidate's instances. */
  readonly capacity?: CapacityState;
  /** The idle slot's scale-down after the post-promotion watch; while set and not ended, the rollout waits for it. */
  readonly idleScale?: IdleScaleState;
}

export function isTerminal(phase: Phase): phase is TerminalPhase {
  return (TERMINAL_PHASES as readonly string[]).includes(phase);
}
