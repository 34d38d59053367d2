import { Duration, Token } from 'aws-cdk-lib';
import { MONITOR_SCHEDULE_LIMITS } from '../../../contracts/monitoring-jobs';

/** Throws with the prop, the bad value and the fix. */
export function invalidProp(owner: string, prop: string, value: unknown, fix: string): never {
  throw new Error(`${owner}: ${prop} is ${typeof value === 'string' ? `'${value}'` : String(value)}; ${fix}`);
}

/** A monitor schedule: whole minutes from 5 minutes to 1 day (EventBridge rates are whole minutes). */
export function validateSchedule(owner: string, prop: string, schedule: Duration): void {
  if (schedule.isUnresolved()) return;
  const minutes = schedule.toMinutes({ integral: false });
  if (!Number.isInteger(minutes) || minutes < MONITOR_SCHEDULE_LIMITS.minMinutes || minutes > MONITOR_SCHEDULE_LIMITS.maxMinutes) {
    invalidProp(owner, prop, schedule.toHumanString(),
      'use whole minutes from 5 minutes to 1 day, e.g. Duration.minutes(15) or Duration.hours(1).');
  }
}

/** A fraction in [0, 1] (rates, probabilities, scores). */
export function validateFraction(owner: string, prop: string, v: number | undefined): void {
  if (v === undefined || Token.isUnresolved(v)) return;
  if (!(v >= 0 && v <= 1)) invalidProp(owner, prop, v, 'use a number from 0 to 1.');
}

/** A positive finite number. */
export function validatePositive(owner: string, prop: string, v: number | undefined): void {
  if (v === undefined || Token.isUnresolved(v)) return;
  if (!(Number.isFinite(v) && v > 0)) invalidProp(owner, prop, v, 'use a positive number.');
}

/** A name used in S3 keys and CloudWatch dimensions. */
export function validateMonitorName(owner: string, name: string): void {
  if (Token.isUnresolved(name)) return;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(name)) {
    invalidProp(owner, 'monitorName', name, 'use 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit.');
  }
}
