import { Duration, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { durationIn } from './durations';
import { invalidProp } from './fail';
import { limit } from './limits';

interface CronField { readonly name: string; readonly min: number; readonly max: number; readonly wildcards: string; readonly names?: string[] }

/**
 * An EventBridge rule's schedule expression (`rate(...)` or `cron(...)`) against EventBridge's rules: the rate's
 * value and unit, the cron's six fields and each field's range and wildcards, Day-of-month or Day-of-week given as '?'.
 * aws-cdk-lib renders `Schedule.cron({ minute: '60' })` as written, and EventBridge refuses it only at deploy.
 */
export function checkSchedule(owner: string, prop: string, schedule: events.Schedule | undefined): void {
  if (schedule === undefined) return;
  const expression = schedule.expressionString;
  if (Token.isUnresolved(expression)) return;
  const problem = scheduleProblem(expression);
  if (problem) invalidProp(owner, prop, expression, `${problem} (${limit('events.ScheduleExpression').source}).`);
}

/** What is wrong with an expression, or undefined when EventBridge accepts it. */
export function scheduleProblem(expression: string): string | undefined {
  const l = limit('events.ScheduleExpression');
  if (expression.length > (l.max as number)) return `EventBridge takes at most ${l.max} characters`;
  const rate = /^rate\((.*)\)$/.exec(expression);
  if (rate) return rateProblem(rate[1]);
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron) return cronProblem(cron[1]);
  return 'EventBridge rules take rate(<value> <unit>) or cron(<6 fields>); use events.Schedule.rate or events.Schedule.cron';
}

function rateProblem(body: string): string | undefined {
  const units = limit('events.ScheduleExpression').rateUnits as { one: string[]; many: string[] };
  const m = /^(\d+) ([a-z]+)$/.exec(body);
  if (!m || Number(m[1]) < 1) return 'a rate is a whole number of at least 1 and a unit, e.g. rate(5 minutes)';
  const allowed = Number(m[1]) === 1 ? units.one : units.many;
  if (!allowed.includes(m[2])) return `a rate of ${m[1]} takes the unit ${allowed.map((u) => `'${u}'`).join(', ')}`;
  return undefined;
}

function cronProblem(body: string): string | undefined {
  const fields = limit('events.ScheduleExpression').cronFields as CronField[];
  const values = body.trim().split(/\s+/);
  if (values.length !== fields.length) {
    return `a cron expression has ${fields.length} fields (${fields.map((f) => f.name).join(' ')}), not ${values.length}`;
  }
  for (const [i, field] of fields.entries()) {
    const problem = fieldProblem(field, values[i]);
    if (problem) return `its ${field.name} field '${values[i]}' ${problem}`;
  }
  const [dom, dow] = [values[2], values[4]];
  if ((dom === '?') === (dow === '?')) return "give one of Day-of-month and Day-of-week, and '?' in the other";
  return undefined;
}

/** Checks one field: lists of ranges, steps and the field's own wildcards, every number within the field's range. */
function fieldProblem(f: CronField, value: string): string | undefined {
  const range = `${f.min}-${f.max}${f.names ? ` or ${f.names[0]}-${f.names[f.names.length - 1]}` : ''}`;
  const allowedChars = new Set(f.wildcards.split(''));
  for (const ch of value.replace(/[A-Za-z0-9]/g, '')) {
    if (!allowedChars.has(ch)) return `uses '${ch}', which this field does not take (it takes ${f.wildcards.split('').join(' ')})`;
  }
  if (value === '?' || value === '*') return undefined;
  if (value.includes('?')) return "uses '?' inside a list or range; '?' stands alone";
  for (const part of value.split(',')) {
    const [base, step] = part.split('/');
    if (step !== undefined && !/^\d+$/.test(step)) return `has the increment '${step}', not a whole number`;
    if (base === '*' || base === '') continue;
    // The day fields' own forms (the characters were checked above): L, LW, 15W (day of month), 5L, 3#2 (day of week).
    const special = /^(\d{1,2})?(?:L|W|LW)$|^(\d)#[1-5]$/.exec(base);
    if (special) {
      const n = special[1] ?? special[2];
      if (n !== undefined && !(Number(n) >= f.min && Number(n) <= f.max)) return `has '${n}', outside ${range}`;
      continue;
    }
    for (const n of base.split('-')) {
      const v = f.names?.includes(n.toUpperCase()) ? f.names.indexOf(n.toUpperCase()) + f.min : /^\d+$/.test(n) ? Number(n) : NaN;
      if (!(v >= f.min && v <= f.max)) return `has '${n}', outside ${range}`;
    }
  }
  return undefined;
}

/**
 * A schedule every `every` (an EventBridge rate takes whole minutes, at least one): the prop is named when the
 * Duration is not whole minutes (aws-cdk-lib's error does not say which prop).
 */
export function rateOf(owner: string, prop: string, every: Duration): events.Schedule {
  durationIn(owner, prop, every, { unit: 'minutes', min: Duration.minutes(1), api: 'EventBridge rates' });
  return events.Schedule.rate(every);
}
