/**
 * Behaviour of the rollout simulator. Outcomes and counts are simulated quantities from seeded runs; nothing
 * here measures wall-clock time.
 */
import { blueGreen, canary, shadowFirst } from '../../lambda/core/rollout';
import {
  nativeCanary, nativeCanaryPercent, simulateMany, simulateRollout, SimulationOptions,
} from '../../sim';

const base = { requestsPerSecond: 20, stable: { errorRate: 0.001 } };
const bad = { errorRate: 0.2 };
const good = { errorRate: 0.001 };
const gates = { maxErrorRateIncrease: 0.01, maxP99LatencyRatio: 1.2, minRequests: 200 };

describe('simulateRollout', () => {
  it('is deterministic for a seed', () => {
    const o: SimulationOptions = { ...base, plan: canary(10, 300), candidate: bad, seed: 42 };
    expect(simulateRollout(o)).toEqual(simulateRollout(o));
  });

  it('rolls a bad canary back before it reaches 100%', () => {
    const r = simulateRollout({ ...base, plan: canary(10, 300), candidate: bad, seed: 7 });
    expect(r.outcome).toBe('ROLLED_BACK');
    expect(r.rolledBack).toBe(true);
    expect(r.badRequests).toBeGreaterThan(0);
    expect(r.secondsTo100Percent).toBeUndefined();
    expect(r.decisions.map((d) => d.kind)).not.toContain('PROMOTE');
    expect(r.decisions[r.decisions.length - 1].kind).toBe('ROLLBACK');
  });

  it('without the probe, never rolls back before the candidate\'s first datapoint can be published (no real-time cheating)', () => {
    const batch = simulateMany({ ...base, plan: canary(10, 300, { probe: false }), candidate: bad,
      metrics: { publishDelaySeconds: 60 } }, 20);
    for (const r of batch.results) expect(r.secondsToRollback).toBeGreaterThanOrEqual(60);
  });

  it('promotes a good canary, and not before its 300 s bake', () => {
    const r = simulateRollout({ ...base, plan: canary(10, 300), candidate: good, seed: 3 });
    expect(r.outcome).toBe('PROMOTED');
    expect(r.secondsTo100Percent).toBeGreaterThanOrEqual(300);
    expect(r.decisions.map((d) => d.kind)).toEqual(expect.arrayContaining(['SHIFT', 'PROMOTE', 'COMPLETE']));
  });

  it('rejects a bad candidate during the shadow run without answering any user with it', () => {
    const r = simulateRollout({ ...base, plan: shadowFirst(300, gates, canary(10, 300)), candidate: bad, seed: 5 });
    expect(r.outcome).toBe('ROLLED_BACK');
    expect(r.candidateRequests).toBe(0);
    expect(r.badRequests).toBe(0);
  });

  it('rolls back onto the warm old fleet when the model decays after promotion', () => {
    const r = simulateRollout({
      ...base, plan: blueGreen(60, 900), candidate: { errorRate: 0.001, degrade: { atSecond: 300, errorRate: 0.3 } }, seed: 9,
    });
    expect(r.outcome).toBe('ROLLED_BACK');
    expect(r.decisions.map((d) => d.kind)).toContain('PROMOTE');
  });

  it('fails a canary that cannot gather enough traffic', () => {
    const r = simulateRollout({ ...base, requestsPerSecond: 0.02, plan: canary(10, 300, { maxHoldSeconds: 600 }),
      candidate: good, seed: 1 });
    expect(r.outcome).toBe('FAILED');
    expect(r.decisions.map((d) => d.kind)).toContain('HOLD');
  });

  it('the metric guard and alarm events shorten the time to rollback against a once-a-minute alarm poll', () => {
    const o = { ...base, plan: canary(10, 300, { probe: false }), candidate: bad };
    const fast = simulateMany(o, 20);
    const slow = simulateMany({ ...o, controller: { metricGuard: false, rollbackOnAlarmEvent: false } }, 20);
    expect(fast.meanSecondsToRollback!).toBeLessThan(slow.meanSecondsToRollback!);
    expect(fast.meanBadRequests).toBeLessThan(slow.meanBadRequests);
  });

  it('rejects impossible inputs', () => {
    expect(() => simulateRollout({ ...base, plan: canary(10, 60), candidate: { errorRate: 2 } })).toThrow(/fractions/);
    expect(() => simulateRollout({ ...base, plan: canary(10, 60), candidate: bad, metrics: { publishJitterSeconds: 90 } }))
      .toThrow(/publishJitterSeconds/);
  });
});

describe('SageMaker-native canary', () => {
  it('counts the canary in instances: 1 of 2 is 50%, 1 of 10 is 10%', () => {
    expect(nativeCanaryPercent(2)).toBe(50);
    expect(nativeCanaryPercent(10, 1)).toBe(10);
  });

  it('rejects a 1-instance fleet and a canary above half the fleet', () => {
    expect(() => nativeCanaryPercent(1)).toThrow(/at least 2 instances/);
    expect(() => nativeCanaryPercent(4, 3)).toThrow(/1 to 2/);
  });

  it('serves a bad model to more users than a 10% variant-level canary', () => {
    const native = simulateMany({ ...base, ...nativeCanary({ instanceCount: 2, waitIntervalSeconds: 300 }), candidate: bad }, 10);
    const variant = simulateMany({ ...base, plan: canary(10, 300), candidate: bad }, 10);
    expect(native.rolledBackRuns).toBe(10);
    expect(native.meanBadRequests).toBeGreaterThan(2 * variant.meanBadRequests);
  });
});
