import { Duration } from 'aws-cdk-lib';

/**
 * Application Auto Scaling of an inference component's copies (`sagemaker:inference-component:DesiredCopyCount`):
 * target tracking on invocations per copy, and, with `minCopyCount` 0, scale to zero done as AWS documents it: a
 * step policy adds copies when a request finds none (an alarm on `NoCapacityInvocationFailures`). Requests fail
 * until the first copy is InService (minutes: an instance may have to start, then the model load).
 */
export interface CopyAutoScaling {
  /** Fewest copies, 0 or more; 0 lets the component (and, with managed instance scaling to 0, the endpoint) scale to zero. */
  readonly minCopyCount: number;
  /** Most copies, at least 1 and at least `minCopyCount`. */
  readonly maxCopyCount: number;
  /** Invocations per copy per minute to keep (`SageMakerInferenceComponentInvocationsPerCopy`), above 0. */
  readonly targetInvocationsPerCopy: number;
  /**
   * Wait after a scale-in before the next one.
   * @default Duration.minutes(5)
   */
  readonly scaleInCooldown?: Duration;
  /**
   * Wait after a scale-out before the next one.
   * @default Duration.minutes(1)
   */
  readonly scaleOutCooldown?: Duration;
  /**
   * Copies the step policy adds when requests find none (only with `minCopyCount` 0), at least 1 and at most
   * `maxCopyCount`.
   * @default 1
   */
  readonly scaleFromZeroCopies?: number;
}
