/**
 * The rollout policy's outcomes: the decisions that end or advance a rollout (promote, complete, roll back, fail),
 * the terminal answer repeated to a retried controller, and the wording shared by every reason. Pure.
 */
import type { Decision } from './decision';
import type { EndCause, RolloutState, TerminalPhase } from '../../../contracts/rollout-state';
import type { RolloutPlan } from './strategy';
import { ALL_CANDIDATE, ALL_STABLE, describeWeights } from './weights';

export function promote(s: RolloutState, now: number, why: string): Decision {
  return {
    kind: 'PROMOTE',
    weights: ALL_CANDIDATE,
    reason: `${why}: promoting candidate (${describeWeights(ALL_CANDIDATE)}), watched after promotion`,
    state: { ...s, phase: 'KEEP_WARM', weights: ALL_CANDIDATE, phaseStartedAt: now, holdingSince: undefined,
      trafficSince: s.trafficSince ?? now,
      pausedFrom: undefined },
  };
}

export function complete(s: RolloutState, why: string): Decision {
  return { kind: 'COMPLETE', reason: why, state: end(s, 'PROMOTED', why) };
}

export function rollback(s: RolloutState, cause: EndCause, why: string, alarms: readonly string[] = []): Decision {
  const reason = `rolling back to stable: ${why}`;
  const phase: TerminalPhase = cause === 'OPERATOR_ABORT' ? 'ABORTED' : 'ROLLED_BACK';
  return { kind: 'ROLLBACK', weights: ALL_STABLE, cause, alarms, reason, state: end({ ...s, cause }, phase, reason) };
}

export function fail(s: RolloutState, cause: EndCause, why: string): Decision {
  const reason = `failing rollout, traffic back to stable: ${why}`;
  return { kind: 'FAIL', weights: ALL_STABLE, cause, reason, state: end({ ...s, cause }, 'FAILED', reason) };
}

function end(s: RolloutState, phase: TerminalPhase, reason: string): RolloutState {
  const weights = phase === 'PROMOTED' ? ALL_CANDIDATE : ALL_STABLE;
  return { ...s, phase, weights, reason, pausedFrom: undefined, holdingSince: undefined };
}

export function repeatTerminal(s: RolloutState): Decision {
  const reason = `already ${s.phase}: ${s.reason ?? 'no reason recorded'}`;
  const cause = s.cause ?? 'ALARM';
  switch (s.phase) {
    case 'PROMOTED':
      return { kind: 'COMPLETE', reason, state: s };
    case 'FAILED':
      return { kind: 'FAIL', weights: ALL_STABLE, cause, reason, state: s };
    default:
      return { kind: 'ROLLBACK', weights: ALL_STABLE, cause, alarms: [], reason, state: s };
  }
}

export function wait(s: RolloutState, seconds: number, reason: string): Decision {
  return { kind: 'WAIT', seconds: Math.max(1, Math.ceil(seconds)), reason, state: s };
}

export function prefix(text: string, d: Decision): Decision {
  return { ...d, reason: text + d.reason };
}

/** "step 2/3 (10%)", "final bake", ... for reasons. */
export function where(s: RolloutState, plan: RolloutPlan): string {
  if (s.phase === 'BAKING' || s.phase === 'SHIFTING') {
    return `step ${s.stepIndex + 1}/${plan.steps.length} (${plan.steps[s.stepIndex]?.candidatePercent}% candidate)`;
  }
  if (s.phase === 'KEEP_WARM') return 'post-promotion watch';
  return s.phase.toLowerCase().replace(/_/g, ' ');
}
