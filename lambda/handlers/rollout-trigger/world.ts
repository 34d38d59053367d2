/**
 * What the deploy trigger reads before each transition: the stack's own status (DescribeStacks on the event's
 * StackId; a rollback's Update is known as one even when no rollout was recorded), the endpoint's rollout record and
 * the live endpoint (absent when it does not exist).
 */
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { EndpointView, ROLLOUT_ENV, RolloutRecord } from '../../core/rollout';
import type { AwsClients } from '../../shared/clients';
import { describeEndpoint } from '../../shared/endpoint';
import { optionalEnv } from '../../shared/env';
import { errorMessage, isThrottling, isTransient } from '../../shared/errors';
import type { Logger } from '../../shared/log';
import { withRetry } from '../../shared/retry';
import { ExecutorContext } from '../../shared/rollout-executor';
import { startRolloutExecution } from '../../shared/rollout-executor/start-execution';
import { stopExecutionOf } from '../../shared/rollout-executor/stop-execution';
import { RolloutTable } from '../../shared/rollout-table';
import { nowSeconds } from '../../shared/timing';
import type { TriggerEvent } from './events';

export interface DeployWorld {
  readonly table?: RolloutTable;
  readonly record?: RolloutRecord;
  readonly live?: EndpointView;
  readonly stackStatus?: string;
}

export async function readDeployWorld(aws: AwsClients, event: TriggerEvent, log: Logger): Promise<DeployWorld> {
  const tableName = optionalEnv(ROLLOUT_ENV.TABLE);
  const table = tableName ? new RolloutTable(aws.dynamo, tableName, log) : undefined;
  const [record, live, stackStatus] = await Promise.all([
    table?.get(event.ResourceProperties.EndpointName),
    readLive(aws, event.ResourceProperties.EndpointName, log),
    readStackStatus(aws, event.StackId, log),
  ]);
  return { table, record, live, stackStatus };
}

async function readLive(aws: AwsClients, endpointName: string, log: Logger): Promise<EndpointView | undefined> {
  try {
    return await describeEndpoint(aws.sagemaker, endpointName, log);
  } catch (e) {
    if (/could not find|not found|does not exist/i.test(errorMessage(e))) return undefined;
    throw e;
  }
}

/** The stack's status; undefined (the record is then the only evidence) when the event names no stack or the read fails. */
export async function readStackStatus(aws: AwsClients, stackId: string | undefined, log: Logger): Promise<string | undefined> {
  if (!stackId || !aws.cloudformation) return undefined;
  try {
    const out = await withRetry(() => aws.cloudformation!.send(new DescribeStacksCommand({ StackName: stackId })),
      { what: 'DescribeStacks', retryable: (e) => isThrottling(e) || isTransient(e), budgetMs: 10000, log });
    return out.Stacks?.[0]?.StackStatus;
  } catch (e) {
    log.warn('could not read the stack\'s status; deciding from the rollout record alone', { error: errorMessage(e), stackId });
    return undefined;
  }
}

export function triggerContext(aws: AwsClients, table: RolloutTable | undefined, log: Logger, budgetMs: number,
  settleLater: boolean): ExecutorContext {
  return { aws, table, log, now: nowSeconds, budgetMs, settleLater,
    startExecution: (e) => startRolloutExecution(aws.sfn, e, log), stopExecution: stopExecutionOf(aws.sfn, log) };
}
