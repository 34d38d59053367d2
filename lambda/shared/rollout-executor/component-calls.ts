/**
 * The SageMaker and CloudWatch calls of a component rollout's effects (lambda/core/rollout/component-effects.ts):
 * create and delete the temporary candidate component, read a component back until it shows what is wanted, and
 * publish the rollout verdict. Throttling and transient errors are retried within the budget; a component that is
 * already there (a retried create) or already gone (a retried delete) is what was asked.
 */
import { PutMetricDataCommand, StandardUnit } from '@aws-sdk/client-cloudwatch';
import {
  CreateInferenceComponentCommand, DeleteInferenceComponentCommand, DescribeInferenceComponentCommand, SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  ComponentView, CreateComponentEffect, PublishVerdictEffect, ROLLOUT_VERDICT_METRIC, VerifyComponentEffect,
} from '../../core/rollout';
import { ROLLOUT_ENV } from '../../../contracts/rollout-env';
import { optionalEnv } from '../env';
import { errorMessage, isThrottling, isTransient } from '../errors';
import type { Logger } from '../log';
import { withRetry } from '../retry';
import { sleep, timing } from '../timing';

const retryable = (e: unknown) => isThrottling(e) || isTransient(e);

/** SageMaker's answer for a component that does not exist (a ValidationException naming it). */
export function isComponentNotFound(e: unknown): boolean {
  const err = e as { name?: string; message?: string };
  return err?.name === 'ValidationException' && /could not find|does not exist|not found/i.test(err.message ?? '');
}

function isAlreadyExists(e: unknown): boolean {
  const err = e as { name?: string; message?: string };
  return (err?.name === 'ValidationException' || err?.name === 'ResourceInUse') && /already exist/i.test(err.message ?? '');
}

/**
 * Inference component calls are made only by functions a ComponentRollout configured (ROLLOUT_COMPONENT_CALLS), whose
 * roles allow them; any other rollout function refuses here instead of failing on AccessDenied.
 */
export function requireComponentCalls(call: string): void {
  if (!optionalEnv(ROLLOUT_ENV.COMPONENT_CALLS)) {
    throw new Error(`${call}: this function makes no inference component calls (${ROLLOUT_ENV.COMPONENT_CALLS} is not set; a ComponentRollout sets it on the functions it grants them)`);
  }
}

/** DescribeInferenceComponent as the transition sees it; undefined when it does not exist. */
export async function describeComponent(sm: SageMakerClient, name: string, budgetMs: number, log: Logger): Promise<ComponentView | undefined> {
  requireComponentCalls(`DescribeInferenceComponent ${name}`);
  try {
    const out = await withRetry(() => sm.send(new DescribeInferenceComponentCommand({ InferenceComponentName: name })),
      { what: `DescribeInferenceComponent ${name}`, retryable, budgetMs, log });
    return {
      name, status: out.InferenceComponentStatus ?? 'Unknown',
      desiredCopies: out.RuntimeConfig?.DesiredCopyCount ?? 0, currentCopies: out.RuntimeConfig?.CurrentCopyCount ?? 0,
      ...(out.Specification?.ModelName ? { modelName: out.Specification.ModelName } : {}),
      ...(out.FailureReason ? { failureReason: out.FailureReason } : {}),
    };
  } catch (e) {
    if (isComponentNotFound(e)) return undefined;
    throw e;
  }
}

export async function createComponent(sm: SageMakerClient, e: CreateComponentEffect, budgetMs: number, log: Logger): Promise<void> {
  requireComponentCalls(`CreateInferenceComponent ${e.componentName}`);
  try {
    await withRetry(() => sm.send(new CreateInferenceComponentCommand({
      InferenceComponentName: e.componentName, EndpointName: e.endpointName, VariantName: e.variantName,
      Specification: e.specification, RuntimeConfig: { CopyCount: e.copies },
    })), { what: `CreateInferenceComponent ${e.componentName}`, retryable, budgetMs, log });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    log.info('temporary candidate component already exists (a retried create)', { component: e.componentName });
  }
}

export async function deleteComponent(sm: SageMakerClient, name: string, budgetMs: number, log: Logger): Promise<void> {
  requireComponentCalls(`DeleteInferenceComponent ${name}`);
  try {
    await withRetry(() => sm.send(new DeleteInferenceComponentCommand({ InferenceComponentName: name })),
      { what: `DeleteInferenceComponent ${name}`, retryable, budgetMs, log });
  } catch (err) {
    if (!isComponentNotFound(err)) throw err;
  }
}

export interface ComponentCheck {
  readonly holds: boolean;
  readonly reason: string;
}

/** Reads the component until it is GONE (not found, or Deleting: it answers nobody) or SERVES the model, within the budget. */
export async function verifyComponent(sm: SageMakerClient, e: VerifyComponentEffect, budgetMs: number, log: Logger): Promise<ComponentCheck> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const view = await describeComponent(sm, e.componentName, Math.max(1, deadline - Date.now()), log);
    const check = judge(e, view);
    if (check.holds || Date.now() + timing().settlePollMs > deadline) return check;
    await sleep(timing().settlePollMs);
  }
}

function judge(e: VerifyComponentEffect, view: ComponentView | undefined): ComponentCheck {
  if (e.expect === 'GONE') {
    if (!view) return { holds: true, reason: `${e.componentName} is gone` };
    return { holds: view.status === 'Deleting', reason: `${e.componentName} is ${view.status}` };
  }
  if (!view) return { holds: false, reason: `${e.componentName} not found` };
  const holds = view.status === 'InService' && view.modelName === e.model;
  return { holds, reason: `${e.componentName} is ${view.status} with model ${view.modelName ?? '?'} (wanted ${e.model})` };
}

/** PutMetricData of the verdict: high resolution, so the verdict alarm (10 s period) sees it within its period. */
export async function publishVerdict(cw: CloudWatchClient, e: PublishVerdictEffect, now: number, budgetMs: number, log: Logger): Promise<void> {
  requireComponentCalls('PutMetricData (rollout verdict)');
  try {
    await withRetry(() => cw.send(new PutMetricDataCommand({
      Namespace: ROLLOUT_VERDICT_METRIC.namespace,
      MetricData: [{
        MetricName: ROLLOUT_VERDICT_METRIC.metricName, Dimensions: [{ Name: ROLLOUT_VERDICT_METRIC.dimension, Value: e.componentName }],
        Value: e.stop ? 1 : 0, Unit: StandardUnit.None, StorageResolution: 1, Timestamp: new Date(now * 1000),
      }],
    })), { what: `PutMetricData ${ROLLOUT_VERDICT_METRIC.metricName}`, retryable, budgetMs, log });
  } catch (err) {
    // A stop that cannot be published must not pass unseen: the caller raises it; a "go on" is published again next check.
    if (e.stop) throw err;
    log.warn('could not publish the rollout verdict (0); the next check publishes it again', { error: errorMessage(err) });
  }
}
