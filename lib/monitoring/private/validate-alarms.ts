import { Duration } from 'aws-cdk-lib';
import { checkAlarmWindow, checkRateThreshold } from '../../private/validation/aws-rules';
import { isToken } from '../../private/validation/checks';
import { invalidProp } from '../../private/validation/fail';
import { checkRange } from '../../private/validation/numbers';

/** What a variant's alarm options are checked with (VariantAlarmOptions, with their defaults applied). */
export interface AlarmOptionValues {
  readonly errorRateThreshold: number;
  readonly latencyP99Threshold: Duration;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

/**
 * A variant's alarm options: thresholds that can fire, whole evaluation periods and datapoints (at most the
 * periods), and a window of 1-minute periods CloudWatch evaluates. `prefix` is where they are in the caller's props
 * (`alarmOptions.` for a ModelEndpoint, '' for VariantAlarms).
 */
export function validateAlarmOptions(owner: string, prefix: string, o: AlarmOptionValues): void {
  checkRateThreshold(owner, `${prefix}errorRateThreshold`, o.errorRateThreshold);
  latencyMicros(owner, `${prefix}latencyP99Threshold`, o.latencyP99Threshold);
  if (!o.latencyP99Threshold.isUnresolved() && !(o.latencyP99Threshold.toMilliseconds() > 0)) {
    invalidProp(owner, `${prefix}latencyP99Threshold`, o.latencyP99Threshold, 'A latency is never below 0, so the alarm would always fire: use a positive Duration, e.g. Duration.millis(500).');
  }
  checkRange(owner, `${prefix}evaluationPeriods`, o.evaluationPeriods, { min: 1, integer: true }, 'Use a whole number of 1-minute periods, at least 1.');
  checkAlarmWindow(owner, `${prefix}evaluationPeriods`, 60, o.evaluationPeriods);
  const periods = isToken(o.evaluationPeriods) ? undefined : o.evaluationPeriods;
  checkRange(owner, `${prefix}datapointsToAlarm`, o.datapointsToAlarm, { min: 1, max: periods, integer: true },
    `Use a whole number from 1 to evaluationPeriods${periods !== undefined ? ` (${periods})` : ''}.`);
}

/**
 * A latency threshold in microseconds (SageMaker's ModelLatency unit). A token Duration cannot be scaled at synth
 * (CloudFormation has no arithmetic) and scaling its placeholder would write a huge literal, so it is refused.
 */
export function latencyMicros(owner: string, prop: string, d: Duration): number {
  if (d.isUnresolved()) {
    invalidProp(owner, prop, 'a token Duration', 'The alarm threshold is this latency in microseconds, computed at synth, and ' +
      'CloudFormation cannot multiply a parameter: pass a concrete Duration (e.g. Duration.millis(500)).');
  }
  return d.toMilliseconds() * 1000;
}

/** "5%" for a literal rate, the rate itself for a token (no arithmetic on it). */
export function describeRate(rate: number): string {
  // toPrecision: 0.07 * 100 is 7.000000000000001.
  return isToken(rate) ? `${rate} (share of requests)` : `${Number((rate * 100).toPrecision(12))}%`;
}
