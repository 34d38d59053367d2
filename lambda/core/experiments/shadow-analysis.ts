/**
 * Shadow analysis: the shadow's (or candidate's) answers against production's on the same requests. For
 * classification the agreement rate and the class-flip matrix (production class -> shadow class); for regression the
 * mean absolute and mean relative difference; for both, the difference in error rate and latency of the two variants
 * over the same window (CloudWatch figures, given by the caller). Gates (e.g. minimum agreement) judge the result
 * for DeploymentStrategy.shadowFirst or for an alarm. Pure.
 */
import { AnswerPair, readPrediction } from './answers';

export type ShadowProblem = 'classification' | 'regression';

export interface ShadowAnalysisOptions {
  readonly problem: ShadowProblem;
  /** Classification from scores: label 1 when score >= threshold. Default: the answers are labels. */
  readonly threshold?: number;
  /** Relative differences divide by max(|production|, this) to stay finite near zero. Default 1e-9. */
  readonly relativeFloor?: number;
}

/** Error rate and latency of one variant over the window (CloudWatch Invocation5XXErrors Average, ModelLatency). */
export interface VariantHealth {
  readonly requests: number;
  readonly errorRate: number;
  readonly meanLatencyMs?: number;
  readonly p99LatencyMs?: number;
}

export interface ShadowAnalysis {
  /** Pairs compared (both answers readable). */
  readonly compared: number;
  /** Pairs whose answer could not be read as a prediction. */
  readonly unreadable: number;
  /** Classification: share of pairs with the same class, and flips[production][shadow] counts. */
  readonly agreementRate?: number;
  readonly flips?: Record<string, Record<string, number>>;
  /** Regression: mean |shadow - production| and mean |shadow - production| / |production|. */
  readonly meanAbsoluteDifference?: number;
  readonly meanRelativeDifference?: number;
  /** Shadow minus production, when both health figures are given. */
  readonly errorRateDifference?: number;
  readonly p99LatencyDifferenceMs?: number;
  readonly meanLatencyDifferenceMs?: number;
}

export function analyseShadow(pairs: readonly AnswerPair[], o: ShadowAnalysisOptions, production?: VariantHealth, shadow?: VariantHealth): ShadowAnalysis {
  let compared = 0;
  let unreadable = 0;
  let agree = 0;
  let absSum = 0;
  let relSum = 0;
  const flips: Record<string, Record<string, number>> = {};
  const floor = o.relativeFloor ?? 1e-9;
  for (const p of pairs) {
    const a = readPrediction(p.production.output, o.threshold);
    const b = readPrediction(p.shadow.output, o.threshold);
    if (o.problem === 'classification') {
      if (a?.label === undefined || b?.label === undefined) { unreadable++; continue; }
      compared++;
      if (a.label === b.label) agree++;
      flips[a.label] = flips[a.label] ?? {};
      flips[a.label][b.label] = (flips[a.label][b.label] ?? 0) + 1;
    } else {
      if (a?.value === undefined || b?.value === undefined) { unreadable++; continue; }
      compared++;
      const d = Math.abs(b.value - a.value);
      absSum += d;
      relSum += d / Math.max(Math.abs(a.value), floor);
    }
  }
  const health = production && shadow ? {
    errorRateDifference: shadow.errorRate - production.errorRate,
    ...(production.p99LatencyMs !== undefined && shadow.p99LatencyMs !== undefined ? { p99LatencyDifferenceMs: shadow.p99LatencyMs - production.p99LatencyMs } : {}),
    ...(production.meanLatencyMs !== undefined && shadow.meanLatencyMs !== undefined ? { meanLatencyDifferenceMs: shadow.meanLatencyMs - production.meanLatencyMs } : {}),
  } : {};
  if (o.problem === 'classification') {
    return { compared, unreadable, ...(compared > 0 ? { agreementRate: agree / compared } : {}), flips, ...health };
  }
  return {
    compared, unreadable,
    ...(compared > 0 ? { meanAbsoluteDifference: absSum / compared, meanRelativeDifference: relSum / compared } : {}),
    ...health,
  };
}

/** Limits a shadow must meet; an absent limit is not checked. */
export interface ShadowAnalysisGates {
  readonly minCompared?: number;
  readonly minAgreementRate?: number;
  readonly maxMeanAbsoluteDifference?: number;
  readonly maxMeanRelativeDifference?: number;
  readonly maxErrorRateIncrease?: number;
  readonly maxP99LatencyIncreaseMs?: number;
}

export interface ShadowGateVerdict {
  readonly result: 'PASS' | 'FAIL' | 'INSUFFICIENT';
  readonly detail: string;
}

/** Judges an analysis against gates. A gate whose figure is missing is "not yet", never a pass. */
export function judgeShadowAnalysis(a: ShadowAnalysis, g: ShadowAnalysisGates): ShadowGateVerdict {
  const need = g.minCompared ?? 100;
  if (a.compared < need) return { result: 'INSUFFICIENT', detail: `${a.compared} of ${need} paired answers compared` };
  const failures: string[] = [];
  const missing: string[] = [];
  const check = (name: string, value: number | undefined, limit: number | undefined, worseIfAbove: boolean) => {
    if (limit === undefined) return;
    if (value === undefined) { missing.push(name); return; }
    if (worseIfAbove ? value > limit : value < limit) failures.push(`${name} ${value.toPrecision(4)} (limit ${limit})`);
  };
  check('agreement', a.agreementRate, g.minAgreementRate, false);
  check('mean absolute difference', a.meanAbsoluteDifference, g.maxMeanAbsoluteDifference, true);
  check('mean relative difference', a.meanRelativeDifference, g.maxMeanRelativeDifference, true);
  check('error-rate increase', a.errorRateDifference, g.maxErrorRateIncrease, true);
  check('p99 latency increase (ms)', a.p99LatencyDifferenceMs, g.maxP99LatencyIncreaseMs, true);
  if (failures.length > 0) return { result: 'FAIL', detail: failures.join('; ') };
  if (missing.length > 0) return { result: 'INSUFFICIENT', detail: `no figure yet for ${missing.join(', ')}` };
  return { result: 'PASS', detail: `${a.compared} pairs within every gate` };
}
