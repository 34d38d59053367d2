/** Capacity before traffic: the candidate matches the stable slot's instances before exceeding its canary share. */
import { allAtOnce, canary, capacityBefore, customSteps, linear } from '../../../../lambda/core/rollout';

describe('capacityBefore', () => {
  const c10 = canary(10, 300);
  it.each([
    // [plan, next step, stable, candidate, expected]
    ['canary 10%: the 10% step needs nothing', c10, 0, 4, 1, { kind: 'NONE' }],
    ['canary 10%: before 100%, scale 1 → 4', c10, 1, 4, 1, { kind: 'SCALE', instanceCount: 4 }],
    ['already as large', c10, 1, 4, 4, { kind: 'NONE' }],
    ['larger is fine', c10, 1, 2, 3, { kind: 'NONE' }],
    ['serverless: no counts', c10, 1, undefined, undefined, { kind: 'NONE' }],
    ['linear 10%: the second step (20%) exceeds the canary share', linear(10, 60), 1, 3, 1, { kind: 'SCALE', instanceCount: 3 }],
    ['steps 1-5-25-100: 5% exceeds the 1% share', customSteps([{ candidatePercent: 1, bakeSeconds: 60 },
      { candidatePercent: 5, bakeSeconds: 60 }, { candidatePercent: 100, bakeSeconds: 0 }]), 1, 2, 1, { kind: 'SCALE', instanceCount: 2 }],
    ['all at once has no canary share: scale before its only step', allAtOnce(), 0, 2, 1, { kind: 'SCALE', instanceCount: 2 }],
  ])('%s', (_what, plan, next, stable, candidate, expected) => {
    expect(capacityBefore(plan, next, stable, candidate)).toMatchObject(expected);
  });
  it('names the step and the counts in its reason, and refuses a step the plan does not have', () => {
    expect(capacityBefore(c10, 1, 4, 1).reason).toBe('candidate has 1 instance(s) but step 2 gives it 100% (above the 10% canary): ' +
      'scaling it to the stable slot\'s 4 first');
    expect(() => capacityBefore(c10, 5, 1, 1)).toThrow(/no step 5/);
  });
});
