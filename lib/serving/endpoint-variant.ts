import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IModelEndpoint } from './endpoint-base';

/**
 * One variant of an endpoint, as a handle for its metrics (`endpoint.findVariant('green').metricModelLatency()`).
 * SageMaker publishes every metric here per variant (dimensions EndpointName and VariantName), once a minute.
 */
export interface IEndpointVariant {
  /** The endpoint the variant belongs to. */
  readonly endpoint: IModelEndpoint;
  /** The variant's name. */
  readonly variantName: string;

  /**
   * Any SageMaker invocation metric of this variant (namespace `AWS/SageMaker`).
   * @param metricName the metric's name, e.g. `Invocations`
   * @param props options that override the defaults (statistic Sum, period 1 minute)
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Requests answered by the variant.
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
  /**
   * CPU utilization summed over cores, in percent (e.g. up to 400 on 4 vCPUs); namespace `/aws/sagemaker/Endpoints`.
   * @param props options that override the defaults (statistic Average, period 1 minute)
   */
  metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Memory utilization in percent; namespace `/aws/sagemaker/Endpoints`.
   * @param props options that override the defaults (statistic Average, period 1 minute)
   */
  metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * GPU utilization summed over GPUs, in percent; namespace `/aws/sagemaker/Endpoints`.
   * @param props options that override the defaults (statistic Average, period 1 minute)
   */
  metricGpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * GPU memory utilization in percent; namespace `/aws/sagemaker/Endpoints`.
   * @param props options that override the defaults (statistic Average, period 1 minute)
   */
  metricGpuMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}
