/**
 * A rollback that did not take is raised, never reported as done: an ERROR log line ROLLBACK_FAILED, the metric
 * RollbackFailed (an alarm of the RolloutController watches it), the EventBridge event EVENT_ROLLBACK_FAILED (and SNS),
 * and a ROLLBACK_FAILED entry in the rollout record's history. The record's phase is left as it was: the rollout is
 * still active, so a retried event or `cdk-mlops rollout abort` finds it.
 */
import { EVENT_ROLLBACK_FAILED, ROLLOUT_METRICS, RolloutRecord } from '../../core/rollout';
import type { Logger } from '../log';
import { notifyStatus, NotifyTargets } from '../notify';
import type { RolloutTable } from '../rollout-table';

/** Thrown after the failure was raised, so the caller's catch does not raise it twice. */
export class RollbackFailedError extends Error {
  constructor(readonly endpointName: string, reason: string) {
    super(`the stable variant of ${endpointName} could not be restored: ${reason}`);
    this.name = 'RollbackFailedError';
  }
}

export async function raiseRollbackFailed(aws: NotifyTargets, table: RolloutTable | undefined, rec: RolloutRecord,
  reason: string, log: Logger, now: number): Promise<RollbackFailedError> {
  const fix = `the candidate ${rec.candidateVariant} may still serve; run: npx cdk-mlops rollout abort ${rec.endpointName}`;
  log.error('ROLLBACK_FAILED: could not put traffic back on the stable variant', { reason, fix,
    stableVariant: rec.stableVariant, candidateVariant: rec.candidateVariant });
  log.metric(ROLLOUT_METRICS.ROLLBACK_FAILED, 1);
  await notifyStatus(aws, {
    endpointName: rec.endpointName, rolloutId: rec.rolloutId, phase: rec.state.phase, cause: 'ROLLBACK_FAILED',
    reason: `rollback failed: ${reason}; ${fix}`, stableVariant: rec.stableVariant, candidateVariant: rec.candidateVariant,
  }, log, { detailType: EVENT_ROLLBACK_FAILED });
  try {
    await table?.appendEvent(rec.endpointName, rec.rolloutId, { at: now, kind: 'ROLLBACK_FAILED', reason: `${reason}; ${fix}` });
  } catch (e) {
    log.warn('could not add ROLLBACK_FAILED to the rollout record', { error: e });
  }
  return new RollbackFailedError(rec.endpointName, reason);
}
