import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IModelEndpoint } from '../endpoint-base';
import { IEndpointVariant } from '../endpoint-variant';
import { INVOCATION_NAMESPACE, invocationMetric, sageMakerMetric } from './invocation-metric';

/** Namespace of SageMaker's instance utilization metrics. */
const INSTANCE_NAMESPACE = '/aws/sagemaker/Endpoints';

/** The metric handle of one variant (returned by `findVariant`). */
export class EndpointVariant implements IEndpointVariant {
  constructor(public readonly endpoint: IModelEndpoint, public readonly variantName: string) {}

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.make(INVOCATION_NAMESPACE, metricName, 'Sum', props);
  }

  public metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return invocationMetric('Invocations', this.dimensions(), props);
  }

  public metric5xxErrorRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return invocationMetric('Invocation5XXErrors', this.dimensions(), props);
  }

  public metric4xxErrorRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return invocationMetric('Invocation4XXErrors', this.dimensions(), props);
  }

  public metricModelLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return invocationMetric('ModelLatency', this.dimensions(), props);
  }

  public metricOverheadLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return invocationMetric('OverheadLatency', this.dimensions(), props);
  }

  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.make(INSTANCE_NAMESPACE, 'CPUUtilization', 'Average', props);
  }

  public metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.make(INSTANCE_NAMESPACE, 'MemoryUtilization', 'Average', props);
  }

  public metricGpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.make(INSTANCE_NAMESPACE, 'GPUUtilization', 'Average', props);
  }

  public metricGpuMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.make(INSTANCE_NAMESPACE, 'GPUMemoryUtilization', 'Average', props);
  }

  private make(namespace: string, metricName: string, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return sageMakerMetric(namespace, metricName, statistic, this.dimensions(), props);
  }

  private dimensions(): Record<string, string> {
    return { EndpointName: this.endpoint.endpointName, VariantName: this.variantName };
  }
}
