import { Names } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import { IEndpointVariant } from '../../serving/endpoint-variant';
import { RolloutController } from '../rollout-controller';

/** One built-in alarm of a slot, for when that slot is the candidate. */
export interface CandidateAlarmSpec {
  readonly variant: string;
  /** Construct id prefix ('ErrorRate', 'LatencyP99'). */
  readonly id: string;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  /** Suffix of the alarm name ('error-rate', 'latency-p99'). */
  readonly suffix: string;
}

/**
 * A built-in candidate alarm: named under the controller's prefix (its rule matches the prefix, so 30 endpoints need
 * no listing of names), one bad minute fires it, and no data never does.
 */
export function candidateAlarm(scope: Construct, controller: RolloutController, spec: CandidateAlarmSpec): cloudwatch.Alarm {
  const { variant, threshold, suffix } = spec;
  const alarm = new cloudwatch.Alarm(scope, `${spec.id}-${variant}`, {
    alarmName: `${controller.alarmNamePrefix}${Names.uniqueResourceName(scope, { maxLength: 96 })}-${variant}-${suffix}`,
    metric: spec.metric,
    threshold,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    // Fast detection: one bad minute of the candidate rolls it back.
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    // No requests: nothing failed, and an idle candidate must not block or roll back a rollout.
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: `cdk-mlops rollout ${scope.node.path}: when ${variant} is the candidate, its ${suffix} above ${threshold} for 1 minute rolls it back.`,
  });
  alarm.addAlarmAction(new actions.SnsAction(controller.topic));
  return alarm;
}

/** A slot's built-in alarms: its 5XX rate and its p99 model latency (in microseconds, as ModelLatency is). */
export function slotCandidateAlarms(scope: Construct, controller: RolloutController, variant: IEndpointVariant,
  errorRate: number, latencyMicros: number): cloudwatch.Alarm[] {
  const v = variant.variantName;
  return [
    candidateAlarm(scope, controller, { variant: v, id: 'ErrorRate', metric: variant.metric5xxErrorRate(), threshold: errorRate, suffix: 'error-rate' }),
    candidateAlarm(scope, controller, {
      variant: v, id: 'LatencyP99', metric: variant.metricModelLatency({ statistic: 'p99' }), threshold: latencyMicros, suffix: 'latency-p99',
    }),
  ];
}
