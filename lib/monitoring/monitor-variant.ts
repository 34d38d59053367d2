import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IDriftMetrics } from './drift-metrics';

/**
 * The model-quality metrics of one thing a `ModelQualityMonitor` measures: a variant (`IModelQualityMonitorVariant`)
 * or an inference component (`IModelQualityMonitorComponent`). Model Monitor's namespace
 * `aws/sagemaker/Endpoints/model-metrics`, dimensions Endpoint and MonitoringSchedule plus the one that names it;
 * one datapoint per run of the monitor.
 */
export interface IModelQualityMetrics {
  /**
   * A model-quality metric, by Model Monitor's name (`accuracy`, `precision`, `recall`, `f1`, `auc`,
   * `weighted_f1`, `mae`, `rmse`, `r2`, `mape`, or `joined_count`).
   * @param metricName Model Monitor's metric name
   * @param props options that override the defaults (statistic Average, period the monitor's schedule)
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Accuracy (classification), 0–1.
   * @param props options that override the defaults (statistic Average, period the monitor's schedule)
   */
  metricAccuracy(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * F1 (classification; support-weighted `weighted_f1` for multiclass), 0–1.
   * @param props options that override the defaults (statistic Average, period the monitor's schedule)
   */
  metricF1(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Area under the ROC curve (binary classification), 0–1.
   * @param props options that override the defaults (statistic Average, period the monitor's schedule)
   */
  metricAuc(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Root mean squared error (regression), in the label's unit.
   * @param props options that override the defaults (statistic Average, period the monitor's schedule)
   */
  metricRmse(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Predictions joined with a label in each window.
   * @param props options that override the defaults (statistic Sum, period the monitor's schedule)
   */
  metricJoinedCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * One variant of a `ModelQualityMonitor`, as a handle for its metrics
 * (`quality.forVariant('champion').metricAccuracy()`), like `endpoint.findVariant(name)` for endpoint metrics
 * (dimension VariantName).
 */
export interface IModelQualityMonitorVariant extends IModelQualityMetrics {
  /** The variant's name. */
  readonly variantName: string;
}

/**
 * One variant of a `DriftMonitor`, as a handle for its metrics (`drift.forVariant('champion').metricPsi('age')`).
 * Model Monitor's namespace `aws/sagemaker/Endpoints/data-metrics`, dimensions Endpoint, MonitoringSchedule and
 * VariantName; one datapoint per window. The drift metrics (`metricBaselineDrift`, `metricPsi`, ...) are those of
 * `IDriftMetrics`.
 */
export interface IDriftMonitorVariant extends IDriftMetrics {
  /** The variant's name. */
  readonly variantName: string;
  /**
   * Any of the monitor's metrics of this variant, by name.
   * @param metricName the metric's name, e.g. `feature_baseline_drift_age`
   * @param props options that override the defaults (statistic Maximum, period the monitor's schedule)
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * One inference component of a `DriftMonitor`, as a handle for its metrics
 * (`drift.forComponent('ranker').metricBaselineDrift('age')`): the same metrics as a variant's, with the dimension
 * `InferenceComponentName` instead of `VariantName`.
 */
export interface IDriftMonitorComponent extends IDriftMetrics {
  /** The component's name. */
  readonly inferenceComponentName: string;
  /**
   * Any of the monitor's metrics of this component, by name.
   * @param metricName the metric's name, e.g. `feature_baseline_drift_age`
   * @param props options that override the defaults (statistic Maximum, period the monitor's schedule)
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * One inference component of a `ModelQualityMonitor`, as a handle for its metrics
 * (`quality.forComponent('ranker').metricAccuracy()`): the same metrics as a variant's, with the dimension
 * `InferenceComponentName` instead of `VariantName`.
 */
export interface IModelQualityMonitorComponent extends IModelQualityMetrics {
  /** The component's name. */
  readonly inferenceComponentName: string;
}
