/**
 * A metric guard: the rule of a CloudWatch metric alarm (threshold, M evaluation periods, N datapoints to alarm,
 * TreatMissingData), evaluated by the controller on the datapoints GetMetricData returns.
 *
 * Why: CloudWatch evaluates an alarm about once a minute, so a datapoint can sit published for up to a minute
 * before the alarm reacts. A controller that checks every few seconds and applies the same rule to the same
 * published datapoints reacts within one check. It adds no data CloudWatch does not have; it only removes the
 * evaluation wait. The real alarm stays as the independent guard (and the one SNS/EventBridge listen to).
 */
import type { AlarmSignal, AlarmState } from './signals';

export type GuardComparison =
  | 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';

/**
 * How a period without a datapoint counts. CloudWatch's 'ignore' and 'missing' have no counterpart here: callers
 * map them to notBreaching, so the guard never fires on an absence the alarm itself would not act on.
 */
export type GuardMissingData = 'notBreaching' | 'breaching';

export interface GuardRule {
  readonly name: string;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  /** @default 'GreaterThanThreshold' */
  readonly comparison?: GuardComparison;
  /** @default 'notBreaching' */
  readonly treatMissingData?: GuardMissingData;
}

/** One period's value; undefined when the period has no datapoint (e.g. no requests). */
export type GuardDatapoint = number | undefined;

/**
 * Evaluates `rule` over the most recent published periods (any order; only the newest
 * `evaluationPeriods` are read, so pass them newest first). No periods at all → INSUFFICIENT_DATA.
 */
export function evaluateGuard(rule: GuardRule, newestFirst: readonly GuardDatapoint[]): AlarmSignal {
  if (rule.datapointsToAlarm < 1 || rule.datapointsToAlarm > rule.evaluationPeriods) {
    throw new Error(`guard ${rule.name}: datapointsToAlarm must be within 1..${rule.evaluationPeriods}, ` +
      `got ${rule.datapointsToAlarm}`);
  }
  const window = newestFirst.slice(0, rule.evaluationPeriods);
  if (window.length === 0) return { name: rule.name, state: 'INSUFFICIENT_DATA' };
  const missingBreaches = rule.treatMissingData === 'breaching';
  const breaching = window.filter((v) => (v === undefined ? missingBreaches : breaches(rule, v))).length;
  const state: AlarmState = breaching >= rule.datapointsToAlarm ? 'ALARM' : 'OK';
  return { name: rule.name, state };
}

function breaches(rule: GuardRule, v: number): boolean {
  switch (rule.comparison ?? 'GreaterThanThreshold') {
    case 'GreaterThanThreshold': return v > rule.threshold;
    case 'GreaterThanOrEqualToThreshold': return v >= rule.threshold;
    case 'LessThanThreshold': return v < rule.threshold;
    case 'LessThanOrEqualToThreshold': return v <= rule.threshold;
  }
}
