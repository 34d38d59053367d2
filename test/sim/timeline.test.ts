/** The optional timeline of a simulated run (what `simulate --plot` draws) agrees with the run's own counts. */
import { canary } from '../../lambda/core/rollout';
import { simulateRollout, SimulationOptions } from '../../sim';

const o: SimulationOptions = {
  plan: canary(10, 300, { probe: false }), requestsPerSecond: 10, stable: { errorRate: 0.001 }, candidate: { errorRate: 0.3 }, seed: 3,
};

describe('simulation timeline', () => {
  it('is absent unless asked for, and asking does not change the run', () => {
    const plain = simulateRollout(o);
    expect(plain.timeline).toBeUndefined();
    const { timeline, ...rest } = simulateRollout({ ...o, timelineBucketSeconds: 10 });
    expect(rest).toEqual(plain);
    expect(timeline!.length).toBeGreaterThan(0);
  });

  it('counts every candidate request and error users saw, in consecutive buckets', () => {
    const r = simulateRollout({ ...o, timelineBucketSeconds: 10 });
    const t = r.timeline!;
    expect(t.map((p) => p.second)).toEqual(t.map((_, i) => i * 10));
    expect(t.reduce((n, p) => n + p.candidateRequests, 0)).toBe(r.candidateRequests);
    expect(t.reduce((n, p) => n + p.candidateErrors, 0)).toBe(r.badRequests);
    // The controller orders 10% first; after the rollback both ordered and live shares are 0 again.
    expect(t[0].orderedCandidatePercent).toBe(10);
    expect(t[t.length - 1]).toMatchObject({ orderedCandidatePercent: 0, liveCandidatePercent: 0 });
    expect(r.cause).toBe('ALARM');
  });

  it('rejects a bucket that is not a whole number of seconds', () => {
    expect(() => simulateRollout({ ...o, timelineBucketSeconds: 0.5 })).toThrow(/timelineBucketSeconds is 0.5/);
  });
});
