/**
 * The rollout policy: `decide(state, signals, plan, now)` → what to do next. Pure: no clock, no I/O.
 *
 * Order of precedence at every check (active phases):
 *   1. an alarm in ALARM → ROLLBACK, in every phase, including PAUSED, FINAL_BAKE and KEEP_WARM; then the bake
 *      probe's verdict on the counters in `state.probe` (probe.ts) → ROLLBACK with cause PROBE;
 *   2. operator ABORT → ROLLBACK (phase ABORTED), also while paused;
 *   3. PAUSED: only RESUME or PROMOTE_NOW move it; PAUSE from any other phase pauses;
 *   4. PROMOTE_NOW → PROMOTE (skips remaining steps, bakes and hooks; alarms still guard the post-promotion watch);
 *   5. otherwise the phase's own rule.
 *
 * Past `state.deadlineAt` (checked after alarms and ABORT) the rollout fails with cause DEADLINE and stable weights;
 * a promoted candidate in its rollback window completes instead. No wait runs past the deadline.
 *
 * INSUFFICIENT_DATA is neither a pass nor a failure. It never rolls back (no evidence of harm) and never lets a
 * step pass (no evidence of health). While a step bakes it changes nothing; once the bake is over the step is
 * HELD: with fewer than `minInvocationsPerStep` candidate invocations the hold is "low traffic" and ends by
 * `onMaxHold` after `maxHoldSeconds`; with enough traffic but an alarm still without data the alarm is blind
 * (misconfigured dimension, metric not published) and the hold always ends in FAIL — a blind guard must not
 * wave a candidate through. A step with bake 0 is not judged, so neither rule applies to it.
 *
 * Terminal phases answer with their final decision again (COMPLETE, ROLLBACK or FAIL), so a retried
 * controller re-applies the same safe action.
 */
import type { Decision } from './decision';
import type { RolloutSignals } from './signals';
import type { ActivePhase, RolloutState } from '../../../contracts/rollout-state';
import { isTerminal } from '../../../contracts/rollout-state';
import type { RolloutPlan } from './strategy';
import { judgeProbe } from './probe';
import { judgeStatisticalGate } from './statistical-gate';
import { complete, fail, promote, repeatTerminal, rollback, wait, prefix, where } from './policy-outcomes';
import { step } from './policy-phases';

export function decide(state: RolloutState, signals: RolloutSignals, plan: RolloutPlan, now: number): Decision {
  if (isTerminal(state.phase)) return repeatTerminal(state);
  const command = state.command;
  const s: RolloutState = { ...state, command: undefined };

  const firing = signals.alarms.filter((a) => a.state === 'ALARM').map((a) => a.name);
  if (firing.length > 0) {
    return rollback(s, 'ALARM', `${firing.join(', ')} in ALARM during ${where(state, plan)}`, firing);
  }
  const probe = plan.probe && s.probe ? judgeProbe(plan.probe, s.probe) : undefined;
  if (probe?.result === 'FAIL') return rollback(s, 'PROBE', `probe of the candidate during ${where(state, plan)}: ${probe.detail}`);
  const gate = judgeStatisticalGate(plan, signals);
  if (gate) return rollback(s, 'STATISTICAL_GATE', `statistical gate during ${where(state, plan)}: ${gate}`);
  if (command === 'ABORT') return rollback(s, 'OPERATOR_ABORT', `aborted by operator during ${where(state, plan)}`);
  if (s.deadlineAt !== undefined && now >= s.deadlineAt) {
    // Past the deadline something waiting on the rollout (CloudFormation's hour) is about to give up: end it now.
    if (s.phase === 'KEEP_WARM') return complete(s, 'promoted; rollback window cut short at the rollout\'s deadline');
    return fail(s, 'DEADLINE', `the rollout reached its deadline during ${where(state, plan)} before it could be judged`);
  }
  return withinDeadline(decideCommand(s, command, signals, plan, now), now);
}

/** Waits never run past the deadline: the check at the deadline ends the rollout. */
function withinDeadline(d: Decision, now: number): Decision {
  const deadline = d.state.deadlineAt;
  if (deadline === undefined || (d.kind !== 'WAIT' && d.kind !== 'HOLD')) return d;
  return { ...d, seconds: Math.max(1, Math.min(d.seconds, deadline - now)) };
}

function decideCommand(s: RolloutState, command: RolloutState['command'], signals: RolloutSignals, plan: RolloutPlan,
  now: number): Decision {
  if (s.phase === 'PAUSED') {
    if (command === 'PROMOTE_NOW') return promote(s, now, 'promoted by operator while paused');
    if (command === 'RESUME' && s.pausedFrom) {
      // The interrupted phase restarts its clock: the step is watched for a full bake after the operator's pause.
      const resumed: RolloutState = { ...s, phase: s.pausedFrom, pausedFrom: undefined, phaseStartedAt: now,
        holdingSince: undefined };
      return prefix('resumed by operator; ', step(resumed, { ...signals, candidateInvocations: 0 }, plan, now));
    }
    return wait(s, plan.checkIntervalSeconds,
      `paused by operator during ${s.pausedFrom ?? 'unknown phase'}; alarms still roll back`);
  }
  if (command === 'PAUSE') {
    return wait({ ...s, phase: 'PAUSED', pausedFrom: s.phase as ActivePhase }, plan.checkIntervalSeconds,
      `paused by operator during ${where(s, plan)}`);
  }
  if (command === 'PROMOTE_NOW') {
    if (s.phase === 'KEEP_WARM') return complete(s, 'post-promotion watch ended early by operator (promote now)');
    return promote(s, now, `promoted by operator during ${where(s, plan)}`);
  }
  return step(s, signals, plan, now);
}
