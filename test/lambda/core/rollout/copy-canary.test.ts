/**
 * The copy canary's decisions (lambda/core/rollout/copy-*.ts). Expected values are worked out by hand from the
 * definitions: a step asks for at least its share of the copies and at least one; the share it gives is
 * candidate / (candidate + stable) copies.
 */
import { canary, linear } from '../../../../lambda/core/rollout';
import { candidateCopiesFor, copyOrder, copyPlan, copySteps } from '../../../../lambda/core/rollout/copy-steps';
import { copyRollback } from '../../../../lambda/core/rollout/copy-rollback';
import { capacityToJudge, ComponentCapacity, copyJudgement } from '../../../../lambda/core/rollout/copy-readiness';

describe('copy steps: percent steps in whole copies', () => {
  test('at least the asked share of the copies, and at least one copy', () => {
    expect(candidateCopiesFor(10, 10)).toBe(1); // exactly 1.0, not 2 from float noise
    expect(candidateCopiesFor(10, 4)).toBe(1); // 0.4 copy → 1 (25% of the copies)
    expect(candidateCopiesFor(30, 4)).toBe(2); // 1.2 → 2
    expect(candidateCopiesFor(1, 200)).toBe(2);
    expect(candidateCopiesFor(100, 3)).toBe(3);
    // A share rounded to millionths (as plans carry them) is still its whole copies: 66.666667% of 6 is 4.
    expect(candidateCopiesFor(66.666667, 6)).toBe(4);
    expect(candidateCopiesFor(33.333333, 6)).toBe(2);
    expect(() => candidateCopiesFor(10, 0)).toThrow(/whole number of copies >= 1/);
    expect(() => candidateCopiesFor(0, 4)).toThrow(/percent must be in \(0, 100\]/);
  });

  test('SURGE keeps every stable copy until the last step: a 10% canary of 10 copies is 1 beside 10 (9.09%)', () => {
    expect(copySteps(canary(10, 300, { finalBakeSeconds: 120 }), 10, 'SURGE')).toEqual([
      { candidateCopies: 1, stableCopies: 10, candidatePercent: 9.090909, requestedPercent: 10, bakeSeconds: 300 },
      { candidateCopies: 10, stableCopies: 0, candidatePercent: 100, requestedPercent: 100, bakeSeconds: 120 },
    ]);
  });

  test('REPLACE swaps copies: a 10% canary of 4 copies is 1 new beside 3 old (25%)', () => {
    expect(copySteps(canary(10, 300), 4, 'REPLACE')).toEqual([
      { candidateCopies: 1, stableCopies: 3, candidatePercent: 25, requestedPercent: 10, bakeSeconds: 300 },
      { candidateCopies: 4, stableCopies: 0, candidatePercent: 100, requestedPercent: 100, bakeSeconds: 0 },
    ]);
  });

  test('steps that give the same copies are one step with the longest bake; a step that needs every copy is the last', () => {
    // linear 10% every 60 s on 4 copies: 10, 20 → 1 copy; 30, 40, 50 → 2; 60, 70 → 3; 80 → 4 (all): the end.
    const steps = copySteps(linear(10, 60), 4, 'REPLACE');
    expect(steps.map((s) => [s.candidateCopies, s.stableCopies, s.candidatePercent])).toEqual([[1, 3, 25], [2, 2, 50], [3, 1, 75], [4, 0, 100]]);
    expect(steps.map((s) => s.requestedPercent)).toEqual([20, 50, 70, 80]);
    const plan = copyPlan(linear(10, 60), 4, 'REPLACE');
    expect(plan.name).toBe('linear-10%-every-60s');
    expect(plan.steps).toEqual([{ candidatePercent: 25, bakeSeconds: 60 }, { candidatePercent: 50, bakeSeconds: 60 },
      { candidatePercent: 75, bakeSeconds: 60 }, { candidatePercent: 100, bakeSeconds: 0 }]);
  });

  test('orders: candidate copies in batches; stable copies leave only once the candidate\'s serve', () => {
    const final = copySteps(canary(25, 60), 4, 'SURGE')[1]; // 4 candidate, 0 stable
    expect(copyOrder(final, { candidate: 1, stable: 4 }, 2)).toEqual({ candidateDesired: 3, stableDesired: 4, complete: false });
    expect(copyOrder(final, { candidate: 3, stable: 4 }, 2)).toEqual({ candidateDesired: 4, stableDesired: 4, complete: false });
    expect(copyOrder(final, { candidate: 4, stable: 4 }, 2)).toEqual({ candidateDesired: 4, stableDesired: 0, complete: true });
    const first = copySteps(canary(25, 60), 4, 'REPLACE')[0]; // 1 new, 3 old
    expect(copyOrder(first, { candidate: 0, stable: 4 })).toEqual({ candidateDesired: 1, stableDesired: 4, complete: false });
    expect(copyOrder(first, { candidate: 1, stable: 4 })).toEqual({ candidateDesired: 1, stableDesired: 3, complete: true });
  });
});

describe('rollback of a copy canary', () => {
  test('every stable copy still serving: the candidate\'s copies are removed, nothing re-provisioned', () => {
    expect(copyRollback(10, 10)).toMatchObject({ kind: 'REMOVE_CANDIDATE', stableCopies: 10 });
  });
  test('stable copies missing: they start again first, in rollback batches, while the candidate answers', () => {
    expect(copyRollback(10, 7)).toMatchObject({ kind: 'RESTORE_STABLE', missing: 3, batches: [3] });
    expect(copyRollback(10, 0, 4)).toMatchObject({ kind: 'RESTORE_STABLE', missing: 10, batches: [4, 4, 2] });
    expect(() => copyRollback(0, 0)).toThrow(/whole copies >= 1/);
  });
});

describe('the warm-up guard: never judge a component without capacity', () => {
  const c = (o: Partial<ComponentCapacity>): ComponentCapacity => ({ name: 'ranker-v2', status: 'InService', desiredCopies: 2, currentCopies: 2, ...o });
  const o = { checkIntervalSeconds: 10, provisionLimitSeconds: 600 };

  test('what the guard refuses, and why', () => {
    expect(capacityToJudge(c({}))).toEqual({ ok: true });
    expect(capacityToJudge(c({ currentCopies: 0, desiredCopies: 0 }))).toEqual({ ok: false, reason: 'ranker-v2 has no copy InService (InService)' });
    expect(capacityToJudge(c({ currentCopies: 1, status: 'Updating' }))).toEqual({ ok: false, reason: 'ranker-v2 has 1 of 2 copies InService (Updating)' });
    expect(capacityToJudge(c({ noCapacityFailures: 3 }))).toEqual({ ok: false, reason: '3 request(s) to ranker-v2 found no copy (NoCapacityInvocationFailures)' });
    expect(capacityToJudge(c({ status: 'Failed' }))).toMatchObject({ ok: false, failed: true });
  });

  test('the bake starts when the copies serve, not when they were ordered', () => {
    const starting = copyJudgement(300, [c({ currentCopies: 1 })], { orderedAt: 0 }, 170, o);
    expect(starting).toMatchObject({ kind: 'WAIT_CAPACITY', seconds: 10 });
    expect(copyJudgement(300, [c({})], { orderedAt: 0 }, 180, o)).toMatchObject({ kind: 'BAKING', readySince: 180, seconds: 10 });
    expect(copyJudgement(300, [c({})], { orderedAt: 0, readySince: 180 }, 470, o)).toMatchObject({ kind: 'BAKING', seconds: 10 });
    expect(copyJudgement(300, [c({})], { orderedAt: 0, readySince: 180 }, 475, o)).toMatchObject({ kind: 'BAKING', seconds: 5 });
    expect(copyJudgement(300, [c({})], { orderedAt: 0, readySince: 180 }, 480, o)).toEqual({ kind: 'JUDGE', readySince: 180, reason: 'baked 300 s with every copy serving' });
  });

  test('a stable component that lost capacity (scaled from zero, requests failing) holds the judgement too', () => {
    const j = copyJudgement(60, [c({}), c({ name: 'ranker-v1', currentCopies: 0, desiredCopies: 1, noCapacityFailures: 12 })], { orderedAt: 0, readySince: 10 }, 100, o);
    expect(j).toEqual({ kind: 'WAIT_CAPACITY', seconds: 10, reason: 'not judged while a component lacks capacity: ranker-v1 has no copy InService (InService)' });
  });

  test('copies that never come, or a Failed component, end the wait', () => {
    expect(copyJudgement(60, [c({ currentCopies: 1 })], { orderedAt: 0 }, 600, o)).toMatchObject({ kind: 'GIVE_UP' });
    expect(copyJudgement(60, [c({ currentCopies: 1 })], { orderedAt: 0 }, 595, o)).toMatchObject({ kind: 'WAIT_CAPACITY', seconds: 5 });
    expect(copyJudgement(60, [c({ status: 'Failed' })], { orderedAt: 0 }, 20, o)).toMatchObject({ kind: 'GIVE_UP', reason: expect.stringContaining('ranker-v2 is Failed') });
  });
});
