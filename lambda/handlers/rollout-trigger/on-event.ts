/**
 * onEvent: asks lambda/core's decideLifecycle what a CloudFormation event means for the rollout, and does it:
 * START one execution of the rollout state machine (with a deadline before CloudFormation's hour runs out),
 * ABORT_AND_RESTORE a running rollout that a stack rollback, cancelled update or time limit reverts, RESTORE the slot
 * that served before a reverted deploy, ABORT on Delete. The physical id depends only on the endpoint, so an Update
 * never makes CloudFormation delete the "old" resource.
 */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  assertValid, customResourceEventProblems, decideLifecycle, DEPLOY_ROLLOUT_BUDGET_SECONDS, planFromJson,
  RolloutExecutionInput, ROLLOUT_ENV, RolloutTriggerData,
} from '../../core/rollout';
import type { AwsClients } from '../../shared/clients';
import { optionalEnv, requireEnv } from '../../shared/env';
import type { Logger } from '../../shared/log';
import { RolloutTable } from '../../shared/rollout-table';
import type { OnEventResponse, TriggerEvent } from './events';
import { endRollout, notifyReverted, orderRestore } from './restore';

const NOTHING_STARTED: RolloutTriggerData = { ExecutionArn: '', RolloutId: '', Action: 'NOTHING' };

export async function onEventWith(aws: AwsClients, event: TriggerEvent, log: Logger, nowMs: number):
Promise<OnEventResponse> {
  assertValid('rollout-trigger', customResourceEventProblems(event, true));
  const props = event.ResourceProperties;
  const physicalId = event.PhysicalResourceId ?? `rollout:${props.EndpointName}`;
  // Validated on every deploy, so a bad plan fails the deploy that introduced it.
  if (event.RequestType !== 'Delete') planFromJson(props.Plan);
  const tableName = optionalEnv(ROLLOUT_ENV.TABLE);
  const table = tableName ? new RolloutTable(aws.dynamo, tableName, log) : undefined;
  const rec = await table?.get(props.EndpointName);
  const d = decideLifecycle({
    requestType: event.RequestType, oldProps: event.OldResourceProperties, newProps: props,
    record: rec && { rolloutId: rec.rolloutId, stableVariant: rec.stableVariant, candidateVariant: rec.candidateVariant,
      candidateModel: rec.candidateModel, phase: rec.state.phase },
  });
  log.info('lifecycle decision', { kind: d.kind, reason: d.reason, requestType: event.RequestType, rolloutId: rec?.rolloutId });
  const nowSec = Math.floor(nowMs / 1000);
  switch (d.kind) {
    case 'NOTHING':
      return event.RequestType === 'Delete' ? { PhysicalResourceId: physicalId } : { PhysicalResourceId: physicalId, Data: NOTHING_STARTED };
    case 'REFUSE':
      throw new Error(d.reason);
    case 'ABORT':
      if (await endRollout(aws, table!, rec!, d.reason, nowSec, log)) await notifyReverted(aws, table!, rec!, d.reason, nowSec, log);
      return { PhysicalResourceId: physicalId };
    case 'ABORT_AND_RESTORE':
    case 'RESTORE': {
      const ended = d.kind === 'ABORT_AND_RESTORE' && await endRollout(aws, table!, rec!, d.reason, nowSec, log);
      await orderRestore(aws, props.EndpointName, props.Variants, d.restoreVariant, log);
      // Notified after the restore order: a slow or failing notification never delays it.
      if (ended) await notifyReverted(aws, table!, rec!, d.reason, nowSec, log);
      return { PhysicalResourceId: physicalId, Data: { ...NOTHING_STARTED, Action: 'RESTORE', RestoreVariant: d.restoreVariant } };
    }
    case 'START':
      break;
  }
  const plan = planFromJson(props.Plan);
  const rolloutId = rolloutIdFor(d.candidateModel, nowMs);
  const input: RolloutExecutionInput = {
    endpointName: props.EndpointName,
    stableVariant: d.stableVariant,
    candidateVariant: d.candidateVariant,
    plan,
    // Only the candidate slot's built-in alarms: the stable slot's errors must not roll the candidate back.
    alarmNames: [...(props.SlotAlarmNames?.[d.candidateVariant] ?? []), ...(props.AlarmNames ?? [])],
    overrideFiringAlarms: props.OverrideFiringAlarms === 'true',
    rolloutId,
    preTrafficHooks: props.PreTrafficHooks ?? [],
    postTrafficHooks: props.PostTrafficHooks ?? [],
    candidateModel: d.candidateModel,
    // The deploy waits for the outcome: the rollout ends (stable restored) before CloudFormation's hour is over.
    deadlineAt: nowSec + DEPLOY_ROLLOUT_BUDGET_SECONDS,
    ...(props.CaptureBucket ? { capture: { bucket: props.CaptureBucket, prefix: props.CapturePrefix ?? '' } } : {}),
  };
  const stateMachineArn = props.StateMachineArn ?? requireEnv(ROLLOUT_ENV.STATE_MACHINE);
  const out = await aws.sfn.send(new StartExecutionCommand({ stateMachineArn, name: rolloutId, input: JSON.stringify(input) }));
  log.info('rollout execution started', { rolloutId, executionArn: out.executionArn, plan: plan.name,
    candidateVariant: d.candidateVariant, stableVariant: d.stableVariant, candidateModel: d.candidateModel,
    deadlineAt: input.deadlineAt });
  return { PhysicalResourceId: physicalId, Data: {
    ExecutionArn: out.executionArn ?? '', RolloutId: rolloutId, CandidateVariant: d.candidateVariant,
    CandidateModel: d.candidateModel, Action: 'START',
  } };
}

/** A Step Functions execution name: [A-Za-z0-9-_], at most 80 characters, unique per deploy. */
export function rolloutIdFor(candidateModel: string, nowMs: number): string {
  const safe = candidateModel.replace(/[^A-Za-z0-9-_]/g, '-').slice(0, 60);
  return `${safe}-${nowMs.toString(36)}`;
}
