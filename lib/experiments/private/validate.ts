import { Duration, Token } from 'aws-cdk-lib';

/** Throws a validation error naming the construct, the prop, the bad value and the fix. */
export function invalidProp(owner: string, prop: string, value: unknown, fix: string): never {
  throw new Error(`${owner}: ${prop} is ${JSON.stringify(value)}; ${fix}`);
}

/** A number strictly between 0 and 1 (when known at synth). */
export function validateOpenFraction(owner: string, prop: string, value: number | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!(value > 0 && value < 1)) invalidProp(owner, prop, value, 'use a number strictly between 0 and 1.');
}

/** A schedule Lambda can keep: from 5 minutes to 1 day (EventBridge rate, Lambda's 15-minute limit). */
export function validateRate(owner: string, prop: string, d: Duration): void {
  if (d.isUnresolved()) return;
  const s = d.toSeconds();
  if (s < 300 || s > 86400) invalidProp(owner, prop, d.toHumanString(), 'use a Duration from 5 minutes to 1 day.');
}
