/**
 * Alarm-driven rollback of one rollout: all traffic on the stable variant at once, then the record, then the
 * state machine execution is stopped, then people and machines are told. Idempotent: a duplicate event or a
 * concurrent rollback ends in the same ROLLED_BACK record; only the writer that recorded it notifies.
 */
import { StopExecutionCommand } from '@aws-sdk/client-sfn';
import { ALL_STABLE, decide, isTerminal, planFromJson, RolloutRecord } from '../../core/rollout';
import type { AwsClients } from '../../shared/clients';
import { applyWeights, waitForWeights } from '../../shared/endpoint';
import { errorMessage, isThrottling, isTransient } from '../../shared/errors';
import type { Logger } from '../../shared/log';
import { notifyStatus } from '../../shared/notify';
import { withRetry } from '../../shared/retry';
import { RolloutTable, StaleRecordError } from '../../shared/rollout-table';

export interface AlarmFacts {
  readonly alarmName: string;
  readonly reason?: string;
}

export type RollbackOutcome = 'ROLLED_BACK' | 'ALREADY_ENDED';

export async function rollBack(aws: AwsClients, table: RolloutTable, found: RolloutRecord, alarm: AlarmFacts,
  log: Logger, now: () => number, budgetMs: number): Promise<RollbackOutcome> {
  // Traffic first. If this throws, nothing is recorded, so the retried event finds the rollout still active.
  await applyWeights(aws.sagemaker, found.endpointName, found, ALL_STABLE, budgetMs, log);
  log.info('stable weights ordered', { alarmName: alarm.alarmName });

  const recorded = await record(table, found, alarm, log, now);
  await stopExecution(aws, found, alarm, log);
  if (recorded) {
    log.error('rollout rolled back by alarm', { alarmName: alarm.alarmName, reason: recorded.state.reason });
    log.metric('RolloutRolledBack', 1);
    await notifyStatus(aws, {
      endpointName: found.endpointName,
      rolloutId: found.rolloutId,
      phase: recorded.state.phase,
      cause: recorded.state.cause,
      reason: recorded.state.reason ?? `rolled back: ${alarm.alarmName} in ALARM`,
      stableVariant: found.stableVariant,
      candidateVariant: found.candidateVariant,
    }, log);
  }
  await waitForWeights(aws.sagemaker, found.endpointName, found, ALL_STABLE, log);
  return recorded ? 'ROLLED_BACK' : 'ALREADY_ENDED';
}

/** Writes the ROLLED_BACK state; undefined when another writer ended the rollout first. */
async function record(table: RolloutTable, found: RolloutRecord, alarm: AlarmFacts, log: Logger, now: () => number):
Promise<RolloutRecord | undefined> {
  let rec: RolloutRecord | undefined = found;
  for (let attempt = 1; attempt <= 5; attempt++) {
    if (!rec || rec.rolloutId !== found.rolloutId || isTerminal(rec.state.phase)) {
      log.info('rollout already ended by another writer', { phase: rec?.state.phase, currentRolloutId: rec?.rolloutId });
      return undefined;
    }
    const t = now();
    // The policy's own rollback transition, so the record reads the same as a rollback by the controller.
    const d = decide(rec.state, { alarms: [{ name: alarm.alarmName, state: 'ALARM' }], candidateInvocations: 0 },
      planFromJson(rec.plan), t);
    const reason = alarm.reason ? `${d.reason} (${alarm.reason})` : d.reason;
    const state = { ...d.state, reason };
    try {
      return await table.save(rec, state, [{ at: t, kind: 'ROLLBACK', reason }], false, t);
    } catch (e) {
      if (!(e instanceof StaleRecordError)) throw e;
      rec = await table.get(found.endpointName);
    }
  }
  throw new Error(`could not record the rollback of ${found.rolloutId}: the record kept changing`);
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
