/**
 * What a component rollout's transition reads (lambda/core/rollout/transition-component.ts): the endpoint hosting
 * the component, with its live component and its temporary candidate (when there is one) by name.
 */
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { ComponentRolloutTarget, ComponentView } from '../core/rollout';
import { describeEndpoint, EndpointView } from './endpoint';
import type { Logger } from './log';
import { describeComponent } from './rollout-executor/component-calls';

const READ_BUDGET_MS = 30000;

export async function describeComponentRollout(sm: SageMakerClient, c: ComponentRolloutTarget, log: Logger): Promise<EndpointView> {
  const names = [c.componentName, ...(c.canary ? [c.canary.componentName] : [])];
  const [endpoint, ...views] = await Promise.all([describeEndpoint(sm, c.endpointName, log),
    ...names.map((n) => describeComponent(sm, n, READ_BUDGET_MS, log))]);
  const components = new Map<string, ComponentView>();
  views.forEach((v) => { if (v) components.set(v.name, v); });
  return { ...endpoint, components };
}
