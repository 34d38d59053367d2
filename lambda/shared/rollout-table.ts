/**
 * The rollout table (one item per endpoint: its latest rollout). Every write of `state` is conditional on the
 * rolloutId and on `version` (optimistic lock), so a controller step, the rollback Lambda and the operator CLI can
 * race without one silently overwriting another: the loser re-reads and re-decides. Only the rollout executor
 * (lambda/shared/rollout-executor) writes through it; the history row is its own effect (HISTORY_ROW).
 */
import { GetCommand, PutCommand, ScanCommand, UpdateCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  historyRowOf, MAX_HISTORY, OperatorCommand, RolloutRecord, RolloutState, TERMINAL_PHASES,
} from '../core/rollout';
import { isConditionalCheckFailed, isThrottling, isTransient } from './errors';
import type { Logger } from './log';
import { withRetry } from './retry';

export type HistoryEntry = RolloutRecord['history'][number];

/** The record changed since it was read (another writer won); re-read and decide again. */
export class StaleRecordError extends Error {
  constructor(endpointName: string) {
    super(`rollout record of ${endpointName} changed concurrently`);
    this.name = 'StaleRecordError';
  }
}

/** Another rollout is active on the endpoint. */
export class RolloutConflictError extends Error {
  constructor(readonly active: RolloutRecord | undefined, endpointName: string) {
    super(`another rollout (${active?.rolloutId ?? 'unknown'}, phase ${active?.state.phase ?? 'unknown'}) is ` +
      `active on ${endpointName}; abort it or wait for it to end`);
    this.name = 'RolloutConflictError';
  }
}

const retryable = (e: unknown) => isThrottling(e) || isTransient(e);
const TERMINAL_VALUES = Object.fromEntries(TERMINAL_PHASES.map((p, i) => [`:t${i}`, p]));
const TERMINAL_LIST = Object.keys(TERMINAL_VALUES).join(', ');

export function appendHistory(history: readonly HistoryEntry[], entries: readonly HistoryEntry[]): HistoryEntry[] {
  return [...history, ...entries].slice(-MAX_HISTORY);
}

export class RolloutTable {
  constructor(readonly doc: DynamoDBDocumentClient, readonly tableName: string, private readonly log?: Logger) {}

  async get(endpointName: string): Promise<RolloutRecord | undefined> {
    const out = await withRetry(() => this.doc.send(new GetCommand({
      TableName: this.tableName, Key: { endpointName }, ConsistentRead: true,
    })), { what: 'GetItem rollout', retryable, budgetMs: 20000, log: this.log });
    return out.Item as RolloutRecord | undefined;
  }

  /** Writes a new rollout unless another one is active on the endpoint (a terminal one is replaced). */
  async create(record: RolloutRecord): Promise<void> {
    try {
      await withRetry(() => this.doc.send(new PutCommand({
        TableName: this.tableName,
        Item: { ...record, version: 1 },
        ConditionExpression: `attribute_not_exists(endpointName) OR #state.#phase IN (${TERMINAL_LIST})`,
        ExpressionAttributeNames: { '#state': 'state', '#phase': 'phase' },
        ExpressionAttributeValues: TERMINAL_VALUES,
      })), { what: 'PutItem rollout', retryable, budgetMs: 20000, log: this.log });
    } catch (e) {
      if (isConditionalCheckFailed(e)) throw new RolloutConflictError(await this.get(record.endpointName), record.endpointName);
      throw e;
    }
  }

  /**
   * Replaces the state of `prev` with `next` and appends `entries`, if nobody wrote the record since `prev` was read.
   * `consumeCommand` removes the operator command that `prev` carried (decide() consumed it).
   */
  async save(prev: RolloutRecord, next: RolloutState, entries: readonly HistoryEntry[],
    consumeCommand: boolean, now: number): Promise<RolloutRecord> {
    const { command: _consumed, ...state } = next;
    const history = appendHistory(prev.history ?? [], entries);
    const version = (prev.version ?? 0) + 1;
    const versionCheck = prev.version === undefined ? 'attribute_not_exists(#version)' : '#version = :prevVersion';
    try {
      await withRetry(() => this.doc.send(new UpdateCommand({
        TableName: this.tableName,
        Key: { endpointName: prev.endpointName },
        UpdateExpression: 'SET #state = :state, #history = :history, updatedAt = :now, #version = :version' +
          (consumeCommand ? ' REMOVE #command' : ''),
        ConditionExpression: `rolloutId = :rolloutId AND ${versionCheck}`,
        ExpressionAttributeNames: {
          '#state': 'state', '#history': 'history', '#version': 'version',
          ...(consumeCommand ? { '#command': 'command' } : {}),
        },
        ExpressionAttributeValues: {
          ':state': state, ':history': history, ':now': now, ':version': version, ':rolloutId': prev.rolloutId,
          ...(prev.version === undefined ? {} : { ':prevVersion': prev.version }),
        },
      })), { what: 'UpdateItem rollout state', retryable, budgetMs: 20000, log: this.log });
    } catch (e) {
      if (isConditionalCheckFailed(e)) throw new StaleRecordError(prev.endpointName);
      throw e;
    }
    const saved: RolloutRecord = { ...prev, state, history, updatedAt: now, version };
    if (consumeCommand) {
      const { command: _c, ...rest } = saved;
      return rest;
    }
    return saved;
  }

  /**
   * Leaves an operator command for the next controller step, if the rollout is active. A pending ABORT is never
   * replaced by a softer command. Bumps `version`, so a step that read the record earlier cannot drop the command.
   */
  async setCommand(endpointName: string, command: OperatorCommand, now: number): Promise<RolloutRecord | undefined> {
    try {
      const out = await this.doc.send(new UpdateCommand({
        TableName: this.tableName,
        Key: { endpointName },
        UpdateExpression: 'SET #command = :command, updatedAt = :now ADD #version :one',
        ConditionExpression: `attribute_exists(endpointName) AND NOT (#state.#phase IN (${TERMINAL_LIST})) AND ` +
          '(attribute_not_exists(#command) OR #command <> :abort OR :command = :abort)',
        ExpressionAttributeNames: { '#command': 'command', '#version': 'version', '#state': 'state', '#phase': 'phase' },
        ExpressionAttributeValues: { ':command': command, ':now': now, ':one': 1, ':abort': 'ABORT', ...TERMINAL_VALUES },
        ReturnValues: 'ALL_NEW',
      }));
      return out.Attributes as RolloutRecord;
    } catch (e) {
      if (isConditionalCheckFailed(e)) return undefined;
      throw e;
    }
  }

  /**
   * Appends `entry` to the history of rollout `rolloutId` (a failed notification, a failed rollback) without touching
   * its state. Bumps `version`, so a writer that read the record earlier re-reads instead of dropping the entry.
   * False when the record now holds another rollout.
   */
  async appendEvent(endpointName: string, rolloutId: string, entry: HistoryEntry): Promise<boolean> {
    try {
      await withRetry(() => this.doc.send(new UpdateCommand({
        TableName: this.tableName,
        Key: { endpointName },
        UpdateExpression: 'SET #history = list_append(if_not_exists(#history, :empty), :entry) ADD #version :one',
        ConditionExpression: 'rolloutId = :rolloutId',
        ExpressionAttributeNames: { '#history': 'history', '#version': 'version' },
        ExpressionAttributeValues: { ':entry': [entry], ':empty': [], ':one': 1, ':rolloutId': rolloutId },
      })), { what: 'UpdateItem rollout history', retryable, budgetMs: 10000, log: this.log });
      return true;
    } catch (e) {
      if (isConditionalCheckFailed(e)) return false;
      throw e;
    }
  }

  /**
   * Sets (count > 0) or removes (0) the record's count of throttled checks in a row, if it still holds rollout
   * `rolloutId`. Leaves `version` alone: it is no state, so a writer that read the record earlier need not re-read.
   * Best effort, one attempt (the reads are throttled already): false, logged, when the write fails; the check then
   * waits as computed and the next throttled one counts from what the record holds.
   */
  async setThrottledChecks(endpointName: string, rolloutId: string, count: number): Promise<boolean> {
    try {
      await this.doc.send(new UpdateCommand({
        TableName: this.tableName,
        Key: { endpointName },
        UpdateExpression: count > 0 ? 'SET #throttled = :count' : 'REMOVE #throttled',
        ConditionExpression: 'rolloutId = :rolloutId',
        ExpressionAttributeNames: { '#throttled': 'throttledChecks' },
        ExpressionAttributeValues: { ':rolloutId': rolloutId, ...(count > 0 ? { ':count': count } : {}) },
      }));
      return true;
    } catch (e) {
      this.log?.warn('throttled-check count not written', { error: e, count });
      return false;
    }
  }

  /**
   * Writes the rollout's history row (contracts/rollout-history.ts) into the table the record names. Best effort:
   * the rollout's own record is what drives it, so a failed history write is logged and counted, never thrown.
   */
  async keepHistory(rec: RolloutRecord, now: number): Promise<void> {
    if (!rec.historyTable) return;
    try {
      await withRetry(() => this.doc.send(new PutCommand({
        TableName: rec.historyTable, Item: historyRowOf(rec, now, rec.historyTtlSeconds),
      })), { what: 'PutItem rollout history', retryable, budgetMs: 10000, log: this.log });
    } catch (e) {
      this.log?.error('HISTORY_WRITE_FAILED: the rollout history row was not written', { error: e, historyTable: rec.historyTable });
      this.log?.metric('HistoryWriteFailed', 1);
    }
  }

  /** Active rollouts guarded by `alarmName` (a Scan: the table holds one item per endpoint, so it stays small). */
  async findActiveByAlarm(alarmName: string): Promise<RolloutRecord[]> {
    const found: RolloutRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await withRetry(() => this.doc.send(new ScanCommand({
        TableName: this.tableName,
        FilterExpression: `contains(alarmNames, :alarm) AND NOT (#state.#phase IN (${TERMINAL_LIST}))`,
        ExpressionAttributeNames: { '#state': 'state', '#phase': 'phase' },
        ExpressionAttributeValues: { ':alarm': alarmName, ...TERMINAL_VALUES },
        ExclusiveStartKey: start,
        ConsistentRead: true,
      })), { what: 'Scan rollouts', retryable, budgetMs: 30000, log: this.log });
      found.push(...((out.Items ?? []) as RolloutRecord[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return found;
  }
}
