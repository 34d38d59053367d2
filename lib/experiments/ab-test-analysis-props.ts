import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { MonitoredCapture } from '../monitoring/monitored-capture';
import { IModelEndpoint } from '../serving/endpoint-base';
import { AbMetric, AbTestMethod, MultiplicityCorrection, OutcomeLocation } from './experiment-options';

/** Props of `AbTestAnalysis`. */
export interface AbTestAnalysisProps {
  /** The endpoint whose production variants are the arms. */
  readonly endpoint: IModelEndpoint;
  /** The outcome metrics; the first (or the one marked primary) decides "better". */
  readonly metrics: AbMetric[];
  /** Where outcome events are written (joined to the variant that answered by inferenceId). */
  readonly outcomes: OutcomeLocation;
  /**
   * The arms, control first.
   * @default - the endpoint's variants in order (the first is the control)
   */
  readonly variantNames?: string[];
  /**
   * Traffic weights the arms were assigned with, in `variantNames` order (any positive scale), for the
   * sample-ratio-mismatch check.
   * @default - equal weights
   */
  readonly expectedWeights?: number[];
  /**
   * Name of the experiment (metric dimension, event field, state folder).
   * @default - a name unique in the app
   */
  readonly experimentName?: string;
  /**
   * How often the decision is computed and emitted (5 minutes to 1 day).
   * @default Duration.hours(1)
   */
  readonly schedule?: Duration;
  /**
   * Significance level (family-wise, after the correction).
   * @default 0.05
   */
  readonly alpha?: number;
  /**
   * The test.
   * @default AbTestMethod.SEQUENTIAL
   */
  readonly method?: AbTestMethod;
  /**
   * Correction for several metrics.
   * @default MultiplicityCorrection.HOLM
   */
  readonly correction?: MultiplicityCorrection;
  /**
   * Total units at which the sequential test's interval is tightest (GrowthBook's N*); set it near the sample size
   * you expect the test to need.
   * @default 5000
   */
  readonly sequentialTuningSampleSize?: number;
  /**
   * Units each arm needs before a verdict other than "blocked" (before that the verdict is inconclusive, collecting).
   * @default 100
   */
  readonly minUnitsPerVariant?: number;
  /**
   * Where decision events go.
   * @default - the account's default event bus
   */
  readonly eventBus?: events.IEventBus;
  /**
   * Where the alarm on a failed run goes.
   * @default - the stack's AlarmTopic
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Data Capture location.
   * @default - the endpoint's own data capture (a ModelEndpoint with `dataCapture`)
   */
  readonly dataCapture?: MonitoredCapture;
}
