import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AB_METRICS, ALLOCATION_METRICS, EXPERIMENT_DIMENSIONS, EXPERIMENT_NAMESPACE } from '../../../contracts/experiments';
import { IAbTestVariant, IAdaptiveAllocationVariant } from '../experiment-variant';

/** The metrics of one treatment arm of an A/B analysis (dimensions Endpoint, Experiment, Variant). */
export class AbTestVariant implements IAbTestVariant {
  constructor(
    public readonly variantName: string,
    private readonly endpointName: string,
    private readonly experimentName: string,
    private readonly schedule: Duration,
  ) {}

  public metricDecision(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(AB_METRICS.decision, {}, props);
  }

  public metricPValue(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(AB_METRICS.pValue, { [EXPERIMENT_DIMENSIONS.metric]: metricName }, props);
  }

  private metric(metricName: string, extra: Record<string, string>, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: EXPERIMENT_NAMESPACE,
      metricName,
      dimensionsMap: {
        [EXPERIMENT_DIMENSIONS.endpoint]: this.endpointName,
        [EXPERIMENT_DIMENSIONS.experiment]: this.experimentName,
        [EXPERIMENT_DIMENSIONS.variant]: this.variantName,
        ...extra,
      },
      statistic: 'Minimum',
      period: this.schedule,
      ...props,
    });
  }
}

/** The metrics of one variant of an adaptive allocation (dimensions Endpoint, Variant). */
export class AdaptiveAllocationVariant implements IAdaptiveAllocationVariant {
  constructor(public readonly variantName: string, private readonly endpointName: string, private readonly interval: Duration) {}

  public metricShare(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(ALLOCATION_METRICS.share, props);
  }

  public metricProbabilityBest(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(ALLOCATION_METRICS.probBest, props);
  }

  private metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: EXPERIMENT_NAMESPACE,
      metricName,
      dimensionsMap: { [EXPERIMENT_DIMENSIONS.endpoint]: this.endpointName, [EXPERIMENT_DIMENSIONS.variant]: this.variantName },
      statistic: 'Average',
      period: this.interval,
      ...props,
    });
  }
}

/** The variant, or an error naming the ones the construct has handles for. */
export function checkExperimentVariant(owner: string, variantName: string, allowed: readonly string[], what: string): void {
  if (!allowed.includes(variantName)) {
    throw new Error(`${owner}: forVariant('${variantName}'): ${what} ${allowed.map((v) => `'${v}'`).join(', ')}. ` +
      `Use one of those, or add '${variantName}' to variantNames.`);
  }
}
