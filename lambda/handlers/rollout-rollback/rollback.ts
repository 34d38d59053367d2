/**
 * Alarm-driven rollback of one rollout: all traffic on the stable variant at once and read back until it holds,
 * then the record, then the state machine execution is stopped, then people and machines are told. Idempotent: a
 * duplicate event or a concurrent rollback ends in the same ROLLED_BACK record; only the writer that recorded it
 * notifies. ROLLED_BACK is recorded only after the read-back showed stable live; a rollback that does not take is
 * raised (RollbackFailed metric, EVENT_ROLLBACK_FAILED event, history entry) and thrown so the event is retried.
 */
import { StopExecutionCommand } from '@aws-sdk/client-sfn';
import { decide, isTerminal, planFromJson, RolloutRecord } from '../../core/rollout';
import type { AwsClients } from '../../shared/clients';
import { errorMessage, isThrottling, isTransient } from '../../shared/errors';
import type { Logger } from '../../shared/log';
import { notificationFailureEntry, notifyStatus } from '../../shared/notify';
import { restoreStable } from '../../shared/restore-stable';
import { raiseRollbackFailed } from '../../shared/rollback-failed';
import { withRetry } from '../../shared/retry';
import { RolloutTable, StaleRecordError } from '../../shared/rollout-table';

export interface AlarmFacts {
  readonly alarmName: string;
  readonly reason?: string;
}

export type RollbackOutcome = 'ROLLED_BACK' | 'ALREADY_ENDED';

/** Attempts at recording when other writers keep changing the record (each one re-verifies the traffic first). */
const RECORD_ATTEMPTS = 5;

export async function rollBack(aws: AwsClients, table: RolloutTable, found: RolloutRecord, alarm: AlarmFacts,
  log: Logger, now: () => number, budgetMs: number): Promise<RollbackOutcome> {
  const deadline = Date.now() + budgetMs;
  const left = () => Math.max(1000, deadline - Date.now());
  let rec: RolloutRecord | undefined = found;
  let recorded: RolloutRecord | undefined;
  for (let attempt = 1; !recorded; attempt++) {
    if (!rec || rec.rolloutId !== found.rolloutId || isTerminal(rec.state.phase)) {
      log.info('rollout already ended by another writer', { phase: rec?.state.phase, currentRolloutId: rec?.rolloutId });
      return 'ALREADY_ENDED';
    }
    if (attempt > RECORD_ATTEMPTS) throw new Error(`could not record the rollback of ${found.rolloutId}: the record kept changing`);
    // Traffic first, read back until it holds. If it does not, nothing is recorded: the rollout stays active.
    const restored = await restoreStable(aws.sagemaker, found.endpointName, found, left(), log);
    if (!restored.holds) throw await raiseRollbackFailed(aws, table, rec, restored.reason, log, now());
    log.info('stable weights live', { alarmName: alarm.alarmName, orders: restored.orders });
    try {
      recorded = await record(table, rec, alarm, now);
    } catch (e) {
      if (!(e instanceof StaleRecordError)) throw e;
      // Another writer (e.g. a step that persisted an increase) came in between: read again and verify again.
      rec = await table.get(found.endpointName);
    }
  }
  await stopExecution(aws, found, alarm, log);
  log.error('rollout rolled back by alarm', { alarmName: alarm.alarmName, reason: recorded.state.reason });
  log.metric('RolloutRolledBack', 1);
  // An increase persisted before the record but ordered after the read-back is put back here.
  const after = await restoreStable(aws.sagemaker, found.endpointName, found, left(), log, { verifyOnly: true });
  const outcome = await notifyStatus(aws, {
    endpointName: found.endpointName,
    rolloutId: found.rolloutId,
    phase: recorded.state.phase,
    cause: recorded.state.cause,
    reason: recorded.state.reason ?? `rolled back: ${alarm.alarmName} in ALARM`,
    stableVariant: found.stableVariant,
    candidateVariant: found.candidateVariant,
  }, log);
  const failedNote = notificationFailureEntry(outcome, now());
  if (failedNote) await table.appendEvent(found.endpointName, found.rolloutId, failedNote).catch((e) =>
    log.warn('could not add NOTIFICATION_FAILED to the rollout record', { error: e }));
  if (!after.holds) throw await raiseRollbackFailed(aws, table, recorded, after.reason, log, now());
  return 'ROLLED_BACK';
}

/** Writes the ROLLED_BACK state with the policy's own rollback transition; StaleRecordError when `rec` is outdated. */
async function record(table: RolloutTable, rec: RolloutRecord, alarm: AlarmFacts, now: () => number): Promise<RolloutRecord> {
  const t = now();
  const d = decide(rec.state, { alarms: [{ name: alarm.alarmName, state: 'ALARM' }], candidateInvocations: 0 },
    planFromJson(rec.plan), t);
  const reason = alarm.reason ? `${d.reason} (${alarm.reason})` : d.reason;
  return table.save(rec, { ...d.state, reason }, [{ at: t, kind: 'ROLLBACK', reason }], false, t);
}

async function stopExecution(aws: AwsClients, found: RolloutRecord, alarm: AlarmFacts, log: Logger): Promise<void> {
  try {
    await withRetry(() => aws.sfn.send(new StopExecutionCommand({
      executionArn: found.executionArn,
      error: 'RolloutRolledBack',
      cause: `${alarm.alarmName} in ALARM${alarm.reason ? `: ${alarm.reason}` : ''}`.slice(0, 32768),
    })), { what: 'StopExecution', retryable: (e) => isThrottling(e) || isTransient(e), budgetMs: 30000, log });
    log.info('state machine execution stopped', { executionArn: found.executionArn });
  } catch (e) {
    // Already stopped or finished (a duplicate event, or the controller ended it): the traffic is what matters.
    log.warn('StopExecution failed', { executionArn: found.executionArn, error: errorMessage(e) });
  }
}
