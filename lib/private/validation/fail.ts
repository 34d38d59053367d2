import { Token } from 'aws-cdk-lib';

/**
 * The one error shape of synth-time validation: the construct, the prop, the bad value and the fix.
 * `owner` names the construct and its path (see `ownerOf`).
 */
export function invalidProp(owner: string, prop: string, value: unknown, fix: string): never {
  throw new Error(`${owner}: ${prop} is ${show(value)}. ${fix}`);
}

/** How a construct is named in errors: its class and path (`DriftMonitor 'App/Stack/Drift'`). */
export function ownerOf(className: string, path: string): string {
  return `${className} '${path}'`;
}

/**
 * A value as it reads in a message: strings quoted, long strings cut, lists and maps summarized, non-finite numbers
 * named as what they are (JSON would print NaN and Infinity as null), tokens as tokens (never their placeholder).
 */
export function show(value: unknown): string {
  if (value !== undefined && value !== null && typeof value !== 'object' && Token.isUnresolved(value)) return 'a token';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN (not a number)';
    if (!Number.isFinite(value)) return `${value} (not a finite number)`;
    return String(value);
  }
  if (typeof value === 'string') {
    const printable = value.replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
    return `'${printable.length > 80 ? `${printable.slice(0, 77)}...` : printable}'`;
  }
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object' && typeof (value as { toHumanString?: unknown }).toHumanString === 'function') {
    const d = value as { toHumanString(): string; isUnresolved?: () => boolean };
    return d.isUnresolved?.() ? 'a token Duration' : d.toHumanString();
  }
  if (typeof value === 'object') return `a map of ${Object.keys(value as object).length}`;
  return String(value);
}
