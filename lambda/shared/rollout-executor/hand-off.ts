/**
 * Handing a restore to the rollback path: a writer whose undo of a late raise did not hold within its own budget
 * (the endpoint stays Updating while CloudFormation's revert runs) invokes the rollback Lambda asynchronously with a
 * restore request. Lambda retries a failed attempt twice (minutes apart), each with the rollback's full budget, then
 * keeps the request in the dead-letter queue, whose alarm (and each failed attempt's ROLLBACK_FAILED) is loud.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { RESTORE_REQUEST_ACTION, RestoreRequest, ROLLOUT_ENV } from '../../core/rollout';
import { optionalEnv } from '../env';
import { isThrottling, isTransient } from '../errors';
import type { Logger } from '../log';
import { withRetry } from '../retry';

/** Queues `request` on the rollback Lambda; false when no rollback function is configured (e.g. the CLI). */
export async function handOffRestore(lambda: LambdaClient, request: Omit<RestoreRequest, 'action'>, log: Logger): Promise<boolean> {
  const functionName = optionalEnv(ROLLOUT_ENV.ROLLBACK_FUNCTION);
  if (!functionName) return false;
  const payload: RestoreRequest = { action: RESTORE_REQUEST_ACTION, ...request };
  await withRetry(() => lambda.send(new InvokeCommand({
    FunctionName: functionName, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(payload)),
  })), { what: 'Invoke rollback (restore request)', retryable: (e) => isThrottling(e) || isTransient(e), budgetMs: 20000, log });
  return true;
}
