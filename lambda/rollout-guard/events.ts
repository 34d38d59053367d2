/** The custom-resources.Provider events and answers of the drain guard. */
import type { RolloutGuardData, RolloutGuardProperties, RolloutTriggerProperties } from '../core/rollout';

export interface GuardEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly StackId?: string;
  readonly LogicalResourceId?: string;
  readonly ResourceProperties: RolloutGuardProperties & { readonly ServiceToken?: string };
  readonly OldResourceProperties?: (RolloutGuardProperties | RolloutTriggerProperties) & { readonly ServiceToken?: string };
}

export interface GuardResponse {
  readonly PhysicalResourceId: string;
  readonly Data: RolloutGuardData;
}
