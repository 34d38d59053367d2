/** Value parsers for commander options: a bad value is a usage error that says what is expected. */
import { InvalidArgumentError } from 'commander';

/** A finite number >= min (and <= max when given). */
export function numberIn(min: number, max?: number): (raw: string) => number {
  return (raw: string) => {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v) || v < min || (max !== undefined && v > max)) {
      throw new InvalidArgumentError(max === undefined ? `use a number >= ${min}` : `use a number in [${min}, ${max}]`);
    }
    return v;
  };
}

/** A whole number >= min. */
export function wholeNumber(min: number): (raw: string) => number {
  return (raw: string) => {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(v) || v < min) throw new InvalidArgumentError(`use a whole number >= ${min}`);
    return v;
  };
}

/** A fraction in [0, 1]. */
export const fraction = numberIn(0, 1);

/**
 * A duration as `kubectl argo rollouts status --timeout` takes it: a number with a unit (`90s`, `2m`, `1h30m`), or a
 * bare number of seconds. Returns seconds; 0 means no limit.
 */
export function durationSeconds(raw: string): number {
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const parts = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(text);
  if (!parts || text === '') throw new InvalidArgumentError('use seconds or a duration such as 90s, 15m or 1h30m (0: no limit)');
  const [, h, m, s] = parts;
  return Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
}
