import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** Namespace of SageMaker's invocation metrics, for variants and inference components alike. */
export const INVOCATION_NAMESPACE = 'AWS/SageMaker';

/**
 * SageMaker's invocation metrics and the statistic each is read with by default (IInvocationMetrics): the error
 * metrics are 0 or 1 per request, so their Average is the error rate.
 */
const INVOCATION_STATISTICS = {
  Invocations: 'Sum',
  Invocation5XXErrors: 'Average',
  Invocation4XXErrors: 'Average',
  ModelLatency: 'Average',
  OverheadLatency: 'Average',
} as const;

/** A metric of `namespace` for one variant or component (`dimensionsMap`): once a minute unless `props` say otherwise. */
export function sageMakerMetric(namespace: string, metricName: string, statistic: string, dimensionsMap: Record<string, string>,
  props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace, metricName, dimensionsMap, statistic, period: Duration.minutes(1), ...props });
}

/** One of SageMaker's invocation metrics with its default statistic. */
export function invocationMetric(metricName: keyof typeof INVOCATION_STATISTICS, dimensionsMap: Record<string, string>,
  props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return sageMakerMetric(INVOCATION_NAMESPACE, metricName, INVOCATION_STATISTICS[metricName], dimensionsMap, props);
}
