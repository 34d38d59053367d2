import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { VariantAlarmOptions } from '../variant-alarms';
import { describeRate, latencyMicros, validateAlarmOptions } from './validate-alarms';

/** Default error-rate threshold: 5% of requests. */
export const DEFAULT_ERROR_RATE_THRESHOLD = 0.05;
/** Default p99 latency threshold. */
export const DEFAULT_LATENCY_P99_THRESHOLD = Duration.seconds(1);

/** What the two default alarms watch: one variant's or one inference component's invocation metrics. */
export interface InvocationAlarmTarget {
  /** Average of Invocation5XXErrors (the error rate). */
  readonly errorRate: cloudwatch.IMetric;
  /** p99 of ModelLatency (microseconds). */
  readonly latencyP99: cloudwatch.IMetric;
  /** How the alarm descriptions name it, e.g. `variant blue` or `inference component chat`. */
  readonly subject: string;
  /** How errors name the owner (ownerOf: the construct and its path). */
  readonly owner: string;
  /** Where the options are in the owner's props, e.g. `alarms.` for a component, '' for VariantAlarms. */
  readonly prefix: string;
}

/** The 5XX error-rate alarm and the p99 latency alarm, both NOT_BREACHING on missing data (see VariantAlarms). */
export function createInvocationAlarms(scope: Construct, target: InvocationAlarmTarget, o: VariantAlarmOptions, topic?: sns.ITopic):
{ errorRate: cloudwatch.Alarm; latencyP99: cloudwatch.Alarm } {
  const errorRateThreshold = o.errorRateThreshold ?? DEFAULT_ERROR_RATE_THRESHOLD;
  const latency = o.latencyP99Threshold ?? DEFAULT_LATENCY_P99_THRESHOLD;
  const evaluationPeriods = o.evaluationPeriods ?? 3;
  const datapointsToAlarm = o.datapointsToAlarm ?? 2;
  validateAlarmOptions(target.owner, target.prefix, { errorRateThreshold, latencyP99Threshold: latency, evaluationPeriods, datapointsToAlarm });
  const window = `in ${datapointsToAlarm} of ${evaluationPeriods} minutes`;
  const errorRate = new cloudwatch.Alarm(scope, 'ErrorRate', {
    metric: target.errorRate,
    threshold: errorRateThreshold,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods,
    datapointsToAlarm,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: `5XX error rate of ${target.subject} above ${describeRate(errorRateThreshold)} ${window}.`,
  });
  const latencyP99 = new cloudwatch.Alarm(scope, 'LatencyP99', {
    metric: target.latencyP99,
    // ModelLatency is in microseconds.
    threshold: latencyMicros(target.owner, `${target.prefix}latencyP99Threshold`, latency),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods,
    datapointsToAlarm,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: `p99 model latency of ${target.subject} above ${latency.toHumanString()} ${window}.`,
  });
  if (topic) {
    for (const alarm of [errorRate, latencyP99]) {
      alarm.addAlarmAction(new actions.SnsAction(topic));
      alarm.addOkAction(new actions.SnsAction(topic));
    }
  }
  return { errorRate, latencyP99 };
}
