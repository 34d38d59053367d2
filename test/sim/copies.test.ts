/**
 * Inference component copies in the simulator (sim/copies.ts): copy-count granularity, provisioning time, batch
 * sizes, and what a rollback costs with and without the old copies still there. Figures are simulated quantities of
 * seeded runs; the expected ones follow from the options by arithmetic (stated at each assertion).
 */
import { canary } from '../../lambda/core/rollout';
import { nativeRollingUpdate, simulateMany, simulateRollout, SimulationOptions } from '../../sim';

const base = { requestsPerSecond: 20, stable: { errorRate: 0.001 }, seed: 1 };
const bad = { errorRate: 0.2 };
const good = { errorRate: 0.001 };
const surge = (count: number) => ({ count, mode: 'SURGE' as const, provisionSeconds: 180 });

describe('copy-count canary (SURGE: candidate copies beside every stable copy)', () => {
  test('granularity: a 10% canary is 1 copy, 1 of 5 copies serving on 4 (20%), 1 of 11 on 10 (9.09%)', () => {
    for (const [count, share] of [[4, 20], [10, 9.090909]] as const) {
      const r = simulateRollout({ ...base, plan: canary(10, 300), candidate: good, copies: surge(count), timelineBucketSeconds: 10 });
      const shares = new Set(r.timeline!.map((p) => p.liveCandidatePercent).filter((p) => p > 0 && p < 100));
      expect({ count, shares: [...shares] }).toEqual({ count, shares: [share] });
      expect(r.plan).toBe(`canary-10%-300s-copies-of-${count}`);
    }
  });

  test('provisioning: no user request reaches the candidate before its copy serves, and each step waits for its copies', () => {
    const o: SimulationOptions = { ...base, plan: canary(10, 300), candidate: good, copies: surge(10), timelineBucketSeconds: 10 };
    const r = simulateRollout(o);
    // The first shift is ordered at second 0: one copy serves 180 s later, so buckets before 180 s carry no candidate request.
    expect(r.timeline!.filter((p) => p.second < 180).every((p) => p.candidateRequests === 0)).toBe(true);
    expect(r.outcome).toBe('PROMOTED');
    // 180 s for the canary copy + 300 s bake + 180 s for the other nine copies: at least 660 s to 100%.
    expect(r.secondsTo100Percent).toBeGreaterThanOrEqual(660);
    expect(simulateRollout({ ...o, copies: undefined }).secondsTo100Percent).toBeLessThan(660);
  });

  test('rollback without re-provisioning: every stable copy still serves, so the candidate\'s copies just stop (5 s)', () => {
    const batch = simulateMany({ ...base, plan: canary(10, 300), candidate: bad, copies: surge(10) }, 10);
    for (const r of batch.results) {
      expect(r.outcome).toBe('ROLLED_BACK');
      expect(r.rollbackTakesSeconds).toBe(5);
    }
  });

  test('batches: copies start one batch after another (3 batches of 4 for a 10-copy step take 3 × 180 s)', () => {
    const r = simulateRollout({ ...base, plan: canary(10, 300), candidate: good, copies: { ...surge(10), batchCopies: 4 } });
    // Canary: 1 copy (180 s), bake 300 s, then 9 copies in batches of 4, 4, 1: 3 × 180 s.
    expect(r.secondsTo100Percent).toBeGreaterThanOrEqual(180 + 300 + 3 * 180);
  });
});

describe('SageMaker\'s rolling update (REPLACE: new copies replace old ones, the component\'s alarm sees both)', () => {
  const rolling = (o: Partial<Parameters<typeof nativeRollingUpdate>[0]> = {}) =>
    nativeRollingUpdate({ copies: 10, waitIntervalSeconds: 300, provisionSeconds: 180, ...o });

  test('batch size sets the steps: 2 of 10 copies is 20, 40, 60, 80, 100%', () => {
    expect(rolling({ batchCopies: 2 }).plan.steps.map((s) => s.candidatePercent)).toEqual([20, 40, 60, 80, 100]);
    expect(() => rolling({ batchCopies: 11 })).toThrow(/batch of 1 to 10 copies/);
  });

  test('a rollback starts the replaced old copies again first: the whole old fleet at once takes one provisioning time', () => {
    const batch = simulateMany({ ...base, ...rolling(), candidate: bad }, 10);
    for (const r of batch.results) {
      expect(r.outcome).toBe('ROLLED_BACK');
      // One rollback batch (all the missing copies) serves 180 s after the decision; the new copies stop 5 s later.
      expect(r.rollbackTakesSeconds).toBe(185);
    }
  });

  test('a rollback one copy at a time takes one provisioning time per replaced copy', () => {
    const r = simulateRollout({ ...base, ...rolling({ rollbackBatchCopies: 1 }), candidate: bad });
    const replaced = r.decisions.filter((d) => d.kind === 'SHIFT').length;
    // Each SHIFT replaced one copy (the last one ordered may not have served yet, and is not started).
    expect(r.rollbackTakesSeconds! - 5).toBeGreaterThanOrEqual(180 * (replaced - 1));
    expect(r.rollbackTakesSeconds! - 5).toBeLessThanOrEqual(180 * replaced);
  });

  test('the component-wide alarm is diluted: a 20%-failing model on 1 or 2 of 10 copies (2%, 4%) stays under a 5% threshold', () => {
    const batch = simulateMany({ ...base, ...rolling(), candidate: bad }, 20);
    // Two batches serve no earlier than 2 × (180 s + 300 s): the mean rollback comes after them.
    expect(batch.meanSecondsToRollback!).toBeGreaterThan(2 * (180 + 300) - 180);
    const copyCanary = simulateMany({ ...base, plan: canary(10, 300), candidate: bad, copies: surge(10) }, 20);
    expect(copyCanary.meanBadRequests).toBeLessThan(batch.meanBadRequests / 10);
  });
});
