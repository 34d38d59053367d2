import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * SageMaker's invocation metrics of one thing requests are sent to: a variant (`IEndpointVariant`, dimensions
 * EndpointName and VariantName) or an inference component (`IInferenceComponent`, dimension InferenceComponentName),
 * namespace `AWS/SageMaker`, once a minute.
 */
export interface IInvocationMetrics {
  /**
   * Any SageMaker invocation metric (namespace `AWS/SageMaker`).
   * @param metricName the metric's name, e.g. `Invocations`
   * @param props options that override the defaults (statistic Sum, period 1 minute)
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Requests answered.
   * @param props options that override the defaults (statistic Sum, period 1 minute)
   */
  metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Share of requests answered with a 5XX error, 0–1 (`Invocation5XXErrors` is 0 or 1 per request, so its Average is the rate).
   * @param props options that override the defaults (statistic Average, period 1 minute)
   */
  metric5xxErrorRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Share of requests answered with a 4XX error, 0–1.
   * @param props options that override the defaults (statistic Average, period 1 minute)
   */
  metric4xxErrorRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Time the model container takes to answer, in microseconds.
   * @param props options that override the defaults (statistic Average, period 1 minute; pass `statistic: 'p99'` for a percentile)
   */
  metricModelLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Time SageMaker adds around the model, in microseconds.
   * @param props options that override the defaults (statistic Average, period 1 minute)
   */
  metricOverheadLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}
