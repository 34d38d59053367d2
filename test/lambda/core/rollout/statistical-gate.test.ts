/**
 * The rollout policy calls the sequential gate (lambda/core/experiments/rollout-gate.ts) when the plan has a
 * statisticalGate: a candidate clearly worse than stable is rolled back (cause STATISTICAL_GATE); equal rates,
 * too few requests or no gate in the plan change nothing. In the simulator a good candidate is not rolled back.
 */
import {
  canary, COUNT_TEST_DEFAULT_ALPHA, decide, initialState, LatencySummary, planProblems, RolloutState,
} from '../../../../lambda/core/rollout';
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
    expect(planProblems({ ...plan, statisticalGate: { ...gate, maxLatencyIncreaseMs: -1 } }).join())
      .toMatch(/statisticalGate.maxLatencyIncreaseMs is -1; it must be a number of milliseconds >= 0/);
  });

  it('remembers when the candidate was first ordered traffic, through later shifts and promotion', () => {
    const p = canary(10, 60, { probe: false, minInvocationsPerStep: 0 });
    const first = decide(initialState(100), { alarms: [], candidateInvocations: 0 }, p, 100);
    expect(first).toMatchObject({ kind: 'SHIFT', state: { trafficSince: 100 } });
    const live = decide(first.state, { alarms: [], candidateInvocations: 0, liveWeights: first.state.weights }, p, 110);
    const next = decide(live.state, { alarms: [{ name: 'a', state: 'OK' }], candidateInvocations: 50 }, p, 200);
    expect(next).toMatchObject({ kind: 'SHIFT', state: { stepIndex: 1, trafficSince: 100 } });
    const promoted = decide({ ...initialState(100), command: 'PROMOTE_NOW' }, { alarms: [], candidateInvocations: 0 }, p, 130);
    expect(promoted).toMatchObject({ kind: 'PROMOTE', state: { trafficSince: 130 } });
  });
});

describe('statistical gate on latency', () => {
  const latencyPlan = canary(10, 3600, { probe: false, statisticalGate: { ...gate, maxLatencyIncreaseMs: 2 } });
  // Per-request spread of a 40 ms lognormal with sigma 0.35: sd about 14.5 ms, variance about 210 ms^2.
  const lat = (n: number, mean: number): LatencySummary => ({ n, mean, variance: 210 });
  const withLatency = (stable: LatencySummary, candidate: LatencySummary) => ({
    ...signals([9000, 9], [1000, 1]), comparison: { ...signals([9000, 9], [1000, 1]).comparison, latency: { stable, candidate, minutes: 30 } },
  });

  it.each([
    // Candidate 10 ms slower over 1,000 requests: the always-valid interval (10 +- 1.6 ms at these counts) lies above 2 ms.
    ['10 ms slower: rolled back', lat(9000, 40), lat(1000, 50), 'ROLLBACK'],
    // 1 ms slower is inside the tolerated 2 ms.
    ['1 ms slower, margin 2 ms: not rolled back', lat(9000, 40), lat(1000, 41), 'WAIT'],
    ['faster: not rolled back', lat(9000, 40), lat(1000, 30), 'WAIT'],
  ])('%s', (_name, stable, candidate, kind) => {
    const d = decide(baking, withLatency(stable, candidate), latencyPlan, 600);
    expect(d.kind).toBe(kind);
    if (kind === 'ROLLBACK') {
      expect(d).toMatchObject({ cause: 'STATISTICAL_GATE' });
      expect(d.reason).toMatch(/latency harm 10\.0 .*\(latency in ms over 30 complete minutes\)/);
    }
  });

  it('ignores latency when the plan does not ask for it', () => {
    expect(decide(baking, withLatency(lat(9000, 40), lat(1000, 50)), plan, 600).kind).toBe('WAIT');
  });

  it('splits alpha from the first look: 12 errors in 1,000 vs 9 in 9,000 is WORSE at alpha 0.05 but not at 0.025', () => {
    // sequentialGate alone: 11 errors OK and 12 WORSE at alpha 0.05; 13 OK and 14 WORSE at alpha 0.025.
    const s = signals([9000, 9], [1000, 12]);
    expect(decide(baking, s, plan, 600).kind).toBe('ROLLBACK');
    // Latency asked for but not comparable yet (too few minutes): the 5XX test still runs at alpha / 2.
    expect(decide(baking, s, latencyPlan, 600).kind).toBe('WAIT');
  });

  it('in the simulator: no good candidate rolled back by the gate in 20 hour-long canaries; a 2% one is', () => {
    const o = { plan, requestsPerSecond: 20, stable: { errorRate: 0.001 }, horizonSeconds: 3700, alarm: { threshold: 1 } };
    const good = simulateMany({ ...o, candidate: { errorRate: 0.001 } }, 20);
    expect(good.results.filter((r) => r.cause === 'STATISTICAL_GATE')).toHaveLength(0);
    const bad = simulateMany({ ...o, candidate: { errorRate: 0.02 } }, 10);
    expect(bad.results.every((r) => r.cause === 'STATISTICAL_GATE')).toBe(true);
  });

  it('in the simulator, on latency: a good candidate is not rolled back in 10 canaries; one 25% slower is, on latency', () => {
    const p = canary(10, 3600, { probe: false, statisticalGate: { ...gate, maxLatencyIncreaseMs: 0 } });
    const o = { plan: p, requestsPerSecond: 20, stable: { errorRate: 0.001 }, horizonSeconds: 3700, alarm: { threshold: 1 } };
    const good = simulateMany({ ...o, candidate: { errorRate: 0.001 } }, 10);
    expect(good.results.filter((r) => r.cause === 'STATISTICAL_GATE')).toHaveLength(0);
    const slow = simulateMany({ ...o, candidate: { errorRate: 0.001, latencyMedianMs: 50 } }, 5);
    for (const r of slow.results) {
      expect(r.cause).toBe('STATISTICAL_GATE');
      expect(r.decisions[r.decisions.length - 1].reason).toMatch(/latency harm/);
    }
  });
});

describe('the count test on sub-minute data', () => {
  // One 10 s period of a 10% canary: candidate 20 requests, stable 180. The mixture likelihood ratios below were
  // computed with scipy.integrate.quad (the formula of scripts/reference/error-count-vectors.py, half-normal prior of
  // the default scale 4): 3 errors all on the candidate 383.9; 3 on the candidate and 1 on stable 48.0; 4 and 3: 36.8;
  // 2 and 1: 7.8.
  const period = (candidateErrors: number, stableErrors: number) => ({
    candidateRequests: 20, candidateErrors, stableRequests: 180, stableErrors,
  });
  const withPeriods = (periods: ReturnType<typeof period>[]) => ({
    alarms: [], candidateInvocations: 0,
    comparison: {
      stable: { requests: 180 * periods.length, errors: periods.reduce((a, p) => a + p.stableErrors, 0) },
      candidate: { requests: 20 * periods.length, errors: periods.reduce((a, p) => a + p.candidateErrors, 0) },
      periods,
    },
  });
  const tenSecondPlan = { ...canary(10, 3600, { probe: false }), metricsPeriodSeconds: 10 };

  it('rolls back on 10 s data without a statisticalGate, at alpha 0.01 (ratio 383.9 >= 100), long before minRequests', () => {
    expect(COUNT_TEST_DEFAULT_ALPHA).toBe(0.01);
    const d = decide(baking, withPeriods([period(3, 0)]), tenSecondPlan, 600);
    expect(d).toMatchObject({ kind: 'ROLLBACK', cause: 'STATISTICAL_GATE' });
    expect(d.reason).toMatch(/count test on 10 s datapoints: candidate 5XX rate above the stable rate: candidate 3\/20 5XX, stable 0\/180 over 1 periods/);
  });

  it('spends the gate\'s alpha when the plan has one: 48.0 is WORSE at 0.05, not at the default 0.01', () => {
    const evidence = withPeriods([period(3, 1)]);
    expect(decide(baking, evidence, tenSecondPlan, 600).kind).toBe('WAIT');
    expect(decide(baking, evidence, { ...tenSecondPlan, statisticalGate: gate }, 600)).toMatchObject({ kind: 'ROLLBACK', cause: 'STATISTICAL_GATE' });
    // 7.8 (2 candidate errors, 1 stable) stays below 1/0.05.
    expect(decide(baking, withPeriods([period(2, 1)]), { ...tenSecondPlan, statisticalGate: gate }, 600).kind).toBe('WAIT');
  });

  it('is not run on one-minute data, nor when the gate tolerates an absolute 5XX increase (the mSPRT judges then)', () => {
    const evidence = withPeriods([period(3, 0)]);
    expect(decide(baking, evidence, canary(10, 3600, { probe: false }), 600).kind).toBe('WAIT');
    // The mSPRT wants 200 requests of each variant; the candidate has 20.
    expect(decide(baking, evidence, { ...tenSecondPlan, statisticalGate: { ...gate, max5xxIncrease: 0.001 } }, 600).kind).toBe('WAIT');
  });

  it('leaves equal rates alone over many periods', () => {
    const periods = Array.from({ length: 30 }, (_, i) => period(i % 10 === 0 ? 1 : 0, i % 2 === 0 ? 1 : 0));
    expect(decide(baking, withPeriods(periods), tenSecondPlan, 600).kind).toBe('WAIT');
  });

  it('with maxLatencyIncrease the latency mSPRT still judges beside it (10 ms slower over 1,000 requests), at half the alpha', () => {
    const latencyGate = { ...gate, maxLatencyIncreaseMs: 2 };
    const latency = { stable: { n: 9000, mean: 40, variance: 210 }, candidate: { n: 1000, mean: 50, variance: 210 }, minutes: 30 };
    const evidence = withPeriods([period(0, 1)]);
    // The mSPRT's minRequests (200 of each) holds for latency as before: totals of 50 periods of 180 / 20 requests.
    const totals = { stable: { requests: 9000, errors: 9 }, candidate: { requests: 1000, errors: 1 } };
    const d = decide(baking, { ...evidence, comparison: { ...evidence.comparison, ...totals, latency } },
      { ...tenSecondPlan, statisticalGate: latencyGate }, 600);
    expect(d).toMatchObject({ kind: 'ROLLBACK', cause: 'STATISTICAL_GATE' });
    expect(d.reason).toMatch(/candidate worse than stable: .*latency harm 10\.0 .*\(latency in ms over 30 complete 10 s periods\)$/);
    // 36.8 (4 candidate errors, 3 stable) is WORSE at 0.05 but below 1 / (0.05 / 2) = 40: the count test runs at half
    // the alpha.
    expect(decide(baking, withPeriods([period(4, 3)]), { ...tenSecondPlan, statisticalGate: gate }, 600).kind).toBe('ROLLBACK');
    expect(decide(baking, withPeriods([period(4, 3)]), { ...tenSecondPlan, statisticalGate: latencyGate }, 600).kind).toBe('WAIT');
  });

  it('validates metricsPeriodSeconds', () => {
    expect(planProblems(tenSecondPlan)).toEqual([]);
    expect(planProblems({ ...tenSecondPlan, metricsPeriodSeconds: 60 }).join())
      .toMatch(/metricsPeriodSeconds is 60; use 10 or 30 \(the endpoint's sub-minute publish interval\), or omit it/);
  });
});
