import { Duration, Size } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IAthenaWorkgroup } from '../data/athena-workgroup';
import { IDataLake } from '../data/data-lake-base';
import { IModelEndpoint } from '../serving/endpoint-base';
import type { IInferenceComponent } from '../serving/inference-component-base';
import { DriftBaseline } from './drift-baseline';
import { DriftFeatures } from './drift-features';
import { MonitoredCapture } from './monitored-capture';
import { NumericEffectSize } from './numeric-effect-size';

/**
 * The drift decision's settings (docs/drift-statistics.md). A feature drifts in a window when its change is both
 * significant, within the false-alarm budget, and at least its effect size: the budget keeps chance out of a quiet
 * endpoint's alarms, the effect size keeps changes too small to matter out of a busy one's.
 */
export interface DriftThresholds {
  /**
   * Smallest change of a numeric feature that matters, in the statistic of your choice: a KS distance, a PSI, or
   * a Wasserstein distance in the baseline's standard deviations.
   * @default - the baseline's constraints.json `comparison_threshold` as a KS distance, else NumericEffectSize.ksDistance(0.1)
   */
  readonly numericEffectSize?: NumericEffectSize;
  /**
   * Smallest change of a category's share that matters, as a fraction: 0.1 is 10 percentage points (the largest
   * change over the feature's categories is compared with it).
   * @default - the baseline's constraints.json `categorical_comparison_threshold`, else 0.1
   */
  readonly categoricalEffectSize?: number;
  /**
   * False-alarm budget: the largest share of windows with no change that may be flagged, per variant (or stage)
   * and window, across all its features (Holm's method divides it between them).
   * @default 0.01
   */
  readonly falseAlarmBudget?: number;
  /**
   * Fewest values of a feature in a window for a decision (fewer: no decision, no alarm).
   * @default 20
   */
  readonly minRecords?: number;
  /**
   * Consecutive windows with at least one drifted feature that fire a variant's drift alarm.
   * @default 1
   */
  readonly windowsToAlarm?: number;
}

/** Properties of a DriftMonitor. */
export interface DriftMonitorProps {
  /** The endpoint whose captured requests and responses are compared with the baseline. */
  readonly endpoint: IModelEndpoint;
  /** The lake: reports and the checkpoint go to its monitoring bucket. */
  readonly lake: IDataLake;
  /** The features, in the order of the request's CSV columns (inputs), then the response's (outputs). */
  readonly features: DriftFeatures;
  /** The training data's statistics.json (and constraints.json). */
  readonly baseline: DriftBaseline;
  /**
   * Variants monitored (each compared on its own).
   * @default - every production variant of the endpoint (none when `inferenceComponents` is set)
   */
  readonly variantNames?: string[];
  /**
   * Inference components monitored instead of variants (each compared on its own, from its own captures), on an
   * endpoint that hosts them. Their metrics carry `InferenceComponentName` instead of `VariantName`.
   * @default - variants (an `InferenceComponentEndpoint` needs its components named)
   */
  readonly inferenceComponents?: IInferenceComponent[];
  /**
   * Where the endpoint's Data Capture writes.
   * @default - the endpoint's own data capture (a ModelEndpoint with `dataCapture`)
   */
  readonly dataCapture?: MonitoredCapture;
  /**
   * How often a window is analysed: whole minutes from 5 minutes to 1 day.
   * @default Duration.minutes(15)
   */
  readonly schedule?: Duration;
  /**
   * Drift decision and alarm settings.
   * @default - a KS distance of 0.1, a category share change of 10 points, a false-alarm budget of 1%, alarm after 1 window
   */
  readonly thresholds?: DriftThresholds;
  /**
   * New capture bytes of one window above which the window does not run in the Lambda: with `athena`, it is
   * computed by Athena with the same statistics; without, it is read over several runs, oldest files first (see
   * README "Drift statistics": the measured switch point, `ATHENA_SWITCH` in contracts/capture-table.ts).
   * @default Size.gibibytes(4)
   */
  readonly switchPoint?: Size;
  /**
   * Runs windows above `switchPoint` in Athena, in this workgroup (e.g. `data.warehouse.athena`): the monitor
   * creates a Glue table over the endpoint's capture prefix (partition projection) in the lake's `data_capture`
   * database and queries it with SQL generated from the baseline; a query still running when the Lambda's time
   * runs out is picked up by the next run.
   * @default - no Athena: a window above `switchPoint` is read over several runs
   */
  readonly athena?: IAthenaWorkgroup;
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
