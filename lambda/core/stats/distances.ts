/**
 * Distances between distributions: Jensen–Shannon (scipy.spatial.distance.jensenshannon), the first Wasserstein
 * distance of two samples (scipy.stats.wasserstein_distance), PSI on the baseline's deciles, and L∞ between
 * categorical distributions.
 */
import { ascending, quantileSorted, searchRight } from './sorting';

/** x * ln(x / y) with scipy's rel_entr conventions. */
function relEntr(x: number, y: number): number {
  if (x === 0 && y >= 0) return 0;
  if (x > 0 && y > 0) return x * Math.log(x / y);
  return Infinity;
}

/** Jensen–Shannon distance (the square root of the divergence); p and q are normalised first. Natural log unless `base`. */
export function jensenShannon(p: readonly number[], q: readonly number[], base?: number): number {
  if (p.length !== q.length) throw new RangeError('jensenShannon needs vectors of one length');
  const sp = p.reduce((a, b) => a + b, 0);
  const sq = q.reduce((a, b) => a + b, 0);
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] / sp;
    const qi = q[i] / sq;
    const m = (pi + qi) / 2;
    js += relEntr(pi, m) + relEntr(qi, m);
  }
  if (base !== undefined) js /= Math.log(base);
  return Math.sqrt(Math.max(0, js) / 2);
}

/** First Wasserstein distance between two samples: the area between their empirical CDFs. */
export function wasserstein(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length === 0 || y.length === 0) throw new RangeError('wasserstein needs two non-empty samples');
  return wassersteinSorted(ascending(x), ascending(y));
}

/** wasserstein on samples sorted ascending (merge walk). */
export function wassersteinSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let prev = Math.min(a[0], b[0]);
  let total = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
    total += Math.abs(i / n1 - j / n2) * (v - prev);
    while (i < n1 && a[i] <= v) i++;
    while (j < n2 && b[j] <= v) j++;
    prev = v;
  }
  return total;
}

/** Share given to an empty bin in PSI (avoids ln 0). */
export const PSI_EMPTY_SHARE = 1e-4;

/**
 * The nine inner edges of the baseline's deciles: numpy linear quantiles at k * 0.1 (k = 1 … 9, computed as
 * numpy.arange(1, 10) * 0.1, so 0.30000000000000004: a baseline value that sits on an edge lands in the same bin as
 * in the reference implementation).
 */
export function decileEdges(reference: ArrayLike<number>): number[] {
  return decileEdgesSorted(ascending(reference));
}

/** decileEdges of values sorted ascending. */
export function decileEdgesSorted(sorted: ArrayLike<number>): number[] {
  return Array.from({ length: 9 }, (_, i) => quantileSorted(sorted, (i + 1) * 0.1));
}

/**
 * Shares of values per bin for ascending inner edges: bin i holds edges[i-1] <= v < edges[i], the outer bins open
 * ended; an empty bin's share is PSI_EMPTY_SHARE (shares are not renormalised).
 */
export function binShares(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const counts = new Array(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) counts[searchRight(edges, values[i])]++;
  return sharesFromCounts(counts);
}

/** Shares from bin counts, empty bins at PSI_EMPTY_SHARE. */
export function sharesFromCounts(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (c === 0 || total === 0 ? PSI_EMPTY_SHARE : c / total));
}

/** PSI = Σ (q - p) ln(q / p) over bins (p: reference shares, q: current shares). */
export function psiFromShares(reference: readonly number[], current: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < reference.length; i++) s += (current[i] - reference[i]) * Math.log(current[i] / reference[i]);
  return s;
}

export interface PsiResult {
  readonly innerEdges: number[];
  readonly referenceShares: number[];
  readonly currentShares: number[];
  readonly psi: number;
}

/** PSI of `current` against `reference` on the reference's deciles. */
export function psiDeciles(reference: ArrayLike<number>, current: ArrayLike<number>): PsiResult {
  const innerEdges = decileEdges(reference);
  const referenceShares = binShares(reference, innerEdges);
  const currentShares = binShares(current, innerEdges);
  return { innerEdges, referenceShares, currentShares, psi: psiFromShares(referenceShares, currentShares) };
}

/** L∞ distance between two categorical distributions given as counts per category. */
export function linfCategorical(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let na = 0;
  let nb = 0;
  for (const v of a.values()) na += v;
  for (const v of b.values()) nb += v;
  if (na === 0 || nb === 0) return na === nb ? 0 : 1;
  let d = 0;
  for (const k of new Set([...a.keys(), ...b.keys()])) d = Math.max(d, Math.abs((a.get(k) ?? 0) / na - (b.get(k) ?? 0) / nb));
  return d;
}
