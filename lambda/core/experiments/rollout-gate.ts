/**
 * A statistical rollout gate: candidate vs stable with the always-valid mSPRT (GrowthBook's parameterisation), so
 * the controller may check it at every poll without inflating false rollbacks. It says WORSE only when the
 * always-valid confidence interval of (candidate - stable) lies entirely above the tolerated margin for one of:
 * the 5XX rate, the mean latency, an outcome metric (where lower is worse). Beside the fixed thresholds (alarms),
 * not instead of them: an alarm catches a disaster at once, the gate catches a small but real regression.
 *
 * Interface for the rollout policy: call `sequentialGate(input)` at each check with cumulative counts since the
 * candidate started taking traffic; on verdict WORSE, treat it as an alarm in ALARM named `gate.name` (the policy's
 * rollback path). The same alpha covers all three metrics together (Bonferroni: alpha/3 each, so the rate of false
 * rollbacks of a candidate as good as stable stays <= alpha under continuous checking). Pure.
 */
import { msprtHalfWidth, growthbookRho2 } from './msprt';

export interface RateCounts {
  readonly requests: number;
  readonly errors: number;
}

/** Mean and sample variance of a per-request (or per-unit) measure, with its count. */
export interface MeanSummary {
  readonly n: number;
  readonly mean: number;
  readonly variance: number;
}

export interface SequentialGateInput {
  readonly stable5xx: RateCounts;
  readonly candidate5xx: RateCounts;
  /** Latency in ms (any unit works, margins are in the same unit). */
  readonly stableLatency?: MeanSummary;
  readonly candidateLatency?: MeanSummary;
  /** An outcome where higher is better (conversion, accuracy), e.g. from joined outcome events. */
  readonly stableOutcome?: MeanSummary;
  readonly candidateOutcome?: MeanSummary;
  /** Family-wise false-rollback rate. Default 0.05. */
  readonly alpha?: number;
  /** GrowthBook N* (where the interval is tightest). Default 5000. */
  readonly nStar?: number;
  /** Tolerated increase of the 5XX rate (absolute). Default 0. */
  readonly max5xxIncrease?: number;
  /** Tolerated latency increase, in the latency's unit. Default 0. */
  readonly maxLatencyIncrease?: number;
  /** Tolerated outcome decrease. Default 0. */
  readonly maxOutcomeDecrease?: number;
  /** Candidate requests before the gate judges. Default 200. */
  readonly minRequests?: number;
}

export interface GateMetric {
  readonly name: '5xx' | 'latency' | 'outcome';
  /** candidate - stable (for outcome: stable - candidate, so positive is always "worse"). */
  readonly harm: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly worse: boolean;
}

export interface SequentialGateVerdict {
  readonly verdict: 'WORSE' | 'OK' | 'INSUFFICIENT';
  readonly detail: string;
  readonly metrics: GateMetric[];
}

/** Always-valid CI for a difference d with variance V, GrowthBook's tau2 = rho2 * V * n. */
function interval(d: number, V: number, n: number, alpha: number, nStar: number): [number, number] {
  if (!(V > 0)) return [-Infinity, Infinity];
  const tau2 = growthbookRho2(alpha, nStar) * V * n;
  const h = msprtHalfWidth(V, tau2, alpha);
  return [d - h, d + h];
}

export function sequentialGate(input: SequentialGateInput): SequentialGateVerdict {
  const minRequests = input.minRequests ?? 200;
  if (input.candidate5xx.requests < minRequests || input.stable5xx.requests < minRequests) {
    return { verdict: 'INSUFFICIENT', detail: `${input.candidate5xx.requests} candidate and ${input.stable5xx.requests} stable requests, need ${minRequests} each`, metrics: [] };
  }
  const alpha = input.alpha ?? 0.05;
  const nStar = input.nStar ?? 5000;
  const tests = 1 + (input.stableLatency && input.candidateLatency ? 1 : 0) + (input.stableOutcome && input.candidateOutcome ? 1 : 0);
  const each = alpha / tests;
  const metrics: GateMetric[] = [];
  // 5XX: errors are rare, so the normal approximation is skewed on the small candidate arm. The variance is the
  // larger of the pooled one (right under "same rate") and the unpooled one with half a pseudo-error per arm (right
  // when the candidate's own rate is higher), which keeps false rollbacks within alpha (npm run bench -- experiments).
  const s = input.stable5xx;
  const c = input.candidate5xx;
  const pooled = (s.errors + c.errors + 0.5) / (s.requests + c.requests + 1);
  const ps = (s.errors + 0.5) / (s.requests + 1);
  const pc = (c.errors + 0.5) / (c.requests + 1);
  const v5 = Math.max(pooled * (1 - pooled) * (1 / s.requests + 1 / c.requests), ps * (1 - ps) / s.requests + pc * (1 - pc) / c.requests);
  const d5 = c.errors / c.requests - s.errors / s.requests;
  const [l5, u5] = interval(d5, v5, s.requests + c.requests, each, nStar);
  const m5 = input.max5xxIncrease ?? 0;
  metrics.push({ name: '5xx', harm: d5, ciLower: l5, ciUpper: u5, worse: l5 > m5 });
  const means = (name: 'latency' | 'outcome', st: MeanSummary, ca: MeanSummary, sign: number, margin: number) => {
    const d = sign * (ca.mean - st.mean);
    const V = st.variance / st.n + ca.variance / ca.n;
    const [lo, hi] = interval(d, V, st.n + ca.n, each, nStar);
    metrics.push({ name, harm: d, ciLower: lo, ciUpper: hi, worse: lo > margin });
  };
  if (input.stableLatency && input.candidateLatency) means('latency', input.stableLatency, input.candidateLatency, 1, input.maxLatencyIncrease ?? 0);
  if (input.stableOutcome && input.candidateOutcome) means('outcome', input.stableOutcome, input.candidateOutcome, -1, input.maxOutcomeDecrease ?? 0);
  const worse = metrics.filter((m) => m.worse);
  const fmt = (m: GateMetric) => `${m.name} harm ${m.harm.toPrecision(3)} (always-valid CI ${m.ciLower.toPrecision(3)}..${m.ciUpper.toPrecision(3)})`;
  if (worse.length > 0) return { verdict: 'WORSE', detail: `candidate worse than stable: ${worse.map(fmt).join('; ')}`, metrics };
  return { verdict: 'OK', detail: `no evidence of harm: ${metrics.map(fmt).join('; ')}`, metrics };
}
