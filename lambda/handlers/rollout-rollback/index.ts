/**
 * Rollback Lambda: target of the EventBridge rule on "CloudWatch Alarm State Change" to ALARM. Puts every active
 * rollout guarded by the alarm back on its stable variant within seconds, without waiting for the next step.
 */
import { alarmEventProblems, AlarmStateChangeEvent, assertValid, ROLLOUT_ENV, RollbackResult } from '../../core/rollout';
import { clients } from '../../shared/clients';
import { requireEnv } from '../../shared/env';
import { createLogger } from '../../shared/log';
import { RolloutTable } from '../../shared/rollout-table';
import { budgetWithin, LambdaContextLike, nowSeconds, timing } from '../../shared/timing';
import { rollBack } from './rollback';
import { errorMessage } from '../../shared/errors';
import { raiseRollbackFailed, RollbackFailedError } from '../../shared/rollback-failed';

export async function handler(event: AlarmStateChangeEvent, lambda?: LambdaContextLike): Promise<RollbackResult> {
  assertValid('rollout-rollback', alarmEventProblems(event));
  const alarmName = event.detail.alarmName;
  const base = createLogger({ handler: 'rollout-rollback', alarmName });
  if (event.detail.state?.value !== 'ALARM') {
    base.info('alarm is not in ALARM; nothing to do', { state: event.detail.state?.value });
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
      const outcome = await rollBack(aws, table, rec, { alarmName, reason: event.detail.state.reason }, log, nowSeconds,
        budgetWithin(timing().rollbackBudgetMs, lambda));
      rollouts.push({ endpointName: rec.endpointName, rolloutId: rec.rolloutId, outcome });
    } catch (e) {
      // Raised once: a read-back that did not hold was raised inside rollBack; anything else (e.g. the table) here.
      if (!(e instanceof RollbackFailedError)) await raiseRollbackFailed(aws, table, rec, errorMessage(e), log, nowSeconds());
      failures.push(`${rec.endpointName}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  // Thrown so EventBridge/Lambda retries the event; the rollouts already handled answer ALREADY_ENDED next time.
  if (failures.length > 0) throw new Error(`rollback failed for ${failures.join('; ')}`);
  return { alarmName, rollouts };
}
