/** The ledger table: one state item per pipeline (sort key STATE) and one record per trigger (sort key ISO time#id). */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LEDGER_STATE_KEY, LedgerRecord } from '../../../contracts/training';
import type { AlarmTransition, PipelineState } from '../../core/training';
import { clients } from '../../shared/clients';

export interface StoredState extends PipelineState {
  /** Version for optimistic locking. */
  readonly version: number;
}

export async function readState(table: string, pipeline: string): Promise<StoredState> {
  const r = await clients().dynamo.send(new GetCommand({ TableName: table, Key: { pipeline, at: LEDGER_STATE_KEY }, ConsistentRead: true }));
  const item = r.Item ?? {};
  return {
    version: typeof item.version === 'number' ? item.version : 0,
    running: item.running,
    lastTrainedAt: item.lastTrainedAt,
    lastRunEndedAt: item.lastRunEndedAt,
    lastRunStatus: item.lastRunStatus,
  };
}

/** Writes the state if nobody wrote it since it was read; false when someone did (the caller lost a race). */
export async function writeState(table: string, pipeline: string, read: StoredState, next: PipelineState): Promise<boolean> {
  try {
    await clients().dynamo.send(new PutCommand({
      TableName: table,
      Item: { ...next, pipeline, at: LEDGER_STATE_KEY, version: read.version + 1 },
      ConditionExpression: read.version === 0 ? 'attribute_not_exists(pipeline)' : 'version = :v',
      ExpressionAttributeValues: read.version === 0 ? undefined : { ':v': read.version },
    }));
    return true;
  } catch (e) {
    if ((e as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}

export async function clearRunning(table: string, pipeline: string, executionArn: string): Promise<void> {
  await clients().dynamo.send(new UpdateCommand({
    TableName: table, Key: { pipeline, at: LEDGER_STATE_KEY },
    UpdateExpression: 'REMOVE running',
    ConditionExpression: 'running.executionArn = :e',
    ExpressionAttributeValues: { ':e': executionArn },
  }));
}

export async function appendRecord(table: string, record: LedgerRecord): Promise<void> {
  await clients().dynamo.send(new PutCommand({ TableName: table, Item: record }));
}

/** Alarm transitions recorded since `from` (epoch ms), by alarm ARN. */
export async function alarmHistory(table: string, pipeline: string, from: number): Promise<Record<string, AlarmTransition[]>> {
  const out: Record<string, AlarmTransition[]> = {};
  let start: Record<string, unknown> | undefined;
  do {
    const r = await clients().dynamo.send(new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pipeline = :p AND #at BETWEEN :from AND :to',
      FilterExpression: 'attribute_exists(alarmArn)',
      ExpressionAttributeNames: { '#at': 'at' },
      ExpressionAttributeValues: { ':p': pipeline, ':from': new Date(from).toISOString(), ':to': '9999' },
      ExclusiveStartKey: start,
    }));
    for (const item of r.Items ?? []) {
      (out[item.alarmArn] ??= []).push({ at: Date.parse(String(item.at).split('#')[0]), state: item.alarmState });
    }
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}
