/**
 * AWS access of the CLI: read the rollout record, alarms, the endpoint and the history; an operator command goes
 * through the rollout protocol (the COMMAND transition and the executor, as in the handlers: the CLI ships as one
 * esbuild bundle with them), so abort orders stable, reads it back, and only then records ABORTED.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import {
  AlarmSignal, EndpointView, HISTORY_PARTITION_KEY, OperatorCommand, RolloutHistoryRow, RolloutRecord, transition, VariantWeights,
} from '../../lambda/core/rollout';
import { candidateInvocations, readAlarms } from '../../lambda/shared/alarms';
import { describeEndpoint, liveWeights } from '../../lambda/shared/endpoint';
import { errorMessage } from '../../lambda/shared/errors';
import { SILENT_LOGGER } from '../../lambda/shared/log';
import { execute, RollbackFailedError } from '../../lambda/shared/rollout-executor';
import { stopExecutionOf } from '../../lambda/shared/rollout-executor/stop-execution';
import { RolloutTable } from '../../lambda/shared/rollout-table';
import { cliClientConfig } from './client-config';

export interface CliAws {
  getRecord(endpointName: string): Promise<RolloutRecord | undefined>;
  /** Applies an operator command through the rollout protocol (COMMAND transition, then the executor). */
  sendCommand(endpointName: string, command: OperatorCommand, source: string, now: number): Promise<CommandOutcome>;
  readAlarms(names: readonly string[]): Promise<AlarmSignal[]>;
  readEndpoint(endpointName: string, stable: string, candidate: string):
  Promise<{ status: string; weights: VariantWeights; createdAt?: number }>;
  /** The variant's published Invocations since `since` (epoch seconds), as the controller counts them. */
  readInvocations?(endpointName: string, variant: string, since: number, now: number): Promise<number>;
  /** Up to `limit` history rows of the endpoint, newest first (a Query, paged). */
  readHistory?(historyTable: string, endpointName: string, limit: number): Promise<RolloutHistoryRow[]>;
}

/** What an operator command did. */
export interface CommandOutcome {
  /** The transition's kind: COMMAND (left for the controller), ABORT, ABORT_WITHOUT_WEIGHTS, NOT_ACTIVE. */
  readonly kind: string;
  readonly reason: string;
  /** The record before the command (undefined when the endpoint has none). */
  readonly before?: RolloutRecord;
  /** The record after it. */
  readonly record?: RolloutRecord;
  /** Stable holds on the live endpoint (abort), read back. */
  readonly verified: boolean;
  /** The abort was recorded (ABORTED). */
  readonly recorded: boolean;
  readonly execution?: 'STOPPED' | 'NOT_RUNNING';
  /** Why the abort's order or read-back failed; nothing was recorded then. */
  readonly error?: string;
}

/** How long abort keeps ordering and reading back stable while the endpoint is Updating or throttled. */
const ABORT_BUDGET_MS = 60000;

export function cliAws(tableName: string, region: string | undefined, env: Readonly<Record<string, string | undefined>>):
CliAws {
  const config = cliClientConfig(region, env);
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(config), { marshallOptions: { removeUndefinedValues: true } });
  const sm = new SageMakerClient(config);
  const cw = new CloudWatchClient(config);
  const sfn = new SFNClient(config);
  // The same table access, retries and guards as the handlers (the CLI is bundled with them by esbuild).
  const table = new RolloutTable(doc, tableName);
  const executorClients = { sagemaker: sm, sfn, sns: new SNSClient(config), events: new EventBridgeClient(config), lambda: new LambdaClient(config), cloudwatch: cw };
  return {
    getRecord: (endpointName) => table.get(endpointName),
    async sendCommand(endpointName, command, source, now) {
      const log = SILENT_LOGGER;
      for (let attempt = 1; ; attempt++) {
        const before = await table.get(endpointName);
        const live: EndpointView | undefined = await describeEndpoint(sm, endpointName).catch(() => undefined);
        const t = transition(before, live, { kind: 'COMMAND', command, source }, now);
        try {
          const report = await execute({ aws: executorClients, table, log, now: () => now, budgetMs: ABORT_BUDGET_MS,
            stopExecution: stopExecutionOf(executorClients.sfn, log) }, endpointName, before, t.effects);
          if (report.stale && attempt < 3) continue;
          const recorded = report.record?.state.phase === 'ABORTED' && !report.stale;
          return { kind: report.notActive ? 'NOT_ACTIVE' : t.kind, reason: t.reason, before, record: report.record,
            verified: report.verified, recorded, execution: report.stopped };
        } catch (e) {
          if (!(e instanceof RollbackFailedError)) throw e;
          return { kind: t.kind, reason: t.reason, before, record: await table.get(endpointName), verified: false, recorded: false,
            error: errorMessage(e) };
        }
      }
    },
    readAlarms: (names) => readAlarms(cw, names),
    async readEndpoint(endpointName, stable, candidate) {
      const view = await describeEndpoint(sm, endpointName);
      return { status: view.status, weights: liveWeights(view, { stableVariant: stable, candidateVariant: candidate }),
        ...(view.createdAt !== undefined ? { createdAt: view.createdAt } : {}) };
    },
    readInvocations: (endpointName, variant, since, now) => candidateInvocations(cw, endpointName, variant, since, now),
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
