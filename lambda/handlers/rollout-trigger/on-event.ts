/**
 * onEvent: the deploy trigger as an adapter. It reads the stack's status (DescribeStacks on the event's StackId),
 * the endpoint's rollout record and the live endpoint, builds the DEPLOY event and hands the transition's effects
 * (lambda/core/rollout/transition-deploy.ts) to the executor: start an execution, stop and restore a reverted one,
 * record the restore after a promotion, stop one on Delete. It decides nothing. The physical id depends only on the
 * endpoint, so an Update never makes CloudFormation delete the "old" resource.
 */
import { assertValid, customResourceEventProblems, RolloutTriggerData, transition } from '../../core/rollout';
import type { AwsClients } from '../../shared/clients';
import type { Logger } from '../../shared/log';
import { execute } from '../../shared/rollout-executor';
import type { OnEventResponse, TriggerEvent } from './events';
import { readDeployWorld, triggerContext } from './world';
import { timing } from '../../shared/timing';

const NOTHING_STARTED: RolloutTriggerData = { ExecutionArn: '', RolloutId: '', Action: 'NOTHING' };


export async function onEventWith(aws: AwsClients, event: TriggerEvent, log: Logger, nowMs: number):
Promise<OnEventResponse> {
  assertValid('rollout-trigger', customResourceEventProblems(event, true));
  const props = event.ResourceProperties;
  const physicalId = event.PhysicalResourceId ?? `rollout:${props.EndpointName}`;
  const world = await readDeployWorld(aws, event, log);
  const t = transition(world.record, world.live, { kind: 'DEPLOY', requestType: event.RequestType, props,
    oldProps: event.OldResourceProperties, stackStatus: world.stackStatus, nowMs, stateMachineArn: props.StateMachineArn,
    requestId: event.RequestId }, Math.floor(nowMs / 1000));
  log.info('lifecycle decision', { kind: t.kind, reason: t.reason, requestType: event.RequestType, stackStatus: world.stackStatus,
    rolloutId: world.record?.rolloutId });
  if (t.refused) throw new Error(t.reason);
  const ctx = triggerContext(aws, world.table, log, timing().triggerRestoreBudgetMs, true);
  const report = await execute(ctx, props.EndpointName, world.record, t.effects);
  if (event.RequestType === 'Delete') return { PhysicalResourceId: physicalId };
  const deploy = t.deploy ?? { action: 'NOTHING' };
  switch (deploy.action) {
    case 'NOTHING':
      return { PhysicalResourceId: physicalId, Data: NOTHING_STARTED };
    case 'RESTORE':
      // isComplete applies the same transition until stable holds and the end is recorded.
      return { PhysicalResourceId: physicalId, Data: { ...NOTHING_STARTED, Action: 'RESTORE', RestoreVariant: deploy.restoreVariant,
        RestoreSince: String(Math.floor(nowMs / 1000)) } };
    case 'START':
      return { PhysicalResourceId: physicalId, Data: {
        ExecutionArn: report.executionArn ?? deploy.executionArn ?? '', RolloutId: deploy.rolloutId ?? '',
        CandidateVariant: deploy.candidateVariant, CandidateModel: deploy.candidateModel, Action: 'START',
      } };
  }
}

export { rolloutIdFor } from '../../core/rollout';
