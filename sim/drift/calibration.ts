/**
 * The calibration study of the drift decision: seeded windows of one feature type, with no change (false alarms)
 * or a change (detection), through the production accumulator, comparison and decision. Each window's sample is
 * handed to an optional observer, so a reference test (scripts/drift-calibration-reference.js) can judge the same
 * samples. Pure and deterministic: the benchmark's table and the unit tests repeat exactly.
 */
import { compareWithBaseline, computeBaseline, WindowAccumulator, type Baseline, type DriftOptions, type FeatureDrift } from '../../lambda/core/monitoring';
import { SeededRandom } from '../../lambda/core/stats';
import { CategorySampler, changedShares, NO_CHANGE, type DriftChange, type FeatureType } from './feature-types';

/** Values in the study's baselines (a training sample of this size). */
export const CALIBRATION_BASELINE_SIZE = 20000;

export interface CalibrationBaseline {
  readonly type: FeatureType;
  /** The baseline of the one feature `x`, as the baseline job computes it. */
  readonly baseline: Baseline;
  /** The baseline's values ascending (numeric types). */
  readonly values?: Float64Array;
  /** The baseline's count per category, in the type's order (categorical types). */
  readonly categoryCounts?: Int32Array;
}

/** One window's sample: its values (numeric, in draw order) or its count per category. */
export type WindowSample = Float64Array | Int32Array;

export interface CalibrationCell {
  readonly change: DriftChange;
  /** Records per window. */
  readonly size: number;
  readonly windows: number;
  readonly seed: number;
}

export function calibrationBaseline(type: FeatureType, seed: number, size = CALIBRATION_BASELINE_SIZE): CalibrationBaseline {
  const r = new SeededRandom(seed);
  const schema = { features: [{ name: 'x', kind: type.kind }] };
  if (type.kind === 'numeric') {
    const values = new Float64Array(size);
    for (let i = 0; i < size; i++) values[i] = type.draw(r, NO_CHANGE);
    const baseline = computeBaseline(schema, { x: values });
    return { type, baseline, values: values.sort() };
  }
  const sampler = new CategorySampler(type.shares);
  const counts = new Int32Array(type.categories.length);
  const column: string[] = [];
  for (let i = 0; i < size; i++) {
    const k = sampler.draw(r);
    counts[k]++;
    column.push(type.categories[k]);
  }
  return { type, baseline: computeBaseline(schema, { x: column }), categoryCounts: counts };
}

/**
 * Runs the cell's windows; returns how many the library flagged. `observe` sees each window's sample (reused
 * between windows: copy what you keep) and the library's verdict on it.
 */
export function runCalibrationCell(
  base: CalibrationBaseline, cell: CalibrationCell, options: DriftOptions = {},
  observe?: (sample: WindowSample, feature: FeatureDrift) => void,
): number {
  const r = new SeededRandom(cell.seed);
  const type = base.type;
  const sample: WindowSample = type.kind === 'numeric' ? new Float64Array(cell.size) : new Int32Array(type.categories.length);
  const sampler = type.kind === 'categorical' ? new CategorySampler(changedShares(type, cell.change)) : undefined;
  let flagged = 0;
  for (let w = 0; w < cell.windows; w++) {
    const acc = new WindowAccumulator(base.baseline);
    if (type.kind === 'numeric') {
      for (let i = 0; i < cell.size; i++) {
        const v = type.draw(r, cell.change);
        sample[i] = v;
        acc.addNumber(0, v);
      }
    } else {
      sample.fill(0);
      for (let i = 0; i < cell.size; i++) {
        const k = sampler!.draw(r);
        sample[k]++;
        acc.addText(0, type.categories[k]);
      }
    }
    acc.records = cell.size;
    const feature = compareWithBaseline(base.baseline, acc.summary('', ''), options).features[0];
    if (feature.drift) flagged++;
    observe?.(sample, feature);
  }
  return flagged;
}

/**
 * The largest count of alarms in `windows` trials that is still consistent (one-sided, at `confidence`) with a
 * true rate of `rate`: the binomial quantile.
 */
export function binomialUpperCount(windows: number, rate: number, confidence = 0.999): number {
  let cdf = 0;
  let logP = windows * Math.log1p(-rate);
  for (let k = 0; k <= windows; k++) {
    cdf += Math.exp(logP);
    if (cdf >= confidence) return k;
    logP += Math.log((windows - k) / (k + 1)) + Math.log(rate / (1 - rate));
  }
  return windows;
}
