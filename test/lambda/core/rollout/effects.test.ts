/**
 * The executor's one safe order, as a pure rule (effectOrderProblem): a raise (the candidate gets traffic) only after
 * the persist of the same transition, so a concurrent end wins the conditional write; a lowering (all on stable)
 * ordered and read back before the persist that records it, so an end is never recorded while the candidate serves.
 */
import {
  ALL_CANDIDATE, ALL_STABLE, Effect, effectOrderProblem, ordersRaise, RolloutState, weightsFor,
} from '../../../../lambda/core/rollout';

const pair = { stableVariant: 'blue', candidateVariant: 'green' };
const order = (candidatePercent: number): Effect => ({ kind: 'ORDER_WEIGHTS', pair, weights: weightsFor(candidatePercent) });
const verify = (candidatePercent: number): Effect => ({ kind: 'VERIFY', pair, weights: weightsFor(candidatePercent) });
const persist: Effect = { kind: 'PERSIST', state: {} as RolloutState, entries: [], consumeCommand: false };
const create: Effect = { kind: 'CREATE', record: {} as never };

describe('ordersRaise', () => {
  test.each([[0.5, true], [10, true], [100, true], [0, false]])('candidate %s%% → raise: %s', (percent, raise) => {
    expect(ordersRaise({ kind: 'ORDER_WEIGHTS', pair, weights: weightsFor(percent) })).toBe(raise);
  });
  test('the rollout\'s two ends: all on the candidate is a raise, all on stable a lowering', () => {
    expect(ordersRaise({ kind: 'ORDER_WEIGHTS', pair, weights: ALL_CANDIDATE })).toBe(true);
    expect(ordersRaise({ kind: 'ORDER_WEIGHTS', pair, weights: ALL_STABLE })).toBe(false);
  });
});

describe('effectOrderProblem', () => {
  test.each<[string, Effect[]]>([
    ['persist, then raise, then read back', [persist, order(10), verify(10)]],
    ['create, then raise', [create, order(10)]],
    ['lower, read back, then persist', [order(0), verify(0), persist]],
    ['a raise ordered again with nothing to persist (it is recorded already)', [order(10), verify(10)]],
    ['a lowering with nothing to persist (a drain, a restore after the end)', [order(0), verify(0)]],
    ['no order at all', [persist, { kind: 'HISTORY_ROW' }]],
  ])('safe: %s', (_name, effects) => {
    expect(effectOrderProblem(effects)).toBeUndefined();
  });

  test.each<[string, Effect[], string]>([
    ['a raise before its persist', [order(10), verify(10), persist], 'a raise (effect 0) is ordered before the persist (effect 2)'],
    ['a raise before a create', [order(50), create], 'a raise (effect 0) is ordered before the persist (effect 1)'],
    ['a lowering after its persist', [persist, order(0), verify(0)], 'a lowering (effect 1) is ordered after the persist (effect 0)'],
    ['a lowering after a create', [create, { kind: 'HISTORY_ROW' }, order(0)], 'a lowering (effect 2) is ordered after the persist (effect 0)'],
  ])('unsafe: %s', (_name, effects, problem) => {
    expect(effectOrderProblem(effects)).toBe(problem);
  });
});
