/**
 * isComplete: polled by the Provider framework until the rollout ends. A rollout that did not promote its
 * candidate throws, with the rollout record's reason, so the deploy fails and CloudFormation rolls back.
 */
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { assertValid, customResourceEventProblems, ROLLOUT_ENV } from '../../core/rollout';
import type { AwsClients } from '../../shared/clients';
import { optionalEnv } from '../../shared/env';
import type { Logger } from '../../shared/log';
import { RolloutTable } from '../../shared/rollout-table';
import type { IsCompleteEvent, IsCompleteResponse } from './events';
import { restoreDone } from './restore';

const FAILED_STATUSES = new Set(['FAILED', 'ABORTED', 'TIMED_OUT']);

export async function isCompleteWith(aws: AwsClients, event: IsCompleteEvent, log: Logger): Promise<IsCompleteResponse> {
  assertValid('rollout-trigger', customResourceEventProblems(event, false));
  if (event.RequestType === 'Delete') return { IsComplete: true };
  if (event.Data?.Action === 'RESTORE' && event.Data.RestoreVariant) {
    // A reverted deploy: done when the slot that served before holds all traffic, before the endpoint's own revert.
    const props = event.ResourceProperties;
    const done = await restoreDone(aws, props.EndpointName, props.Variants, event.Data.RestoreVariant, log);
    log.info(done ? 'restored: the slot that served before the deploy serves everything' : 'restore not live yet',
      { restoreVariant: event.Data.RestoreVariant });
    return done ? { IsComplete: true, Data: { ExecutionArn: '', RolloutId: '', Action: 'RESTORE',
      RestoreVariant: event.Data.RestoreVariant } } : { IsComplete: false };
  }
  const executionArn = event.Data?.ExecutionArn;
  if (!executionArn) return { IsComplete: true };
  const rolloutId = event.Data?.RolloutId ?? '';
  const data = { ExecutionArn: executionArn, RolloutId: rolloutId,
    ...(event.Data?.CandidateVariant ? { CandidateVariant: event.Data.CandidateVariant } : {}),
    ...(event.Data?.CandidateModel ? { CandidateModel: event.Data.CandidateModel } : {}) };
  const exec = await aws.sfn.send(new DescribeExecutionCommand({ executionArn }));
  const status = exec.status ?? 'UNKNOWN';
  if (status === 'RUNNING' || status === 'PENDING_REDRIVE') {
    log.info('rollout still running', { executionArn });
    return { IsComplete: false };
  }
  const rec = await readRecord(aws, event.ResourceProperties.EndpointName, log);
  const ours = rec?.rolloutId === rolloutId ? rec : undefined;
  const model = event.Data?.CandidateModel || ours?.candidateModel || 'the changed model';
  const where = `rollout ${rolloutId} of ${model} on ${event.ResourceProperties.EndpointName}`;
  if (status === 'SUCCEEDED' && (!ours || ours.state.phase === 'PROMOTED')) {
    log.info('rollout promoted', { executionArn });
    return { IsComplete: true, Data: data };
  }
  if (status !== 'SUCCEEDED' && !FAILED_STATUSES.has(status)) {
    throw new Error(`${where}: unexpected execution status ${status}`);
  }
  // Reached also when the execution SUCCEEDED but the record says the candidate was not promoted: never silent.
  const reason = ours?.state.reason ?? exec.cause ?? exec.error ?? 'no reason recorded';
  const phase = ours?.state.phase ?? status;
  log.error('rollout did not promote the candidate; failing the deployment', { status, phase, reason });
  throw new Error(`${where} ended ${phase} (execution ${status}): ${reason}`.slice(0, 1500));
}

async function readRecord(aws: AwsClients, endpointName: string, log: Logger) {
  const tableName = optionalEnv(ROLLOUT_ENV.TABLE);
  if (!tableName) return undefined;
  try {
    return await new RolloutTable(aws.dynamo, tableName, log).get(endpointName);
  } catch (e) {
    log.warn('could not read the rollout record; reporting the execution status only', { error: e });
    return undefined;
  }
}
