/** Stopping a rollout's execution from outside it (a reverted deploy, an alarm rollback, an operator abort). */
import { SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import type { StopExecutionEffect } from '../../core/rollout';
import { errorMessage, isThrottling, isTransient } from '../errors';
import type { Logger } from '../log';
import { withRetry } from '../retry';

/** Stops the execution; one that already ended is fine (nothing is left running either way). */
export async function stopRolloutExecution(sfn: SFNClient, executionArn: string, error: string, cause: string,
  log?: Logger): Promise<'STOPPED' | 'NOT_RUNNING'> {
  try {
    await withRetry(() => sfn.send(new StopExecutionCommand({ executionArn, error, cause: cause.slice(0, 32768) })),
      { what: 'StopExecution', retryable: (e) => isThrottling(e) || isTransient(e), budgetMs: 20000, log });
    log?.info('state machine execution stopped', { executionArn });
    return 'STOPPED';
  } catch (e) {
    log?.info('StopExecution: execution not running', { executionArn, error: errorMessage(e) });
    return 'NOT_RUNNING';
  }
}

/** The executor's stopExecution for a writer's Step Functions client. */
export function stopExecutionOf(sfn: SFNClient, log?: Logger): (e: StopExecutionEffect) => Promise<'STOPPED' | 'NOT_RUNNING'> {
  return (e) => stopRolloutExecution(sfn, e.executionArn, e.error, e.cause, log);
}
