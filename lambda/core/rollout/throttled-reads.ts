/**
 * A check whose reads were throttled (CloudWatch, SageMaker or DynamoDB said "Rate exceeded" after the SDK's own
 * retries) slows the rollout down; it never fails it and never judges it. Nothing is lost by waiting: CloudWatch keeps
 * the datapoints, so the next check that can read judges the whole window since the candidate's first traffic (the
 * statistical gate and the count test re-read it), and alarm actions reach the rollback Lambda through EventBridge
 * whatever the controller's reads do.
 *
 * The wait doubles with each throttled check in a row (the count is kept in the rollout record), up to
 * `MAX_THROTTLED_WAIT_SECONDS`, and is spread by the
 * caller's random draw ("full jitter"), so rollouts throttled together do not retry together. The state is kept as
 * is: no step advances, no bake is judged, no traffic moves. Pure.
 */
import type { Decision } from './decision';
import { wait } from './policy-outcomes';
import type { RolloutState } from '../../../contracts/rollout-state';

/** The longest wait after throttled reads: short against a bake, long against a throttling burst. */
export const MAX_THROTTLED_WAIT_SECONDS = 120;

/**
 * How many checks in a row have been throttled, this one included, after `previous` (the record's throttledChecks;
 * absent, or not a whole number >= 0, counts as none).
 */
export function throttledChecksAfter(previous: number | undefined): number {
  const n = previous !== undefined && Number.isFinite(previous) && previous > 0 ? Math.floor(previous) : 0;
  return n + 1;
}

/**
 * Seconds until the next check after `consecutive` throttled checks in a row (1 = this one): uniform in
 * [checkInterval, min(checkInterval 2^consecutive, MAX)] by `random01` in [0, 1).
 */
export function throttledWaitSeconds(checkIntervalSeconds: number, consecutive: number, random01: number): number {
  const n = Math.max(1, Math.floor(consecutive));
  const cap = Math.max(checkIntervalSeconds, Math.min(checkIntervalSeconds * 2 ** n, MAX_THROTTLED_WAIT_SECONDS));
  const r = Math.min(Math.max(random01, 0), 1);
  return Math.ceil(checkIntervalSeconds + r * (cap - checkIntervalSeconds));
}

/**
 * The decision for a check that could not read what it judges on: wait, state unchanged, never past the rollout's
 * deadline. Undefined once the deadline has come: then decide() ends the rollout as at any deadline (ending it
 * needs no reads: traffic goes back to stable).
 */
export function throttledDecision(state: RolloutState, now: number, checkIntervalSeconds: number, consecutive: number,
  random01: number, what: string): Decision | undefined {
  if (state.deadlineAt !== undefined && now >= state.deadlineAt) return undefined;
  const backoff = throttledWaitSeconds(checkIntervalSeconds, consecutive, random01);
  const seconds = state.deadlineAt !== undefined ? Math.min(backoff, state.deadlineAt - now) : backoff;
  return wait(state, seconds, `${what} throttled (${consecutive} check${consecutive === 1 ? '' : 's'} in a row); ` +
    `nothing judged, traffic unchanged, next check in ${Math.max(1, Math.ceil(seconds))} s`);
}
