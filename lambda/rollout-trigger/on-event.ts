/**
 * onEvent: a Create, or an Update that changes the candidate, starts one execution of the rollout state machine.
 * Delete does nothing (the endpoint's own deletion removes the traffic). The physical id depends only on the
 * endpoint, so an Update never makes CloudFormation delete the "old" resource.
 */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  ENV, isTerminal, planFromJson, RolloutExecutionInput, RolloutTriggerProperties,
} from '../core/rollout';
import type { AwsClients } from '../shared/clients';
import { optionalEnv, requireEnv } from '../shared/env';
import type { Logger } from '../shared/log';
import { RolloutTable } from '../shared/rollout-table';
import type { OnEventResponse, TriggerEvent } from './events';

const NOTHING_STARTED = { ExecutionArn: '', RolloutId: '' };

export async function onEventWith(aws: AwsClients, event: TriggerEvent, log: Logger, nowMs: number):
Promise<OnEventResponse> {
  const props = event.ResourceProperties;
  const physicalId = event.PhysicalResourceId ?? `rollout:${props.EndpointName}`;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: physicalId };

  const old = event.OldResourceProperties;
  if (event.RequestType === 'Update' && old) {
    if (old.CandidateModel === props.CandidateModel && old.CandidateVariant === props.CandidateVariant) {
      log.info('candidate unchanged; no rollout started', { candidateModel: props.CandidateModel });
      return { PhysicalResourceId: physicalId, Data: NOTHING_STARTED };
    }
    if (await isStackRollbackAfterFailedRollout(aws, props, old, log)) {
      return { PhysicalResourceId: physicalId, Data: NOTHING_STARTED };
    }
  }

  const rolloutId = rolloutIdFor(props.CandidateModel, nowMs);
  const input: RolloutExecutionInput = {
    endpointName: props.EndpointName,
    stableVariant: props.StableVariant,
    candidateVariant: props.CandidateVariant,
    plan: planFromJson(props.Plan),
    alarmNames: props.AlarmNames ?? [],
    overrideFiringAlarms: props.OverrideFiringAlarms === 'true',
    rolloutId,
    preTrafficHooks: props.PreTrafficHooks ?? [],
    postTrafficHooks: props.PostTrafficHooks ?? [],
    candidateModel: props.CandidateModel,
  };
  const stateMachineArn = props.StateMachineArn ?? requireEnv(ENV.STATE_MACHINE);
  const out = await aws.sfn.send(new StartExecutionCommand({ stateMachineArn, name: rolloutId, input: JSON.stringify(input) }));
  log.info('rollout execution started', { rolloutId, executionArn: out.executionArn, plan: input.plan.name });
  return { PhysicalResourceId: physicalId, Data: { ExecutionArn: out.executionArn ?? '', RolloutId: rolloutId } };
}

/** A Step Functions execution name: [A-Za-z0-9-_], at most 80 characters, unique per deploy. */
export function rolloutIdFor(candidateModel: string, nowMs: number): string {
  const safe = candidateModel.replace(/[^A-Za-z0-9-_]/g, '-').slice(0, 60);
  return `${safe}-${nowMs.toString(36)}`;
}

/**
 * When a rollout fails, CloudFormation rolls the stack back and sends an Update back to the previous candidate.
 * The stable variant already serves everything then, so rolling the previous candidate out again is wrong.
 */
async function isStackRollbackAfterFailedRollout(aws: AwsClients, props: RolloutTriggerProperties,
  old: RolloutTriggerProperties, log: Logger): Promise<boolean> {
  const tableName = optionalEnv(ENV.TABLE);
  if (!tableName) return false;
  const rec = await new RolloutTable(aws.dynamo, tableName, log).get(props.EndpointName);
  const failedOld = rec !== undefined && rec.candidateModel === old.CandidateModel &&
    isTerminal(rec.state.phase) && rec.state.phase !== 'PROMOTED';
  if (failedOld) {
    log.info('update reverts a failed rollout (stack rollback); no rollout started', {
      failedRolloutId: rec?.rolloutId, failedCandidate: old.CandidateModel, phase: rec?.state.phase,
    });
  }
  return failedOld;
}
