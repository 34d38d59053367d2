/**
 * The rollout's statistical gate: the plan's `statisticalGate` applied to the signals' comparison (variant-comparison.ts)
 * with lambda/core/experiments' sequentialGate (always-valid mSPRT, GrowthBook's parameterisation), so the policy may
 * look at every check without inflating false rollbacks. Returns why the candidate is worse, or undefined.
 *
 * With `maxLatencyIncreaseMs` the plan's alpha is split between the 5XX and the latency test (alpha/2 each) from the
 * first look on, also while latency cannot be compared yet: a 5XX test run at the full alpha early and at half later
 * would spend more than alpha over the rollout.
 *
 * On sub-minute data (the plan's metricsPeriodSeconds) the 5XX test is the count test (experiments/error-count-test.ts):
 * the candidate's errors against stable's, period by period at each period's traffic shares, valid at every look and
 * needing no minRequests. It runs with or without a statisticalGate (then at COUNT_TEST_DEFAULT_ALPHA), except when the
 * gate tolerates an absolute 5XX increase (max5xxIncrease > 0), which is no ratio of the two rates: the mSPRT judges then.
 */
import { errorCountTest } from '../experiments/error-count-test';
import { sequentialGate } from '../experiments/rollout-gate';
import type { RolloutSignals } from './signals';
import type { RolloutPlan } from './strategy';

/** The count test's false-rollback bound on sub-minute data when the plan has no statisticalGate. */
export const COUNT_TEST_DEFAULT_ALPHA = 0.01;

/** Whether the plan's 5XX test is the count test (sub-minute data, no absolute 5XX margin). */
export function usesCountTest(plan: RolloutPlan): boolean {
  return plan.metricsPeriodSeconds !== undefined && (plan.statisticalGate?.max5xxIncrease ?? 0) === 0;
}

export function judgeStatisticalGate(plan: RolloutPlan, signals: RolloutSignals): string | undefined {
  const g = plan.statisticalGate;
  const c = signals.comparison;
  const counting = usesCountTest(plan);
  if (!c || (!g && !counting)) return undefined;
  const withLatency = g?.maxLatencyIncreaseMs !== undefined;
  const latency = withLatency ? c.latency : undefined;
  if (counting) {
    const v = errorCountTest(c.periods ?? [], { alpha: g ? (withLatency ? g.alpha / 2 : g.alpha) : COUNT_TEST_DEFAULT_ALPHA });
    // After CloudWatch's 3 hours of sub-minute data the controller reads minutes (comparisonPeriodSeconds).
    if (v.verdict === 'WORSE') return `count test on ${c.periodSeconds ?? plan.metricsPeriodSeconds} s datapoints: ${v.detail}`;
    if (!g || !latency) return undefined;
  }
  const v = sequentialGate({
    stable5xx: c.stable, candidate5xx: c.candidate, max5xxIncrease: g!.max5xxIncrease, minRequests: g!.minRequests,
    // sequentialGate divides alpha by the number of metrics it is given.
    alpha: withLatency && !latency ? g!.alpha / 2 : g!.alpha,
    ...(latency ? { stableLatency: latency.stable, candidateLatency: latency.candidate, maxLatencyIncrease: g!.maxLatencyIncreaseMs } : {}),
  });
  if (v.verdict !== 'WORSE') return undefined;
  // With the count test, the mSPRT's 5XX half only fills the split: latency alone decides here.
  if (counting && !v.metrics.some((m) => m.name === 'latency' && m.worse)) return undefined;
  const periods = plan.metricsPeriodSeconds !== undefined ? `${plan.metricsPeriodSeconds} s periods` : 'minutes';
  return latency ? `${v.detail} (latency in ms over ${latency.minutes} complete ${periods})` : v.detail;
}
