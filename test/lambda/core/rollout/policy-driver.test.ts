/**
 * Drives the real policy in a loop, the way the Step Functions controller will: apply the decision, wait what
 * it asks, read signals, decide again. The environment here is idealised (weights apply at once, metrics are
 * not delayed); the simulator adds CloudWatch's delays.
 */
import {
  AlarmState, allAtOnce, blueGreen, canary, decide, Decision, initialState, linear, RolloutPlan, shadowFirst,
  VariantWeights, weightsFor,
} from '../../../../lambda/core/rollout';

interface Run { decisions: Decision[]; shifts: number[]; final: string }

/** `alarmAfter`: seconds of candidate traffic after which its alarm fires (a bad model); undefined = healthy. */
function drive(plan: RolloutPlan, requestsPerSecond: number, alarmAfter?: number): Run {
  let now = 0;
  let state = initialState(now);
  let live: VariantWeights = weightsFor(0);
  let candidateSince: number | undefined;
  const decisions: Decision[] = [];
  const shifts: number[] = [];
  for (let i = 0; i < 10_000; i++) {
    const alarm: AlarmState = alarmAfter !== undefined && candidateSince !== undefined && now - candidateSince >= alarmAfter
      ? 'ALARM' : 'OK';
    const invocations = Math.floor(requestsPerSecond * (live.candidate / 100) * (now - state.phaseStartedAt));
    const shadow = state.phase === 'SHADOW' ? {
      stableRequests: 1000, shadowRequests: 1000, stableErrorRate: 0.001,
      shadowErrorRate: alarmAfter === undefined ? 0.001 : 0.2, stableP99Ms: 40, shadowP99Ms: 41,
    } : undefined;
    const d = decide(state, { alarms: [{ name: 'candidate-5xx', state: alarm }], candidateInvocations: invocations,
      liveWeights: live, shadow }, plan, now);
    decisions.push(d);
    state = d.state;
    switch (d.kind) {
      case 'SHIFT': case 'PROMOTE': case 'ROLLBACK': case 'FAIL':
        live = d.weights;
        if (d.kind === 'SHIFT') shifts.push(d.weights.candidate);
        if (live.candidate > 0) candidateSince ??= now;
        break;
      default:
        break;
    }
    if (d.kind === 'COMPLETE' || d.kind === 'ROLLBACK' || d.kind === 'FAIL') return { decisions, shifts, final: state.phase };
    now += d.kind === 'WAIT' || d.kind === 'HOLD' ? d.seconds : 1;
  }
  throw new Error(`rollout ${plan.name} did not finish`);
}

describe('policy driven in a loop', () => {
  const gates = { maxErrorRateIncrease: 0.01, maxP99LatencyRatio: 1.2, minRequests: 100 };
  const plans: RolloutPlan[] = [
    allAtOnce(), canary(10, 300), linear(10, 60), blueGreen(300, 600), shadowFirst(300, gates, canary(5, 120)),
  ];

  it.each(plans.map((p) => [p.name, p] as const))('%s: a healthy candidate goes through every step to PROMOTED', (_n, plan) => {
    const run = drive(plan, 20);
    expect(run.final).toBe('PROMOTED');
    expect(run.shifts).toEqual(plan.steps.map((s) => s.candidatePercent));
    expect(run.decisions.filter((d) => d.kind === 'PROMOTE')).toHaveLength(1);
    expect(run.decisions.some((d) => d.kind === 'HOLD')).toBe(false);
  });

  it.each(plans.filter((p) => p.finalBakeSeconds + p.keepOldWarmSeconds + p.steps[0].bakeSeconds > 0 || p.shadow)
    .map((p) => [p.name, p] as const))('%s: a candidate whose alarm fires after 60 s is rolled back', (_n, plan) => {
    const run = drive(plan, 20, 60);
    expect(run.final).toBe('ROLLED_BACK');
    const last = run.decisions[run.decisions.length - 1];
    expect(last.kind).toBe('ROLLBACK');
    expect(run.decisions.some((d) => d.kind === 'PROMOTE' && d.state.phase === 'PROMOTED')).toBe(false);
  });

  it('all-at-once has nothing to watch: a bad candidate is promoted before its alarm can fire', () => {
    const run = drive(allAtOnce(), 20, 60);
    expect(run.final).toBe('PROMOTED');
  });

  it('the shadow-first rollout rejects a bad candidate before it serves any user', () => {
    const run = drive(shadowFirst(300, gates, canary(5, 120)), 20, 1_000_000);
    expect(run.final).toBe('ROLLED_BACK');
    expect(run.shifts).toEqual([]);
  });

  it('at 0.05 req/s a 10% canary never gathers 30 invocations and fails after maxHold', () => {
    const run = drive(canary(10, 300, { maxHoldSeconds: 600 }), 0.05);
    expect(run.final).toBe('FAILED');
    expect(run.decisions.filter((d) => d.kind === 'HOLD').length).toBeGreaterThan(1);
  });
});
