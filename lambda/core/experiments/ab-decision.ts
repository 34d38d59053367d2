/**
 * The A/B decision: is the treatment variant better than, worse than, or not distinguishable from the control?
 * Order of judgement, every time the analysis runs:
 *  1. sample-ratio mismatch (SRM) of the units over the variants against the configured weights: a mismatch blocks
 *     the decision (the assignment or the logging is broken, so no comparison is trustworthy) and says so;
 *  2. too few units in an arm: inconclusive, "collecting";
 *  3. per metric, an always-valid mSPRT (GrowthBook's parameterisation by default, so the decision may be read at
 *     any time) or a fixed-horizon test (z for proportions, Welch for means), optionally CUPED-adjusted;
 *  4. the p-values of all metrics corrected together for multiplicity (Holm by default);
 *  5. worse when any metric is significantly worse in its own direction; better when the primary metric is
 *     significantly better and no metric is significantly worse; else inconclusive.
 * Pure.
 */
import { CovariateSums, cuped } from './cuped';
import { twoProportionZTest, welchTTest } from './fixed-horizon';
import { adjustPValues, CorrectionMethod } from '../stats/multiplicity';
import { ArmsSummary, msprtLook } from './msprt';
import { DEFAULT_SRM_THRESHOLD, srmChiSquare } from './srm';

export type Verdict = 'better' | 'worse' | 'inconclusive' | 'blocked';
export type TestKind = 'sequential' | 'fixed-horizon';

/** One metric's data for both arms: proportions (successes of n), means, or CUPED sums (Y with pre-period X). */
export interface MetricInput {
  readonly name: string;
  /** true when a larger value is better (conversion, accuracy); false for cost, latency, error rate. */
  readonly higherIsBetter: boolean;
  /** The metric that decides "better"; the others are guardrails. Default: the first metric. */
  readonly primary?: boolean;
  readonly proportions?: { readonly xA: number; readonly nA: number; readonly xB: number; readonly nB: number };
  readonly means?: ArmsSummary;
  readonly cuped?: { readonly a: CovariateSums; readonly b: CovariateSums };
}

export interface AbDecisionInput {
  /** Units per variant, control first, and the weights they were assigned with (SRM check). */
  readonly unitCounts: readonly number[];
  readonly weights: readonly number[];
  readonly metrics: readonly MetricInput[];
  readonly alpha?: number;
  readonly test?: TestKind;
  readonly correction?: CorrectionMethod;
  /** GrowthBook N* of the sequential test. Default 5000. */
  readonly nStar?: number;
  /** Units each arm needs before any verdict other than blocked. Default 100. */
  readonly minUnitsPerArm?: number;
  readonly srmThreshold?: number;
  /** Sequential test: each metric's always-valid p-value of the previous analysis (by name); kept as a running minimum. */
  readonly previousPValues?: Readonly<Record<string, number>>;
}

export interface MetricResult {
  readonly name: string;
  /** B - A (absolute difference of means or proportions; CUPED-adjusted when CUPED was used). */
  readonly estimate: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly pValue: number;
  readonly adjustedPValue: number;
  readonly significant: boolean;
  /** improved / degraded / flat, in the metric's own direction. */
  readonly direction: 'improved' | 'degraded' | 'flat';
  readonly cupedVarianceReduction?: number;
}

export interface AbDecision {
  readonly verdict: Verdict;
  /** One sentence a person can act on. */
  readonly reason: string;
  readonly srmPValue: number;
  readonly metrics: MetricResult[];
}

function testMetric(m: MetricInput, test: TestKind, alpha: number, nStar: number): Omit<MetricResult, 'adjustedPValue' | 'significant' | 'direction' | 'name'> {
  let arms: ArmsSummary | undefined = m.means;
  let reduction: number | undefined;
  if (m.cuped) {
    const c = cuped(m.cuped.a, m.cuped.b);
    arms = c.adjusted;
    reduction = c.varianceReduction;
  }
  if (test === 'fixed-horizon') {
    const r = m.proportions && !arms
      ? twoProportionZTest(m.proportions.xA, m.proportions.nA, m.proportions.xB, m.proportions.nB, alpha)
      : welchTTest(arms!, alpha);
    return { estimate: r.estimate, ciLower: r.ciLower, ciUpper: r.ciUpper, pValue: Number.isFinite(r.pValue) ? r.pValue : 1, ...(reduction !== undefined ? { cupedVarianceReduction: reduction } : {}) };
  }
  if (!arms && m.proportions) {
    const p = m.proportions;
    const pa = p.xA / p.nA;
    const pb = p.xB / p.nB;
    arms = { nA: p.nA, meanA: pa, varA: pa * (1 - pa), nB: p.nB, meanB: pb, varB: pb * (1 - pb) };
  }
  const look = msprtLook(arms!, { alpha, growthbookNStar: nStar });
  // No variance in either arm (e.g. no conversion anywhere yet): no evidence, p = 1, not NaN (NaN would poison the correction).
  if (!Number.isFinite(look.pLook)) return { estimate: look.d, ciLower: -Infinity, ciUpper: Infinity, pValue: 1 };
  return { estimate: look.d, ciLower: look.ciLower, ciUpper: look.ciUpper, pValue: look.pLook, ...(reduction !== undefined ? { cupedVarianceReduction: reduction } : {}) };
}

function armSizes(m: MetricInput): [number, number] {
  if (m.cuped) return [m.cuped.a.n, m.cuped.b.n];
  if (m.means) return [m.means.nA, m.means.nB];
  if (m.proportions) return [m.proportions.nA, m.proportions.nB];
  throw new Error(`metric '${m.name}' has no data: give proportions, means or cuped`);
}

/**
 * Decides control (A) vs treatment (B). With `test: 'sequential'` the p-value of each analysis is GrowthBook's
 * 1/Lambda of that look; a caller that passes the previous analysis's p-values (`previousPValues`; the handler
 * keeps them) gets the running minimum, Johari et al.'s always-valid p-value, valid under continuous monitoring.
 * The sign of a significant metric is taken from its current estimate.
 */
export function decideAb(input: AbDecisionInput): AbDecision {
  const alpha = input.alpha ?? 0.05;
  const srm = srmChiSquare(input.unitCounts, input.weights, input.srmThreshold ?? DEFAULT_SRM_THRESHOLD);
  if (srm.srmDetected) {
    const observed = input.unitCounts.join(' / ');
    const expected = srm.expectedCounts.map((e) => e.toFixed(0)).join(' / ');
    return {
      verdict: 'blocked', srmPValue: srm.pValue, metrics: [],
      reason: `sample ratio mismatch: units ${observed} vs expected ${expected} from the weights (chi-square p = ${srm.pValue.toExponential(2)} < ${input.srmThreshold ?? DEFAULT_SRM_THRESHOLD}); fix assignment or logging before reading any metric`,
    };
  }
  if (input.metrics.length === 0) throw new Error('decideAb needs at least one metric');
  const minUnits = input.minUnitsPerArm ?? 100;
  const small = input.metrics.find((m) => Math.min(...armSizes(m)) < minUnits);
  if (small) {
    const [a, b] = armSizes(small);
    return { verdict: 'inconclusive', srmPValue: srm.pValue, metrics: [], reason: `collecting: metric '${small.name}' has ${a} and ${b} units, needs ${minUnits} per arm` };
  }
  const test = input.test ?? 'sequential';
  const raw = input.metrics.map((m) => {
    const r = testMetric(m, test, alpha, input.nStar ?? 5000);
    const before = input.previousPValues?.[m.name];
    return test === 'sequential' && before !== undefined && before < r.pValue ? { ...r, pValue: before } : r;
  });
  const adjusted = adjustPValues(raw.map((r) => r.pValue), input.correction ?? 'holm');
  const metrics: MetricResult[] = raw.map((r, i) => {
    const m = input.metrics[i];
    const significant = adjusted[i] <= alpha;
    const up = r.estimate > 0 === m.higherIsBetter;
    return { name: m.name, ...r, adjustedPValue: adjusted[i], significant, direction: !significant ? 'flat' : up ? 'improved' : 'degraded' };
  });
  const primaryIndex = Math.max(0, input.metrics.findIndex((m) => m.primary));
  const primary = metrics[primaryIndex];
  const degraded = metrics.filter((m) => m.direction === 'degraded');
  const describe = (m: MetricResult) => `${m.name} ${m.estimate >= 0 ? '+' : ''}${m.estimate.toPrecision(3)} (CI ${m.ciLower.toPrecision(3)}..${m.ciUpper.toPrecision(3)}, adjusted p ${m.adjustedPValue.toPrecision(3)})`;
  if (degraded.length > 0) {
    return { verdict: 'worse', srmPValue: srm.pValue, metrics, reason: `treatment is worse on ${degraded.map(describe).join('; ')}` };
  }
  if (primary.direction === 'improved') {
    return { verdict: 'better', srmPValue: srm.pValue, metrics, reason: `treatment is better on ${describe(primary)}, no metric worse` };
  }
  return { verdict: 'inconclusive', srmPValue: srm.pValue, metrics, reason: `no significant difference yet on ${describe(primary)}` };
}
