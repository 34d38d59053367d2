import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * One stage of a `PipelineMonitor`, as a handle for its metrics (`pipeline.forStage('raw').metricNewBytes()`), like
 * `DriftMonitor.forVariant`. Namespace `CdkMlops/Pipeline`, dimensions `Monitor` and `Stage`; one datapoint per
 * window. The drift metrics exist for stages with `drift` only, under the drift monitor's names.
 */
export interface IPipelineMonitorStage {
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
  /**
   * `feature_baseline_drift_<feature>`: the feature's distance to the stage's baseline, compared with the threshold.
   * @param featureName one of the stage's drift features
   * @param props options that override the defaults (statistic Maximum, period the monitor's schedule)
   */
  metricBaselineDrift(featureName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * `feature_drift_detected_<feature>`: 1 when the window's decision for the feature is drift, else 0.
   * @param featureName one of the stage's drift features
   * @param props options that override the defaults (statistic Maximum, period the monitor's schedule)
   */
  metricDriftDetected(featureName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * `feature_psi_<feature>`: population stability index on the baseline's deciles (numeric features).
   * @param featureName one of the stage's drift features
   * @param props options that override the defaults (statistic Maximum, period the monitor's schedule)
   */
  metricPsi(featureName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * `drifted_feature_count`: features of the stage that drifted in a window (what the stage's drift alarm watches).
   * @param props options that override the defaults (statistic Maximum, period the monitor's schedule)
   */
  metricDriftedFeatures(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * `record_count`: rows of the stage's new files read for drift in a window.
   * @param props options that override the defaults (statistic Sum, period the monitor's schedule)
   */
  metricRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * `malformed_record_count`: rows (or files) of the stage that could not be read in a window, counted and skipped.
   * @param props options that override the defaults (statistic Sum, period the monitor's schedule)
   */
  metricMalformedRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}
