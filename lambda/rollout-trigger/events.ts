/** The subset of the custom-resources.Provider framework's events and answers this handler uses. */
import type { RolloutSlotTriggerProperties, RolloutTriggerData, RolloutTriggerProperties } from '../core/rollout';

export interface TriggerEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly LogicalResourceId?: string;
  readonly StackId?: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: RolloutSlotTriggerProperties & { readonly ServiceToken?: string };
  /** The old format (fixed stable and candidate) on the first deploy after an upgrade of the library. */
  readonly OldResourceProperties?: (RolloutSlotTriggerProperties | RolloutTriggerProperties) & { readonly ServiceToken?: string };
}

export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: RolloutTriggerData;
}

/** isComplete receives the onEvent event merged with onEvent's answer. */
export interface IsCompleteEvent extends TriggerEvent {
  readonly Data?: Partial<RolloutTriggerData>;
}

export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: RolloutTriggerData;
}
