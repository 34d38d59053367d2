/** Which model each production variant of an endpoint serves now (DescribeEndpoint, then its live configuration). */
import { DescribeEndpointCommand, DescribeEndpointConfigCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { EndpointView } from '../core/rollout';
import { toView } from './endpoint';
import { isThrottling, isTransient } from './errors';
import type { Logger } from './log';
import { withRetry } from './retry';

const retryable = (e: unknown) => isThrottling(e) || isTransient(e);

function isNotFound(e: unknown): boolean {
  const err = (e && typeof e === 'object' ? e : {}) as { name?: string; message?: string };
  return err.name === 'ValidationException' && /could not find|not found|does not exist/i.test(err.message ?? '');
}

/** Model name per variant (production and shadow) of the endpoint's live configuration; undefined when it does not exist. */
export async function liveModels(sm: SageMakerClient, endpointName: string, log?: Logger):
Promise<ReadonlyMap<string, string> | undefined> {
  return (await liveEndpoint(sm, endpointName, log))?.models;
}

/** The endpoint as read (one DescribeEndpoint) and its configuration's models; undefined when it does not exist. */
export async function liveEndpoint(sm: SageMakerClient, endpointName: string, log?: Logger):
Promise<{ view: EndpointView; models?: ReadonlyMap<string, string> } | undefined> {
  let ep;
  try {
    ep = await withRetry(() => sm.send(new DescribeEndpointCommand({ EndpointName: endpointName })),
      { what: 'DescribeEndpoint', retryable, budgetMs: 30000, log });
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
  const view = toView(ep);
  const configName = ep?.EndpointConfigName;
  if (!configName) return { view };
  const cfg = await withRetry(() => sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: configName })),
    { what: 'DescribeEndpointConfig', retryable, budgetMs: 30000, log });
  const models = new Map<string, string>();
  for (const v of [...(cfg.ProductionVariants ?? []), ...(cfg.ShadowProductionVariants ?? [])]) {
    if (v.VariantName && v.ModelName) models.set(v.VariantName, v.ModelName);
  }
  return { view, models };
}
