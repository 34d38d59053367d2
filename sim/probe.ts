/**
 * The bake probe in the simulator: at a controller check where the real controller would probe (shouldProbe), the
 * candidate answers the plan's budget of probe requests (probeBudget) with its error rate of the moment; the counts
 * go into the rollout state exactly as the controller adds them (addProbe), and the policy judges them.
 */
import { addProbe, probeBudget, RolloutPlan, RolloutState, shouldProbe, startProbe, VariantWeights } from '../lambda/core/rollout';
import type { Prng } from './prng';

export interface ProbeCheck {
  readonly state: RolloutState;
  /** One entry per probe request sent: whether it failed. */
  readonly outcomes: boolean[];
}

export function probeCheck(plan: RolloutPlan, state: RolloutState, live: VariantWeights, rng: Prng,
  candidateErrorRate: number): ProbeCheck {
  if (!plan.probe || !shouldProbe(plan, state, live)) return { state, outcomes: [] };
  const n = probeBudget(plan.probe, state.probe, state.stepIndex);
  if (n === 0) return { state, outcomes: [] };
  const outcomes = Array.from({ length: n }, () => rng.bernoulli(candidateErrorRate));
  const errors = outcomes.filter((f) => f).length;
  const prev = state.probe ?? startProbe('', state.stepIndex);
  const probe = addProbe(prev, { marker: '', objects: 0, sent: n, errors, timeouts: 0, clientErrors: 0, skippedLines: 0,
    latenciesMs: [] }, state.stepIndex);
  return { state: { ...state, probe }, outcomes };
}
