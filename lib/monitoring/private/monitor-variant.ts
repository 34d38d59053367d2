import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MONITORED_DIMENSIONS } from '../../../contracts/model-monitor';
import {
  IDriftMonitorComponent, IDriftMonitorVariant, IModelQualityMonitorComponent, IModelQualityMonitorVariant,
} from '../monitor-variant';
import { DriftMetrics } from './drift-metrics';

/** Where a monitor publishes: Model Monitor's namespace and dimension names, and one variant's dimension values. */
export interface MonitorMetricSource {
  readonly namespace: string;
  readonly dimensions: { readonly endpoint: string; readonly schedule: string; readonly variant: string };
  readonly endpointName: string;
  readonly monitorName: string;
  readonly schedule: Duration;
}

/** One monitored target (a variant or an inference component): the dimension that names it and its name. */
interface Target {
  readonly dimension: string;
  readonly name: string;
}

/** One metric of one target of one monitor, as every handle names it. */
function targetMetric(source: MonitorMetricSource, target: Target, defaultStatistic: string, metricName: string,
  props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: source.namespace,
    metricName,
    dimensionsMap: {
      [source.dimensions.endpoint]: source.endpointName,
      [source.dimensions.schedule]: source.monitorName,
      [target.dimension]: target.name,
    },
    statistic: defaultStatistic,
    period: source.schedule,
    ...props,
  });
}

const variant = (source: MonitorMetricSource, name: string): Target => ({ dimension: source.dimensions.variant, name });
const component = (name: string): Target => ({ dimension: MONITORED_DIMENSIONS.inferenceComponent, name });

/** The quality metrics of one target, by Model Monitor's names. */
abstract class QualityHandle {
  constructor(private readonly source: MonitorMetricSource, private readonly target: Target, private readonly multiclass: boolean) {}
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return targetMetric(this.source, this.target, 'Average', metricName, props);
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

/** The handle `ModelQualityMonitor.forVariant` returns. */
export class QualityMonitorVariant extends QualityHandle implements IModelQualityMonitorVariant {
  constructor(source: MonitorMetricSource, public readonly variantName: string, multiclass: boolean) {
    super(source, variant(source, variantName), multiclass);
  }
}

/** The handle `ModelQualityMonitor.forComponent` returns. */
export class QualityMonitorComponent extends QualityHandle implements IModelQualityMonitorComponent {
  constructor(source: MonitorMetricSource, public readonly inferenceComponentName: string, multiclass: boolean) {
    super(source, component(inferenceComponentName), multiclass);
  }
}

/** The drift metrics of one target: per-feature metrics only of the features the monitor compares. */
abstract class DriftHandle extends DriftMetrics {
  constructor(private readonly source: MonitorMetricSource, private readonly target: Target,
    private readonly owner: string, private readonly featureNames: readonly string[], private readonly call: string) {
    super();
  }
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return targetMetric(this.source, this.target, 'Maximum', metricName, props);
  }
  protected driftFeature(method: string, featureName: string): string {
    // A feature the monitor does not compare has no metric: an alarm on it would never fire.
    if (!this.featureNames.includes(featureName)) {
      throw new Error(`${this.owner}: ${this.call}.${method}('${featureName}'): the monitor compares only ` +
        `${this.featureNames.map((f) => `'${f}'`).join(', ')}. Use one of those, or add '${featureName}' to the monitor's features.`);
    }
    return featureName;
  }
}

/** The handle `DriftMonitor.forVariant` returns. */
export class DriftMonitorVariant extends DriftHandle implements IDriftMonitorVariant {
  constructor(source: MonitorMetricSource, public readonly variantName: string, owner: string, featureNames: readonly string[]) {
    super(source, variant(source, variantName), owner, featureNames, `forVariant('${variantName}')`);
  }
}

/** The handle `DriftMonitor.forComponent` returns. */
export class DriftMonitorComponent extends DriftHandle implements IDriftMonitorComponent {
  constructor(source: MonitorMetricSource, public readonly inferenceComponentName: string, owner: string, featureNames: readonly string[]) {
    super(source, component(inferenceComponentName), owner, featureNames, `forComponent('${inferenceComponentName}')`);
  }
}

/** The monitor's variant, or an error naming the variants it monitors. */
export function checkMonitoredVariant(owner: string, variantName: string, variantNames: readonly string[]): void {
  if (!variantNames.includes(variantName)) {
    throw new Error(`${owner}: forVariant('${variantName}'): the monitor measures only ${variantNames.map((v) => `'${v}'`).join(', ') || 'inference components (use forComponent)'}. ` +
      `Use one of those, or add '${variantName}' to the monitor's variantNames.`);
  }
}

/** The monitor's inference component, or an error naming the components it monitors. */
export function checkMonitoredComponent(owner: string, name: string, names: readonly string[]): void {
  if (!names.includes(name)) {
    throw new Error(`${owner}: forComponent('${name}'): the monitor measures ${names.length > 0 ? `only the components ${names.map((v) => `'${v}'`).join(', ')}` : 'variants, not inference components (use forVariant)'}. ` +
      `Use one of those, or add the component to the monitor's inferenceComponents.`);
  }
}
