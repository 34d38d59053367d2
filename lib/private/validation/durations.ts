import { Duration } from 'aws-cdk-lib';
import { invalidProp } from './fail';

/** The unit an API counts a duration in. */
export type DurationUnit = 'seconds' | 'minutes' | 'hours' | 'days';

const FACTORY: Record<DurationUnit, string> = { seconds: 'Duration.seconds', minutes: 'Duration.minutes', hours: 'Duration.hours', days: 'Duration.days' };

/** How an API takes a duration: its unit, its bounds, and whose rule it is (for the message). */
export interface DurationRule {
  readonly unit: DurationUnit;
  readonly min?: Duration;
  readonly max?: Duration;
  /** Who counts it, e.g. 'EventBridge rates' or 'Glue job timeouts'. */
  readonly api: string;
}

/**
 * A Duration as the whole number of `rule.unit` an API takes, checked against its bounds; the error names the prop
 * (aws-cdk-lib's own conversion error does not). A token Duration is returned as the token it converts to, and
 * refused only when it cannot be converted without arithmetic (e.g. `Duration.minutes(token)` wanted in seconds).
 */
export function durationIn(owner: string, prop: string, d: Duration, rule: DurationRule): number {
  if (d.isUnresolved()) {
    try {
      return convert(d, rule.unit, true);
    } catch {
      return invalidProp(owner, prop, d, `${rule.api} count ${rule.unit} and CloudFormation cannot convert a token: ` +
        `pass ${FACTORY[rule.unit]}(parameter.valueAsNumber).`);
    }
  }
  const amount = convert(d, rule.unit, false);
  const bounds = `${rule.min ? ` from ${rule.min.toHumanString()}` : ''}${rule.max ? ` to ${rule.max.toHumanString()}` : ''}`;
  if (!Number.isInteger(amount)) {
    invalidProp(owner, prop, d, `${rule.api} count whole ${rule.unit}: use ${FACTORY[rule.unit]}(n)${bounds ? `,${bounds}` : ''}.`);
  }
  const ms = d.toMilliseconds();
  if ((rule.min && ms < rule.min.toMilliseconds()) || (rule.max && ms > rule.max.toMilliseconds())) {
    invalidProp(owner, prop, d, `${rule.api} take whole ${rule.unit}${bounds}.`);
  }
  return amount;
}

function convert(d: Duration, unit: DurationUnit, integral: boolean): number {
  switch (unit) {
    case 'seconds': return d.toSeconds({ integral });
    case 'minutes': return d.toMinutes({ integral });
    case 'hours': return d.toHours({ integral });
    default: return d.toDays({ integral });
  }
}
