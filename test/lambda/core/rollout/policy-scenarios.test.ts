/**
 * Scenario table for the rollout policy. Each row is a plan and a script of checks; every expectation is
 * worked out from the plan's rules in the row's comment, not copied from output.
 */
import {
  allAtOnce, blueGreen, canary, customSteps, Decision, linear, RolloutPlan, ShadowComparison, shadowFirst,
} from '../../../../lambda/core/rollout';
import { Check, runChecks } from './scenario-runner';

// Canary 10% for 300 s, needs 30 invocations per judged step, holds at most 600 s.
const canary10 = canary(10, 300, { minInvocationsPerStep: 30, maxHoldSeconds: 600 });
const gates = { maxErrorRateIncrease: 0.01, maxP99LatencyRatio: 1.2, minRequests: 100 };
const shadowCanary = shadowFirst(300, gates, canary10);
const healthyShadow: ShadowComparison = {
  stableRequests: 6000, shadowRequests: 6000, stableErrorRate: 0.001, shadowErrorRate: 0.002,
  stableP99Ms: 40, shadowP99Ms: 44,
};

// The canary's first two checks: shift to 10% at t=0, weights seen live at t=10 so the 300 s bake starts then.
const canaryStart: Check[] = [
  { t: 0, expect: 'SHIFT', candidate: 10, phase: 'SHIFTING' },
  { t: 10, live: 10, expect: 'WAIT', phase: 'BAKING' },
];

interface Scenario { name: string; plan: RolloutPlan; checks: Check[]; end: string }

const scenarios: Scenario[] = [
  {
    name: 'good candidate through canary 10%/300 s to COMPLETE',
    plan: canary10,
    // Bake ends at 10 + 300 = 310 with 200 >= 30 invocations → shift to 100; final bake 0 → promote at once;
    // keep-warm 0 → complete at the next check.
    checks: [...canaryStart, { t: 200, inv: 100, expect: 'WAIT' },
      { t: 310, inv: 200, expect: 'SHIFT', candidate: 100 },
      { t: 320, expect: 'PROMOTE', candidate: 100, phase: 'KEEP_WARM' },
      { t: 330, expect: 'COMPLETE', phase: 'PROMOTED' }],
    end: 'PROMOTED',
  },
  {
    name: 'bad candidate: canary alarm fires → ROLLBACK to 100% stable',
    plan: canary10,
    checks: [...canaryStart, { t: 70, alarm: 'ALARM', inv: 40, expect: 'ROLLBACK', candidate: 0, cause: 'ALARM' }],
    end: 'ROLLED_BACK',
  },
  {
    name: 'flapping alarm: one ALARM reading rolls back and a later OK does not resurrect the rollout',
    plan: canary10,
    checks: [...canaryStart, { t: 60, alarm: 'OK', inv: 50, expect: 'WAIT' },
      { t: 70, alarm: 'ALARM', inv: 60, expect: 'ROLLBACK', candidate: 0 },
      { t: 80, alarm: 'OK', inv: 70, expect: 'ROLLBACK', candidate: 0, says: 'already ROLLED_BACK' }],
    end: 'ROLLED_BACK',
  },
  {
    name: 'good candidate through linear 50% every 60 s',
    plan: linear(50, 60),
    // Steps 50 → 100. Bake of step 1 starts at 5 and ends at 65.
    checks: [{ t: 0, expect: 'SHIFT', candidate: 50 }, { t: 5, expect: 'WAIT' },
      { t: 60, inv: 500, expect: 'WAIT' }, { t: 65, inv: 600, expect: 'SHIFT', candidate: 100 },
      { t: 70, expect: 'PROMOTE' }, { t: 80, expect: 'COMPLETE' }],
    end: 'PROMOTED',
  },
  {
    name: 'good candidate through blue/green: bake 120 s at 100%, old fleet warm 300 s',
    plan: blueGreen(120, 300),
    // Final bake from 5 to 125, then keep-warm from 125 to 425.
    checks: [{ t: 0, expect: 'SHIFT', candidate: 100 }, { t: 5, expect: 'WAIT', phase: 'FINAL_BAKE' },
      { t: 125, inv: 2000, expect: 'PROMOTE', candidate: 100 }, { t: 200, expect: 'WAIT', phase: 'KEEP_WARM' },
      { t: 424, expect: 'WAIT' }, { t: 425, expect: 'COMPLETE' }],
    end: 'PROMOTED',
  },
  {
    name: 'alarm during final bake → ROLLBACK',
    plan: blueGreen(120, 300),
    checks: [{ t: 0, expect: 'SHIFT' }, { t: 5, expect: 'WAIT' },
      { t: 60, alarm: 'ALARM', inv: 900, expect: 'ROLLBACK', candidate: 0, says: 'final bake' }],
    end: 'ROLLED_BACK',
  },
  {
    name: 'alarm during keep-warm → ROLLBACK onto the still-warm old fleet',
    plan: blueGreen(120, 300),
    checks: [{ t: 0, expect: 'SHIFT' }, { t: 5, expect: 'WAIT' }, { t: 125, inv: 2000, expect: 'PROMOTE' },
      { t: 300, alarm: 'ALARM', expect: 'ROLLBACK', candidate: 0, says: 'post-promotion watch' }],
    end: 'ROLLED_BACK',
  },
  {
    name: 'all-at-once: 100% with no bake, not judged, promoted and completed',
    plan: allAtOnce(),
    checks: [{ t: 0, expect: 'SHIFT', candidate: 100 }, { t: 5, inv: 0, expect: 'PROMOTE' },
      { t: 15, expect: 'COMPLETE' }],
    end: 'PROMOTED',
  },
  {
    name: 'custom steps 1% → 5% → 25% → 100%',
    plan: customSteps([{ candidatePercent: 1, bakeSeconds: 60 }, { candidatePercent: 5, bakeSeconds: 60 },
      { candidatePercent: 25, bakeSeconds: 60 }, { candidatePercent: 100, bakeSeconds: 0 }]),
    checks: [{ t: 0, expect: 'SHIFT', candidate: 1 }, { t: 10, expect: 'WAIT' },
      { t: 70, inv: 40, expect: 'SHIFT', candidate: 5 }, { t: 80, expect: 'WAIT' },
      { t: 140, inv: 200, expect: 'SHIFT', candidate: 25 }, { t: 150, expect: 'WAIT' },
      { t: 210, inv: 900, expect: 'SHIFT', candidate: 100 }, { t: 220, expect: 'PROMOTE' }],
    end: 'KEEP_WARM',
  },
  {
    name: 'low traffic: HOLD after the bake, then FAIL after maxHold (600 s)',
    plan: canary10,
    // Bake ends at 310 with 5 < 30 invocations → hold starts at 310; at 910 it has held 600 s → FAIL.
    checks: [...canaryStart, { t: 310, inv: 5, expect: 'HOLD', says: 'low traffic' },
      { t: 600, inv: 12, expect: 'HOLD' }, { t: 909, inv: 20, expect: 'HOLD' },
      { t: 910, inv: 21, expect: 'FAIL', candidate: 0, cause: 'LOW_TRAFFIC' }],
    end: 'FAILED',
  },
  {
    name: 'low traffic: HOLD until enough invocations arrive, then the step passes',
    plan: canary10,
    checks: [...canaryStart, { t: 310, inv: 5, expect: 'HOLD' }, { t: 400, inv: 30, expect: 'SHIFT', candidate: 100 }],
    end: 'SHIFTING',
  },
  {
    name: 'low traffic with onMaxHold ADVANCE: the held step is passed after maxHold',
    plan: canary(10, 300, { minInvocationsPerStep: 30, maxHoldSeconds: 600, onMaxHold: 'ADVANCE' }),
    checks: [...canaryStart, { t: 310, inv: 5, expect: 'HOLD' },
      { t: 910, inv: 9, expect: 'SHIFT', candidate: 100, says: 'onMaxHold ADVANCE' }],
    end: 'SHIFTING',
  },
  {
    name: 'INSUFFICIENT_DATA with zero invocations at bake end is low traffic → HOLD, not ROLLBACK',
    plan: canary10,
    checks: [...canaryStart, { t: 310, alarm: 'INSUFFICIENT_DATA', inv: 0, expect: 'HOLD', says: 'low traffic' }],
    end: 'BAKING',
  },
  {
    name: 'INSUFFICIENT_DATA while the step is still baking changes nothing → WAIT',
    plan: canary10,
    checks: [...canaryStart, { t: 100, alarm: 'INSUFFICIENT_DATA', inv: 200, expect: 'WAIT', phase: 'BAKING' }],
    end: 'BAKING',
  },
  {
    name: 'missing data with enough traffic (blind alarm) → HOLD, then FAIL even with onMaxHold ADVANCE',
    plan: canary(10, 300, { minInvocationsPerStep: 30, maxHoldSeconds: 600, onMaxHold: 'ADVANCE' }),
    checks: [...canaryStart, { t: 310, alarm: 'INSUFFICIENT_DATA', inv: 600, expect: 'HOLD', says: 'no data' },
      { t: 910, alarm: 'INSUFFICIENT_DATA', inv: 1200, expect: 'FAIL', candidate: 0, cause: 'NO_ALARM_DATA' }],
    end: 'FAILED',
  },
  {
    name: 'missing data that recovers to OK → the step passes',
    plan: canary10,
    checks: [...canaryStart, { t: 310, alarm: 'INSUFFICIENT_DATA', inv: 600, expect: 'HOLD' },
      { t: 370, alarm: 'OK', inv: 700, expect: 'SHIFT', candidate: 100 }],
    end: 'SHIFTING',
  },
  {
    name: 'one of two alarms fires → ROLLBACK naming it',
    plan: canary10,
    checks: [...canaryStart, {
      t: 50, inv: 50, expect: 'ROLLBACK', says: 'candidate-latency',
      alarm: [{ name: 'candidate-5xx', state: 'OK' }, { name: 'candidate-latency', state: 'ALARM' }],
    }],
    end: 'ROLLED_BACK',
  },
  {
    name: 'pause then resume: no progress while paused, bake restarts in full on resume',
    plan: canary10,
    // Paused at 100; at 400 the original bake would be over but the rollout is paused. Resumed at 500, the
    // bake runs 500 → 800.
    checks: [...canaryStart, { t: 100, cmd: 'PAUSE', inv: 100, expect: 'WAIT', phase: 'PAUSED' },
      { t: 400, inv: 500, expect: 'WAIT', phase: 'PAUSED' },
      { t: 500, cmd: 'RESUME', expect: 'WAIT', phase: 'BAKING', says: 'resumed' },
      { t: 799, inv: 300, expect: 'WAIT' }, { t: 800, inv: 300, expect: 'SHIFT', candidate: 100 }],
    end: 'SHIFTING',
  },
  {
    name: 'abort while paused → ROLLBACK, phase ABORTED',
    plan: canary10,
    checks: [...canaryStart, { t: 100, cmd: 'PAUSE', expect: 'WAIT' },
      { t: 200, cmd: 'ABORT', expect: 'ROLLBACK', candidate: 0, cause: 'OPERATOR_ABORT', phase: 'ABORTED' }],
    end: 'ABORTED',
  },
  {
    name: 'alarm while paused → ROLLBACK (a pause never silences alarms)',
    plan: canary10,
    checks: [...canaryStart, { t: 100, cmd: 'PAUSE', expect: 'WAIT' },
      { t: 150, alarm: 'ALARM', expect: 'ROLLBACK', candidate: 0, cause: 'ALARM' }],
    end: 'ROLLED_BACK',
  },
  {
    name: 'abort during the canary bake → ROLLBACK',
    plan: canary10,
    checks: [...canaryStart, { t: 100, cmd: 'ABORT', expect: 'ROLLBACK', candidate: 0, phase: 'ABORTED' }],
    end: 'ABORTED',
  },
  {
    name: 'promote now during the canary bake → PROMOTE to 100% without the remaining bake',
    plan: canary10,
    checks: [...canaryStart, { t: 30, cmd: 'PROMOTE_NOW', expect: 'PROMOTE', candidate: 100 },
      { t: 40, expect: 'COMPLETE' }],
    end: 'PROMOTED',
  },
  {
    name: 'promote now while paused → PROMOTE',
    plan: canary10,
    checks: [...canaryStart, { t: 50, cmd: 'PAUSE', expect: 'WAIT' },
      { t: 60, cmd: 'PROMOTE_NOW', expect: 'PROMOTE', candidate: 100 }],
    end: 'KEEP_WARM',
  },
  {
    name: 'promote now during keep-warm ends the window → COMPLETE',
    plan: blueGreen(60, 3600),
    checks: [{ t: 0, expect: 'SHIFT' }, { t: 5, expect: 'WAIT' }, { t: 65, inv: 900, expect: 'PROMOTE' },
      { t: 100, cmd: 'PROMOTE_NOW', expect: 'COMPLETE' }],
    end: 'PROMOTED',
  },
  {
    name: 'shadow gates pass → canary starts after 300 s of shadow',
    plan: shadowCanary,
    checks: [{ t: 0, expect: 'START_SHADOW', phase: 'SHADOW' }, { t: 100, expect: 'WAIT' },
      { t: 300, shadow: healthyShadow, expect: 'SHIFT', candidate: 10, says: 'shadow gates passed' }],
    end: 'SHIFTING',
  },
  {
    name: 'shadow gate fails on 5XX rate (+19 points > +1) → ROLLBACK before any user traffic',
    plan: shadowCanary,
    checks: [{ t: 0, expect: 'START_SHADOW' },
      { t: 300, shadow: { ...healthyShadow, shadowErrorRate: 0.2 }, expect: 'ROLLBACK', candidate: 0,
        cause: 'SHADOW_GATE' }],
    end: 'ROLLED_BACK',
  },
  {
    name: 'shadow gate fails on p99 latency (60/40 = 1.5 > 1.2) → ROLLBACK',
    plan: shadowCanary,
    checks: [{ t: 0, expect: 'START_SHADOW' },
      { t: 300, shadow: { ...healthyShadow, shadowP99Ms: 60 }, expect: 'ROLLBACK', cause: 'SHADOW_GATE' }],
    end: 'ROLLED_BACK',
  },
  {
    name: 'shadow with too few requests (50 < 100) → HOLD, then passes when traffic arrives',
    plan: shadowCanary,
    checks: [{ t: 0, expect: 'START_SHADOW' },
      { t: 300, shadow: { ...healthyShadow, shadowRequests: 50 }, expect: 'HOLD' },
      { t: 400, shadow: healthyShadow, expect: 'SHIFT', candidate: 10 }],
    end: 'SHIFTING',
  },
  {
    name: 'alarm on the shadow variant → ROLLBACK',
    plan: shadowCanary,
    checks: [{ t: 0, expect: 'START_SHADOW' }, { t: 90, alarm: 'ALARM', expect: 'ROLLBACK', cause: 'ALARM' }],
    end: 'ROLLED_BACK',
  },
  {
    name: 'pre-traffic hook passes → canary starts',
    plan: canary(10, 300, { hooks: { preTraffic: true } }),
    checks: [{ t: 0, expect: 'RUN_PRE_TRAFFIC_HOOK', phase: 'PRE_TRAFFIC_HOOK' }, { t: 10, expect: 'WAIT' },
      { t: 20, hook: { pre: 'PASSED' }, expect: 'SHIFT', candidate: 10 }],
    end: 'SHIFTING',
  },
  {
    name: 'pre-traffic hook fails → ROLLBACK, no traffic ever moved',
    plan: canary(10, 300, { hooks: { preTraffic: true } }),
    checks: [{ t: 0, expect: 'RUN_PRE_TRAFFIC_HOOK' },
      { t: 20, hook: { pre: 'FAILED' }, expect: 'ROLLBACK', candidate: 0, cause: 'PRE_TRAFFIC_HOOK_FAILED' }],
    end: 'ROLLED_BACK',
  },
  {
    name: 'hook that never reports → FAIL after hooks.timeoutSeconds (60 s)',
    plan: canary(10, 300, { hooks: { preTraffic: true, timeoutSeconds: 60 } }),
    checks: [{ t: 0, expect: 'RUN_PRE_TRAFFIC_HOOK' }, { t: 59, expect: 'WAIT' },
      { t: 60, expect: 'FAIL', cause: 'HOOK_TIMEOUT' }],
    end: 'FAILED',
  },
  {
    name: 'post-traffic hook after the final bake, then PROMOTE',
    plan: blueGreen(60, 0, { hooks: { postTraffic: true } }),
    checks: [{ t: 0, expect: 'SHIFT' }, { t: 5, expect: 'WAIT' },
      { t: 65, inv: 900, expect: 'RUN_POST_TRAFFIC_HOOK' }, { t: 75, hook: { post: 'PASSED' }, expect: 'PROMOTE' },
      { t: 85, expect: 'COMPLETE' }],
    end: 'PROMOTED',
  },
  {
    name: 'post-traffic hook fails → ROLLBACK from 100%',
    plan: blueGreen(60, 0, { hooks: { postTraffic: true } }),
    checks: [{ t: 0, expect: 'SHIFT' }, { t: 5, expect: 'WAIT' }, { t: 65, inv: 900, expect: 'RUN_POST_TRAFFIC_HOOK' },
      { t: 75, hook: { post: 'FAILED' }, expect: 'ROLLBACK', candidate: 0, cause: 'POST_TRAFFIC_HOOK_FAILED' }],
    end: 'ROLLED_BACK',
  },
  {
    name: 'weights applied late: the bake clock starts when they are seen live',
    plan: canary10,
    // Live at 40, so the bake ends at 340, not 310.
    checks: [{ t: 0, expect: 'SHIFT' }, { t: 10, live: 0, expect: 'WAIT', phase: 'SHIFTING' },
      { t: 40, live: 10, expect: 'WAIT', phase: 'BAKING' }, { t: 339, inv: 500, expect: 'WAIT' },
      { t: 340, inv: 500, expect: 'SHIFT', candidate: 100 }],
    end: 'SHIFTING',
  },
  {
    name: 'weights never applied (SageMaker reverted) → FAIL after shiftTimeoutSeconds (900 s)',
    plan: canary10,
    checks: [{ t: 0, expect: 'SHIFT' }, { t: 10, live: 0, expect: 'WAIT' },
      { t: 900, live: 0, expect: 'FAIL', candidate: 0, cause: 'SHIFT_NOT_APPLIED' }],
    end: 'FAILED',
  },
];

describe('rollout policy scenarios', () => {
  it.each(scenarios.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    const { decisions, state } = runChecks(s.plan, s.checks);
    expect(state.phase).toBe(s.end);
    for (const d of decisions) expectSafeWeights(d);
  });

  it('has a scenario table of at least 25 rows', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(25);
  });
});

/** Weights never sum to zero, and rollback or failure always means 100% stable. */
function expectSafeWeights(d: Decision): void {
  expect(d.state.weights.stable + d.state.weights.candidate).toBeCloseTo(100, 6);
  if (d.kind === 'ROLLBACK' || d.kind === 'FAIL') {
    expect(d.weights).toEqual({ stable: 100, candidate: 0 });
    expect(d.state.weights).toEqual({ stable: 100, candidate: 0 });
  }
  if ('weights' in d) expect(d.weights.stable + d.weights.candidate).toBeCloseTo(100, 6);
}
