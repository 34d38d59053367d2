import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { IModelEndpoint } from '../serving/endpoint-base';
import { AlarmOptionValues, describeRate, latencyMicros, validateAlarmOptions } from './private/validate-alarms';
import { requireProps } from '../private/validation/checks';
import { ownerOf } from '../private/validation/fail';

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
    requireProps(ownerOf('VariantAlarms', `${scope.node.path}/${id}`), props, ['endpoint', 'variantName']);
    super(scope, id);
    const owner = ownerOf('VariantAlarms', this.node.path);
    const o = VariantAlarms._withDefaults(props);
    const { errorRateThreshold, evaluationPeriods, datapointsToAlarm } = o;
    const latency = o.latencyP99Threshold;
    validateAlarmOptions(owner, '', o);
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
      threshold: latencyMicros(owner, 'latencyP99Threshold', latency),
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

  /** The options with their defaults. @internal */
  public static _withDefaults(o: VariantAlarmOptions): AlarmOptionValues {
    return {
      errorRateThreshold: o.errorRateThreshold ?? VariantAlarms.DEFAULT_ERROR_RATE_THRESHOLD,
      latencyP99Threshold: o.latencyP99Threshold ?? VariantAlarms.DEFAULT_LATENCY_P99_THRESHOLD,
      evaluationPeriods: o.evaluationPeriods ?? 3,
      datapointsToAlarm: o.datapointsToAlarm ?? 2,
    };
  }
}

