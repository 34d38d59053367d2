import { isToken } from './checks';
import { invalidProp } from './fail';

/** Bounds of a number prop; `exclusive` bounds exclude the value itself. */
export interface NumberBounds {
  readonly min?: number;
  readonly max?: number;
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
  readonly integer?: boolean;
}

/**
 * A number within bounds: NaN, Infinity and non-numbers are refused as what they are (the template would
 * otherwise carry `null`), and a token passes (CloudFormation will judge it). `fix` says what to pass.
 */
export function checkRange(owner: string, prop: string, value: number | undefined, bounds: NumberBounds, fix?: string): void {
  if (value === undefined || isToken(value)) return;
  const { min, max, minExclusive, maxExclusive, integer } = bounds;
  const ok = typeof value === 'number' && Number.isFinite(value) && (!integer || Number.isInteger(value)) &&
    (min === undefined || (minExclusive ? value > min : value >= min)) &&
    (max === undefined || (maxExclusive ? value < max : value <= max));
  if (ok) return;
  invalidProp(owner, prop, value, fix ?? `Use ${describeBounds(bounds)}.`);
}

/** "a whole number from 1 to 24", "a number above 0 and below 1", ... */
export function describeBounds(b: NumberBounds): string {
  const what = b.integer ? 'a whole number' : 'a number';
  if (b.min !== undefined && b.max !== undefined && !b.minExclusive && !b.maxExclusive) return `${what} from ${b.min} to ${b.max}`;
  const parts = [
    b.min !== undefined ? (b.minExclusive ? `above ${b.min}` : `at least ${b.min}`) : undefined,
    b.max !== undefined ? (b.maxExclusive ? `below ${b.max}` : `at most ${b.max}`) : undefined,
  ].filter(Boolean);
  return parts.length ? `${what} ${parts.join(' and ')}` : `a finite ${what.replace(/^a /, '')}`;
}

/** A probability, rate or score: 0 to 1 (`open` excludes the ends). */
export function checkFraction(owner: string, prop: string, value: number | undefined, open = false, fix?: string): void {
  checkRange(owner, prop, value, { min: 0, max: 1, minExclusive: open, maxExclusive: open },
    fix ?? `Use a number ${open ? 'above 0 and below 1' : 'from 0 to 1'} (a share, not a percentage: 0.05 for 5%).`);
}
