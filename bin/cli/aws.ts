/**
 * AWS access of the CLI: read the rollout record, leave an operator command, read alarms and the endpoint, reset
 * weights on abort. It reuses the handlers' helpers in lambda/shared (the CLI ships as one esbuild bundle).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  AlarmSignal, HISTORY_PARTITION_KEY, OperatorCommand, RolloutHistoryRow, RolloutRecord, VariantWeights,
} from '../../lambda/core/rollout';
import { candidateInvocations, readAlarms } from '../../lambda/shared/alarms';
import { applyWeights, describeEndpoint, liveWeights } from '../../lambda/shared/endpoint';
import { abortRecord, stopRolloutExecution } from '../../lambda/shared/end-rollout';
import { RolloutTable } from '../../lambda/shared/rollout-table';
import { cliClientConfig } from './client-config';

export interface CliAws {
  getRecord(endpointName: string): Promise<RolloutRecord | undefined>;
  /** The updated record, or undefined when no active rollout accepted the command. */
  setCommand(endpointName: string, command: OperatorCommand, now: number): Promise<RolloutRecord | undefined>;
  readAlarms(names: readonly string[]): Promise<AlarmSignal[]>;
  readEndpoint(endpointName: string, stable: string, candidate: string):
  Promise<{ status: string; weights: VariantWeights; createdAt?: number }>;
  /** The variant's published Invocations since `since` (epoch seconds), as the controller counts them. */
  readInvocations?(endpointName: string, variant: string, since: number, now: number): Promise<number>;
  /** Orders the split, retrying while throttled or while the endpoint is Updating, for at most `budgetMs`. */
  orderWeights(endpointName: string, stable: string, candidate: string, w: VariantWeights, budgetMs: number): Promise<void>;
  /**
   * Records the rollout ABORTED (unless it already ended) and stops its execution: frees the endpoint even when the
   * execution is dead, stuck in a hook, or the endpoint was re-created.
   */
  endRollout?(rec: RolloutRecord, reason: string, now: number): Promise<{ recorded: boolean; execution: string }>;
  /** Up to `limit` history rows of the endpoint, newest first (a Query, paged). */
  readHistory?(historyTable: string, endpointName: string, limit: number): Promise<RolloutHistoryRow[]>;
}

export function cliAws(tableName: string, region: string | undefined, env: Readonly<Record<string, string | undefined>>):
CliAws {
  const config = cliClientConfig(region, env);
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(config), { marshallOptions: { removeUndefinedValues: true } });
  const sm = new SageMakerClient(config);
  const cw = new CloudWatchClient(config);
  const sfn = new SFNClient(config);
  // The same table access, retries and guards as the handlers (the CLI is bundled with them by esbuild).
  const table = new RolloutTable(doc, tableName);
  return {
    getRecord: (endpointName) => table.get(endpointName),
    setCommand: (endpointName, command, now) => table.setCommand(endpointName, command, now),
    readAlarms: (names) => readAlarms(cw, names),
    async readEndpoint(endpointName, stable, candidate) {
      const view = await describeEndpoint(sm, endpointName);
      return { status: view.status, weights: liveWeights(view, { stableVariant: stable, candidateVariant: candidate }),
        ...(view.createdAt !== undefined ? { createdAt: view.createdAt } : {}) };
    },
    readInvocations: (endpointName, variant, since, now) => candidateInvocations(cw, endpointName, variant, since, now),
    orderWeights: (endpointName, stable, candidate, w, budgetMs) =>
      applyWeights(sm, endpointName, { stableVariant: stable, candidateVariant: candidate }, w, budgetMs),
    async endRollout(rec, reason, now) {
      const recorded = await abortRecord(table, rec, 'OPERATOR_ABORT', reason, now);
      const execution = await stopRolloutExecution(sfn, rec.executionArn, 'OperatorAbort', reason);
      return { recorded, execution };
    },
    async readHistory(historyTable, endpointName, limit) {
      const rows: RolloutHistoryRow[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await doc.send(new QueryCommand({
          TableName: historyTable, KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': HISTORY_PARTITION_KEY },
          ExpressionAttributeValues: { ':pk': endpointName }, ScanIndexForward: false, Limit: limit - rows.length,
          ExclusiveStartKey: start,
        }));
        rows.push(...((out.Items ?? []) as RolloutHistoryRow[]));
        start = out.LastEvaluatedKey;
      } while (start && rows.length < limit);
      return rows;
    },
  };
}
