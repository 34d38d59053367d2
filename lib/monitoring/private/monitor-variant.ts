import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { FEATURE_METRICS, WINDOW_METRICS } from '../../../contracts/model-monitor';
import { IDriftMonitorVariant, IModelQualityMonitorVariant } from '../monitor-variant';

/** Where a monitor publishes: Model Monitor's namespace and dimension names, and one variant's dimension values. */
export interface MonitorMetricSource {
  readonly namespace: string;
  readonly dimensions: { readonly endpoint: string; readonly schedule: string; readonly variant: string };
  readonly endpointName: string;
  readonly monitorName: string;
  readonly schedule: Duration;
}

/** Shared by both handles: one metric of one variant of one monitor. */
abstract class MonitorVariant {
  constructor(private readonly source: MonitorMetricSource, public readonly variantName: string,
    private readonly defaultStatistic: string) {}

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const s = this.source;
    return new cloudwatch.Metric({
      namespace: s.namespace,
      metricName,
      dimensionsMap: {
        [s.dimensions.endpoint]: s.endpointName,
        [s.dimensions.schedule]: s.monitorName,
        [s.dimensions.variant]: this.variantName,
      },
      statistic: this.defaultStatistic,
      period: s.schedule,
      ...props,
    });
  }
}

/** The handle `ModelQualityMonitor.forVariant` returns. */
export class QualityMonitorVariant extends MonitorVariant implements IModelQualityMonitorVariant {
  constructor(source: MonitorMetricSource, variantName: string, private readonly multiclass: boolean) {
    super(source, variantName, 'Average');
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

/** The handle `DriftMonitor.forVariant` returns. */
export class DriftMonitorVariant extends MonitorVariant implements IDriftMonitorVariant {
  constructor(source: MonitorMetricSource, variantName: string) {
    super(source, variantName, 'Maximum');
  }
  public metricBaselineDrift(featureName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(FEATURE_METRICS.baselineDrift(featureName), props);
  }
  public metricDriftDetected(featureName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(FEATURE_METRICS.driftDetected(featureName), props);
  }
  public metricPsi(featureName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(FEATURE_METRICS.psi(featureName), props);
  }
  public metricDriftedFeatures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(WINDOW_METRICS.driftedFeatures, props);
  }
  public metricRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(WINDOW_METRICS.records, { statistic: 'Sum', ...props });
  }
  public metricMalformedRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(WINDOW_METRICS.malformed, { statistic: 'Sum', ...props });
  }
}

/** The monitor's variant, or an error naming the variants it monitors. */
export function checkMonitoredVariant(owner: string, variantName: string, variantNames: readonly string[]): void {
  if (!variantNames.includes(variantName)) {
    throw new Error(`${owner}: forVariant('${variantName}'): the monitor measures only ${variantNames.map((v) => `'${v}'`).join(', ')}. ` +
      `Use one of those, or add '${variantName}' to the monitor's variantNames.`);
  }
}
