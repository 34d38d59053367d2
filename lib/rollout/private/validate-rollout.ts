import { Duration } from 'aws-cdk-lib';
import { latencyMicros } from '../../monitoring/private/validate-alarms';
import { checkRateThreshold } from '../../private/validation/aws-rules';
import { isToken } from '../../private/validation/checks';
import { invalidProp } from '../../private/validation/fail';

/**
 * The thresholds of a rollout's built-in candidate alarms: a rate that can fire and does not always fire, a positive
 * latency, and the latency in ModelLatency's microseconds (never computed from a token).
 */
export function rolloutThresholds(errorRate: number, latency: Duration): { errorRate: number; latencyMicros: number } {
  checkRateThreshold('VariantRollout', 'errorRateThreshold', errorRate);
  if (!latency.isUnresolved() && !(latency.toMilliseconds() > 0)) {
    invalidProp('VariantRollout', 'latencyP99Threshold', latency, 'A p99 latency is never below 0, so the alarm would always fire: ' +
      'use a positive Duration, e.g. Duration.millis(500).');
  }
  return { errorRate, latencyMicros: latencyMicros('VariantRollout', 'latencyP99Threshold', latency) };
}

/**
 * A number of a rollout plan, which is fixed at synth and sent to the controller as JSON: a token (a CfnParameter)
 * cannot be judged or used there, so it gets a clear message instead of a comparison with its placeholder.
 */
export function literalPlanNumber(builder: string, prop: string, value: number | undefined): void {
  if (value !== undefined && isToken(value)) {
    invalidProp(`DeploymentStrategy.${builder}`, prop, 'a token', 'The rollout plan is fixed at synth and checked there; pass a number ' +
      '(a CloudFormation parameter cannot be read until deploy time).');
  }
}
