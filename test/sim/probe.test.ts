/**
 * The bake probe in the simulator: a bad canary is rolled back by the probe (cause PROBE) before CloudWatch can
 * publish its first datapoint, with fewer bad requests than without the probe on the same seeds; a good candidate is
 * never rolled back by it, and the probe's cost stays within its per-bake budget.
 */
import { canary, linear } from '../../lambda/core/rollout';
import { simulateMany } from '../../sim';

const base = { requestsPerSecond: 20, stable: { errorRate: 0.001 }, horizonSeconds: 1800 };
const bad = { errorRate: 0.2 };
const good = { errorRate: 0.001 };

describe('bake probe (simulated)', () => {
  it('rolls a bad canary back on the probe before the first datapoint is published, with fewer bad requests', () => {
    const withProbe = simulateMany({ ...base, plan: canary(10, 300), candidate: bad }, 30);
    const without = simulateMany({ ...base, plan: canary(10, 300, { probe: false }), candidate: bad }, 30);
    for (const r of withProbe.results) {
      expect(r.cause).toBe('PROBE');
      // Datapoints are published >= 60 s after their minute ends; the probe does not wait for them.
      expect(r.secondsToRollback!).toBeLessThan(60);
    }
    expect(withProbe.meanBadRequests).toBeLessThan(without.meanBadRequests / 2);
  });

  it('leaves the run unchanged when the controller does not probe (controller.probe false)', () => {
    const o = { ...base, plan: canary(10, 300), candidate: bad, seed: 5 };
    const off = simulateMany({ ...o, controller: { probe: false } }, 5);
    const planOff = simulateMany({ ...o, plan: canary(10, 300, { probe: false }) }, 5);
    expect(off.results.map((r) => [r.outcome, r.cause, r.badRequests, r.probeRequests]))
      .toEqual(planOff.results.map((r) => [r.outcome, r.cause, r.badRequests, r.probeRequests]));
    expect(off.results.every((r) => r.probeRequests === 0)).toBe(true);
  });

  it('never rolls back a good candidate, and sends at most maxRequestsPerBake per baked step', () => {
    const c = simulateMany({ ...base, plan: canary(10, 300), candidate: good }, 50);
    expect(c.outcomes).toEqual({ PROMOTED: 50 });
    // Canary: one baked step (10%), then 100% with no final bake → at most 100 probe requests.
    for (const r of c.results) expect(r.probeRequests).toBeLessThanOrEqual(100);
    const l = simulateMany({ ...base, plan: linear(25, 60), candidate: good }, 20);
    expect(l.outcomes).toEqual({ PROMOTED: 20 });
    // Three baked steps (25, 50, 75%) → at most 300.
    for (const r of l.results) expect(r.probeRequests).toBeLessThanOrEqual(300);
  });
});
