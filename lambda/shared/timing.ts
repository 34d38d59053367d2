/**
 * Waits and retry budgets of the handlers. Read from the environment at first use so a deployment can tune them;
 * tests shorten them with `configureTiming` instead of asserting on wall-clock time.
 */
import { ROLLBACK_MAX_WAIT_SECONDS } from '../../contracts/rollout-bounds';

export interface Timing {
  /** First backoff delay; doubles per attempt (with jitter) up to `retryMaxDelayMs`. */
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  /** How long the controller polls DescribeEndpoint after ordering weights before answering WAIT. */
  readonly settleMaxMs: number;
  readonly settlePollMs: number;
  /** Budget of the controller for applying weights (throttled or endpoint Updating). */
  readonly controllerApplyBudgetMs: number;
  /** Budget of the rollback handler for applying the stable weights. */
  readonly rollbackBudgetMs: number;
  /** How long the drain guard waits for the drained split to be live (InService) before failing the deploy. */
  readonly drainMaxMs: number;
  /**
   * The deploy trigger's budget per isComplete poll (and the component guard's per call): a restore that does not hold
   * within it is checked again at the next poll, within the Provider's one-minute function timeout.
   */
  readonly triggerPollBudgetMs: number;
  /** The deploy trigger's budget for a restore in onEvent (a stack rollback or a delete during a rollout). */
  readonly triggerRestoreBudgetMs: number;
  /** Budget of a check's CloudWatch reads of alarms and invocations (throttled or failing: retried within it). */
  readonly alarmReadBudgetMs: number;
}

function envNumber(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v >= 0 ? v : fallback;
}

function fromEnv(): Timing {
  return {
    retryBaseDelayMs: 250,
    retryMaxDelayMs: 8000,
    settleMaxMs: 10000,
    settlePollMs: 2000,
    controllerApplyBudgetMs: 60000,
    rollbackBudgetMs: envNumber('ROLLBACK_MAX_WAIT_SECONDS', ROLLBACK_MAX_WAIT_SECONDS) * 1000,
    drainMaxMs: 300000,
    triggerPollBudgetMs: 20000,
    triggerRestoreBudgetMs: 30000,
    alarmReadBudgetMs: 20000,
  };
}

let current: Timing | undefined;

export function timing(): Timing {
  return (current ??= fromEnv());
}

/** Overrides some values (tests); undefined re-reads the environment. */
export function configureTiming(t: Partial<Timing> | undefined): void {
  current = t ? { ...timing(), ...t } : undefined;
}

/** The part of the Lambda context the handlers read. */
export interface LambdaContextLike {
  getRemainingTimeInMillis(): number;
}

/** Time kept free at the end of an invocation for the writes and notifications after a retried call. */
const RESERVE_MS = 15000;

/**
 * A retry budget that ends before the Lambda times out: a timed-out invocation records nothing, while one that
 * gives up in time records why (or throws, so the event or task is retried).
 */
export function budgetWithin(configuredMs: number, context?: LambdaContextLike): number {
  if (!context) return configuredMs;
  return Math.max(1000, Math.min(configuredMs, context.getRemainingTimeInMillis() - RESERVE_MS));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
