/**
 * The rollout's statistical gate: the plan's `statisticalGate` applied to the signals' per-variant counts with
 * lambda/core/experiments' sequentialGate (always-valid mSPRT, GrowthBook's parameterisation), so the policy may look
 * at every check without inflating false rollbacks. Returns why the candidate is worse, or undefined.
 */
import { sequentialGate } from '../experiments/rollout-gate';
import type { RolloutSignals } from './signals';
import type { RolloutPlan } from './strategy';

export function judgeStatisticalGate(plan: RolloutPlan, signals: RolloutSignals): string | undefined {
  const g = plan.statisticalGate;
  const c = signals.comparison;
  if (!g || !c) return undefined;
  const v = sequentialGate({
    stable5xx: c.stable, candidate5xx: c.candidate, alpha: g.alpha, max5xxIncrease: g.max5xxIncrease, minRequests: g.minRequests,
  });
  return v.verdict === 'WORSE' ? v.detail : undefined;
}
