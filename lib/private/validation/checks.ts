import { Duration, Token } from 'aws-cdk-lib';
import { invalidProp } from './fail';
import { limit, LimitName } from './limits';

/**
 * Token-safe checks of props against the generated AWS limits. Every check passes an unresolved value (a
 * CfnParameter, a Lazy, an attribute) untouched: it cannot be judged at synth and CloudFormation will.
 */

/** Whether a value is, or holds, a token (numbers, strings, lists, Duration/Size objects). */
export function isToken(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  const v = value as { isUnresolved?: () => boolean };
  if (typeof v === 'object' && typeof v.isUnresolved === 'function') return v.isUnresolved();
  return Token.isUnresolved(value);
}

/** A number within a limit's min/max (and whole, for integer shapes); `override` narrows the range. */
export function checkNumber(owner: string, prop: string, value: number | undefined, name: LimitName,
  override: { min?: number; max?: number; integer?: boolean; fix?: string } = {}): void {
  if (value === undefined || isToken(value)) return;
  const l = limit(name);
  const min = override.min ?? l.min;
  const max = override.max ?? l.max;
  const integer = override.integer ?? l.type === 'integer';
  const range = `${min !== undefined ? `from ${min}` : ''}${max !== undefined ? ` to ${max}` : ''}`.trim();
  const fix = override.fix ?? `Use ${integer ? 'a whole number' : 'a number'}${range ? ` ${range}` : ''} (${l.source}).`;
  if (typeof value !== 'number' || !Number.isFinite(value)) invalidProp(owner, prop, value, fix);
  if (integer && !Number.isInteger(value)) invalidProp(owner, prop, value, fix);
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) invalidProp(owner, prop, value, fix);
}

/** A string within a limit's length and (anchored) pattern. */
export function checkString(owner: string, prop: string, value: string | undefined, name: LimitName, fix?: string): void {
  if (value === undefined || isToken(value)) return;
  const l = limit(name);
  const why = fix ?? `Use ${l.min ?? 0}-${l.max ?? 'any number of'} characters${l.pattern ? ` matching ${l.pattern}` : ''} (${l.source}).`;
  if (typeof value !== 'string') invalidProp(owner, prop, value, why);
  if ((l.min !== undefined && value.length < l.min) || (l.max !== undefined && value.length > l.max)) {
    invalidProp(owner, prop, value, why);
  }
  if (l.pattern && !anchored(l.pattern).test(value)) invalidProp(owner, prop, value, why);
}

/** A model's pattern as a whole-value regular expression; Unicode mode where the pattern needs it (`\p{L}`). */
export function anchored(pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return new RegExp(`^(?:${pattern})$`);
  }
}

/** One of a limit's enumerated values; the message suggests the closest ones. */
export function checkEnum(owner: string, prop: string, value: string | undefined, name: LimitName, fix?: string): void {
  if (value === undefined || isToken(value)) return;
  const values = limit(name).enum ?? [];
  if (values.includes(value)) return;
  const near = closest(value, values);
  invalidProp(owner, prop, value, `${fix ?? 'It is not one AWS accepts here'}${near.length ? `; did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : '.'} ` +
    `(${values.length} values in ${limit(name).source})`);
}

/** The number of entries of a list or map within a limit's min/max count. */
export function checkCount(owner: string, prop: string, count: number, name: LimitName, what: string): void {
  const l = limit(name);
  if ((l.min !== undefined && count < l.min) || (l.max !== undefined && count > l.max)) {
    invalidProp(owner, prop, `${count} ${what}`, `AWS accepts ${l.min ?? 0} to ${l.max} ${what} here (${l.source}).`);
  }
}

/** A string map (environment, hyperparameters): entry count, then every key and value. */
export function checkStringMap(owner: string, prop: string, map: Record<string, string> | undefined,
  names: { map: LimitName; key: LimitName; value: LimitName }, what: string): void {
  if (map === undefined || isToken(map)) return;
  const entries = Object.entries(map);
  checkCount(owner, prop, entries.length, names.map, what);
  for (const [k, v] of entries) {
    checkString(owner, `${prop} key`, k, names.key);
    checkString(owner, `${prop}['${k}']`, v, names.value);
  }
}

/** Whole seconds of a Duration, or undefined for a token Duration (never converted: that would be arithmetic on it). */
export function seconds(owner: string, prop: string, d: Duration | undefined): number | undefined {
  if (d === undefined || d.isUnresolved()) return undefined;
  const ms = d.toMilliseconds();
  if (!Number.isFinite(ms) || ms % 1000 !== 0) {
    invalidProp(owner, prop, d, 'Use a whole number of seconds (e.g. Duration.seconds(30) or Duration.minutes(5)).');
  }
  return ms / 1000;
}

/** The props object exists and has every required prop: JavaScript callers get this instead of a TypeError. */
export function requireProps(owner: string, props: unknown, required: string[]): void {
  if (props === undefined || props === null || typeof props !== 'object') {
    throw new Error(`${owner}: props is ${String(props)}. Pass a props object with ${required.map((r) => `'${r}'`).join(', ')}.`);
  }
  requireFields(owner, '', props, required);
}

/**
 * The required fields of a nested props object (`dataCapture`, `variants[0]`), when it is given: `at` is where it
 * is in the props. A JavaScript caller who leaves one out gets the prop's path instead of a TypeError.
 */
export function requireNested(owner: string, at: string, value: unknown, required: string[]): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'object') throw new Error(`${owner}: ${at} is ${String(value)}. Pass an object with ${required.map((r) => `'${r}'`).join(', ')}.`);
  requireFields(owner, `${at}.`, value, required);
}

function requireFields(owner: string, prefix: string, value: object, required: string[]): void {
  const missing = required.filter((r) => (value as Record<string, unknown>)[r] === undefined || (value as Record<string, unknown>)[r] === null);
  if (missing.length > 0) {
    throw new Error(`${owner}: required prop${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${prefix}${m}'`).join(', ')} ` +
      `${missing.length > 1 ? 'are' : 'is'} missing (undefined). Pass ${missing.length > 1 ? 'them' : 'it'} in the props object.`);
  }
}

/** Up to two enumerated values closest to `value` (edit distance), for "did you mean" hints. */
export function closest(value: string, values: readonly string[]): string[] {
  const scored = values.map((v) => [v, distance(value.toLowerCase(), v.toLowerCase())] as const);
  const best = Math.min(...scored.map(([, d]) => d));
  if (!Number.isFinite(best) || best > Math.max(2, Math.floor(value.length / 3))) return [];
  return scored.filter(([, d]) => d === best).slice(0, 2).map(([v]) => v);
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
