/** The custom-resources.Provider events and answers of the drain guard. */
import type { RolloutGuardData, RolloutGuardProperties, RolloutTriggerProperties } from '../../core/rollout';
import type { CustomResourceEvent } from '../../shared/custom-resource-event';

export type GuardEvent = CustomResourceEvent<RolloutGuardProperties, RolloutGuardProperties | RolloutTriggerProperties>;

export interface GuardResponse {
  readonly PhysicalResourceId: string;
  readonly Data: RolloutGuardData;
}
