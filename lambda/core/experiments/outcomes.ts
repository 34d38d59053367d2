/**
 * Outcome events joined to the variant that answered (by inferenceId), summed per metric and variant into the
 * sufficient statistics the tests need, so files are read as streams and nothing per unit is kept but the join key.
 * Pure.
 */
import type { AbMetricConfig, OutcomeEvent } from '../../../contracts/experiments';
import type { MetricInput } from './ab-decision';

/** Sums of one metric in one variant (x is the CUPED covariate, y the outcome). */
export interface OutcomeSums {
  n: number;
  sumY: number;
  sumY2: number;
  sumX: number;
  sumX2: number;
  sumXY: number;
  /** Units with a covariate (CUPED needs it on every unit). */
  withCovariate: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An outcome line, or undefined when malformed (the caller counts it). */
export function parseOutcomeLine(line: string): OutcomeEvent | undefined {
  let v: unknown;
  try { v = JSON.parse(line); } catch { return undefined; }
  if (!isObject(v) || typeof v.inferenceId !== 'string' || v.inferenceId === '' || typeof v.metric !== 'string') return undefined;
  const value = typeof v.value === 'boolean' ? Number(v.value) : v.value;
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (v.covariate !== undefined && (typeof v.covariate !== 'number' || !Number.isFinite(v.covariate))) return undefined;
  return { inferenceId: v.inferenceId, metric: v.metric, value, ...(typeof v.covariate === 'number' ? { covariate: v.covariate } : {}) };
}

const empty = (): OutcomeSums => ({ n: 0, sumY: 0, sumY2: 0, sumX: 0, sumX2: 0, sumXY: 0, withCovariate: 0 });

/** Accumulates outcomes per metric and variant. */
export class OutcomeAccumulator {
  /** sums[metric][variantIndex] */
  readonly sums = new Map<string, OutcomeSums[]>();
  unjoined = 0;
  invalid = 0;

  constructor(private readonly metrics: readonly AbMetricConfig[], variants: number) {
    for (const m of metrics) this.sums.set(m.name, Array.from({ length: variants }, empty));
  }

  /** Adds an outcome of the unit `variant` answered (undefined: its inference is not in the captures read). */
  add(o: OutcomeEvent, variant: number | undefined): void {
    const perVariant = this.sums.get(o.metric);
    if (!perVariant) return; // a metric this experiment does not analyse
    if (variant === undefined) { this.unjoined++; return; }
    const config = this.metrics.find((m) => m.name === o.metric)!;
    if (config.kind === 'proportion' && o.value !== 0 && o.value !== 1) { this.invalid++; return; }
    const s = perVariant[variant];
    s.n++; s.sumY += o.value; s.sumY2 += o.value * o.value;
    if (o.covariate !== undefined) {
      s.withCovariate++; s.sumX += o.covariate; s.sumX2 += o.covariate * o.covariate; s.sumXY += o.covariate * o.value;
    }
  }

  /** The decision's metric inputs for control (index 0) vs `treatment`. */
  metricInputs(treatment: number): MetricInput[] {
    return this.metrics.map((m) => {
      const a = this.sums.get(m.name)![0];
      const b = this.sums.get(m.name)![treatment];
      const base = { name: m.name, higherIsBetter: m.higherIsBetter, ...(m.primary ? { primary: true } : {}) };
      if (m.kind === 'proportion' && !m.cuped) return { ...base, proportions: { xA: a.sumY, nA: a.n, xB: b.sumY, nB: b.n } };
      if (m.cuped && a.withCovariate === a.n && b.withCovariate === b.n && a.n > 1 && b.n > 1) {
        const sums = (s: OutcomeSums) => ({ n: s.n, sumX: s.sumX, sumY: s.sumY, sumX2: s.sumX2, sumY2: s.sumY2, sumXY: s.sumXY });
        return { ...base, cuped: { a: sums(a), b: sums(b) } };
      }
      const mv = (s: OutcomeSums) => {
        const mean = s.n > 0 ? s.sumY / s.n : 0;
        return { mean, variance: s.n > 1 ? (s.sumY2 - s.n * mean * mean) / (s.n - 1) : 0 };
      };
      const ma = mv(a);
      const mb = mv(b);
      return { ...base, means: { nA: a.n, meanA: ma.mean, varA: ma.variance, nB: b.n, meanB: mb.mean, varB: mb.variance } };
    });
  }
}
