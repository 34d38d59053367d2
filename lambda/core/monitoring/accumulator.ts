/**
 * Builds a window summary record by record in constant memory (the hot path of the drift monitor: typed arrays, a
 * binary search per numeric value, Welford's moments).
 */
import type { Baseline } from './baseline';
import {
  binsId, DEFAULT_MAX_CATEGORIES, type FeatureSummary, type SummaryLimits, type WindowSummary,
} from './summary';

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * A plain decimal (optional sign, digits, optional fraction, at most 15 digits) parsed straight from the text:
 * the exact integer mantissa divided by an exact power of ten is correctly rounded, so the result equals
 * Number(text). Undefined for anything else (exponents, long mantissas, junk), which the caller parses with Number.
 */
export function parsePlainDecimal(s: string, from: number, to: number): number | undefined {
  let i = from;
  let c = s.charCodeAt(i);
  const neg = c === 45;
  if (neg || c === 43) i++;
  let mant = 0;
  let digits = 0;
  let scale = 0;
  while (i < to) {
    c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    mant = mant * 10 + (c - 48);
    digits++;
    i++;
  }
  if (i < to && s.charCodeAt(i) === 46) {
    i++;
    while (i < to) {
      c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      mant = mant * 10 + (c - 48);
      digits++;
      scale++;
      i++;
    }
  }
  if (i !== to || digits === 0 || digits > 15) return undefined;
  const v = scale ? mant / POW10[scale] : mant;
  return neg ? -v : v;
}

/** Cells of the bin lookup grid per inner edge (a value's bin is found in one or two steps, not ~7). */
const GRID_PER_EDGE = 4;

/** The state of one numeric feature (exported for the byte-level hot path). */
export class NumericSlot {
  readonly counts: Float64Array;
  count = 0;
  missing = 0;
  invalid = 0;
  // Moments as sums of deviations from the first value (no division per value; stable when the shift is typical).
  private shift = NaN;
  private s1 = 0;
  private s2 = 0;
  min = Infinity;
  max = -Infinity;
  // Bin lookup: a uniform grid over [edges[0], edges[last]] whose cell c holds the bin of the cell's start; the
  // bin is then corrected by a step or two against the edges themselves, so the grid only speeds the search up and
  // never decides it (the same bin as a binary search, for every value).
  private readonly grid: Int32Array;
  private readonly lo: number;
  private readonly scale: number;
  constructor(readonly edges: Float64Array) {
    this.counts = new Float64Array(edges.length + 1);
    const n = edges.length;
    const span = n > 1 ? edges[n - 1] - edges[0] : 0;
    const cells = n * GRID_PER_EDGE;
    this.lo = n > 0 ? edges[0] : 0;
    this.scale = span > 0 && Number.isFinite(span) ? cells / span : 0;
    this.grid = new Int32Array(this.scale > 0 ? cells + 1 : 1);
    if (this.scale > 0) {
      let b = 0;
      for (let c = 0; c <= cells; c++) {
        const start = this.lo + c / this.scale;
        while (b < n && edges[b] <= start) b++;
        this.grid[c] = b;
      }
    }
  }

  /** The bin of v: the number of edges <= v (bin i holds edges[i-1] <= v < edges[i]). */
  bin(v: number): number {
    const e = this.edges;
    const n = e.length;
    let b: number;
    if (this.scale > 0) {
      const c = Math.floor((v - this.lo) * this.scale);
      b = c >= 0 ? (c < this.grid.length ? this.grid[c] : n) : 0;
    } else b = 0;
    while (b > 0 && e[b - 1] > v) b--;
    while (b < n && e[b] <= v) b++;
    return b;
  }

  add(v: number): void {
    this.counts[this.bin(v)]++;
    const n = ++this.count;
    if (n === 1) this.shift = v;
    const d = v - this.shift;
    this.s1 += d;
    this.s2 += d * d;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  summary(): FeatureSummary {
    return {
      kind: 'numeric', count: this.count, missing: this.missing, invalid: this.invalid,
      mean: this.count ? this.shift + this.s1 / this.count : 0,
      m2: this.count ? Math.max(0, this.s2 - (this.s1 * this.s1) / this.count) : 0,
      min: this.min, max: this.max, counts: Array.from(this.counts),
    };
  }
}

class CategoricalSlot {
  readonly counts = new Map<string, number>();
  count = 0;
  missing = 0;
  overflow = 0;
  constructor(private readonly maxCategories: number) {}

  add(v: string): void {
    this.count++;
    const c = this.counts.get(v);
    if (c !== undefined) this.counts.set(v, c + 1);
    else if (this.counts.size < this.maxCategories) this.counts.set(v, 1);
    else this.overflow++;
  }

  summary(): FeatureSummary {
    return { kind: 'categorical', count: this.count, missing: this.missing, counts: Object.fromEntries(this.counts), overflow: this.overflow };
  }
}

/** Accumulates the records of one window against a baseline's bins. */
export class WindowAccumulator {
  /** Feature names in schema order (the baseline's). */
  readonly names: readonly string[];
  private readonly slots: (NumericSlot | CategoricalSlot)[];
  private readonly id: string;
  private readonly numeric: (NumericSlot | undefined)[];
  records = 0;
  malformed = 0;

  constructor(baseline: Baseline, limits: SummaryLimits = {}) {
    const maxCategories = limits.maxCategories ?? DEFAULT_MAX_CATEGORIES;
    this.names = baseline.features.map((f) => f.name);
    this.slots = baseline.features.map((f) =>
      f.kind === 'numeric' ? new NumericSlot(Float64Array.from(f.edges)) : new CategoricalSlot(maxCategories));
    this.id = binsId(baseline);
    this.numeric = this.slots.map((s) => (s instanceof NumericSlot ? s : undefined));
  }

  /** The numeric slot of feature i, or undefined for a categorical feature. */
  numericSlot(i: number): NumericSlot | undefined {
    return this.numeric[i];
  }

  /** Whether feature i is numeric. */
  isNumeric(i: number): boolean {
    return this.slots[i] instanceof NumericSlot;
  }

  /** A numeric value of feature i (NaN or ±Infinity count as invalid). */
  addNumber(i: number, v: number): void {
    const s = this.slots[i] as NumericSlot;
    if (v - v === 0) s.add(v);
    else s.invalid++;
  }

  /** A raw text value of feature i (CSV cell, JSON value): empty is missing; numeric features parse it. */
  addText(i: number, text: string | undefined | null): void {
    const s = this.slots[i];
    if (text === undefined || text === null || text === '') {
      s.missing++;
      return;
    }
    if (s instanceof NumericSlot) {
      const v = +text;
      // +'' and +' ' are 0: only a zero needs the (rare) whitespace check.
      if (v - v === 0 && (v !== 0 || text.trim() !== '')) s.add(v);
      else if (text.trim() === '') s.missing++;
      else s.invalid++;
    } else s.add(text);
  }

  /** The text s[from, to) of feature i (a CSV cell inside a longer string: no slice for plain decimals). */
  addRange(i: number, s: string, from: number, to: number): void {
    const slot = this.slots[i];
    if (from >= to) {
      slot.missing++;
      return;
    }
    if (slot instanceof NumericSlot) {
      const v = parsePlainDecimal(s, from, to);
      if (v !== undefined) {
        slot.add(v);
        return;
      }
    }
    this.addText(i, s.slice(from, to));
  }

  /** A JSON value of feature i. */
  addValue(i: number, v: unknown): void {
    if (typeof v === 'number') {
      const s = this.slots[i];
      if (s instanceof NumericSlot) this.addNumber(i, v);
      else s.add(String(v));
    } else if (typeof v === 'string') this.addText(i, v);
    else if (typeof v === 'boolean') this.addText(i, this.slots[i] instanceof NumericSlot ? (v ? '1' : '0') : String(v));
    else if (v === null || v === undefined) this.slots[i].missing++;
    else if (this.slots[i] instanceof NumericSlot) (this.slots[i] as NumericSlot).invalid++;
    else (this.slots[i] as CategoricalSlot).add(JSON.stringify(v));
  }

  /** Feature i absent from a record. */
  addMissing(i: number): void {
    this.slots[i].missing++;
  }

  summary(start: string, end: string): WindowSummary {
    const features: Record<string, FeatureSummary> = {};
    this.names.forEach((n, i) => { features[n] = this.slots[i].summary(); });
    return { version: 1, binsId: this.id, start, end, records: this.records, malformed: this.malformed, features };
  }
}
