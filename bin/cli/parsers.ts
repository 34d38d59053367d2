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
