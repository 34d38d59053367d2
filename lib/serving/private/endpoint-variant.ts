import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IModelEndpoint } from '../endpoint-base';
import { IEndpointVariant } from '../endpoint-variant';

/** Namespace of SageMaker's invocation metrics. */
const INVOCATION_NAMESPACE = 'AWS/SageMaker';
/** Namespace of SageMaker's instance utilization metrics. */
const INSTANCE_NAMESPACE = '/aws/sagemaker/Endpoints';

/** The metric handle of one variant (returned by `findVariant`). */
export class EndpointVariant implements IEndpointVariant {
  constructor(public readonly endpoint: IModelEndpoint, public readonly variantName: string) {}

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.make(INVOCATION_NAMESPACE, metricName, 'Sum', props);
  }

  public metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.make(INVOCATION_NAMESPACE, 'Invocations', 'Sum', props);
  }

  public metric5xxErrorRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    // Invocation5XXErrors is 0 or 1 per request, so its Average is the error rate.
    return this.make(INVOCATION_NAMESPACE, 'Invocation5XXErrors', 'Average', props);
  }

  public metric4xxErrorRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.make(INVOCATION_NAMESPACE, 'Invocation4XXErrors', 'Average', props);
  }

  public metricModelLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.make(INVOCATION_NAMESPACE, 'ModelLatency', 'Average', props);
  }

  public metricOverheadLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.make(INVOCATION_NAMESPACE, 'OverheadLatency', 'Average', props);
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
    return new cloudwatch.Metric({
      namespace,
      metricName,
      dimensionsMap: { EndpointName: this.endpoint.endpointName, VariantName: this.variantName },
      statistic,
      period: Duration.minutes(1),
      ...props,
    });
  }
}
