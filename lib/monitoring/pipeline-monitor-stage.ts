import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IDriftMetrics } from './drift-metrics';

/**
 * One stage of a `PipelineMonitor`, as a handle for its metrics (`pipeline.forStage('raw').metricNewBytes()`), like
 * `DriftMonitor.forVariant`. Namespace `CdkMlops/Pipeline`, dimensions `Monitor` and `Stage`; one datapoint per
 * window. The drift metrics (`IDriftMetrics`) exist for stages with `drift` only, under the drift monitor's names;
 * asking one of a stage without drift, or of a feature the stage does not compare, throws.
 */
export interface IPipelineMonitorStage extends IDriftMetrics {
  /** The stage's name. */
  readonly stageName: string;
  /**
   * Any of the stage's metrics, by name (`stage_new_objects`, `stage_new_bytes`, `stage_volume_rate_of_change`,
   * or a drift metric such as `feature_baseline_drift_age`).
   * @param metricName the metric's name
   * @param props options that override the defaults (statistic Maximum, period the monitor's schedule)
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * `stage_new_objects`: objects written to the stage in a window.
   * @param props options that override the defaults (statistic Sum, period the monitor's schedule)
   */
  metricNewObjects(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * `stage_new_bytes`: bytes written to the stage in a window.
   * @param props options that override the defaults (statistic Sum, period the monitor's schedule)
   */
  metricNewBytes(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * `stage_volume_rate_of_change`: a window's bytes over the mean of the previous 12 windows (1 = as usual).
   * @param props options that override the defaults (statistic Maximum, period the monitor's schedule)
   */
  metricRateOfChange(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}
