import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { CapacitySize } from '../rollout/capacity-size';

/**
 * SageMaker's rolling update of an inference component (`DeploymentConfig.RollingUpdatePolicy`), used when a deploy
 * changes the component's model or specification: a batch of copies of the new model is started, takes its share of
 * the component's traffic, and the same number of old copies is stopped; after `waitInterval` with no alarm in
 * ALARM, the next batch. An alarm in ALARM rolls the component back: SageMaker starts old copies again (all at once
 * unless `rollbackMaximumBatchSize` is set) while the new ones keep answering until they are replaced.
 *
 * Old and new copies share the component's name, so the component's alarms watch both: a bad batch shows diluted by
 * the old copies' traffic (a batch of 1 copy in 4 is a quarter of the requests).
 */
export interface ComponentRollingUpdate {
  /** Copies replaced per batch: `CapacitySize.copyCount(n)`, or `CapacitySize.capacityPercent(p)` with p from 5 to 50. */
  readonly maximumBatchSize: CapacitySize;
  /** How long each batch is watched before the next one (0 to 1 hour, whole seconds). */
  readonly waitInterval: Duration;
  /**
   * Copies rolled back per batch when an alarm fires.
   * @default - all at once: SageMaker starts the whole old fleet again
   */
  readonly rollbackMaximumBatchSize?: CapacitySize;
  /**
   * Longest the whole update may take (10 minutes to 8 hours).
   * @default - SageMaker's default
   */
  readonly maximumExecutionTimeout?: Duration;
  /**
   * Alarms that roll the update back (1 to 10), e.g. the component's `alarms` plus one on a business metric.
   * @default - the component's default alarms (5XX error rate and p99 latency, scoped to the component)
   */
  readonly autoRollbackAlarms?: cloudwatch.IAlarm[];
}
