/**
 * The drain guard as an adapter. CloudFormation updates it BEFORE the endpoint (the endpoint depends on it); it reads
 * the live endpoint, its configuration's models and the endpoint's rollout record, builds the DRAIN event and hands
 * the transition's effects (lambda/core/rollout/transition-deploy.ts drainTransition) to the executor: the slot whose
 * model changes is put at weight 0 and read back while it still serves the old model, so the new model goes live at
 * 0. A drain that does not show in time fails the deploy, so the new model never takes traffic unverified.
 */
import { assertValid, changedSlots, customResourceEventProblems, describeWeights, liveWeights, ROLLOUT_ENV, RolloutGuardData, transition } from '../../core/rollout';
import type { AwsClients } from '../../shared/clients';
import { liveEndpoint } from '../../shared/endpoint-models';
import { optionalEnv } from '../../shared/env';
import type { Logger } from '../../shared/log';
import { execute } from '../../shared/rollout-executor';
import { RolloutTable } from '../../shared/rollout-table';
import { nowSeconds } from '../../shared/timing';
import type { GuardEvent, GuardResponse } from './events';

const NOTHING: RolloutGuardData = { DrainedVariant: '', ServingVariant: '' };

export async function guardWith(aws: AwsClients, event: GuardEvent, log: Logger, budgetMs: number): Promise<GuardResponse> {
  assertValid('rollout-guard', customResourceEventProblems(event, false));
  const props = event.ResourceProperties;
  const PhysicalResourceId = event.PhysicalResourceId ?? `rollout-guard:${props.EndpointName}`;
  const old = event.OldResourceProperties;
  // Create: the endpoint does not exist yet, no user traffic is at risk. Delete: the endpoint goes too.
  if (event.RequestType !== 'Update' || !old) return { PhysicalResourceId, Data: NOTHING };
  // Nothing to read when no slot's model changes (the transition says the same without reads).
  if (changedSlots(old, props).length === 0) return { PhysicalResourceId, Data: NOTHING };
  const endpoint = await liveEndpoint(aws.sagemaker, props.EndpointName, log);
  const tableName = optionalEnv(ROLLOUT_ENV.TABLE);
  const table = tableName ? new RolloutTable(aws.dynamo, tableName, log) : undefined;
  const rec = await table?.get(props.EndpointName);
  const t = transition(rec, endpoint?.view, { kind: 'DRAIN', requestType: event.RequestType, props, oldProps: old,
    liveModels: endpoint?.models }, nowSeconds());
  log.info('drain decision', { kind: t.kind, reason: t.reason });
  if (t.refused) throw new Error(t.reason);
  const report = await execute({ aws, table, log, now: nowSeconds, budgetMs, settleLater: true }, props.EndpointName, rec, t.effects);
  const drain = t.drain ?? { drainedVariant: '', servingVariant: '' };
  if (!report.verified) {
    const live = report.live ?? { stable: 0, candidate: 0 };
    const after = await liveEndpoint(aws.sagemaker, props.EndpointName, log);
    const pair = { stableVariant: drain.servingVariant, candidateVariant: drain.drainedVariant };
    const status = after?.view.status ?? 'gone';
    throw new Error(`could not drain ${drain.drainedVariant} on ${props.EndpointName} before the model update: the endpoint is ` +
      `${status} with ${describeWeights(after ? liveWeights(after.view, pair) : live)} (ordered stable 100% / candidate 0%, ` +
      `${drain.servingVariant} stable)${after?.view.failureReason ? `: ${after.view.failureReason}` : ''}. The deploy stops so the new ` +
      'model never takes traffic unverified; deploy again once the endpoint is InService.');
  }
  if (t.kind === 'DRAIN') {
    log.info('drained: all traffic on the serving slot', { drained: drain.drainedVariant, serving: drain.servingVariant });
    log.metric('SlotDrained', 1);
  }
  return { PhysicalResourceId, Data: drain.drainedVariant ? { DrainedVariant: drain.drainedVariant, ServingVariant: drain.servingVariant } : NOTHING };
}
