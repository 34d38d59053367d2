/**
 * A stack rollback's restore that did not hold within STACK_ROLLBACK_RESTORE_WAIT_SECONDS: isComplete reports the
 * resource done so the stack's rollback itself succeeds, and the failure is raised, never hidden: ROLLBACK_FAILED
 * (log, metric, event, notification, record entry, with the abort command as the fix) and, for a rollout that already
 * ended on stable, the restore handed to the rollback Lambda (its retries, then its dead-letter queue).
 */
import { isTerminal, ROLLOUT_METRICS, STACK_ROLLBACK_RESTORE_WAIT_SECONDS } from '../../core/rollout';
import type { AwsClients } from '../../shared/clients';
import type { Logger } from '../../shared/log';
import { handOffRestore } from '../../shared/rollout-executor/hand-off';
import { raiseRollbackFailed } from '../../shared/rollout-executor/rollback-failed';
import type { DeployWorld } from './world';

export async function giveUpRestore(aws: AwsClients, world: DeployWorld, restoreVariant: string, endpointName: string,
  log: Logger, now: number): Promise<void> {
  const reason = `stack rollback: ${restoreVariant} did not hold all traffic of ${endpointName} within ` +
    `${STACK_ROLLBACK_RESTORE_WAIT_SECONDS} s; the custom resource reports done so the stack rollback completes`;
  const rec = world.record;
  if (!rec) {
    log.error('ROLLBACK_FAILED: could not put traffic back on the slot that served before the deploy', { reason,
      fix: `order it yourself: aws sagemaker update-endpoint-weights-and-capacities (all weight on ${restoreVariant})` });
    log.metric(ROLLOUT_METRICS.ROLLBACK_FAILED, 1);
    return;
  }
  await raiseRollbackFailed(aws, world.table, rec, reason, log, now);
  if (isTerminal(rec.state.phase) && rec.state.phase !== 'PROMOTED') {
    const queued = await handOffRestore(aws.lambda, { endpointName, rolloutId: rec.rolloutId, reason }, log)
      .catch((e) => { log.error('could not hand the restore to the rollback Lambda', { error: e }); return false; });
    log.info(queued ? 'restore handed to the rollback Lambda' : 'no rollback Lambda to hand the restore to', { rolloutId: rec.rolloutId });
  }
}
