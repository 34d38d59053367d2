/**
 * The component guard (Custom::CdkMlopsComponentGuard) as an adapter: the live inference component depends on it, so
 * CloudFormation updates it first. onEvent reads the component rollout's record, the endpoint with its components and
 * the stack's status, and hands the COMPONENT_GUARD transition's effects to the executor (start the rollout on a new
 * model; end an active one, deleting its temporary candidate, on a stack rollback or a delete). isComplete holds the
 * deploy until the copy canary passed and its candidate is read back gone (componentGuardReady), so CloudFormation
 * updates the live component only then; a candidate that failed fails the deploy before the live component changes.
 */
import {
  ComponentGuardData, ComponentGuardProperties, componentGuardReady, componentRolloutKey, ComponentRolloutTarget, ROLLOUT_ENV,
  transition,
} from '../../core/rollout';
import type { AwsClients } from '../../shared/clients';
import { describeComponentRollout } from '../../shared/component-rollout-view';
import type { CustomResourceEvent } from '../../shared/custom-resource-event';
import { optionalEnv } from '../../shared/env';
import type { Logger } from '../../shared/log';
import { execute } from '../../shared/rollout-executor';
import { RolloutTable } from '../../shared/rollout-table';
import { readStackStatus, triggerContext } from './world';
import { timing } from '../../shared/timing';

export type ComponentGuardEvent = CustomResourceEvent<ComponentGuardProperties>;
export type ComponentGuardIsCompleteEvent = ComponentGuardEvent & { readonly Data?: Partial<ComponentGuardData> };

const NOTHING: ComponentGuardData = { Action: 'NOTHING', ExecutionArn: '', RolloutId: '' };

/** What the transition reads: the endpoint with the live component and the candidate the properties name. */
function targetOf(props: ComponentGuardProperties): ComponentRolloutTarget {
  const canary = props.Canary ? JSON.parse(props.Canary) : undefined;
  return { endpointName: props.EndpointName, variantName: props.VariantName, componentName: props.ComponentName, stableModel: '',
    candidateModel: props.Model, baselineSeconds: 0, ...(canary ? { canary: { ...canary, specification: { ...canary.specification, ModelName: props.Model } } } : {}) };
}

function tableOf(aws: AwsClients, log: Logger): RolloutTable {
  return new RolloutTable(aws.dynamo, optionalEnv(ROLLOUT_ENV.TABLE) ?? '', log);
}

export async function componentGuardOnEvent(aws: AwsClients, event: ComponentGuardEvent, log: Logger, nowMs: number):
Promise<{ PhysicalResourceId: string; Data: ComponentGuardData }> {
  const props = event.ResourceProperties;
  const key = componentRolloutKey(props.EndpointName, props.ComponentName);
  const PhysicalResourceId = event.PhysicalResourceId ?? `component-rollout:${key}`;
  const table = tableOf(aws, log);
  const [record, live, stackStatus] = await Promise.all([table.get(key),
    describeComponentRollout(aws.sagemaker, targetOf(props), log).catch(() => undefined), readStackStatus(aws, event.StackId, log)]);
  const t = transition(record, live, { kind: 'COMPONENT_GUARD', requestType: event.RequestType, props, oldProps: event.OldResourceProperties,
    stackStatus, nowMs, stateMachineArn: props.StateMachineArn }, Math.floor(nowMs / 1000));
  log.info('component guard decision', { kind: t.kind, reason: t.reason, stackStatus, rolloutId: record?.rolloutId });
  if (t.refused) throw new Error(t.reason);
  const report = await execute(triggerContext(aws, table, log, timing().triggerPollBudgetMs, true), key, record, t.effects);
  const guard = 'guard' in t ? (t as { guard: { action: string; rolloutId?: string } }).guard : { action: 'NOTHING' };
  if (guard.action !== 'START') return { PhysicalResourceId, Data: NOTHING };
  return { PhysicalResourceId, Data: { Action: 'START', ExecutionArn: report.executionArn ?? '', RolloutId: guard.rolloutId ?? '' } };
}

export async function componentGuardIsComplete(aws: AwsClients, event: ComponentGuardIsCompleteEvent, log: Logger):
Promise<{ IsComplete: boolean }> {
  if (event.RequestType === 'Delete' || event.Data?.Action !== 'START') return { IsComplete: true };
  const props = event.ResourceProperties;
  const key = componentRolloutKey(props.EndpointName, props.ComponentName);
  const [record, live] = await Promise.all([tableOf(aws, log).get(key), describeComponentRollout(aws.sagemaker, targetOf(props), log)]);
  const ready = componentGuardReady(record, event.Data.RolloutId ?? '', live);
  if (ready.failure) throw new Error(`${props.ComponentName} on ${props.EndpointName}: ${ready.failure}; the live component was not changed`);
  log.info(ready.ready ? 'copy canary passed: CloudFormation may update the live component' : 'copy canary still running', { key });
  return { IsComplete: ready.ready };
}
