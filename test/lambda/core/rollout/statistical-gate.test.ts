/**
 * The rollout policy calls the sequential gate (lambda/core/experiments/rollout-gate.ts) when the plan has a
 * statisticalGate: a candidate clearly worse than stable is rolled back (cause STATISTICAL_GATE); equal rates,
 * too few requests or no gate in the plan change nothing. In the simulator a good candidate is not rolled back.
 */
import { canary, decide, initialState, planProblems, RolloutState } from '../../../../lambda/core/rollout';
import { simulateMany } from '../../../../sim';

const gate = { alpha: 0.05, max5xxIncrease: 0, minRequests: 200 };
const plan = canary(10, 3600, { probe: false, statisticalGate: gate });
const baking: RolloutState = { ...initialState(0), phase: 'BAKING', stepIndex: 0, phaseStartedAt: 10, weights: { stable: 90, candidate: 10 } };
const signals = (stable: [number, number], candidate: [number, number]) => ({
  alarms: [], candidateInvocations: 0,
  comparison: { stable: { requests: stable[0], errors: stable[1] }, candidate: { requests: candidate[0], errors: candidate[1] } },
});

describe('statistical gate in the policy', () => {
  it('rolls back a candidate whose 5XX rate is clearly above stable\'s (4% vs 0.1% over 1,000 requests)', () => {
    const d = decide(baking, signals([9000, 9], [1000, 40]), plan, 600);
    expect(d).toMatchObject({ kind: 'ROLLBACK', cause: 'STATISTICAL_GATE' });
    expect(d.reason).toMatch(/statistical gate during step 1\/2 .*candidate worse than stable: 5xx harm/);
  });

  it('changes nothing for equal rates, below minRequests, or without a gate in the plan', () => {
    expect(decide(baking, signals([9000, 9], [1000, 1]), plan, 600).kind).toBe('WAIT');
    expect(decide(baking, signals([9000, 9], [100, 40]), plan, 600).kind).toBe('WAIT');
    expect(decide(baking, signals([9000, 9], [1000, 40]), canary(10, 3600, { probe: false }), 600).kind).toBe('WAIT');
  });

  it('validates the gate', () => {
    expect(planProblems({ ...plan, statisticalGate: { ...gate, alpha: 0 } }).join()).toMatch(/statisticalGate.alpha is 0/);
    expect(planProblems({ ...plan, statisticalGate: { ...gate, minRequests: 0.5 } }).join()).toMatch(/statisticalGate.minRequests is 0.5/);
  });

  it('in the simulator: no good candidate rolled back by the gate in 20 hour-long canaries; a 2% one is', () => {
    const o = { plan, requestsPerSecond: 20, stable: { errorRate: 0.001 }, horizonSeconds: 3700, alarm: { threshold: 1 } };
    const good = simulateMany({ ...o, candidate: { errorRate: 0.001 } }, 20);
    expect(good.results.filter((r) => r.cause === 'STATISTICAL_GATE')).toHaveLength(0);
    const bad = simulateMany({ ...o, candidate: { errorRate: 0.02 } }, 10);
    expect(bad.results.every((r) => r.cause === 'STATISTICAL_GATE')).toBe(true);
  });
});
