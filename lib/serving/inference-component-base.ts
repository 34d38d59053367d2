import { IResource, Resource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { COMPONENT_METRICS } from '../../contracts/inference-component';
import { invocationMetric, sageMakerMetric } from './private/invocation-metric';
import { IInferenceComponentEndpoint } from './inference-component-endpoint-base';
import { IInvocationMetrics } from './invocation-metrics';

/**
 * A SageMaker inference component: one model with its own copies on an endpoint's shared instances, invoked by name.
 * Its metrics carry the one dimension `InferenceComponentName`.
 */
export interface IInferenceComponent extends IResource, IInvocationMetrics {
  /**
   * The component's name (InvokeEndpoint's `InferenceComponentName`).
   * @attribute
   */
  readonly inferenceComponentName: string;
  /**
   * The component's ARN.
   * @attribute
   */
  readonly inferenceComponentArn: string;
  /** The endpoint that hosts the component. */
  readonly endpoint: IInferenceComponentEndpoint;

  /**
   * Lets a principal invoke this component (InvokeEndpoint and its streaming form, naming the component).
   * @param grantee the principal
   */
  grantInvoke(grantee: iam.IGrantable): iam.Grant;
  /**
   * Requests that failed because no copy could answer (the component at zero copies, or its copies still starting).
   * @param props options that override the defaults (statistic Sum, period 1 minute)
   */
  metricNoCapacityInvocationFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * CPU used by the copies, in percent of the cores they reserved; namespace `/aws/sagemaker/InferenceComponents`.
   * @param props options that override the defaults (statistic Average, period 1 minute)
   */
  metricCpuUtilizationNormalized(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Memory used by the copies, in percent of the memory they reserved; namespace `/aws/sagemaker/InferenceComponents`.
   * @param props options that override the defaults (statistic Average, period 1 minute)
   */
  metricMemoryUtilizationNormalized(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * GPU used by the copies, in percent of the accelerators they reserved; namespace `/aws/sagemaker/InferenceComponents`.
   * @param props options that override the defaults (statistic Average, period 1 minute)
   */
  metricGpuUtilizationNormalized(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * GPU memory used by the copies, in percent of what they reserved; namespace `/aws/sagemaker/InferenceComponents`.
   * @param props options that override the defaults (statistic Average, period 1 minute)
   */
  metricGpuMemoryUtilizationNormalized(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** Metrics and grants shared by components created here and imported ones. */
export abstract class InferenceComponentBase extends Resource implements IInferenceComponent {
  /** The component's name. */
  public abstract readonly inferenceComponentName: string;
  /** The component's ARN. */
  public abstract readonly inferenceComponentArn: string;
  /** The endpoint that hosts the component. */
  public abstract readonly endpoint: IInferenceComponentEndpoint;

  /**
   * Lets a principal invoke this component. The statement names the endpoint and the component: InvokeEndpoint is
   * authorized on the endpoint, and on the component where IAM evaluates it too.
   * @param grantee the principal
   */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'],
      resourceArns: [this.endpoint.endpointArn, this.inferenceComponentArn],
    });
  }

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.make(COMPONENT_METRICS.invocationNamespace, metricName, 'Sum', props);
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

  public metricNoCapacityInvocationFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.make(COMPONENT_METRICS.invocationNamespace, COMPONENT_METRICS.noCapacity, 'Sum', props);
  }

  public metricCpuUtilizationNormalized(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.make(COMPONENT_METRICS.utilizationNamespace, 'CPUUtilizationNormalized', 'Average', props);
  }

  public metricMemoryUtilizationNormalized(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.make(COMPONENT_METRICS.utilizationNamespace, 'MemoryUtilizationNormalized', 'Average', props);
  }

  public metricGpuUtilizationNormalized(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.make(COMPONENT_METRICS.utilizationNamespace, 'GPUUtilizationNormalized', 'Average', props);
  }

  public metricGpuMemoryUtilizationNormalized(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.make(COMPONENT_METRICS.utilizationNamespace, 'GPUMemoryUtilizationNormalized', 'Average', props);
  }

  private make(namespace: string, metricName: string, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return sageMakerMetric(namespace, metricName, statistic, this.dimensions(), props);
  }

  private dimensions(): Record<string, string> {
    return { [COMPONENT_METRICS.dimension]: this.inferenceComponentName };
  }
}
