/**
 * The rollout policy's phase rules (policy.ts applies them when no alarm fires and no command is pending): shifting,
 * baking and its hold on low traffic or blind alarms, the shadow run, the pre-/post-traffic hooks, the post-promotion
 * watch. Pure: no clock, no I/O.
 */
import type { Decision } from './decision';
import type { RolloutSignals } from './signals';
import type { HookStatus, RolloutState } from '../../../contracts/rollout-state';
import type { RolloutPlan } from './strategy';
import { describeWeights, sameWeights, weightsFor } from './weights';
import { judgeShadow } from './shadow-gates';
import { bakeCheckSeconds } from './check-cadence';
import { hookWait } from './hooks';
import { complete, fail, promote, rollback, wait, prefix, where } from './policy-outcomes';

/** The phase's own rule, with no alarm firing and no command pending. */
export function step(s: RolloutState, signals: RolloutSignals, plan: RolloutPlan, now: number): Decision {
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
    state: { ...s, phase: 'SHIFTING', stepIndex: index, weights, phaseStartedAt: now, holdingSince: undefined,
      trafficSince: s.trafficSince ?? now },
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
    return wait(s, Math.min(bakeCheckSeconds(plan, now, elapsed), bakeSeconds - elapsed),
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
