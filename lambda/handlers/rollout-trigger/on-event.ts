/**
 * onEvent: an Update that changes one slot's model starts one execution of the rollout state machine, with that
 * slot as the candidate and the other as the stable variant. CloudFormation runs it AFTER the endpoint update,
 * which the drain guard let happen only with the changed slot at weight 0.
 *
 * Create starts nothing: the first deploy creates the endpoint with its initial weights; no user traffic is at
 * risk yet, and there is no known-good model to compare against or fall back to. Delete does nothing (the
 * endpoint's own deletion removes the traffic). The physical id depends only on the endpoint, so an Update never
 * makes CloudFormation delete the "old" resource.
 */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  bothSlotsChangedMessage, changedSlots, ROLLOUT_ENV, isTerminal, otherSlot, planFromJson, RolloutExecutionInput,
  RolloutTriggerData, SlotChange,
} from '../../core/rollout';
import type { AwsClients } from '../../shared/clients';
import { optionalEnv, requireEnv } from '../../shared/env';
import type { Logger } from '../../shared/log';
import { RolloutTable } from '../../shared/rollout-table';
import type { OnEventResponse, TriggerEvent } from './events';

const NOTHING_STARTED: RolloutTriggerData = { ExecutionArn: '', RolloutId: '' };

export async function onEventWith(aws: AwsClients, event: TriggerEvent, log: Logger, nowMs: number):
Promise<OnEventResponse> {
  const props = event.ResourceProperties;
  const physicalId = event.PhysicalResourceId ?? `rollout:${props.EndpointName}`;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: physicalId };
  // Validated on every deploy, so a bad plan fails the deploy that introduced it.
  const plan = planFromJson(props.Plan);
  const old = event.OldResourceProperties;
  if (event.RequestType === 'Create' || !old) {
    log.info('endpoint created with its initial weights; the first deploy starts no rollout');
    return { PhysicalResourceId: physicalId, Data: NOTHING_STARTED };
  }
  const changes = changedSlots(old, props);
  if (changes.length === 0) {
    log.info('no slot\'s model changed; no rollout started', { models: props.VariantModels });
    return { PhysicalResourceId: physicalId, Data: NOTHING_STARTED };
  }
  // The drain guard refuses this before the endpoint update; kept so the trigger never guesses a candidate.
  if (changes.length > 1) throw new Error(bothSlotsChangedMessage(props.EndpointName, changes));
  const change = changes[0];
  if (await isStackRollbackAfterFailedRollout(aws, props.EndpointName, change, log)) {
    return { PhysicalResourceId: physicalId, Data: NOTHING_STARTED };
  }

  const candidate = change.variant;
  const rolloutId = rolloutIdFor(change.to, nowMs);
  const input: RolloutExecutionInput = {
    endpointName: props.EndpointName,
    stableVariant: otherSlot(props.Variants, candidate),
    candidateVariant: candidate,
    plan,
    // Only the candidate slot's built-in alarms: the stable slot's errors must not roll the candidate back.
    alarmNames: [...(props.SlotAlarmNames?.[candidate] ?? []), ...(props.AlarmNames ?? [])],
    overrideFiringAlarms: props.OverrideFiringAlarms === 'true',
    rolloutId,
    preTrafficHooks: props.PreTrafficHooks ?? [],
    postTrafficHooks: props.PostTrafficHooks ?? [],
    candidateModel: change.to,
    ...(props.CaptureBucket ? { capture: { bucket: props.CaptureBucket, prefix: props.CapturePrefix ?? '' } } : {}),
  };
  const stateMachineArn = props.StateMachineArn ?? requireEnv(ROLLOUT_ENV.STATE_MACHINE);
  const out = await aws.sfn.send(new StartExecutionCommand({ stateMachineArn, name: rolloutId, input: JSON.stringify(input) }));
  log.info('rollout execution started', { rolloutId, executionArn: out.executionArn, plan: plan.name,
    candidateVariant: candidate, stableVariant: input.stableVariant, candidateModel: change.to });
  return { PhysicalResourceId: physicalId, Data: {
    ExecutionArn: out.executionArn ?? '', RolloutId: rolloutId, CandidateVariant: candidate, CandidateModel: change.to,
  } };
}

/** A Step Functions execution name: [A-Za-z0-9-_], at most 80 characters, unique per deploy. */
export function rolloutIdFor(candidateModel: string, nowMs: number): string {
  const safe = candidateModel.replace(/[^A-Za-z0-9-_]/g, '-').slice(0, 60);
  return `${safe}-${nowMs.toString(36)}`;
}

/**
 * When a rollout fails, CloudFormation rolls the stack back and sends an Update back to the slot's previous model.
 * The stable variant already serves everything then, so rolling the previous model out again is wrong.
 */
async function isStackRollbackAfterFailedRollout(aws: AwsClients, endpointName: string, change: SlotChange,
  log: Logger): Promise<boolean> {
  const tableName = optionalEnv(ROLLOUT_ENV.TABLE);
  if (!tableName) return false;
  const rec = await new RolloutTable(aws.dynamo, tableName, log).get(endpointName);
  const failedOld = rec !== undefined && rec.candidateModel === change.from && rec.candidateVariant === change.variant &&
    isTerminal(rec.state.phase) && rec.state.phase !== 'PROMOTED';
  if (failedOld) {
    log.info('update reverts a failed rollout (stack rollback); no rollout started', {
      failedRolloutId: rec?.rolloutId, failedCandidate: change.from, phase: rec?.state.phase,
    });
  }
  return failedOld;
}
