/** The subset of the custom-resources.Provider framework's events and answers this handler uses. */
import type { RolloutTriggerData, RolloutTriggerProperties } from '../../core/rollout';
import type { CustomResourceEvent } from '../../shared/custom-resource-event';

export type TriggerEvent = CustomResourceEvent<RolloutTriggerProperties>;

export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: RolloutTriggerData;
}

/** isComplete receives the onEvent event merged with onEvent's answer. */
export type IsCompleteEvent = TriggerEvent & { readonly Data?: Partial<RolloutTriggerData> };

export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: RolloutTriggerData;
}
