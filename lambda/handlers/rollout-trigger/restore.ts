/**
 * What the trigger does when CloudFormation reverts a deploy: stop the running rollout (its record ends ABORTED with
 * cause DEPLOY_REVERTED, so the controller's next step finds it ended), put all traffic on the slot that served
 * before the deploy — ordered here, verified by isComplete before the endpoint's own revert runs — and only then
 * notify.
 */
import { ALL_STABLE, otherSlot, RolloutRecord, sameWeights } from '../../core/rollout';
import { abortRecord, stopRolloutExecution } from '../../shared/end-rollout';
import type { AwsClients } from '../../shared/clients';
import { applyWeights, describeEndpoint, liveWeights, VariantPair } from '../../shared/endpoint';
import { errorMessage } from '../../shared/errors';
import type { Logger } from '../../shared/log';
import { notificationFailureEntry, notifyStatus } from '../../shared/notify';
import type { RolloutTable } from '../../shared/rollout-table';

/** Budget of the restore order inside onEvent (the Lambda has a minute; isComplete re-orders if it did not take). */
const RESTORE_BUDGET_MS = 30000;

export function restorePair(variants: readonly string[], restoreVariant: string): VariantPair {
  return { stableVariant: restoreVariant, candidateVariant: otherSlot(variants, restoreVariant) };
}

/** Orders 100% on `restoreVariant`; an endpoint that does not exist has nothing to restore. */
export async function orderRestore(aws: AwsClients, endpointName: string, variants: readonly string[],
  restoreVariant: string, log: Logger): Promise<void> {
  const pair = restorePair(variants, restoreVariant);
  try {
    await applyWeights(aws.sagemaker, endpointName, pair, ALL_STABLE, RESTORE_BUDGET_MS, log);
  } catch (e) {
    // isComplete verifies and orders again; a refused order here must not fail the stack's rollback.
    log.warn('restore order failed; isComplete orders it again', { error: errorMessage(e), restoreVariant });
  }
}

/** True when `restoreVariant` serves all of the pair's traffic (or the endpoint is gone); re-orders when idle. */
export async function restoreDone(aws: AwsClients, endpointName: string, variants: readonly string[],
  restoreVariant: string, log: Logger): Promise<boolean> {
  const pair = restorePair(variants, restoreVariant);
  let view;
  try {
    view = await describeEndpoint(aws.sagemaker, endpointName, log);
  } catch (e) {
    if (/could not find|not found|does not exist/i.test(errorMessage(e))) return true;
    throw e;
  }
  if (sameWeights(liveWeights(view, pair), ALL_STABLE) && view.status === 'InService') return true;
  if (view.status === 'InService') await orderRestore(aws, endpointName, variants, restoreVariant, log);
  return false;
}

/**
 * Records the rollout ABORTED (DEPLOY_REVERTED) unless it already ended, then stops its execution. True when this
 * call ended it (the caller then notifies, after any restore order: see notifyReverted).
 */
export async function endRollout(aws: AwsClients, table: RolloutTable, found: RolloutRecord, reason: string,
  now: number, log: Logger): Promise<boolean> {
  const ended = await abortRecord(table, found, 'DEPLOY_REVERTED', reason, now, log);
  await stopRolloutExecution(aws.sfn, found.executionArn, 'DeployReverted', reason, log);
  return ended;
}

/** Retry budget per channel: onEvent has one minute for the abort, the stop, the restore order and this. */
const NOTIFY_BUDGET_MS = 5000;

/**
 * Tells people (SNS) and machines (EventBridge) that a deploy reverted the rollout. Called after the restore was
 * ordered, so a slow or failing channel never delays it; each channel is retried (notifyStatus), and one that still
 * fails is kept as a NOTIFICATION_FAILED entry in the rollout record's history (besides its log line and metric).
 * Never throws: the stack's rollback must not fail because of a notification.
 */
export async function notifyReverted(aws: AwsClients, table: RolloutTable, found: RolloutRecord, reason: string,
  now: number, log: Logger): Promise<void> {
  const outcome = await notifyStatus(aws, { endpointName: found.endpointName, rolloutId: found.rolloutId, phase: 'ABORTED',
    cause: 'DEPLOY_REVERTED', reason, stableVariant: found.stableVariant, candidateVariant: found.candidateVariant },
  log, { budgetMs: NOTIFY_BUDGET_MS });
  const entry = notificationFailureEntry(outcome, now);
  if (!entry) return;
  try {
    await table.appendEvent(found.endpointName, found.rolloutId, entry);
  } catch (e) {
    log.warn('could not add NOTIFICATION_FAILED to the rollout record', { error: errorMessage(e) });
  }
}
