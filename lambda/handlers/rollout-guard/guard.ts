/**
 * The drain guard's decision on a deploy. CloudFormation updates it BEFORE the endpoint (the endpoint depends on
 * it), so when a deploy changes one slot's model, that slot is drained to weight 0 while it still serves the old
 * model, and the retained weights put the new model live at 0: no request reaches it before its rollout starts.
 *
 * Create and Delete do nothing. An Update changing no slot does nothing; one changing both fails the deploy.
 * The slots are compared with the LIVE endpoint too: a stack rollback whose endpoint update never happened already
 * serves the reverted models and needs nothing (and must not fail, or the stack would be stuck in UPDATE_ROLLBACK_FAILED).
 */
import {
  assertValid, bothSlotsChangedMessage, changedSlots, customResourceEventProblems, ROLLOUT_ENV, isTerminal, otherSlot,
  RolloutGuardData,
} from '../../core/rollout';
import type { AwsClients } from '../../shared/clients';
import { liveModels } from '../../shared/endpoint-models';
import { optionalEnv } from '../../shared/env';
import type { Logger } from '../../shared/log';
import { RolloutTable } from '../../shared/rollout-table';
import { drain } from './drain';
import type { GuardEvent, GuardResponse } from './events';

const NOTHING: RolloutGuardData = { DrainedVariant: '', ServingVariant: '' };

export async function guardWith(aws: AwsClients, event: GuardEvent, log: Logger, budgetMs: number): Promise<GuardResponse> {
  assertValid('rollout-guard', customResourceEventProblems(event, false));
  const props = event.ResourceProperties;
  const PhysicalResourceId = event.PhysicalResourceId ?? `rollout-guard:${props.EndpointName}`;
  const old = event.OldResourceProperties;
  if (event.RequestType !== 'Update' || !old) {
    // Create: the endpoint does not exist yet, no user traffic is at risk. Delete: the endpoint goes too.
    return { PhysicalResourceId, Data: NOTHING };
  }
  const changes = changedSlots(old, props);
  if (changes.length === 0) {
    log.info('no slot\'s model changes; nothing to drain');
    return { PhysicalResourceId, Data: NOTHING };
  }
  const live = await liveModels(aws.sagemaker, props.EndpointName, log);
  if (!live) {
    log.warn('the endpoint does not exist; nothing to drain');
    return { PhysicalResourceId, Data: NOTHING };
  }
  // Only a model the endpoint does not already serve on that slot can reach users unverified.
  const pending = changes.filter((c) => live.get(c.variant) !== c.to);
  if (pending.length === 0) {
    log.info('the endpoint already serves these models (e.g. a stack rollback); nothing to drain', { changes });
    return { PhysicalResourceId, Data: NOTHING };
  }
  if (pending.length > 1) throw new Error(bothSlotsChangedMessage(props.EndpointName, pending));

  const candidate = pending[0].variant;
  const stable = otherSlot(props.Variants, candidate);
  await refuseUnderActiveRollout(aws, props.EndpointName, log);
  log.info('draining the slot whose model changes', { candidate, stable, from: pending[0].from, to: pending[0].to });
  const outcome = await drain(aws.sagemaker, props.EndpointName, { stableVariant: stable, candidateVariant: candidate },
    budgetMs, log);
  return { PhysicalResourceId, Data: outcome === 'DRAINED' || outcome === 'ALREADY_DRAINED'
    ? { DrainedVariant: candidate, ServingVariant: stable } : NOTHING };
}

/** A rollout moves weights on this endpoint until it ends: a deploy changing a model under it fails. */
async function refuseUnderActiveRollout(aws: AwsClients, endpointName: string, log: Logger): Promise<void> {
  const tableName = optionalEnv(ROLLOUT_ENV.TABLE);
  if (!tableName) return;
  const rec = await new RolloutTable(aws.dynamo, tableName, log).get(endpointName);
  if (!rec || isTerminal(rec.state.phase)) return;
  log.error('refusing the deploy: a rollout is active on the endpoint', { activeRolloutId: rec.rolloutId, phase: rec.state.phase });
  throw new Error(`endpoint ${endpointName}: rollout ${rec.rolloutId} (candidate ${rec.candidateVariant}` +
    `${rec.candidateModel ? ` = ${rec.candidateModel}` : ''}, phase ${rec.state.phase}) is still active, and this deploy ` +
    'changes a model under it. Wait for it to end, or abort it (all traffic back on its stable variant): ' +
    `npx cdk-mlops rollout abort ${endpointName}. Then deploy again (or, if the stack is rolling back, continue the rollback).`);
}
