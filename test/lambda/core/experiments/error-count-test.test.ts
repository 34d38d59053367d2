import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  addErrorCounts, ErrorCounts, errorCountTest, judgeErrorCounts, startErrorCountTest,
} from '../../../../lambda/core/experiments';
import { Prng } from '../../../../sim/prng';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const vectors = path.join(__dirname, 'error-count-vectors.json');

function runVectors(file: string) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'vectors.js'), file], { cwd: root, encoding: 'utf8' });
  const lines = r.stdout.trim().split('\n');
  return { status: r.status, lines, last: lines[lines.length - 1] };
}

const period = (candidateRequests: number, candidateErrors: number, stableRequests: number, stableErrors: number): ErrorCounts =>
  ({ candidateRequests, candidateErrors, stableRequests, stableErrors });

describe('errorCountTest against scipy (scripts/reference/error-count-vectors.py)', () => {
  test('every look of every case matches: ln Lambda within 1e-7, verdicts and first rejecting look exactly', () => {
    const cases = JSON.parse(fs.readFileSync(vectors, 'utf8')).error_count_test.length;
    const r = runVectors(vectors);
    expect(r.last).toBe(`vectors: checked=${cases} failed=0`);
    expect(r.status).toBe(0);
  });

  test('a reference value moved by 1e-6 relative fails, naming the case and the look', () => {
    const data = JSON.parse(fs.readFileSync(vectors, 'utf8'));
    data.error_count_test[1].expected.per_look[1].log_lambda *= 1 + 1e-6;
    data.error_count_test[2].expected.first_reject_look = 0;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'count-vectors-')), 'v.json');
    fs.writeFileSync(file, JSON.stringify(data));
    const r = runVectors(file);
    expect(r.status).toBe(1);
    expect(r.last).toBe(`vectors: checked=${data.error_count_test.length} failed=2`);
    expect(r.lines.some((l) => /case 1: look 1 log_lambda: got/.test(l))).toBe(true);
    expect(r.lines.some((l) => /case 2: first_reject_look: got null, want 0/.test(l))).toBe(true);
  });

  test('the generator\'s own Monte Carlo (4,000 hour-long canaries, 360 looks each) stayed below alpha', () => {
    const mc = JSON.parse(fs.readFileSync(vectors, 'utf8')).meta.monte_carlo as Array<{ true_ratio: number; rate: number; upper_95: number; alpha: number; runs: number }>;
    expect(mc.map((m) => m.true_ratio)).toEqual([1, 0.5]);
    for (const m of mc) {
      expect(m.runs).toBeGreaterThanOrEqual(1000);
      expect(m.upper_95).toBeLessThan(m.alpha);
    }
  });
});

describe('errorCountTest', () => {
  test('periods without errors leave the likelihood ratio at exactly 1; errors in proportion to traffic lower it', () => {
    const quiet = errorCountTest([period(20, 0, 180, 0), period(25, 0, 170, 0)]);
    expect(quiet.logLambda).toBe(0);
    expect(quiet.verdict).toBe('OK');
    expect(errorCountTest([period(100, 10, 900, 90)]).logLambda).toBeLessThan(0);
  });

  test('more candidate errors at the same traffic mean more evidence, and enough of them say WORSE with the counts', () => {
    const lambdas = [0, 1, 2, 3, 4].map((x) => errorCountTest([period(20, x, 180, 0)]).logLambda);
    for (let i = 1; i < lambdas.length; i++) expect(lambdas[i]).toBeGreaterThan(lambdas[i - 1]);
    const v = errorCountTest([period(20, 4, 180, 0), period(20, 3, 180, 0)]);
    expect(v.verdict).toBe('WORSE');
    expect(v.detail).toMatch(/^candidate 5XX rate above the stable rate: candidate 7\/40 5XX, stable 0\/360 over 2 periods; mixture likelihood ratio .* >= 1\/alpha = 100$/);
  });

  test('the default prior (scale 4) catches a large regression on fewer errors than scale 2 did', () => {
    // The candidate's first, half-served period at a 10% canary: 10 of 200 requests, 2 errors, none from stable.
    // scipy's quadrature of the mixture (the generator's formula): 142.3 at scale 4, 43.1 at scale 2; 1/alpha = 100.
    const first = [period(10, 2, 190, 0)];
    expect(errorCountTest(first).verdict).toBe('WORSE');
    expect(Math.exp(errorCountTest(first).logLambda)).toBeCloseTo(142.3, 0);
    expect(errorCountTest(first, { priorScale: 2 }).verdict).toBe('OK');
    expect(Math.exp(errorCountTest(first, { priorScale: 2 }).logLambda)).toBeCloseTo(43.1, 0);
  });

  test('a tolerated ratio needs more evidence: the same errors are OK under maxErrorRateRatio 10', () => {
    const periods = [period(20, 2, 180, 1), period(20, 2, 180, 1)];
    expect(errorCountTest(periods).logLambda).toBeGreaterThan(errorCountTest(periods, { maxErrorRateRatio: 10 }).logLambda);
    expect(errorCountTest(periods, { maxErrorRateRatio: 10 }).detail).toMatch(/above 10 x the stable rate/);
  });

  test('folding period by period gives exactly the list\'s verdict; the state is not mutated', () => {
    const periods = [period(20, 1, 180, 0), period(0, 0, 200, 2), period(40, 2, 160, 1)];
    const start = startErrorCountTest();
    const one = addErrorCounts(start, periods[0]);
    const all = periods.slice(1).reduce(addErrorCounts, one);
    expect(judgeErrorCounts(all)).toEqual(errorCountTest(periods));
    expect(judgeErrorCounts(start).logLambda).toBe(0);
    expect(all.totals).toEqual({ candidateRequests: 60, candidateErrors: 3, stableRequests: 540, stableErrors: 3 });
  });

  test('options are checked', () => {
    expect(() => startErrorCountTest({ alpha: 0 })).toThrow(/alpha is 0; it must be in \(0, 1\)/);
    expect(() => startErrorCountTest({ maxErrorRateRatio: -1 })).toThrow(/maxErrorRateRatio is -1; it must be a positive number/);
    expect(() => startErrorCountTest({ priorScale: Number.NaN })).toThrow(/priorScale is NaN/);
  });
});

/**
 * Half-hour canaries (10% of 20 req/s, 0.5% 5XX on both variants so that most periods carry evidence, 10-second
 * periods, a look after every period with an error): how often does a test ever say WORSE? The always-valid test
 * stays below alpha; a fixed-horizon one-sided binomial test re-run at the same looks at the same 1% does not, which
 * shows the simulation can tell the two apart.
 */
describe('errorCountTest false alarms over 180 looks (seeded Monte Carlo)', () => {
  const RUNS = 200;
  const LOOKS = 180;
  const STABLE_RATE = 0.005;

  function everAlarms(seed: number, ratio: number, alarm: (totals: ErrorCounts, state: ReturnType<typeof startErrorCountTest>) => boolean): boolean {
    const rng = new Prng(seed);
    let state = startErrorCountTest();
    for (let k = 0; k < LOOKS; k++) {
      const n = rng.poisson(200);
      let nc = 0;
      for (let i = 0; i < n; i++) if (rng.next() < 0.1) nc++;
      const x = rng.poisson(nc * STABLE_RATE * ratio);
      const y = rng.poisson((n - nc) * STABLE_RATE);
      state = addErrorCounts(state, period(nc, x, n - nc, y));
      // Without a new error the count test's evidence cannot change; both tests look at these moments only.
      if (x + y > 0 && alarm(state.totals, state)) return true;
    }
    return false;
  }

  /** P(X >= x) for X ~ Binomial(k, p). */
  function binomialTail(x: number, k: number, p: number): number {
    let term = (1 - p) ** k;
    let cdf = 0;
    for (let i = 0; i < x; i++) {
      cdf += term;
      term *= ((k - i) / (i + 1)) * (p / (1 - p));
    }
    return Math.max(0, 1 - cdf);
  }

  /** Largest count whose upper tail under Binomial(runs, alpha) is still at least 0.001. */
  function plausibleMax(runs: number, alpha: number): number {
    let x = 0;
    while (binomialTail(x + 1, runs, alpha) >= 0.001) x++;
    return x;
  }

  test('a candidate as good as stable, and a better one, are (almost) never called worse: at most alpha = 1%', () => {
    for (const ratio of [1, 0.5]) {
      let alarms = 0;
      for (let r = 0; r < RUNS; r++) if (everAlarms(1000 + r, ratio, (_, s) => judgeErrorCounts(s).verdict === 'WORSE')) alarms++;
      expect({ ratio, alarms }).toEqual({ ratio, alarms: Math.min(alarms, plausibleMax(RUNS, 0.01)) });
    }
  });

  test('contrast: a fixed-horizon binomial test at 1% re-run at every look calls far more than 1% of good candidates worse', () => {
    let alarms = 0;
    const naive = (t: ErrorCounts) => {
      const k = t.candidateErrors + t.stableErrors;
      return binomialTail(t.candidateErrors, k, t.candidateRequests / (t.candidateRequests + t.stableRequests)) < 0.01;
    };
    for (let r = 0; r < RUNS; r++) if (everAlarms(1000 + r, 1, naive)) alarms++;
    expect(alarms).toBeGreaterThan(plausibleMax(RUNS, 0.01));
  });

  test('a candidate failing 20% of requests (40 times stable\'s 0.5%) is caught within its first three periods with errors, in every run', () => {
    for (let r = 0; r < 50; r++) {
      let looks = 0;
      expect(everAlarms(5000 + r, 40, (_, s) => (++looks, judgeErrorCounts(s).verdict === 'WORSE'))).toBe(true);
      expect(looks).toBeLessThanOrEqual(3);
    }
  });
});
