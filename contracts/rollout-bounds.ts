/**
 * What bounds a rollout: the deadline it carries and the Step Functions history it may use. lib/rollout checks the
 * worst case at synth (for every way a rollout starts); the controller and the policy enforce the same numbers.
 */
import type { RolloutPlan } from './rollout-plan';

/**
 * CloudFormation waits at most this long for a custom resource (ServiceTimeout <= 3600 s): the deploy trigger's
 * Provider totalTimeout.
 */
export const DEPLOY_WAIT_SECONDS = 3600;
/**
 * How long the controller and the rollback Lambda keep retrying a throttled or Updating endpoint when they put traffic
 * back on the stable variant (ROLLOUT_ENV.ROLLBACK_MAX_WAIT_SECONDS); their timeout leaves a minute beyond it.
 */
export const ROLLBACK_MAX_WAIT_SECONDS = 300;
/** Timeout of the controller and rollback Lambdas: the rollback's wait and a minute to record the outcome. */
export const WEIGHT_HANDLER_TIMEOUT_SECONDS = ROLLBACK_MAX_WAIT_SECONDS + 60;
/**
 * A rollout started by a deploy must end this long before CloudFormation gives up: time to restore the stable
 * weights at the deadline (the controller's whole timeout), record the end, and for the trigger's 30-second poll to
 * see it (with a minute to spare).
 */
export const DEPLOY_DEADLINE_MARGIN_SECONDS = WEIGHT_HANDLER_TIMEOUT_SECONDS + 120;
/** The latest a deploy-started rollout may run: its deadline is set this long after the trigger starts it. */
export const DEPLOY_ROLLOUT_BUDGET_SECONDS = DEPLOY_WAIT_SECONDS - DEPLOY_DEADLINE_MARGIN_SECONDS;
/**
 * Longest the deploy trigger waits, during a stack rollback, for the slot that served before to hold all traffic.
 * Past it isComplete reports the resource done (ROLLBACK_FAILED raised), so the custom resource never hits the
 * provider's hour inside a rollback (which would end in UPDATE_ROLLBACK_FAILED); the same margin as a deploy's rollout.
 */
export const STACK_ROLLBACK_RESTORE_WAIT_SECONDS = DEPLOY_ROLLOUT_BUDGET_SECONDS;
/** Step Functions standard workflows can run for a year. */
export const MAX_EXECUTION_SECONDS = 365 * 24 * 3600;

/**
 * Longest the controller waits for the candidate to reach the stable slot's instance count (capacity before traffic,
 * once per rollout) before it restores stable and fails the rollout (cause CAPACITY_NOT_READY). SageMaker usually
 * adds instances within minutes; only a real AWS account shows how long a given model and instance type take.
 */
export const CAPACITY_WAIT_SECONDS = 600;

/** Step Functions ends an execution at 25,000 history events. */
export const SFN_HISTORY_LIMIT = 25000;
/** The rollout stays below this, leaving room for retries and the start. */
export const HISTORY_BUDGET = 20000;
/** Events of one check: the controller task (entered, scheduled, started, succeeded, exited), Choice (2), Wait (2). */
export const EVENTS_PER_CHECK = 9;
/**
 * Events of one hook phase with one hook: Pass (2), Map (start, iteration, end: about 6), the hook task with its
 * token (5), the verdict Choice (2), the result task (5); counted generously per hook.
 */
export const EVENTS_PER_HOOK = 30;
/** Checks that a phase boundary may add (a short wait up to the end of a bake, the check after a shift, ...). */
const BOUNDARY_CHECKS_PER_PHASE = 3;

/** The parts of a plan's worst case, in seconds (for messages that say what to shorten). */
export interface WorstCase {
  readonly shadowSeconds: number;
  readonly bakeSeconds: number;
  readonly holdSeconds: number;
  readonly shiftSeconds: number;
  readonly hookSeconds: number;
  readonly rollbackWindowSeconds: number;
  /** The wait for the candidate's instances before it takes traffic, beyond a pre-traffic hook and shadow run. */
  readonly capacitySeconds: number;
  /** The checks at phase boundaries. */
  readonly checkSeconds: number;
  readonly totalSeconds: number;
}

/**
 * How many hooks each phase runs. They run one after another, each with the plan's full time-out, so a phase of N
 * hooks can take N time-outs.
 */
export interface HookCounts {
  readonly preTraffic: number;
  readonly postTraffic: number;
}

/** The counts `hooks` gives, or one per phase the plan's flags turn on. */
export function hookCountsOf(plan: RolloutPlan, hooks?: HookCounts): HookCounts {
  return {
    preTraffic: plan.hooks.preTraffic ? Math.max(1, hooks?.preTraffic ?? 1) : 0,
    postTraffic: plan.hooks.postTraffic ? Math.max(1, hooks?.postTraffic ?? 1) : 0,
  };
}

/**
 * The longest a plan can run before it ends on its own: every bake, hold, shift and hook time-out (every hook of a
 * phase: they run in turn) and the capacity wait, one after another.
 */
export function worstCase(plan: RolloutPlan, hooks?: HookCounts): WorstCase {
  const counts = hookCountsOf(plan, hooks);
  const hold = (bake: number) => (bake > 0 ? plan.maxHoldSeconds : 0);
  const bakes = [...plan.steps.map((s) => s.bakeSeconds), plan.finalBakeSeconds];
  const parts = {
    shadowSeconds: plan.shadow ? plan.shadow.durationSeconds + plan.maxHoldSeconds : 0,
    bakeSeconds: bakes.reduce((a, b) => a + b, 0),
    holdSeconds: bakes.reduce((a, b) => a + hold(b), 0),
    shiftSeconds: plan.steps.length * plan.shiftTimeoutSeconds,
    hookSeconds: (counts.preTraffic + counts.postTraffic) * plan.hooks.timeoutSeconds,
    rollbackWindowSeconds: plan.keepOldWarmSeconds,
    capacitySeconds: capacityWaitSeconds(plan, counts),
    checkSeconds: phaseCount(plan) * plan.checkIntervalSeconds,
  };
  return { ...parts, totalSeconds: Object.values(parts).reduce((a, b) => a + b, 0) };
}

/**
 * The part of the capacity wait (and its first check) not already counted: the order is placed as the rollout leaves
 * PENDING, so a pre-traffic hook and a shadow run overlap it; the first weight order waits for what is left.
 */
function capacityWaitSeconds(plan: RolloutPlan, counts: HookCounts): number {
  const overlap = counts.preTraffic * plan.hooks.timeoutSeconds +
    (plan.shadow ? plan.shadow.durationSeconds + plan.maxHoldSeconds : 0);
  return Math.max(0, CAPACITY_WAIT_SECONDS + plan.checkIntervalSeconds - overlap);
}

export function worstCaseSeconds(plan: RolloutPlan, hooks?: HookCounts): number {
  return worstCase(plan, hooks).totalSeconds;
}

function phaseCount(plan: RolloutPlan): number {
  return 2 * plan.steps.length + 6;
}

/** History events of the plan's hook phases (each may run several hooks). */
function hookEvents(plan: RolloutPlan, hookCount: number): number {
  const phases = (plan.hooks.preTraffic ? 1 : 0) + (plan.hooks.postTraffic ? 1 : 0);
  return phases * EVENTS_PER_HOOK * Math.max(1, hookCount);
}

/**
 * The check interval that keeps a rollout of `durationSeconds` (at most) under HISTORY_BUDGET events: the plan's own
 * interval, or a longer one for long plans. Alarms still roll back at once through EventBridge; only the periodic
 * re-check slows down.
 */
export function checkIntervalFor(plan: RolloutPlan, durationSeconds: number, hookCount = 2): number {
  const boundaryChecks = phaseCount(plan) * BOUNDARY_CHECKS_PER_PHASE;
  const checks = Math.floor((HISTORY_BUDGET - hookEvents(plan, hookCount)) / EVENTS_PER_CHECK) - boundaryChecks;
  return Math.max(plan.checkIntervalSeconds, Math.ceil(durationSeconds / Math.max(1, checks)));
}

/** Upper bound of the history events of a rollout run with `checkIntervalFor` (what the tests hold below the limit). */
export function historyEventsBound(plan: RolloutPlan, durationSeconds: number, hookCount = 2): number {
  const interval = checkIntervalFor(plan, durationSeconds, hookCount);
  const checks = Math.ceil(durationSeconds / interval) + phaseCount(plan) * BOUNDARY_CHECKS_PER_PHASE;
  return checks * EVENTS_PER_CHECK + hookEvents(plan, hookCount);
}
