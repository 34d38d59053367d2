import { Duration } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IDataLake } from '../data/data-lake-base';
import { IModelEndpoint } from '../serving/endpoint-base';
import type { IInferenceComponent } from '../serving/inference-component-base';
import { MonitoredCapture } from './monitored-capture';
import { ProblemType } from './problem-type';

/**
 * Alarm thresholds of model quality, per variant and window. Each one set creates an alarm; the metric is Model
 * Monitor's (`accuracy`, `precision`, ... `mae`, `rmse`, `r2`, and this library's `mape`). For multiclass problems,
 * precision, recall and F1 are the support-weighted ones (`weighted_precision`, ...).
 */
export interface QualityThresholds {
  /**
   * Alarm when accuracy falls below this (classification).
   * @default - no alarm
   */
  readonly minAccuracy?: number;
  /**
   * Alarm when precision falls below this (classification).
   * @default - no alarm
   */
  readonly minPrecision?: number;
  /**
   * Alarm when recall falls below this (classification).
   * @default - no alarm
   */
  readonly minRecall?: number;
  /**
   * Alarm when F1 falls below this (classification).
   * @default - no alarm
   */
  readonly minF1?: number;
  /**
   * Alarm when the area under the ROC curve falls below this (binary classification).
   * @default - no alarm
   */
  readonly minAuc?: number;
  /**
   * Alarm when the mean absolute error rises above this (regression, in the label's unit).
   * @default - no alarm
   */
  readonly maxMae?: number;
  /**
   * Alarm when the root mean squared error rises above this (regression, in the label's unit).
   * @default - no alarm
   */
  readonly maxRmse?: number;
  /**
   * Alarm when R² falls below this (regression).
   * @default - no alarm
   */
  readonly minR2?: number;
  /**
   * Alarm when the mean absolute percentage error rises above this fraction (regression; 0.1 = 10%).
   * @default - no alarm
   */
  readonly maxMape?: number;
}

/** Properties of a ModelQualityMonitor. */
export interface ModelQualityMonitorProps {
  /** The endpoint whose predictions are checked against ground truth. */
  readonly endpoint: IModelEndpoint;
  /** The lake: ground truth is read from its ground-truth area, reports are written to its monitoring bucket. */
  readonly lake: IDataLake;
  /** What the model predicts. */
  readonly problemType: ProblemType;
  /**
   * Variants measured (each on its own).
   * @default - every production variant of the endpoint (none when `inferenceComponents` is set)
   */
  readonly variantNames?: string[];
  /**
   * Inference components measured instead of variants (each on its own, from its own captures), on an endpoint
   * that hosts them. Their metrics carry `InferenceComponentName` instead of `VariantName`.
   * @default - variants (an `InferenceComponentEndpoint` needs its components named)
   */
  readonly inferenceComponents?: IInferenceComponent[];
  /**
   * Where the endpoint's Data Capture writes (it must capture outputs).
   * @default - the endpoint's own data capture (a ModelEndpoint with `dataCapture`)
   */
  readonly dataCapture?: MonitoredCapture;
  /**
   * How often quality is computed: whole minutes from 5 minutes to 1 day.
   * @default Duration.hours(1)
   */
  readonly schedule?: Duration;
  /**
   * How long an inference waits for its label (and a label for its inference) before it is counted as expired.
   * From 0 to 30 days.
   * @default Duration.days(2)
   */
  readonly lateLabelWindow?: Duration;
  /**
   * Binary classification: a score at or above this is class 1.
   * @default 0.5
   */
  readonly probabilityThreshold?: number;
  /**
   * JSON responses: dotted path of the prediction in the response (e.g. `predictions.0.score`).
   * @default - the response itself, or its first field among predicted_label, label, prediction, score
   */
  readonly inferenceAttribute?: string;
  /**
   * Alarm thresholds.
   * @default - no quality alarms (metrics and reports only)
   */
  readonly thresholds?: QualityThresholds;
  /**
   * Topic the alarms notify.
   * @default - the stack's shared alarm topic (AlarmTopic.ofStack)
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Name of the monitor: the `MonitoringSchedule` dimension of its metrics and the folder of its reports.
   * @default - a name derived from the construct path
   */
  readonly monitorName?: string;
}
