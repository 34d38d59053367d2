/** The custom-resources.Provider events and answers of the drain guard. */
import type { RolloutGuardData, RolloutGuardProperties } from '../../core/rollout';
import type { CustomResourceEvent } from '../../shared/custom-resource-event';

export type GuardEvent = CustomResourceEvent<RolloutGuardProperties>;

export interface GuardResponse {
  readonly PhysicalResourceId: string;
  readonly Data: RolloutGuardData;
}
