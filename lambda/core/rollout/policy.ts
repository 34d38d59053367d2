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
import type { ActivePhase, EndCause, HookStatus, RolloutState, TerminalPhase } from '../../../contracts/rollout-state';
import { isTerminal } from '../../../contracts/rollout-state';
import type { RolloutPlan } from './strategy';
import { ALL_CANDIDATE, ALL_STABLE, describeWeights, sameWeights, weightsFor } from './weights';
import { judgeShadow } from './shadow-gates';
import { hookWait } from './hooks';
import { judgeProbe } from './probe';
import { judgeStatisticalGate } from './statistical-gate';

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

/** The phase's own rule, with no alarm firing and no command pending. */
function step(s: RolloutState, signals: RolloutSignals, plan: RolloutPlan, now: number): Decision {
  const elapsed = now - s.phaseStartedAt;
  switch (s.phase) {
    case 'PENDING':
      return plan.hooks.preTraffic ? runHook(s, plan, now, 'pre') : afterPreTraffic(s, plan, now);
    case 'PRE_TRAFFIC_HOOK':
      return hookPhase(s, plan, elapsed, 'pre', s.hooks.preTraffic, () => afterPreTraffic(s, plan, now));
    case 'SHADOW':
      return shadowPhase(s, signals, plan, now);
    case 'SHIFTING':
      return shifting(s, signals, plan, now);
    case 'BAKING':
    case 'FINAL_BAKE':
      return bake(s, signals, plan, now);
    case 'POST_TRAFFIC_HOOK':
      return hookPhase(s, plan, elapsed, 'post', s.hooks.postTraffic,
        () => promote(s, now, 'post-traffic hook passed'));
    case 'KEEP_WARM':
      if (elapsed >= plan.keepOldWarmSeconds) return complete(s, 'promoted; post-promotion watch passed');
      return wait(s, Math.min(plan.checkIntervalSeconds, plan.keepOldWarmSeconds - elapsed),
        `watching the promoted candidate: ${elapsed}/${plan.keepOldWarmSeconds} s, alarms still switch back`);
    default:
      // PAUSED is handled by decide(); terminal phases never reach here.
      throw new Error(`decide: unexpected phase ${s.phase}`);
  }
}

function afterPreTraffic(s: RolloutState, plan: RolloutPlan, now: number): Decision {
  if (plan.shadow) {
    return {
      kind: 'START_SHADOW',
      durationSeconds: plan.shadow.durationSeconds,
      reason: `starting shadow run for ${plan.shadow.durationSeconds} s`,
      state: { ...s, phase: 'SHADOW', phaseStartedAt: now, holdingSince: undefined },
    };
  }
  return shiftTo(s, plan, 0, now, 'starting rollout');
}

function shiftTo(s: RolloutState, plan: RolloutPlan, index: number, now: number, why: string): Decision {
  const weights = weightsFor(plan.steps[index].candidatePercent);
  return {
    kind: 'SHIFT',
    weights,
    stepIndex: index,
    reason: `${why}: shifting to step ${index + 1}/${plan.steps.length} (${describeWeights(weights)})`,
    state: { ...s, phase: 'SHIFTING', stepIndex: index, weights, phaseStartedAt: now, holdingSince: undefined },
  };
}

function shifting(s: RolloutState, signals: RolloutSignals, plan: RolloutPlan, now: number): Decision {
  const elapsed = now - s.phaseStartedAt;
  if (signals.liveWeights && !sameWeights(signals.liveWeights, s.weights)) {
    if (elapsed >= plan.shiftTimeoutSeconds) {
      return fail(s, 'SHIFT_NOT_APPLIED', `endpoint still shows ${describeWeights(signals.liveWeights)} ` +
        `${elapsed} s after ordering ${describeWeights(s.weights)}; the update may have been rolled back`);
    }
    return wait(s, plan.checkIntervalSeconds, `waiting for the endpoint to apply ${describeWeights(s.weights)}`);
  }
  const atFull = plan.steps[s.stepIndex].candidatePercent === 100;
  const live: RolloutState = { ...s, phase: atFull ? 'FINAL_BAKE' : 'BAKING', phaseStartedAt: now };
  // The bake clock starts now; the caller's invocation count belonged to the shift, so it is not used.
  return prefix(`${describeWeights(s.weights)} live; `, bake(live, { ...signals, candidateInvocations: 0 }, plan, now));
}

function bake(s: RolloutState, signals: RolloutSignals, plan: RolloutPlan, now: number): Decision {
  const final = s.phase === 'FINAL_BAKE';
  const bakeSeconds = final ? plan.finalBakeSeconds : plan.steps[s.stepIndex].bakeSeconds;
  const elapsed = now - s.phaseStartedAt;
  const label = where(s, plan);
  const pass = (why: string): Decision => {
    if (!final) return shiftTo(s, plan, s.stepIndex + 1, now, why);
    if (plan.hooks.postTraffic) return runHook(s, plan, now, 'post');
    return promote(s, now, why);
  };
  if (bakeSeconds === 0) return pass(`${label} has no bake`);
  if (elapsed < bakeSeconds) {
    return wait(s, Math.min(plan.checkIntervalSeconds, bakeSeconds - elapsed),
      `${label}: baked ${elapsed}/${bakeSeconds} s, ${signals.candidateInvocations} candidate invocations`);
  }
  if (signals.candidateInvocations < plan.minInvocationsPerStep) {
    return hold(s, plan, now, true, `${label} baked but saw ${signals.candidateInvocations} of ` +
      `${plan.minInvocationsPerStep} candidate invocations needed to judge it (low traffic)`, pass);
  }
  const blind = signals.alarms.filter((a) => a.state === 'INSUFFICIENT_DATA').map((a) => a.name);
  if (blind.length > 0) {
    return hold(s, plan, now, false, `${label} saw ${signals.candidateInvocations} invocations but ` +
      `${blind.join(', ')} has no data`, pass);
  }
  return pass(`${label} passed: ${bakeSeconds} s, ${signals.candidateInvocations} invocations, alarms OK`);
}

function shadowPhase(s: RolloutState, signals: RolloutSignals, plan: RolloutPlan, now: number): Decision {
  const shadow = plan.shadow;
  if (!shadow) return shiftTo(s, plan, 0, now, 'plan has no shadow phase');
  const elapsed = now - s.phaseStartedAt;
  if (elapsed < shadow.durationSeconds) {
    return wait(s, Math.min(plan.checkIntervalSeconds, shadow.durationSeconds - elapsed),
      `shadow run: ${elapsed}/${shadow.durationSeconds} s`);
  }
  const verdict = judgeShadow(signals.shadow, shadow.gates);
  const next = (why: string) => shiftTo(s, plan, 0, now, why);
  if (verdict.result === 'PASS') return next(`shadow gates passed (${verdict.detail})`);
  if (verdict.result === 'FAIL') return rollback(s, 'SHADOW_GATE', `shadow gates failed: ${verdict.detail}`);
  return hold(s, plan, now, true, `shadow run cannot be judged yet: ${verdict.detail}`, next);
}

function hold(s: RolloutState, plan: RolloutPlan, now: number, lowTraffic: boolean, why: string,
  pass: (why: string) => Decision): Decision {
  const since = s.holdingSince ?? now;
  const held = now - since;
  if (held >= plan.maxHoldSeconds) {
    if (lowTraffic && plan.onMaxHold === 'ADVANCE') {
      return pass(`${why}; advancing after ${held} s on hold (onMaxHold ADVANCE)`);
    }
    return fail(s, lowTraffic ? 'LOW_TRAFFIC' : 'NO_ALARM_DATA', `${why}; held ${held} s (max ${plan.maxHoldSeconds} s)`);
  }
  return {
    kind: 'HOLD',
    seconds: Math.max(1, Math.min(plan.checkIntervalSeconds, plan.maxHoldSeconds - held)),
    heldSeconds: held,
    reason: `${why}; holding ${held}/${plan.maxHoldSeconds} s`,
    state: { ...s, holdingSince: since },
  };
}

function runHook(s: RolloutState, plan: RolloutPlan, now: number, which: 'pre' | 'post'): Decision {
  const pre = which === 'pre';
  return {
    kind: pre ? 'RUN_PRE_TRAFFIC_HOOK' : 'RUN_POST_TRAFFIC_HOOK',
    // The state machine fails a hook that has not reported by then; never past the rollout's deadline.
    wait: hookWait(plan.hooks.timeoutSeconds, s.deadlineAt === undefined ? undefined : s.deadlineAt - now),
    reason: pre ? 'running pre-traffic hook before the candidate takes traffic' : 'running post-traffic hook at 100%',
    state: {
      ...s,
      phase: pre ? 'PRE_TRAFFIC_HOOK' : 'POST_TRAFFIC_HOOK',
      phaseStartedAt: now,
      hooks: pre ? { ...s.hooks, preTraffic: 'RUNNING' } : { ...s.hooks, postTraffic: 'RUNNING' },
    },
  };
}

function hookPhase(s: RolloutState, plan: RolloutPlan, elapsed: number, which: 'pre' | 'post', status: HookStatus,
  onPass: () => Decision): Decision {
  const name = `${which}-traffic hook`;
  if (status === 'PASSED') return prefix(`${name} passed; `, onPass());
  if (status === 'FAILED') {
    return rollback(s, which === 'pre' ? 'PRE_TRAFFIC_HOOK_FAILED' : 'POST_TRAFFIC_HOOK_FAILED', `${name} failed`);
  }
  if (elapsed >= plan.hooks.timeoutSeconds) {
    return fail(s, 'HOOK_TIMEOUT', `${name} did not report within ${plan.hooks.timeoutSeconds} s`);
  }
  return wait(s, Math.min(plan.checkIntervalSeconds, plan.hooks.timeoutSeconds - elapsed), `waiting for ${name}`);
}

function promote(s: RolloutState, now: number, why: string): Decision {
  return {
    kind: 'PROMOTE',
    weights: ALL_CANDIDATE,
    reason: `${why}: promoting candidate (${describeWeights(ALL_CANDIDATE)}), watched after promotion`,
    state: { ...s, phase: 'KEEP_WARM', weights: ALL_CANDIDATE, phaseStartedAt: now, holdingSince: undefined,
      pausedFrom: undefined },
  };
}

function complete(s: RolloutState, why: string): Decision {
  return { kind: 'COMPLETE', reason: why, state: end(s, 'PROMOTED', why) };
}

function rollback(s: RolloutState, cause: EndCause, why: string, alarms: readonly string[] = []): Decision {
  const reason = `rolling back to stable: ${why}`;
  const phase: TerminalPhase = cause === 'OPERATOR_ABORT' ? 'ABORTED' : 'ROLLED_BACK';
  return { kind: 'ROLLBACK', weights: ALL_STABLE, cause, alarms, reason, state: end({ ...s, cause }, phase, reason) };
}

function fail(s: RolloutState, cause: EndCause, why: string): Decision {
  const reason = `failing rollout, traffic back to stable: ${why}`;
  return { kind: 'FAIL', weights: ALL_STABLE, cause, reason, state: end({ ...s, cause }, 'FAILED', reason) };
}

function end(s: RolloutState, phase: TerminalPhase, reason: string): RolloutState {
  const weights = phase === 'PROMOTED' ? ALL_CANDIDATE : ALL_STABLE;
  return { ...s, phase, weights, reason, pausedFrom: undefined, holdingSince: undefined };
}

function repeatTerminal(s: RolloutState): Decision {
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

function wait(s: RolloutState, seconds: number, reason: string): Decision {
  return { kind: 'WAIT', seconds: Math.max(1, Math.ceil(seconds)), reason, state: s };
}

function prefix(text: string, d: Decision): Decision {
  return { ...d, reason: text + d.reason };
}

/** "step 2/3 (10%)", "final bake", ... for reasons. */
function where(s: RolloutState, plan: RolloutPlan): string {
  if (s.phase === 'BAKING' || s.phase === 'SHIFTING') {
    return `step ${s.stepIndex + 1}/${plan.steps.length} (${plan.steps[s.stepIndex]?.candidatePercent}% candidate)`;
  }
  if (s.phase === 'KEEP_WARM') return 'post-promotion watch';
  return s.phase.toLowerCase().replace(/_/g, ' ');
}
