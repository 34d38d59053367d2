import { Duration } from 'aws-cdk-lib';
import { checkAlarmWindow, checkRateThreshold } from '../../private/validation/aws-rules';
import { isToken } from '../../private/validation/checks';
import { invalidProp } from '../../private/validation/fail';

/** Checks of per-variant alarm options: thresholds that can fire and evaluation windows CloudWatch accepts. */
export function validateAlarmOptions(owner: string, prefix: string, o: { errorRateThreshold?: number; evaluationPeriods?: number; periodSeconds: number }): void {
  checkRateThreshold(owner, `${prefix}errorRateThreshold`, o.errorRateThreshold);
  checkAlarmWindow(owner, `${prefix}evaluationPeriods`, o.periodSeconds, o.evaluationPeriods);
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
  return isToken(rate) ? `${rate} (share of requests)` : `${rate * 100}%`;
}
