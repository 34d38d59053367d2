/**
 * Drain guard: the CloudFormation custom resource (custom-resources.Provider, onEvent only) that every endpoint
 * with a VariantRollout depends on. See guard.ts for what it decides.
 */
import { clients } from '../../shared/clients';
import { createLogger } from '../../shared/log';
import { budgetWithin, LambdaContextLike, timing } from '../../shared/timing';
import type { GuardEvent, GuardResponse } from './events';
import { guardWith } from './guard';

export async function handler(event: GuardEvent, lambda?: LambdaContextLike): Promise<GuardResponse> {
  const log = createLogger({ handler: 'rollout-guard', endpointName: event.ResourceProperties?.EndpointName,
    requestType: event.RequestType });
  return guardWith(clients(), event, log, budgetWithin(timing().drainMaxMs, lambda));
}
