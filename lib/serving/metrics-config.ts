import { Duration } from 'aws-cdk-lib';

/**
 * How an endpoint publishes its CloudWatch metrics (the endpoint configuration's `MetricsConfig`).
 *
 * With `enhancedMetrics`, the publish interval applies to the invocation metrics (Invocations, Invocation5XXErrors,
 * ModelLatency) as well as to utilization; without, invocation metrics stay at one minute whatever the interval.
 * An endpoint with a VariantRollout publishes every 10 seconds with enhanced metrics unless this says otherwise, so
 * a rollout can judge the candidate on 10-second data (docs/ten-second-signals.md: what it costs, how to turn it off).
 */
export interface MetricsConfig {
  /**
   * How often the endpoint publishes its metrics: 10 or 30 seconds, or 1, 2, 3, 4 or 5 minutes (SageMaker's
   * allowed values).
   * @default - Duration.seconds(10) on an endpoint with a VariantRollout (unless `enhancedMetrics` is false);
   * otherwise not set, and SageMaker publishes every minute
   */
  readonly publishInterval?: Duration;
  /**
   * Enhanced metrics: per-instance (and per-container) dimensions, and invocation metrics published at
   * `publishInterval` instead of every minute.
   * @default - true on an endpoint with a VariantRollout; otherwise not set (SageMaker's default is off)
   */
  readonly enhancedMetrics?: boolean;
}
