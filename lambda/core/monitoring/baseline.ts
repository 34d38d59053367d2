/**
 * The baseline a window is compared with, per feature: for a numeric feature the counts of the baseline's values
 * on fine bins cut at its quantiles (1/buckets apart, the deciles among the edges), every point mass (a value
 * holding at least one bucket's share) in a bin of its own, plus its moments; for a categorical feature the count
 * of each category. Computed from the training data (the baseline job) or read from a Model Monitor
 * statistics.json (files.ts).
 */
import type { FeatureDefinition, FeatureSchema, FeatureSource } from '../../../contracts/model-monitor';
import { ascending, decileEdgesSorted, nextDouble, quantileSorted, searchRight } from '../stats';

export interface NumericBaseline {
  readonly name: string;
  readonly kind: 'numeric';
  readonly source: FeatureSource;
  /** Values present and numeric. */
  readonly count: number;
  /** Values absent or not numeric. */
  readonly missing: number;
  readonly mean: number;
  readonly stdDev: number;
  readonly min: number;
  readonly max: number;
  readonly sum: number;
  /** Whether every value is an integer (Model Monitor's `Integral`). */
  readonly integral: boolean;
  /**
   * Ascending, distinct inner edges: bin i holds edges[i-1] <= v < edges[i] (outer bins open). A point mass a is
   * the bin [a, nextDouble(a)), which holds a alone, so both CDFs are known on each side of it.
   */
  readonly edges: readonly number[];
  /** Baseline values per bin (edges.length + 1 entries). */
  readonly counts: readonly number[];
  /** The baseline's decile edges (a subset of `edges` when computed here; PSI bins). */
  readonly decileEdges: readonly number[];
}

export interface CategoricalBaseline {
  readonly name: string;
  readonly kind: 'categorical';
  readonly source: FeatureSource;
  readonly count: number;
  readonly missing: number;
  /** Values per category. */
  readonly counts: { readonly [category: string]: number };
}

export type FeatureBaseline = NumericBaseline | CategoricalBaseline;

export interface Baseline {
  readonly itemCount: number;
  readonly features: readonly FeatureBaseline[];
}

/**
 * The chance left that a baseline sample is itself unusual. A baseline is one sample, and its sampling error is
 * shared by every window compared with it: the decision's tests allow for that error at 99% confidence, so the
 * false-alarm budget holds for the baseline in use (unless it is a 1-in-100 unusual sample), not only on average
 * over baselines.
 */
export const BASELINE_ERROR_RISK = 0.01;

/** Default number of quantile buckets of a numeric baseline (KS resolution 1/buckets). */
export const DEFAULT_BASELINE_BUCKETS = 100;

/** A value as a number, or undefined when it is missing or not a finite number. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return undefined;
    const n = Number(t);
    return Number.isFinite(n) ? n : undefined;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

/** A value as a category, or undefined when missing. */
export function toCategory(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

/** The values that occur at least `minCount` times in an ascending array. */
function pointMasses(sorted: ArrayLike<number>, minCount: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i >= minCount) out.push(sorted[i]);
    i = j;
  }
  return out;
}

export function numericBaseline(def: FeatureDefinition, values: ArrayLike<unknown>, buckets = DEFAULT_BASELINE_BUCKETS): NumericBaseline {
  const present: number[] = [];
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const n = toNumber(values[i]);
    if (n === undefined) missing++;
    else present.push(n);
  }
  const sorted = ascending(present);
  const count = sorted.length;
  let mean = 0;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += sorted[i];
  mean = count ? sum / count : NaN;
  let ss = 0;
  for (let i = 0; i < count; i++) ss += (sorted[i] - mean) ** 2;
  const decileEdges = count ? decileEdgesSorted(sorted) : [];
  const fine = count ? Array.from({ length: buckets - 1 }, (_, j) => quantileSorted(sorted, (j + 1) / buckets)) : [];
  const masses = pointMasses(sorted, Math.max(2, Math.ceil(count / buckets)));
  const edges = [...new Set([...fine, ...decileEdges, ...masses, ...masses.map(nextDouble)])].sort((a, b) => a - b);
  const counts = new Array(edges.length + 1).fill(0);
  for (let i = 0; i < count; i++) counts[searchRight(edges, sorted[i])]++;
  let integral = count > 0;
  for (let i = 0; i < count && integral; i++) integral = Number.isInteger(sorted[i]);
  return {
    name: def.name, kind: 'numeric', source: def.source ?? 'input', count, missing, mean,
    stdDev: count > 1 ? Math.sqrt(ss / (count - 1)) : 0,
    min: count ? sorted[0] : NaN, max: count ? sorted[count - 1] : NaN, sum, integral, edges, counts, decileEdges,
  };
}

export function categoricalBaseline(def: FeatureDefinition, values: ArrayLike<unknown>): CategoricalBaseline {
  const counts: Record<string, number> = {};
  let missing = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const c = toCategory(values[i]);
    if (c === undefined) missing++;
    else {
      counts[c] = (counts[c] ?? 0) + 1;
      count++;
    }
  }
  return { name: def.name, kind: 'categorical', source: def.source ?? 'input', count, missing, counts };
}

/**
 * The baseline of a dataset given by columns (each the values of one feature, by feature name; a missing column
 * counts as all missing). `buckets` sets the numeric resolution.
 */
export function computeBaseline(
  schema: FeatureSchema, columns: { readonly [name: string]: ArrayLike<unknown> }, buckets = DEFAULT_BASELINE_BUCKETS,
): Baseline {
  const lengths = Object.values(columns).map((c) => c.length);
  const itemCount = lengths.length ? Math.max(...lengths) : 0;
  const features = schema.features.map((f) => {
    const values = columns[f.name] ?? new Array(itemCount).fill(undefined);
    return f.kind === 'numeric' ? numericBaseline(f, values, buckets) : categoricalBaseline(f, values);
  });
  return { itemCount, features };
}

/** computeBaseline of rows given as objects (CSV rows with a header, Parquet records). */
export function computeBaselineFromRows(
  schema: FeatureSchema, rows: readonly { readonly [column: string]: unknown }[], buckets = DEFAULT_BASELINE_BUCKETS,
): Baseline {
  const columns: Record<string, unknown[]> = {};
  for (const f of schema.features) columns[f.name] = rows.map((r) => r[f.name]);
  return { ...computeBaseline(schema, columns, buckets), itemCount: rows.length };
}
