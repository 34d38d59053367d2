import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IModelEndpoint } from './endpoint-base';
import { IInvocationMetrics } from './invocation-metrics';

/**
 * One variant of an endpoint, as a handle for its metrics (`endpoint.findVariant('green').metricModelLatency()`).
 * SageMaker publishes every metric here per variant (dimensions EndpointName and VariantName), once a minute.
 */
export interface IEndpointVariant extends IInvocationMetrics {
  /** The endpoint the variant belongs to. */
  readonly endpoint: IModelEndpoint;
  /** The variant's name. */
  readonly variantName: string;

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
