import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ROLLOUT_METRIC_NAMESPACE } from '../../../contracts/rollout-env';
import { ROLLOUT_STATE_DIMENSIONS } from '../../../contracts/rollout-state-metrics';

/**
 * One of an endpoint's rollout counts (ROLLOUT_COUNT_METRICS of contracts/rollout-state-metrics.ts), as the executor
 * publishes it when it records a start or an end: Sum over 5 minutes unless `props` say otherwise.
 */
export function rolloutCountMetric(endpointName: string, metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: ROLLOUT_METRIC_NAMESPACE, metricName, statistic: 'Sum', period: Duration.minutes(5),
    dimensionsMap: { [ROLLOUT_STATE_DIMENSIONS.endpoint]: endpointName }, ...props,
  });
}
