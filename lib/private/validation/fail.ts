/**
 * The one error shape of synth-time validation: the construct, the prop, the bad value and the fix.
 * `owner` names the construct (and its path when there is one).
 */
export function invalidProp(owner: string, prop: string, value: unknown, fix: string): never {
  throw new Error(`${owner}: ${prop} is ${show(value)}. ${fix}`);
}

/** A value as it reads in a message: strings quoted, long strings cut, lists and maps summarized. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 80 ? `${value.slice(0, 77)}...` : value}'`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object' && typeof (value as { toHumanString?: unknown }).toHumanString === 'function') {
    return (value as { toHumanString(): string }).toHumanString();
  }
  if (typeof value === 'object') return `a map of ${Object.keys(value as object).length}`;
  return String(value);
}
