/**
 * The mergeable summary of one window of captured records. Memory does not grow with the record count: per numeric
 * feature the counts on the baseline's bins and the moments (count, mean, M2, min, max); per categorical feature
 * the count of each category (at most `maxCategories`, the rest counted as overflow). Summaries of windows over the
 * same baseline merge into the summary of their union (hourly and daily views from 5-minute windows).
 */
import type { Baseline } from './baseline';

export interface NumericSummary {
  readonly kind: 'numeric';
  readonly count: number;
  /** Records without the value. */
  readonly missing: number;
  /** Values that are present but not a finite number. */
  readonly invalid: number;
  readonly mean: number;
  /** Sum of squared deviations from the mean (Welford / Chan). */
  readonly m2: number;
  readonly min: number;
  readonly max: number;
  /** Values per bin of the baseline's edges. */
  readonly counts: readonly number[];
}

export interface CategoricalSummary {
  readonly kind: 'categorical';
  readonly count: number;
  readonly missing: number;
  readonly counts: { readonly [category: string]: number };
  /** Values of categories beyond maxCategories (counted, not named). */
  readonly overflow: number;
}

export type FeatureSummary = NumericSummary | CategoricalSummary;

export interface WindowSummary {
  readonly version: 1;
  /** Fingerprint of the baseline's bins: only summaries over the same bins merge. */
  readonly binsId: string;
  /** ISO times of the window's start (inclusive) and end (exclusive). */
  readonly start: string;
  readonly end: string;
  /** Records (rows) summarised. */
  readonly records: number;
  /** Capture lines or rows that could not be read (counted, skipped). */
  readonly malformed: number;
  readonly features: { readonly [name: string]: FeatureSummary };
}

export interface SummaryLimits {
  /** Distinct categories kept per categorical feature. Default 1,000. */
  readonly maxCategories?: number;
}

export const DEFAULT_MAX_CATEGORIES = 1000;

/** A short fingerprint (FNV-1a) of the baseline's bins. */
export function binsId(baseline: Baseline): string {
  let h = 0x811c9dc5;
  const text = baseline.features.map((f) => `${f.name}:${f.kind}:${f.kind === 'numeric' ? f.edges.join(',') : ''}`).join('|');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

function mergeNumeric(a: NumericSummary, b: NumericSummary): NumericSummary {
  if (a.counts.length !== b.counts.length) throw new Error('cannot merge numeric summaries over different bins');
  const count = a.count + b.count;
  const delta = b.mean - a.mean;
  const mean = count === 0 ? 0 : a.count === 0 ? b.mean : b.count === 0 ? a.mean : a.mean + (delta * b.count) / count;
  const m2 = count === 0 ? 0 : a.m2 + b.m2 + (a.count && b.count ? (delta * delta * a.count * b.count) / count : 0);
  return {
    kind: 'numeric', count, missing: a.missing + b.missing, invalid: a.invalid + b.invalid, mean, m2,
    min: Math.min(a.min, b.min), max: Math.max(a.max, b.max), counts: a.counts.map((c, i) => c + b.counts[i]),
  };
}

function mergeCategorical(a: CategoricalSummary, b: CategoricalSummary, maxCategories: number): CategoricalSummary {
  const counts: Record<string, number> = { ...a.counts };
  let overflow = a.overflow + b.overflow;
  let distinct = Object.keys(counts).length;
  // Categories are merged largest first so the kept ones are the frequent ones.
  for (const [k, v] of Object.entries(b.counts).sort((x, y) => y[1] - x[1])) {
    if (k in counts) counts[k] += v;
    else if (distinct < maxCategories) {
      counts[k] = v;
      distinct++;
    } else overflow += v;
  }
  return { kind: 'categorical', count: a.count + b.count, missing: a.missing + b.missing, counts, overflow };
}

/** The summary of the union of windows (over the same baseline bins); its time span covers them all. */
export function mergeSummaries(summaries: readonly WindowSummary[], limits: SummaryLimits = {}): WindowSummary {
  if (summaries.length === 0) throw new Error('mergeSummaries needs at least one summary');
  const maxCategories = limits.maxCategories ?? DEFAULT_MAX_CATEGORIES;
  const [first, ...rest] = summaries;
  let features: Record<string, FeatureSummary> = { ...first.features };
  let { start, end, records, malformed } = first;
  for (const s of rest) {
    if (s.binsId !== first.binsId) throw new Error(`cannot merge summaries over different baselines (${first.binsId} and ${s.binsId})`);
    const next: Record<string, FeatureSummary> = {};
    for (const [name, f] of Object.entries(features)) {
      const g = s.features[name];
      if (!g) throw new Error(`summary of ${s.start} has no feature '${name}'`);
      if (f.kind === 'numeric' && g.kind === 'numeric') next[name] = mergeNumeric(f, g);
      else if (f.kind === 'categorical' && g.kind === 'categorical') next[name] = mergeCategorical(f, g, maxCategories);
      else throw new Error(`feature '${name}' is numeric in one summary and categorical in another`);
    }
    features = next;
    if (s.start < start) start = s.start;
    if (s.end > end) end = s.end;
    records += s.records;
    malformed += s.malformed;
  }
  return { version: 1, binsId: first.binsId, start, end, records, malformed, features };
}

/** The standard deviation (sample, n - 1) of a numeric summary. */
export function summaryStdDev(s: NumericSummary): number {
  return s.count > 1 ? Math.sqrt(s.m2 / (s.count - 1)) : 0;
}

/** Checks a parsed summary.json (a summary written by another run) before merging it; throws with the reason. */
export function parseSummary(json: unknown): WindowSummary {
  const s = json as WindowSummary;
  if (!s || typeof s !== 'object' || s.version !== 1 || typeof s.binsId !== 'string' || typeof s.features !== 'object') {
    throw new Error('not a window summary (version 1)');
  }
  for (const [name, f] of Object.entries(s.features)) {
    if (f.kind === 'numeric' && !Array.isArray(f.counts)) throw new Error(`summary feature '${name}' has no counts`);
    if (f.kind !== 'numeric' && f.kind !== 'categorical') throw new Error(`summary feature '${name}' has kind '${(f as { kind: string }).kind}'`);
  }
  return s;
}
