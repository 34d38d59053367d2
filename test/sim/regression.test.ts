/**
 * Regression guard: the key figures of seeded simulator runs (regression-cases.ts) are those the simulator gave on
 * main at commit 0841ae6, BEFORE it drove the rollout transition instead of calling `decide` (issue 18). They were
 * produced by bundling regression-cases.ts with esbuild on that commit and writing
 * `keyFigures(simulateRollout(c.options))` for every case to data/regression-figures.main-0841ae6.json. They are
 * not this code's output: a change of simulator internals that moves one of them must be explained here.
 *
 * Explained deviations: none so far.
 */
import { simulateRollout } from '../../sim';
import { keyFigures, REGRESSION_CASES } from './regression-cases';
import before from './data/regression-figures.main-0841ae6.json';

const expected = before as Record<string, Record<string, unknown>>;

describe('simulator regression guard (figures of main before the transition drove it)', () => {
  it('covers every case with a figure from main', () => {
    expect(REGRESSION_CASES.map((c) => c.name).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(REGRESSION_CASES.map((c) => [c.name, c] as const))('%s', (name, c) => {
    expect(keyFigures(simulateRollout(c.options))).toEqual(expected[name]);
  });
});
