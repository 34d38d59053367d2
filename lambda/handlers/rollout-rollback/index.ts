/**
 * Rollback Lambda: target of the EventBridge rule on "CloudWatch Alarm State Change" to ALARM, and of restore
 * requests handed over by the other writers (asynchronous invoke). Puts every active rollout guarded by the alarm back
 * on its stable variant within seconds, without waiting for the next step.
 */
import {
  alarmEventProblems, AlarmStateChangeEvent, assertValid, RESTORE_REQUEST_ACTION, RestoreRequest, restoreRequestProblems,
  ROLLOUT_ENV, RollbackResult,
} from '../../core/rollout';
import { clients } from '../../shared/clients';
import { requireEnv } from '../../shared/env';
import { errorMessage } from '../../shared/errors';
import { createLogger } from '../../shared/log';
import { raiseRollbackFailed, RollbackFailedError } from '../../shared/rollout-executor';
import { RolloutTable } from '../../shared/rollout-table';
import { budgetWithin, LambdaContextLike, nowSeconds, timing } from '../../shared/timing';
import { restore, rollBack } from './rollback';

export async function handler(event: AlarmStateChangeEvent | RestoreRequest, lambda?: LambdaContextLike): Promise<RollbackResult> {
  if ((event as RestoreRequest)?.action === RESTORE_REQUEST_ACTION) return restoreHandler(event as RestoreRequest, lambda);
  const alarm = event as AlarmStateChangeEvent;
  assertValid('rollout-rollback', alarmEventProblems(alarm));
  const alarmName = alarm.detail.alarmName;
  const base = createLogger({ handler: 'rollout-rollback', alarmName });
  if (alarm.detail.state?.value !== 'ALARM') {
    base.info('alarm is not in ALARM; nothing to do', { state: alarm.detail.state?.value });
    return { alarmName, rollouts: [] };
  }
  const aws = clients();
  const table = new RolloutTable(aws.dynamo, requireEnv(ROLLOUT_ENV.TABLE), base);
  const active = await table.findActiveByAlarm(alarmName);
  if (active.length === 0) {
    base.info('no active rollout is guarded by this alarm; nothing to roll back');
    return { alarmName, rollouts: [] };
  }
  const rollouts: RollbackResult['rollouts'] = [];
  const failures: string[] = [];
  // One endpoint's failure must not keep the others on their candidate.
  for (const rec of active) {
    const log = base.child({ endpointName: rec.endpointName, rolloutId: rec.rolloutId });
    try {
      const outcome = await rollBack(aws, table, rec, { alarmName, reason: alarm.detail.state.reason }, log, nowSeconds,
        budgetWithin(timing().rollbackBudgetMs, lambda));
      rollouts.push({ endpointName: rec.endpointName, rolloutId: rec.rolloutId, outcome });
    } catch (e) {
      // Raised once: a read-back that did not hold was raised by the executor; anything else (e.g. the table) here.
      if (!(e instanceof RollbackFailedError)) await raiseRollbackFailed(aws, table, rec, errorMessage(e), log, nowSeconds());
      failures.push(`${rec.endpointName}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  // Thrown so EventBridge/Lambda retries the event; the rollouts already handled answer ALREADY_ENDED next time.
  if (failures.length > 0) throw new Error(`rollback failed for ${failures.join('; ')}`);
  return { alarmName, rollouts };
}

/** A restore handed over: thrown while stable does not hold, so Lambda retries it (then its dead-letter queue). */
async function restoreHandler(request: RestoreRequest, lambda?: LambdaContextLike): Promise<RollbackResult> {
  assertValid('rollout-rollback', restoreRequestProblems(request));
  const log = createLogger({ handler: 'rollout-rollback', endpointName: request.endpointName, rolloutId: request.rolloutId });
  const aws = clients();
  const table = new RolloutTable(aws.dynamo, requireEnv(ROLLOUT_ENV.TABLE), log);
  await restore(aws, table, request, log, nowSeconds, budgetWithin(timing().rollbackBudgetMs, lambda));
  return { alarmName: '', rollouts: [{ endpointName: request.endpointName, rolloutId: request.rolloutId, outcome: 'ALREADY_ENDED' }] };
}
