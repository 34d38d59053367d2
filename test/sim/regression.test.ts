/**
 * Regression guard: the key figures of seeded simulator runs (regression-cases.ts) are those the simulator gave on
 * main at commit 0841ae6, BEFORE it drove the rollout transition instead of calling `decide` (issue 18). They were
 * produced by bundling regression-cases.ts with esbuild on that commit and writing
 * `keyFigures(simulateRollout(c.options))` for every case to data/regression-figures.main-0841ae6.json. They are
 * not this code's output: a change of simulator internals that moves one of them must be explained here.
 *
 * Explained deviations (DEVIATIONS below): an operator's ABORT. On main the simulator put the command in the state
 * and `decide` acted on it at the controller's next check; now it goes through the CLI's own transition at the second
 * it is sent (as `cdk-mlops rollout abort` does), so the rollout ends at that second with the transition's kind ABORT.
 * And the '10 s metrics' runs (issue 25, merged after these figures): on 10-second data a step's first 40 s are checked
 * every 5 s (lambda/core/rollout/check-cadence.ts), so the probe's second check, which rolled the bad candidate back,
 * comes 5 s after the first instead of 10 s.
 */
import { simulateRollout } from '../../sim';
import { keyFigures, REGRESSION_CASES } from './regression-cases';
import before from './data/regression-figures.main-0841ae6.json';

const expected = before as Record<string, Record<string, unknown>>;

/**
 * 'abort good seed 4': checks run every 10 s from the start, the abort is sent at 205. Main ended the rollout at the
 * 210 check; now it ends at 205 (5 s earlier), and every figure counted from the end moves by those 5 s. The
 * candidate served from second 10 (its first shift's 10 s latency) until 5 s after the order (the rollback latency).
 */
const DEVIATIONS: Partial<Record<string, (main: Record<string, unknown>) => Record<string, unknown>>> = {
  'abort good seed 4': (main) => ({
    ...main,
    moves: ['0:SHIFT', '205:ABORT'],
    secondsToEnd: 205,
    secondsToRollbackOrder: 205 - 10,
    secondsToRollback: 205 + 5 - 10,
    candidateRequests: expect.any(Number),
  }),
  ...Object.fromEntries([1, 2, 3].map((seed) => [`10 s metrics canary bad seed ${seed}`, (main: Record<string, unknown>) => ({
    ...main,
    // Shift ordered at 0, live at 10 (its latency): checks at 10 and 15 instead of 10 and 20; the same probe verdict.
    moves: ['0:SHIFT', '15:ROLLBACK'],
    secondsToEnd: 15,
    secondsToRollbackOrder: 15 - 10,
    secondsToRollback: 15 + 5 - 10,
    candidateRequests: expect.any(Number),
    badRequests: expect.any(Number),
  })])),
};

describe('simulator regression guard (figures of main before the transition drove it)', () => {
  it('covers every case with a figure from main', () => {
    expect(REGRESSION_CASES.map((c) => c.name).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(REGRESSION_CASES.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const deviation = DEVIATIONS[name];
    const figures = keyFigures(simulateRollout(c.options));
    expect(figures).toEqual(deviation ? deviation(expected[name]) : expected[name]);
    if (deviation) {
      // 5 s less at 10% of 20 requests/s: about 10 fewer candidate requests (Poisson), never more.
      const main = Number(expected[name].candidateRequests);
      expect(figures.candidateRequests).toBeLessThan(main);
      expect(figures.candidateRequests).toBeGreaterThan(main - 30);
      expect(Number(figures.badRequests)).toBeLessThanOrEqual(Number(expected[name].badRequests));
    }
  });
});
