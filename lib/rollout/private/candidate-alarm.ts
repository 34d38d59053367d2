import { Duration, Names } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import { IEndpointVariant } from '../../serving/endpoint-variant';
import { RolloutController } from '../rollout-controller';

/**
 * When the candidate's built-in alarms fire. On an endpoint publishing invocation metrics every 10 s or 30 s the
 * alarms are high-resolution: a 30 s period, evaluated every 10 s by CloudWatch. The 5XX rate fires on one period (a
 * 10 s period would fire on a single error among a 10% canary's few requests: test/sim/ten-second.test.ts); the p99
 * latency on two in a row, because the p99 of 30 s of canary traffic is little more than its slowest request.
 * On one-minute data: one bad minute, as before.
 */
export interface CandidateAlarmTiming {
  readonly period: Duration;
  readonly errorRatePeriods: number;
  readonly latencyPeriods: number;
}

/** The built-in alarms' timing for an endpoint whose invocation datapoints come every `metricsSeconds` (undefined: a token). */
export function candidateAlarmTiming(metricsSeconds: number | undefined): CandidateAlarmTiming {
  if (metricsSeconds !== undefined && metricsSeconds < 60) {
    return { period: Duration.seconds(30), errorRatePeriods: 1, latencyPeriods: 2 };
  }
  return { period: Duration.minutes(1), errorRatePeriods: 1, latencyPeriods: 1 };
}

/** One built-in alarm of a slot, for when that slot is the candidate. */
export interface CandidateAlarmSpec {
  readonly variant: string;
  /** Construct id prefix ('ErrorRate', 'LatencyP99'). */
  readonly id: string;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  /** Suffix of the alarm name ('error-rate', 'latency-p99'). */
  readonly suffix: string;
  /** Periods above the threshold in a row that fire it (the metric's period each). */
  readonly periods: number;
  readonly period: Duration;
}

/**
 * A built-in candidate alarm: named under the controller's prefix (its rule matches the prefix, so 30 endpoints need
 * no listing of names), `periods` bad periods in a row fire it, and no data never does.
 */
export function candidateAlarm(scope: Construct, controller: RolloutController, spec: CandidateAlarmSpec): cloudwatch.Alarm {
  const { variant, threshold, suffix, periods } = spec;
  const span = Duration.seconds(spec.period.toSeconds() * periods).toHumanString();
  const alarm = new cloudwatch.Alarm(scope, `${spec.id}-${variant}`, {
    alarmName: `${controller.alarmNamePrefix}${Names.uniqueResourceName(scope, { maxLength: 96 })}-${variant}-${suffix}`,
    metric: spec.metric,
    threshold,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    // Fast detection: the candidate's first bad minute (or bad 30 s on 10-second data) rolls it back.
    evaluationPeriods: periods,
    datapointsToAlarm: periods,
    // No requests: nothing failed, and an idle candidate must not block or roll back a rollout.
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: `cdk-mlops rollout ${scope.node.path}: when ${variant} is the candidate, its ${suffix} above ${threshold} for ${span} rolls it back.`,
  });
  alarm.addAlarmAction(new actions.SnsAction(controller.topic));
  return alarm;
}

/** A slot's built-in alarms: its 5XX rate and its p99 model latency (in microseconds, as ModelLatency is). */
export function slotCandidateAlarms(scope: Construct, controller: RolloutController, variant: IEndpointVariant,
  errorRate: number, latencyMicros: number, timing: CandidateAlarmTiming): cloudwatch.Alarm[] {
  const v = variant.variantName;
  const { period } = timing;
  return [
    candidateAlarm(scope, controller, {
      variant: v, id: 'ErrorRate', metric: variant.metric5xxErrorRate({ period }), threshold: errorRate, suffix: 'error-rate',
      periods: timing.errorRatePeriods, period,
    }),
    candidateAlarm(scope, controller, {
      variant: v, id: 'LatencyP99', metric: variant.metricModelLatency({ statistic: 'p99', period }), threshold: latencyMicros,
      suffix: 'latency-p99', periods: timing.latencyPeriods, period,
    }),
  ];
}
