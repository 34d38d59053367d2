/**
 * The rollback Lambda as an adapter: a candidate alarm (ALARM event) or a restore handed over by another writer
 * (RESTORE event) goes through the one transition, and the executor applies it: all traffic on stable, read back
 * until it holds, then the record, the stop of the execution, and the notifications. A rollback that does not take is
 * raised (RollbackFailed metric, EVENT_ROLLBACK_FAILED event, history entry) and thrown, so the event is retried.
 * Idempotent: a duplicate event, or a record another writer changed meanwhile, is read again and transitioned again.
 */
import { RolloutRecord, RestoreRequest, transition, TransitionEvent } from '../../core/rollout';
import type { AwsClients } from '../../shared/clients';
import { describeEndpoint } from '../../shared/endpoint';
import type { Logger } from '../../shared/log';
import { execute } from '../../shared/rollout-executor';
import { stopExecutionOf } from '../../shared/rollout-executor/stop-execution';
import type { RolloutTable } from '../../shared/rollout-table';

export interface AlarmFacts {
  readonly alarmName: string;
  readonly reason?: string;
}

export type RollbackOutcome = 'ROLLED_BACK' | 'ALREADY_ENDED';

/** Attempts when other writers keep changing the record (each one transitions again from what it reads). */
const RECORD_ATTEMPTS = 5;

export async function rollBack(aws: AwsClients, table: RolloutTable, found: RolloutRecord, alarm: AlarmFacts,
  log: Logger, now: () => number, budgetMs: number): Promise<RollbackOutcome> {
  const kind = await applyUntilSettled(aws, table, found, { kind: 'ALARM', alarmName: alarm.alarmName, reason: alarm.reason },
    log, now, budgetMs);
  return kind === 'ROLLBACK' ? 'ROLLED_BACK' : 'ALREADY_ENDED';
}

/** A restore handed over (RestoreRequest): stable again, read back; thrown (and retried by Lambda) until it holds. */
export async function restore(aws: AwsClients, table: RolloutTable, request: RestoreRequest, log: Logger,
  now: () => number, budgetMs: number): Promise<string> {
  const rec = await table.get(request.endpointName);
  const live = await describeEndpoint(aws.sagemaker, request.endpointName, log);
  const t = transition(rec, live, { kind: 'RESTORE', rolloutId: request.rolloutId, reason: request.reason }, now());
  log.info('restore request', { kind: t.kind, reason: t.reason });
  await execute({ aws, table, log, now, budgetMs, stopExecution: stopExecutionOf(aws.sfn, log) }, request.endpointName, rec, t.effects);
  return t.kind;
}

async function applyUntilSettled(aws: AwsClients, table: RolloutTable, found: RolloutRecord, event: TransitionEvent,
  log: Logger, now: () => number, budgetMs: number): Promise<string> {
  let rec: RolloutRecord | undefined = found;
  for (let attempt = 1; attempt <= RECORD_ATTEMPTS; attempt++) {
    if (!rec || rec.rolloutId !== found.rolloutId) {
      log.info('rollout replaced by another one', { currentRolloutId: rec?.rolloutId });
      return 'ALREADY_ENDED';
    }
    const t = transition(rec, undefined, event, now());
    if (t.kind !== 'ROLLBACK') {
      log.info('rollout already ended by another writer', { phase: rec.state.phase });
      return t.kind;
    }
    const report = await execute({ aws, table, log, now, budgetMs, stopExecution: stopExecutionOf(aws.sfn, log) }, found.endpointName, rec, t.effects);
    if (!report.stale) return t.kind;
    // Another writer (e.g. a step that persisted an increase) came in between: read again and verify again.
    rec = await table.get(found.endpointName);
  }
  throw new Error(`could not record the rollback of ${found.rolloutId}: the record kept changing`);
}
