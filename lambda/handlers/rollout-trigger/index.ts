/**
 * Deploy trigger: the CloudFormation custom resource (custom-resources.Provider) that makes `cdk deploy` run a
 * rollout and wait for it, so a rolled-back rollout fails the deploy instead of passing silently.
 */
import { clients } from '../../shared/clients';
import { createLogger } from '../../shared/log';
import type { IsCompleteEvent, IsCompleteResponse, OnEventResponse, TriggerEvent } from './events';
import {
  ComponentGuardEvent, ComponentGuardIsCompleteEvent, componentGuardIsComplete as guardIsComplete, componentGuardOnEvent as guardOnEvent,
} from './component-guard';
import { isCompleteWith } from './is-complete';
import { onEventWith } from './on-event';

/** Built before the event is validated: a null event must reach the validation, not fail here. */
function loggerFor(event: TriggerEvent | null | undefined) {
  return createLogger({ handler: 'rollout-trigger', endpointName: event?.ResourceProperties?.EndpointName,
    requestType: event?.RequestType, rolloutId: (event as IsCompleteEvent | null | undefined)?.Data?.RolloutId });
}

export async function onEvent(event: TriggerEvent): Promise<OnEventResponse> {
  return onEventWith(clients(), event, loggerFor(event), Date.now());
}

export async function isComplete(event: IsCompleteEvent): Promise<IsCompleteResponse> {
  return isCompleteWith(clients(), event, loggerFor(event));
}

export const handler = onEvent;

/** The component guard (component-guard.ts), in the trigger's bundle. */
export async function componentGuardOnEvent(event: ComponentGuardEvent) {
  const log = createLogger({ handler: 'component-guard', endpointName: event?.ResourceProperties?.EndpointName, requestType: event?.RequestType });
  return guardOnEvent(clients(), event, log, Date.now());
}

export async function componentGuardIsComplete(event: ComponentGuardIsCompleteEvent) {
  return guardIsComplete(clients(), event, createLogger({ handler: 'component-guard', endpointName: event?.ResourceProperties?.EndpointName }));
}
