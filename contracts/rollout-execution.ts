/**
 * What travels between the deploy trigger, the rollout state machine, the controller, the hooks and the CLI:
 * the execution input, the controller's events and answers, the hook events, and the rollout record.
 */
import type { ComponentRolloutTarget } from './component-rollout';
import type { RolloutPlan } from './rollout-plan';
import type { CaptureLocation, OperatorCommand, RolloutState } from './rollout-state';

/** Input of one rollout execution of the shared state machine. */
export interface RolloutExecutionInput {
  readonly endpointName: string;
  /** Variant that keeps 100% when anything goes wrong. */
  readonly stableVariant: string;
  /** Variant being rolled out. */
  readonly candidateVariant: string;
  readonly plan: RolloutPlan;
  /** CloudWatch alarms scoped to the candidate; any in ALARM rolls back. */
  readonly alarmNames: string[];
  /** Start even though an alarm is already firing (logged). */
  readonly overrideFiringAlarms?: boolean;
  /** Unique id of this rollout (e.g. the deploy's candidate model name plus a timestamp). */
  readonly rolloutId: string;
  /** Pre-/post-traffic hook Lambda ARNs to invoke (the built-in hook and/or user hooks). */
  readonly preTrafficHooks?: string[];
  readonly postTrafficHooks?: string[];
  /** Identity of the candidate model (e.g. its SageMaker model name), for status and the deploy trigger. */
  readonly candidateModel?: string;
  /**
   * The endpoint's Data Capture location: the shadow phase and the bake probe replay the stable variant's captured
   * requests to the candidate. Required when the plan has a shadow phase (the controller refuses to start without it).
   */
  readonly capture?: CaptureLocation;
  /**
   * Epoch seconds by which the rollout must have ended: past it the policy restores the stable variant and fails.
   * The deploy trigger sets it before CloudFormation's hour runs out.
   * @default start time + the plan's worst case (worstCaseSeconds)
   */
  readonly deadlineAt?: number;
  /**
   * An inference component's rollout: `endpointName` is then componentRolloutKey(endpoint, component), the stable
   * "variant" the live component and the candidate the temporary one (or the live one, without a canary).
   */
  readonly component?: ComponentRolloutTarget;
}

/** Kinds of StepResult: they drive the state machine's Choice. */
export type StepKind = 'WAIT' | 'RUN_PRE_TRAFFIC_HOOK' | 'RUN_POST_TRAFFIC_HOOK' | 'COMPLETE' | 'ROLLED_BACK' | 'FAILED';

/** What the controller's `step` returns to the state machine (at `$.step`). */
export interface StepResult {
  readonly kind: StepKind;
  /** Seconds to wait before the next step (for WAIT). */
  readonly waitSeconds: number;
  readonly reason: string;
  readonly phase: RolloutState['phase'];
  /** Hook time-out in seconds (RUN_*_HOOK): the state machine waits at most this long for each hook's verdict. */
  readonly hookTimeoutSeconds?: number;
  /**
   * Heartbeat of a hook's wait in seconds (RUN_*_HOOK): the wait fails when no heartbeat (or verdict) arrives for
   * this long, so a hook runner that died is noticed before the whole time-out.
   */
  readonly hookHeartbeatSeconds?: number;
}

export type HookName = 'preTraffic' | 'postTraffic';

/** Event of the controller Lambda. */
export type ControllerEvent =
  | { readonly action: 'start'; readonly input: RolloutExecutionInput; readonly executionArn: string }
  | { readonly action: 'step'; readonly endpointName: string; readonly rolloutId: string }
  | { readonly action: 'hook-result'; readonly endpointName: string; readonly rolloutId: string;
    readonly hook: HookName; readonly passed: boolean; readonly details?: string;
    /** The error the hook phase failed with (HOOK_ERRORS, or Step Functions' States.Timeout ...). */
    readonly error?: string };

/**
 * Event of a traffic hook Lambda (built-in or the user's). The state machine waits for the hook's verdict through
 * `taskToken`: a hook that returns `{ passed: true }` (or throws) is reported by the library; a hook that runs
 * longer than its own invocation may instead call SendTaskSuccess / SendTaskFailure with the token itself and
 * return `{ reportsLater: true }`. Past the plan's hook time-out the hook fails the rollout.
 */
export interface HookEvent {
  readonly endpointName: string;
  readonly candidateVariant: string;
  readonly stableVariant: string;
  readonly hook: HookName;
  readonly rolloutId: string;
  /** Step Functions task token of this hook's wait. */
  readonly taskToken?: string;
}

/**
 * Event of the hook runner, the library's Lambda that the state machine starts for each hook with a task token
 * (`lambda:invoke.waitForTaskToken`, asynchronously): it invokes the hook, reports its verdict with the token, sends
 * heartbeats while the hook runs and fails the wait at once when the rollout is aborted or ended meanwhile.
 */
export interface HookRunnerEvent {
  /** The hook Lambda to invoke (ARN). */
  readonly functionArn: string;
  /** The hook's event, with `taskToken` set. */
  readonly event: HookEvent;
  /** The wait's heartbeat (StepResult.hookHeartbeatSeconds): the runner beats well within it. */
  readonly heartbeatSeconds: number;
  /**
   * The wait's time-out (StepResult.hookTimeoutSeconds): a hook that could run past the rollout's deadline is not
   * started. Absent from executions started before the runner checked it (then nothing is checked).
   */
  readonly timeoutSeconds?: number;
}

/** Error names with which the hook runner fails a hook's wait (SendTaskFailure). */
export const HOOK_ERRORS = {
  /** The hook answered, but not with `passed: true` (the boolean). */
  REJECTED: 'HookRejected',
  /** The hook threw, or could not be invoked. */
  FAILED: 'HookFailed',
  /** The rollout was aborted (or ended, or replaced) while the hook ran. */
  ROLLOUT_ENDED: 'RolloutEnded',
  /** The hook was not started: its time-out would end past the rollout's deadline (the rollout fails, cause DEADLINE). */
  DEADLINE: 'RolloutDeadline',
} as const;

/** What a hook Lambda returns; a thrown error counts as a failure too. `passed` must be the boolean true to pass. */
export interface HookResult {
  readonly passed: boolean;
  readonly details: string;
  /** The hook reports later with the task token itself. */
  readonly reportsLater?: boolean;
}

/** One line of a record's event log. */
export interface RolloutEvent {
  readonly at: number;
  readonly kind: string;
  readonly reason: string;
}

/** One item of the rollout table (the latest rollout of an endpoint); the history table keeps a copy of every one. */
export interface RolloutRecord {
  readonly endpointName: string;
  readonly rolloutId: string;
  readonly executionArn: string;
  readonly stableVariant: string;
  readonly candidateVariant: string;
  readonly plan: RolloutPlan;
  readonly alarmNames: string[];
  readonly state: RolloutState;
  /** An operator command waiting for the next step. */
  readonly command?: OperatorCommand;
  /** Newest last; capped at MAX_HISTORY. */
  readonly history: RolloutEvent[];
  readonly updatedAt: number;
  /** Optimistic-lock counter: every write of `state` is conditional on it, so a step never clobbers a rollback. */
  readonly version?: number;
  /** Copied from RolloutExecutionInput.candidateModel. */
  readonly candidateModel?: string;
  /** Set when the rollout started although a guarding alarm fired (RolloutExecutionInput.overrideFiringAlarms). */
  readonly overrideFiringAlarms?: boolean;
  /** Copied from RolloutExecutionInput.capture (shadow phases and probes replay from it). */
  readonly capture?: CaptureLocation;
  /** Epoch seconds past which the policy restores stable and fails the rollout. */
  readonly deadlineAt?: number;
  /** The endpoint's CreationTime (epoch seconds) at start: a re-created endpoint is not this rollout's. */
  readonly endpointCreatedAt?: number;
  /** The history table this rollout's row is kept in (ROLLOUT_ENV.HISTORY_TABLE at start), so every writer finds it. */
  readonly historyTable?: string;
  /** Seconds a history row is kept after the end (ROLLOUT_ENV.HISTORY_TTL_SECONDS at start); absent keeps it. */
  readonly historyTtlSeconds?: number;
  /** Copied from RolloutExecutionInput.component: the rollout of an inference component's model. */
  readonly component?: ComponentRolloutTarget;
  /**
   * Checks in a row whose reads stayed throttled (lambda/core/rollout/throttled-reads.ts): each waits up to twice as
   * long as the one before. Written by a throttled check, removed by the next check that reads; absent = none.
   */
  readonly throttledChecks?: number;
}

/** History entries kept on a record (oldest dropped first). */
export const MAX_HISTORY = 50;

/** `action` of a restore request to the rollback Lambda. */
export const RESTORE_REQUEST_ACTION = 'restore';

/**
 * A restore handed to the rollback Lambda (asynchronous invoke): the rollout ended on stable, but a raise landed
 * after its end and could not be undone in the writer's budget. The rollback Lambda orders stable and reads it back;
 * a failed attempt raises ROLLBACK_FAILED and throws, so Lambda retries it, then keeps it in the dead-letter queue.
 */
export interface RestoreRequest {
  readonly action: typeof RESTORE_REQUEST_ACTION;
  readonly endpointName: string;
  readonly rolloutId: string;
  readonly reason: string;
}
