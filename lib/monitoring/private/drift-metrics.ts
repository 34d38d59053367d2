import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { FEATURE_METRICS, WINDOW_METRICS } from '../../../contracts/model-monitor';
import { IDriftMetrics } from '../drift-metrics';

/**
 * The IDriftMetrics methods of every drift handle (a DriftMonitor variant, a PipelineMonitor stage), over the
 * handle's own `metric(name, props)`: the names the drift handlers publish, Maximum by default and Sum for the
 * counts of records. A handle that can refuse a metric (a stage without drift, a feature it does not compare)
 * overrides the two checks.
 */
export abstract class DriftMetrics implements IDriftMetrics {
  public abstract metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  public metricBaselineDrift(featureName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(FEATURE_METRICS.baselineDrift(this.driftFeature('metricBaselineDrift', featureName)), props);
  }
  public metricDriftDetected(featureName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(FEATURE_METRICS.driftDetected(this.driftFeature('metricDriftDetected', featureName)), props);
  }
  public metricPsi(featureName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(FEATURE_METRICS.psi(this.driftFeature('metricPsi', featureName)), props);
  }
  public metricDriftedFeatures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    this.requireDrift('metricDriftedFeatures');
    return this.metric(WINDOW_METRICS.driftedFeatures, props);
  }
  public metricRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    this.requireDrift('metricRecords');
    return this.metric(WINDOW_METRICS.records, { statistic: 'Sum', ...props });
  }
  public metricMalformedRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    this.requireDrift('metricMalformedRecords');
    return this.metric(WINDOW_METRICS.malformed, { statistic: 'Sum', ...props });
  }

  /** Throws when the handle publishes no drift metrics; `method` names the call in the error. */
  protected requireDrift(_method: string): void {}

  /** The feature's name, once the handle accepts it (by default any name). */
  protected driftFeature(method: string, featureName: string): string {
    this.requireDrift(method);
    return featureName;
  }
}
