import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { PIPELINE_METRICS } from '../../../contracts/monitoring-jobs';
import { IPipelineMonitorStage } from '../pipeline-monitor-stage';
import { DriftMetrics } from './drift-metrics';

/** The handle `PipelineMonitor.forStage` returns. */
export class PipelineMonitorStage extends DriftMetrics implements IPipelineMonitorStage {
  constructor(
    private readonly owner: string,
    private readonly monitorName: string,
    private readonly schedule: Duration,
    public readonly stageName: string,
    /** The stage's drift features (undefined: the stage has no drift). */
    private readonly driftFeatures?: readonly string[],
  ) {
    super();
  }

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: PIPELINE_METRICS.namespace,
      metricName,
      dimensionsMap: { [PIPELINE_METRICS.dimensions.monitor]: this.monitorName, [PIPELINE_METRICS.dimensions.stage]: this.stageName },
      statistic: 'Maximum',
      period: this.schedule,
      ...props,
    });
  }
  public metricNewObjects(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(PIPELINE_METRICS.objects, { statistic: 'Sum', ...props });
  }
  public metricNewBytes(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(PIPELINE_METRICS.bytes, { statistic: 'Sum', ...props });
  }
  public metricRateOfChange(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(PIPELINE_METRICS.rateOfChange, props);
  }

  protected requireDrift(method: string): readonly string[] {
    if (!this.driftFeatures) {
      throw new Error(`${this.owner}: forStage('${this.stageName}').${method}(): the stage has no drift, so the metric is never published. ` +
        `Give the stage drift: { features, baseline } to compare its rows with a baseline.`);
    }
    return this.driftFeatures;
  }

  protected driftFeature(method: string, featureName: string): string {
    const features = this.requireDrift(method);
    if (!features.includes(featureName)) {
      throw new Error(`${this.owner}: forStage('${this.stageName}').${method}('${featureName}'): the stage compares only ` +
        `${features.map((f) => `'${f}'`).join(', ')}. Use one of those, or add '${featureName}' to the stage's drift features.`);
    }
    return featureName;
  }
}
