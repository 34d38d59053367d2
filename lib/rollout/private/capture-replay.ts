import { RolloutPlan } from '../../../contracts/rollout-plan';
import { ModelEndpoint } from '../../serving/endpoint';

/** Whether the controller sends captured requests to the candidate: a shadow run or the bake probe. */
export function replaysCaptures(plan: RolloutPlan): boolean {
  return plan.shadow !== undefined || plan.probe !== undefined;
}

/**
 * Where a shadow run (or the probe) replays from (RolloutTriggerProperties.CaptureBucket / CapturePrefix); none when
 * the plan replays nothing or the endpoint captures nothing.
 */
export function captureProperties(plan: RolloutPlan, endpoint: ModelEndpoint): { CaptureBucket?: string; CapturePrefix?: string } {
  const capture = endpoint.dataCaptureLocation;
  if (!replaysCaptures(plan) || !capture) return {};
  return { CaptureBucket: capture.bucket.bucketName, CapturePrefix: capture.prefix };
}
