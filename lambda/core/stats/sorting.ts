/** Small array helpers shared by the statistics. */

/** A sorted (ascending) Float64Array copy of the values. */
export function ascending(values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values as ArrayLike<number>);
  out.sort();
  return out;
}

/** Number of elements of an ascending array that are <= v (numpy searchsorted side='right'). */
export function searchRight(sorted: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of elements of an ascending array that are < v (numpy searchsorted side='left'). */
export function searchLeft(sorted: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** numpy.quantile(values, q) with the default 'linear' method, on values sorted ascending. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const virtual = q * (n - 1);
  const lo = Math.floor(virtual);
  const gamma = virtual - lo;
  const a = sorted[Math.min(lo, n - 1)];
  const b = sorted[Math.min(lo + 1, n - 1)];
  // numpy's _lerp: from below for t < 0.5, from above otherwise (keeps monotonicity and exact ends).
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/** Sum with Neumaier compensation (order-independent to about 1 ulp). */
export function sum(values: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

const FLOAT = new Float64Array(1);
const BITS = new BigInt64Array(FLOAT.buffer);

/** The smallest double above x (Math.nextUp): [x, nextDouble(x)) holds x alone, the bin of a point mass. */
export function nextDouble(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  FLOAT[0] = x;
  BITS[0] += x > 0 ? 1n : -1n;
  return FLOAT[0];
}
