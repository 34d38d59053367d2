/**
 * Ending a rollout from outside its execution (a reverted deploy, an operator abort): record it ABORTED, then stop
 * the execution, so nothing is left moving weights and the endpoint is free for the next rollout — also when the
 * execution already died or the endpoint was re-created.
 */
import { SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { ALL_STABLE, EndCause, isTerminal, RolloutRecord } from '../core/rollout';
import { errorMessage, isThrottling, isTransient } from './errors';
import type { Logger } from './log';
import { withRetry } from './retry';
import { RolloutTable, StaleRecordError } from './rollout-table';

/** Records ABORTED with `cause` unless the rollout already ended; true when this call recorded it. */
export async function abortRecord(table: RolloutTable, found: RolloutRecord, cause: EndCause, reason: string,
  now: number, log?: Logger): Promise<boolean> {
  let rec: RolloutRecord | undefined = found;
  for (let attempt = 1; attempt <= 5; attempt++) {
    if (!rec || rec.rolloutId !== found.rolloutId || isTerminal(rec.state.phase)) return false;
    const state = { ...rec.state, phase: 'ABORTED' as const, cause, reason, weights: ALL_STABLE, pausedFrom: undefined,
      holdingSince: undefined };
    try {
      await table.save(rec, state, [{ at: now, kind: cause, reason }], true, now);
      log?.warn('rollout recorded ABORTED', { rolloutId: found.rolloutId, cause, reason });
      return true;
    } catch (e) {
      if (!(e instanceof StaleRecordError)) throw e;
      rec = await table.get(found.endpointName);
    }
  }
  throw new Error(`could not record the end of ${found.rolloutId}: the record kept changing`);
}

/** Stops the execution; one that already ended is fine (nothing is left running either way). */
export async function stopRolloutExecution(sfn: SFNClient, executionArn: string, error: string, cause: string,
  log?: Logger): Promise<'STOPPED' | 'NOT_RUNNING'> {
  try {
    await withRetry(() => sfn.send(new StopExecutionCommand({ executionArn, error, cause: cause.slice(0, 32768) })),
      { what: 'StopExecution', retryable: (e) => isThrottling(e) || isTransient(e), budgetMs: 20000, log });
    return 'STOPPED';
  } catch (e) {
    log?.info('StopExecution: execution not running', { executionArn, error: errorMessage(e) });
    return 'NOT_RUNNING';
  }
}
