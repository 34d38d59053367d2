/**
 * Retry with capped exponential backoff and full jitter, bounded by a time budget rather than an attempt count:
 * the rollback must keep trying while SageMaker says "in progress", but must also end before the Lambda times out.
 */
import type { Logger } from './log';
import { sleep, timing } from './timing';

export interface RetryOptions {
  /** What the call does, for logs. */
  readonly what: string;
  readonly retryable: (e: unknown) => boolean;
  readonly budgetMs: number;
  readonly log?: Logger;
  /** Checked before every retry: false stops retrying (e.g. a weight increase after a rollback was recorded). */
  readonly stillWanted?: () => Promise<boolean>;
}

export async function withRetry<T>(fn: () => Promise<T>, o: RetryOptions): Promise<T> {
  const { retryBaseDelayMs, retryMaxDelayMs } = timing();
  const deadline = Date.now() + o.budgetMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const cap = Math.min(retryMaxDelayMs, retryBaseDelayMs * 2 ** (attempt - 1));
      const delay = Math.max(1, Math.floor(Math.random() * cap));
      if (!o.retryable(e) || Date.now() + delay > deadline) throw e;
      o.log?.warn(`${o.what} failed, retrying`, { attempt, delayMs: delay, error: e });
      await sleep(delay);
      if (o.stillWanted && !(await o.stillWanted())) throw new RetryCancelledError(o.what, e);
    }
  }
}

/** A retry loop stopped because the call is no longer wanted (see RetryOptions.stillWanted). */
export class RetryCancelledError extends Error {
  constructor(what: string, readonly last: unknown) {
    super(`${what}: not retried, no longer wanted`);
    this.name = 'RetryCancelledError';
  }
}
