import { Duration, IResource, Resource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';

/** Namespace of SageMaker's invocation metrics. */
export const INVOCATION_NAMESPACE = 'AWS/SageMaker';
/** Namespace of SageMaker's instance utilization metrics. */
export const INSTANCE_NAMESPACE = '/aws/sagemaker/Endpoints';

/** A SageMaker real-time endpoint. */
export interface IModelEndpoint extends IResource {
  /** @attribute */
  readonly endpointName: string;
  /** @attribute */
  readonly endpointArn: string;
  /** Names of the production variants, when known. */
  readonly variantNames: string[];

  /** Lets a principal invoke the endpoint (any variant, including with `TargetVariant`). */
  grantInvoke(grantee: iam.IGrantable): iam.Grant;

  /** Any SageMaker endpoint metric of one variant. */
  metric(metricName: string, variantName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Requests answered by the variant. @default - Sum over 1 minute */
  metricInvocations(variantName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Share of requests answered with a 5XX error, 0–1. @default - Average over 1 minute */
  metric5xxErrorRate(variantName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Share of requests answered with a 4XX error, 0–1. @default - Average over 1 minute */
  metric4xxErrorRate(variantName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Time the model container takes, in microseconds. @default - Average over 1 minute; pass `statistic: 'p99'` for a percentile */
  metricModelLatency(variantName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Time SageMaker adds around the model, in microseconds. @default - Average over 1 minute */
  metricOverheadLatency(variantName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** CPU utilization summed over cores, in percent (e.g. up to 400 on 4 vCPUs). @default - Average over 1 minute */
  metricCpuUtilization(variantName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Memory utilization in percent. @default - Average over 1 minute */
  metricMemoryUtilization(variantName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** GPU utilization summed over GPUs, in percent. @default - Average over 1 minute */
  metricGpuUtilization(variantName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** GPU memory utilization in percent. @default - Average over 1 minute */
  metricGpuMemoryUtilization(variantName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** Metrics and grants shared by endpoints created here and imported ones. */
export abstract class EndpointBase extends Resource implements IModelEndpoint {
  public abstract readonly endpointName: string;
  public abstract readonly endpointArn: string;
  public abstract readonly variantNames: string[];

  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointAsync', 'sagemaker:InvokeEndpointWithResponseStream'],
      resourceArns: [this.endpointArn],
    });
  }

  public metric(metricName: string, variantName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetric(INVOCATION_NAMESPACE, metricName, variantName, 'Sum', props);
  }

  public metricInvocations(variantName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetric(INVOCATION_NAMESPACE, 'Invocations', variantName, 'Sum', props);
  }

  public metric5xxErrorRate(variantName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    // Invocation5XXErrors is 0 or 1 per request, so its Average is the error rate.
    return this.variantMetric(INVOCATION_NAMESPACE, 'Invocation5XXErrors', variantName, 'Average', props);
  }

  public metric4xxErrorRate(variantName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetric(INVOCATION_NAMESPACE, 'Invocation4XXErrors', variantName, 'Average', props);
  }

  public metricModelLatency(variantName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetric(INVOCATION_NAMESPACE, 'ModelLatency', variantName, 'Average', props);
  }

  public metricOverheadLatency(variantName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetric(INVOCATION_NAMESPACE, 'OverheadLatency', variantName, 'Average', props);
  }

  public metricCpuUtilization(variantName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetric(INSTANCE_NAMESPACE, 'CPUUtilization', variantName, 'Average', props);
  }

  public metricMemoryUtilization(variantName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetric(INSTANCE_NAMESPACE, 'MemoryUtilization', variantName, 'Average', props);
  }

  public metricGpuUtilization(variantName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetric(INSTANCE_NAMESPACE, 'GPUUtilization', variantName, 'Average', props);
  }

  public metricGpuMemoryUtilization(variantName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetric(INSTANCE_NAMESPACE, 'GPUMemoryUtilization', variantName, 'Average', props);
  }

  private variantMetric(
    namespace: string, metricName: string, variantName: string, statistic: string, props?: cloudwatch.MetricOptions,
  ): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace,
      metricName,
      dimensionsMap: { EndpointName: this.endpointName, VariantName: variantName },
      statistic,
      period: Duration.minutes(1),
      ...props,
    });
  }
}
