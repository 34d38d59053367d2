/**
 * How a monitor waits for its Athena query within one Lambda run: poll with a growing delay, and when the next
 * poll would pass the run's budget, hand the query over to the next run (its id kept in the checkpoint) instead of
 * waiting or starting it again. Pure: no I/O.
 */

/** Athena's query states (GetQueryExecution). */
export type AthenaQueryState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** First poll delay, growth and cap: short queries answer in seconds, long ones are not polled every second. */
export const ATHENA_POLL = { firstMs: 500, factor: 1.6, maxMs: 10_000 } as const;

/** The delay before poll number `attempt` (0 first). */
export function athenaPollDelay(attempt: number): number {
  return Math.min(ATHENA_POLL.maxMs, Math.round(ATHENA_POLL.firstMs * ATHENA_POLL.factor ** Math.max(0, attempt)));
}

export type AthenaPollStep =
  | { readonly action: 'read' }
  | { readonly action: 'fail'; readonly reason: string }
  | { readonly action: 'wait'; readonly delayMs: number }
  | { readonly action: 'hand-over' };

/**
 * What to do after a poll that saw `state`: read the results, fail with Athena's reason, wait `delayMs` and poll
 * again, or hand over (the wait would end after `deadlineMs`, the time by which the run must turn to its reports).
 */
export function athenaPollStep(state: string | undefined, reason: string | undefined, attempt: number, nowMs: number, deadlineMs: number): AthenaPollStep {
  if (state === 'SUCCEEDED') return { action: 'read' };
  if (state === 'FAILED' || state === 'CANCELLED') return { action: 'fail', reason: `${state}: ${reason ?? 'no reason given'}` };
  const delayMs = athenaPollDelay(attempt);
  if (nowMs + delayMs > deadlineMs) return { action: 'hand-over' };
  return { action: 'wait', delayMs };
}
