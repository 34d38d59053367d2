/**
 * What the simulated controller reads at a check, as the deployed controller could read it in AWS: alarm states (and
 * the metric guard's), the candidate's published invocations, the live weights, the statistical gate's complete
 * minutes, the count test's verdict and, during a shadow run, both variants' published summaries.
 */
import {
  RolloutPlan, RolloutSignals, RolloutState, userInvocations, variantComparison, VariantWeights,
} from '../lambda/core/rollout';
import type { MetricStore, SimAlarm } from './cloudwatch';
import type { SimCountTest } from './count-test';

export interface SignalSources {
  readonly plan: RolloutPlan;
  readonly metrics: MetricStore;
  /** The CloudWatch alarm and, when on, the metric guard. */
  readonly alarms: readonly SimAlarm[];
  readonly countTest?: SimCountTest;
}

export function controllerSignals(src: SignalSources, s: RolloutState, live: VariantWeights, now: number): RolloutSignals {
  const { plan, metrics } = src;
  const count = src.countTest?.signal(s.trafficSince, now);
  const signals: RolloutSignals = {
    alarms: [...src.alarms.map((a) => ({ name: a.name, state: a.state })), ...(count ? [count] : [])],
    candidateInvocations: userInvocations(metrics.summary('candidate', s.phaseStartedAt, now).count, s),
    liveWeights: live,
    // The statistical gate compares the variants since the candidate was first ordered traffic, on the complete
    // published minutes, as the controller does (lambda/core/rollout/variant-comparison.ts).
    ...(plan.statisticalGate && s.trafficSince !== undefined ? { comparison: variantComparison({
      stable: metrics.minutes('stable', s.trafficSince, now), candidate: metrics.minutes('candidate', s.trafficSince, now),
    }, s.trafficSince, now) } : {}),
  };
  if (s.phase !== 'SHADOW') return signals;
  const st = metrics.summary('stable', s.phaseStartedAt, now);
  const sh = metrics.summary('candidate', s.phaseStartedAt, now);
  if (st.count === 0 || sh.count === 0) return signals;
  return {
    ...signals,
    shadow: {
      stableRequests: st.count, shadowRequests: sh.count,
      stableErrorRate: st.errors / st.count, shadowErrorRate: sh.errors / sh.count,
      stableP99Ms: p99(st.latenciesMs), shadowP99Ms: p99(sh.latenciesMs),
    },
  };
}

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))];
}
