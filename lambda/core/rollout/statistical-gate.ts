/**
 * The rollout's statistical gate: the plan's `statisticalGate` applied to the signals' comparison (variant-comparison.ts)
 * with lambda/core/experiments' sequentialGate (always-valid mSPRT, GrowthBook's parameterisation), so the policy may
 * look at every check without inflating false rollbacks. Returns why the candidate is worse, or undefined.
 *
 * With `maxLatencyIncreaseMs` the plan's alpha is split between the 5XX and the latency test (alpha/2 each) from the
 * first look on, also while latency cannot be compared yet: a 5XX test run at the full alpha early and at half later
 * would spend more than alpha over the rollout.
 */
import { sequentialGate } from '../experiments/rollout-gate';
import type { RolloutSignals } from './signals';
import type { RolloutPlan } from './strategy';

export function judgeStatisticalGate(plan: RolloutPlan, signals: RolloutSignals): string | undefined {
  const g = plan.statisticalGate;
  const c = signals.comparison;
  if (!g || !c) return undefined;
  const withLatency = g.maxLatencyIncreaseMs !== undefined;
  const latency = withLatency ? c.latency : undefined;
  const v = sequentialGate({
    stable5xx: c.stable, candidate5xx: c.candidate, max5xxIncrease: g.max5xxIncrease, minRequests: g.minRequests,
    // sequentialGate divides alpha by the number of metrics it is given.
    alpha: withLatency && !latency ? g.alpha / 2 : g.alpha,
    ...(latency ? { stableLatency: latency.stable, candidateLatency: latency.candidate, maxLatencyIncrease: g.maxLatencyIncreaseMs } : {}),
  });
  if (v.verdict !== 'WORSE') return undefined;
  return latency ? `${v.detail} (latency in ms over ${latency.minutes} complete minutes)` : v.detail;
}
