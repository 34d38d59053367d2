import { Duration, Token } from 'aws-cdk-lib';
import { MONITOR_SCHEDULE_LIMITS } from '../../../contracts/monitoring-jobs';
import { durationIn } from '../../private/validation/durations';
import { invalidProp } from '../../private/validation/fail';

/**
 * A scheduled job's period (monitors, experiments): whole minutes (an EventBridge rate) from 5 minutes to 1 day
 * (each run ends before the next, within Lambda's 15 minutes). A token is refused: the rate (minutes) and the
 * metrics' period (seconds) are both derived from it, and CloudFormation cannot convert one into the other.
 * `derived` names what else the job computes from it, when anything.
 */
export function checkMonitorSchedule(owner: string, prop: string, schedule: Duration, derived?: string): number {
  if (schedule.isUnresolved()) {
    invalidProp(owner, prop, schedule, `The EventBridge rate (minutes) and the metrics' period (seconds)${derived ? ` and ${derived}` : ''} are ` +
      'computed from it at synth, and CloudFormation cannot convert a parameter: pass a concrete Duration.');
  }
  return durationIn(owner, prop, schedule, {
    unit: 'minutes', min: Duration.minutes(MONITOR_SCHEDULE_LIMITS.minMinutes), max: Duration.minutes(MONITOR_SCHEDULE_LIMITS.maxMinutes),
    api: 'Scheduled monitor runs (EventBridge rates)',
  });
}

/** A name used in S3 keys and CloudWatch dimensions (a monitor's, a baseline's, an experiment's). */
export function checkJobName(owner: string, prop: string, name: string): void {
  if (Token.isUnresolved(name)) return;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(name)) {
    invalidProp(owner, prop, name, 'It names an S3 folder and a CloudWatch dimension: use 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit.');
  }
}
