import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { IModelEndpoint } from '../serving/endpoint-base';
import { createInvocationAlarms, DEFAULT_ERROR_RATE_THRESHOLD, DEFAULT_LATENCY_P99_THRESHOLD } from './private/invocation-alarms';
import { AlarmOptionValues } from './private/validate-alarms';
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
  public static readonly DEFAULT_ERROR_RATE_THRESHOLD: number = DEFAULT_ERROR_RATE_THRESHOLD;
  /** Default `latencyP99Threshold`: one second. */
  public static readonly DEFAULT_LATENCY_P99_THRESHOLD: Duration = DEFAULT_LATENCY_P99_THRESHOLD;

  /** The 5XX error-rate alarm. */
  public readonly errorRate: cloudwatch.Alarm;
  /** The p99 ModelLatency alarm. */
  public readonly latencyP99: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: VariantAlarmsProps) {
    requireProps(ownerOf('VariantAlarms', `${scope.node.path}/${id}`), props, ['endpoint', 'variantName']);
    super(scope, id);
    const owner = ownerOf('VariantAlarms', this.node.path);
    const variant = props.endpoint.findVariant(props.variantName);
    const alarms = createInvocationAlarms(this, {
      errorRate: variant.metric5xxErrorRate(),
      latencyP99: variant.metricModelLatency({ statistic: 'p99' }),
      subject: `variant ${props.variantName}`,
      owner, prefix: '',
    }, props, props.topic);
    this.errorRate = alarms.errorRate;
    this.latencyP99 = alarms.latencyP99;
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
