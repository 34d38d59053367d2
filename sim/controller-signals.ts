/**
 * What the simulated controller reads at a check, as the deployed controller could read it in AWS: alarm states (and
 * the metric guard's), the candidate's published invocations, the live weights, the statistical gate's complete
 * periods (1-minute, or the plan's metricsPeriodSeconds, as lambda/handlers/rollout-controller/comparison.ts reads
 * them) and, during a shadow run, both variants' published summaries.
 */
import {
  comparisonPeriodSeconds, RolloutPlan, RolloutSignals, RolloutState, userInvocations, variantComparison, VariantWeights,
} from '../lambda/core/rollout';
import type { MetricStore, SimAlarm } from './cloudwatch';

export interface SignalSources {
  readonly plan: RolloutPlan;
  readonly metrics: MetricStore;
  /** The CloudWatch alarm and, when on, the metric guard. */
  readonly alarms: readonly SimAlarm[];
}

export function controllerSignals(src: SignalSources, s: RolloutState, live: VariantWeights, now: number): RolloutSignals {
  const { plan, metrics } = src;
  const since = s.trafficSince;
  const period = since !== undefined ? comparisonPeriodSeconds(plan.metricsPeriodSeconds, since, now) : 60;
  const signals: RolloutSignals = {
    alarms: src.alarms.map((a) => ({ name: a.name, state: a.state })),
    candidateInvocations: userInvocations(metrics.summary('candidate', s.phaseStartedAt, now,
      comparisonPeriodSeconds(plan.metricsPeriodSeconds, s.phaseStartedAt, now)).count, s),
    liveWeights: live,
    // The statistical gate (and on sub-minute data the count test) compares the variants since the candidate was
    // first ordered traffic, on the complete published periods, as the controller does.
    ...((plan.statisticalGate || plan.metricsPeriodSeconds !== undefined) && since !== undefined ? { comparison: variantComparison({
      stable: metrics.minutes('stable', since, now, period), candidate: metrics.minutes('candidate', since, now, period),
    }, since, now, period) } : {}),
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
