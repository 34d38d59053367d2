/**
 * isComplete: polled by the Provider framework until the rollout ends. A reverted deploy (Action RESTORE) applies the
 * same DEPLOY transition again until stable holds and the end is recorded. A started rollout that did not promote its
 * candidate throws, with the rollout record's reason, so the deploy fails and CloudFormation rolls back.
 */
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { assertValid, customResourceEventProblems, stackRollbackRestoreOver, transition } from '../../core/rollout';
import type { AwsClients } from '../../shared/clients';
import type { Logger } from '../../shared/log';
import { execute } from '../../shared/rollout-executor';
import type { IsCompleteEvent, IsCompleteResponse } from './events';
import { giveUpRestore } from './give-up-restore';
import { readDeployWorld, triggerContext } from './world';
import { timing } from '../../shared/timing';

const FAILED_STATUSES = new Set(['FAILED', 'ABORTED', 'TIMED_OUT']);

export async function isCompleteWith(aws: AwsClients, event: IsCompleteEvent, log: Logger, nowMs = Date.now()):
Promise<IsCompleteResponse> {
  assertValid('rollout-trigger', customResourceEventProblems(event, false));
  if (event.RequestType === 'Delete') return { IsComplete: true };
  const props = event.ResourceProperties;
  if (event.Data?.Action === 'RESTORE' && event.Data.RestoreVariant) {
    const world = await readDeployWorld(aws, event, log);
    const t = transition(world.record, world.live, { kind: 'DEPLOY', requestType: event.RequestType, props,
      oldProps: event.OldResourceProperties, stackStatus: world.stackStatus, nowMs }, Math.floor(nowMs / 1000));
    const report = await execute(triggerContext(aws, world.table, log, timing().triggerPollBudgetMs, true), props.EndpointName, world.record,
      t.deploy?.action === 'RESTORE' ? t.effects : []);
    const done = report.verified && !report.stale;
    log.info(done ? 'restored: the slot that served before the deploy serves everything' : 'restore not live yet',
      { restoreVariant: event.Data.RestoreVariant, kind: t.kind });
    const restored = { IsComplete: true, Data: { ExecutionArn: '', RolloutId: '', Action: 'RESTORE' as const,
      RestoreVariant: event.Data.RestoreVariant, ...(event.Data.RestoreSince ? { RestoreSince: event.Data.RestoreSince } : {}) } };
    if (done) return restored;
    const now = Math.floor(nowMs / 1000);
    if (!stackRollbackRestoreOver(event.Data.RestoreSince ? Number(event.Data.RestoreSince) : undefined, now)) return { IsComplete: false };
    // Bounded: the stack's rollback goes on (this resource does not fail inside it); the restore is raised and handed on.
    await giveUpRestore(aws, world, event.Data.RestoreVariant, props.EndpointName, log, now);
    return restored;
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
  const rec = await readDeployWorld(aws, event, log).then((w) => w.record).catch((e) => {
    log.warn('could not read the rollout record; reporting the execution status only', { error: e });
    return undefined;
  });
  const ours = rec?.rolloutId === rolloutId ? rec : undefined;
  const model = event.Data?.CandidateModel || ours?.candidateModel || 'the changed model';
  const where = `rollout ${rolloutId} of ${model} on ${props.EndpointName}`;
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
