import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { IModelEndpoint } from '../serving/endpoint-base';
import { describeRate, latencyMicros, validateAlarmOptions } from './private/validate-alarms';
import { requireProps } from '../private/validation/checks';

/** Thresholds of the default alarms of each production variant. */
export interface VariantAlarmOptions {
  /**
   * 5XX error rate (0–1) above which the error-rate alarm fires.
   * @default 0.05 (5% of requests)
   */
  readonly errorRateThreshold?: number;
  /**
   * p99 model latency above which the latency alarm fires.
   * @default Duration.seconds(1)
   */
  readonly latencyP99Threshold?: Duration;
  /**
   * Number of 1-minute periods evaluated.
   * @default 3
   */
  readonly evaluationPeriods?: number;
  /**
   * Breaching periods among `evaluationPeriods` that fire the alarm.
   * @default 2
   */
  readonly datapointsToAlarm?: number;
}

/** Properties of `VariantAlarms`. */
export interface VariantAlarmsProps extends VariantAlarmOptions {
  /** The endpoint of the variant. */
  readonly endpoint: IModelEndpoint;
  /** The production variant the alarms watch. */
  readonly variantName: string;
  /**
   * Topic notified when an alarm fires and when it recovers.
   * @default - no notification
   */
  readonly topic?: sns.ITopic;
}

/**
 * The default alarms of one variant, scoped to that variant so that a rollout can tell a bad candidate from a
 * bad stable model:
 * - 5XX error rate (Average of Invocation5XXErrors) above `errorRateThreshold`;
 * - p99 ModelLatency above `latencyP99Threshold`.
 * Missing data is NOT_BREACHING for both: no requests means nothing failed and nothing was slow, and an idle
 * variant must not look unhealthy (nor keep a stale ALARM state that would block a rollout).
 */
export class VariantAlarms extends Construct {
  /** Default `errorRateThreshold`: 5% of requests. */
  public static readonly DEFAULT_ERROR_RATE_THRESHOLD: number = 0.05;
  /** Default `latencyP99Threshold`: one second. */
  public static readonly DEFAULT_LATENCY_P99_THRESHOLD: Duration = Duration.seconds(1);

  /** The 5XX error-rate alarm. */
  public readonly errorRate: cloudwatch.Alarm;
  /** The p99 ModelLatency alarm. */
  public readonly latencyP99: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: VariantAlarmsProps) {
    requireProps('VariantAlarms', props, ['endpoint', 'variantName']);
    super(scope, id);
    const errorRateThreshold = props.errorRateThreshold ?? VariantAlarms.DEFAULT_ERROR_RATE_THRESHOLD;
    const latency = props.latencyP99Threshold ?? VariantAlarms.DEFAULT_LATENCY_P99_THRESHOLD;
    const evaluationPeriods = props.evaluationPeriods ?? 3;
    const datapointsToAlarm = props.datapointsToAlarm ?? 2;
    validate(props.variantName, errorRateThreshold, latency, evaluationPeriods, datapointsToAlarm);
    const variant = props.endpoint.findVariant(props.variantName);

    this.errorRate = new cloudwatch.Alarm(this, 'ErrorRate', {
      metric: variant.metric5xxErrorRate(),
      threshold: errorRateThreshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods,
      datapointsToAlarm,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `5XX error rate of variant ${props.variantName} above ${describeRate(errorRateThreshold)} in ${datapointsToAlarm} of ${evaluationPeriods} minutes.`,
    });
    this.latencyP99 = new cloudwatch.Alarm(this, 'LatencyP99', {
      metric: variant.metricModelLatency({ statistic: 'p99' }),
      // ModelLatency is in microseconds.
      threshold: latencyMicros('ModelEndpoint', 'alarms.latencyP99Threshold', latency),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods,
      datapointsToAlarm,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `p99 model latency of variant ${props.variantName} above ${latency.toHumanString()} in ${datapointsToAlarm} of ${evaluationPeriods} minutes.`,
    });
    if (props.topic) {
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(new actions.SnsAction(props.topic));
        alarm.addOkAction(new actions.SnsAction(props.topic));
      }
    }
  }

  /** Both alarms. */
  public get alarms(): cloudwatch.Alarm[] {
    return [this.errorRate, this.latencyP99];
  }
}

function validate(variant: string, rate: number, latency: Duration, periods: number, datapoints: number): void {
  validateAlarmOptions(`ModelEndpoint (variant ${variant})`, 'alarms.', { errorRateThreshold: rate, evaluationPeriods: periods, periodSeconds: 60 });
  if (!latency.isUnresolved() && latency.toMilliseconds() <= 0) {
    throw new Error(`ModelEndpoint: alarms.latencyP99Threshold is ${latency.toHumanString()} (variant ${variant}); use a positive Duration, e.g. Duration.millis(500).`);
  }
  if (!Token.isUnresolved(periods) && (!Number.isInteger(periods) || periods < 1)) {
    throw new Error(`ModelEndpoint: alarms.evaluationPeriods is ${periods}; use a whole number of minutes, at least 1.`);
  }
  if (!Token.isUnresolved(datapoints) && (!Number.isInteger(datapoints) || datapoints < 1 || (!Token.isUnresolved(periods) && datapoints > periods))) {
    throw new Error(`ModelEndpoint: alarms.datapointsToAlarm is ${datapoints}; use a whole number from 1 to evaluationPeriods (${periods}).`);
  }
}
