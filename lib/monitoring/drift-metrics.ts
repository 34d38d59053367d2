import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * The drift metrics of one thing a drift comparison watches: a variant of a `DriftMonitor`
 * (`IDriftMonitorVariant`) or a stage of a `PipelineMonitor` with drift (`IPipelineMonitorStage`). Both publish
 * the same metric names, one datapoint per window; each handle adds its own namespace and dimensions.
 *
 * @example
 * const watched: IDriftMetrics[] = [drift.forVariant('champion'), pipeline.forStage('raw')];
 * new cloudwatch.GraphWidget({ title: 'Drifted features', left: watched.map((w) => w.metricDriftedFeatures()) });
 */
export interface IDriftMetrics {
  /**
   * `feature_baseline_drift_<feature>`: the feature's distance to the baseline, compared with the threshold.
   * @param featureName the feature (for a pipeline stage, one of the stage's drift features)
   * @param props options that override the defaults (statistic Maximum, period the monitor's schedule)
   */
  metricBaselineDrift(featureName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * `feature_drift_detected_<feature>`: 1 when the window's decision for the feature is drift, else 0.
   * @param featureName the feature (for a pipeline stage, one of the stage's drift features)
   * @param props options that override the defaults (statistic Maximum, period the monitor's schedule)
   */
  metricDriftDetected(featureName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * `feature_psi_<feature>`: population stability index on the baseline's deciles (numeric features).
   * @param featureName the feature (for a pipeline stage, one of the stage's drift features)
   * @param props options that override the defaults (statistic Maximum, period the monitor's schedule)
   */
  metricPsi(featureName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * `drifted_feature_count`: features that drifted in a window (what the variant's or the stage's drift alarm
   * watches).
   * @param props options that override the defaults (statistic Maximum, period the monitor's schedule)
   */
  metricDriftedFeatures(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * `record_count`: records read for drift in a window (a variant's capture records; a stage's rows of its new
   * files).
   * @param props options that override the defaults (statistic Sum, period the monitor's schedule)
   */
  metricRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * `malformed_record_count`: what could not be read in a window, counted and skipped (a variant's capture lines;
   * a stage's rows or files).
   * @param props options that override the defaults (statistic Sum, period the monitor's schedule)
   */
  metricMalformedRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}
