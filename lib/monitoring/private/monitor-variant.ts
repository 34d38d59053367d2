import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IDriftMonitorVariant, IModelQualityMonitorVariant } from '../monitor-variant';
import { DriftMetrics } from './drift-metrics';

/** Where a monitor publishes: Model Monitor's namespace and dimension names, and one variant's dimension values. */
export interface MonitorMetricSource {
  readonly namespace: string;
  readonly dimensions: { readonly endpoint: string; readonly schedule: string; readonly variant: string };
  readonly endpointName: string;
  readonly monitorName: string;
  readonly schedule: Duration;
}

/** One metric of one variant of one monitor, as both monitors' handles name it. */
function variantMetric(source: MonitorMetricSource, variantName: string, defaultStatistic: string, metricName: string,
  props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: source.namespace,
    metricName,
    dimensionsMap: {
      [source.dimensions.endpoint]: source.endpointName,
      [source.dimensions.schedule]: source.monitorName,
      [source.dimensions.variant]: variantName,
    },
    statistic: defaultStatistic,
    period: source.schedule,
    ...props,
  });
}

/** The handle `ModelQualityMonitor.forVariant` returns. */
export class QualityMonitorVariant implements IModelQualityMonitorVariant {
  constructor(private readonly source: MonitorMetricSource, public readonly variantName: string, private readonly multiclass: boolean) {}
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return variantMetric(this.source, this.variantName, 'Average', metricName, props);
  }
  public metricAccuracy(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('accuracy', props);
  }
  public metricF1(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(this.multiclass ? 'weighted_f1' : 'f1', props);
  }
  public metricAuc(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('auc', props);
  }
  public metricRmse(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('rmse', props);
  }
  public metricJoinedCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('joined_count', { statistic: 'Sum', ...props });
  }
}

/** The handle `DriftMonitor.forVariant` returns: per-feature metrics only of the features the monitor compares. */
export class DriftMonitorVariant extends DriftMetrics implements IDriftMonitorVariant {
  constructor(private readonly source: MonitorMetricSource, public readonly variantName: string,
    private readonly owner: string, private readonly featureNames: readonly string[]) {
    super();
  }
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return variantMetric(this.source, this.variantName, 'Maximum', metricName, props);
  }
  protected driftFeature(method: string, featureName: string): string {
    // A feature the monitor does not compare has no metric: an alarm on it would never fire.
    if (!this.featureNames.includes(featureName)) {
      throw new Error(`${this.owner}: forVariant('${this.variantName}').${method}('${featureName}'): the monitor compares only ` +
        `${this.featureNames.map((f) => `'${f}'`).join(', ')}. Use one of those, or add '${featureName}' to the monitor's features.`);
    }
    return featureName;
  }
}

/** The monitor's variant, or an error naming the variants it monitors. */
export function checkMonitoredVariant(owner: string, variantName: string, variantNames: readonly string[]): void {
  if (!variantNames.includes(variantName)) {
    throw new Error(`${owner}: forVariant('${variantName}'): the monitor measures only ${variantNames.map((v) => `'${v}'`).join(', ')}. ` +
      `Use one of those, or add '${variantName}' to the monitor's variantNames.`);
  }
}
