/**
 * The bake probe's pure part: the SPRT verdict, its false-rollback bound under continuous looks, the per-bake budget,
 * the counters, and the policy rolling back on it. Expected values are worked out from Wald's formula in comments.
 */
import {
  addProbe, canary, decide, errorsToFail, initialState, judgeProbe, planProblems, probeBudget, probePlan, ProbeState,
  RolloutState, shouldProbe, startProbe, syntheticInferenceId, isSyntheticInferenceId, userInvocations,
} from '../../../../lambda/core/rollout';
import { Prng } from '../../../../sim';

// Defaults: acceptable 1%, catch 5%, alpha 0.01. ln(1/0.01) = 4.6052; an error adds ln(5) = 1.6094, a success
// adds ln(0.95/0.99) = -0.04124.
const plan = probePlan();
const counts = (sent: number, errors: number, clientErrors = 0) => ({ sent, errors, clientErrors });

describe('judgeProbe (SPRT 1% vs 5%, alpha 0.01)', () => {
  it.each([
    // 3 errors in 3: 3 x 1.6094 = 4.828 >= 4.605 → FAIL.
    [3, 3, 'FAIL'],
    // 3 in 8: 4.828 - 5 x 0.04124 = 4.622 → FAIL; 3 in 9: 4.828 - 6 x 0.04124 = 4.581 → OK.
    [8, 3, 'FAIL'],
    [9, 3, 'OK'],
    // 2 in 2: 3.219 → OK (two failures are not enough at alpha 0.01).
    [2, 2, 'OK'],
    // A good candidate's noise: 4 in 100 → 6.438 - 96 x 0.04124 = 2.478 → OK.
    [100, 4, 'OK'],
    [0, 0, 'OK'],
  ])('%i sent, %i failed → %s', (sent, errors, verdict) => {
    expect(judgeProbe(plan, counts(sent, errors)).result).toBe(verdict);
  });

  it('takes threshold and statistic from the formula', () => {
    const v = judgeProbe(plan, counts(8, 3));
    expect(v.threshold).toBeCloseTo(4.605170, 5);
    expect(v.logLikelihoodRatio).toBeCloseTo(4.622099, 5);
    expect(v.detail).toMatch(/3 of 8 probe requests failed/);
  });

  it('does not judge client errors (the request\'s fault): 3 failed of 12 sent with 4 client errors is 3 of 8', () => {
    expect(judgeProbe(plan, counts(12, 3, 4)).logLikelihoodRatio).toBeCloseTo(4.622099, 5);
  });

  it('needs ceil(ln(1/alpha) / ln(max/acceptable)) errors in a row: 3 at the defaults, 2 at alpha 0.05', () => {
    // ln 100 / ln 5 = 2.86 → 3; ln 20 / ln 5 = 1.86 → 2.
    expect(errorsToFail(plan)).toBe(3);
    expect(errorsToFail(probePlan({ alpha: 0.05 }))).toBe(2);
  });

  it('keeps false rollbacks <= alpha for a candidate at the acceptable rate, looked at after every request', () => {
    // Ville's inequality: the likelihood ratio under H0 is a martingale of mean 1, so P(ever >= 1/alpha) <= alpha.
    const p = probePlan({ alpha: 0.05 });
    const runs = 2000;
    let rolledBack = 0;
    for (let run = 0; run < runs; run++) {
      const rng = new Prng(100 + run);
      let errors = 0;
      for (let n = 1; n <= 1000; n++) {
        if (rng.bernoulli(p.acceptableErrorRate)) errors++;
        if (judgeProbe(p, counts(n, errors)).result === 'FAIL') { rolledBack++; break; }
      }
    }
    // At most alpha, plus 3 binomial standard deviations of 2,000 runs (0.0146).
    expect(rolledBack / runs).toBeLessThanOrEqual(0.05 + 3 * Math.sqrt(0.05 * 0.95 / runs));
  });

  it('catches a 20% candidate within a few checks of 10 requests', () => {
    let checks = 0;
    for (let run = 0; run < 200; run++) {
      const rng = new Prng(7000 + run);
      let sent = 0;
      let errors = 0;
      for (let check = 1; check <= 10; check++) {
        for (let i = 0; i < plan.requestsPerCheck; i++) { sent++; if (rng.bernoulli(0.2)) errors++; }
        if (judgeProbe(plan, counts(sent, errors)).result === 'FAIL') { checks += check; break; }
        if (check === 10) checks += 11;
      }
    }
    // Expected drift per request 0.2 x 1.609 - 0.8 x 0.0412 = 0.289 → ~16 requests → about 2 checks on average.
    expect(checks / 200).toBeLessThan(3);
  });
});

describe('probe plan validation', () => {
  const withProbe = (probe: object) => ({ ...canary(10, 60), probe } as never);
  it('accepts the defaults and refuses what cannot be judged', () => {
    expect(planProblems(withProbe(plan))).toEqual([]);
    expect(planProblems(withProbe({ ...plan, acceptableErrorRate: 0.05 })).join()).toMatch(/acceptableErrorRate is 0.05, not below probe.maxErrorRate 0.05/);
    expect(planProblems(withProbe({ ...plan, alpha: 0 })).join()).toMatch(/probe.alpha is 0/);
    expect(planProblems(withProbe({ ...plan, requestsPerCheck: 2.5 })).join()).toMatch(/probe.requestsPerCheck is 2.5/);
    expect(planProblems(withProbe({ ...plan, maxErrorRate: 1 })).join()).toMatch(/probe.maxErrorRate is 1/);
  });
  it('is on by default in the core builders and off with probe: false', () => {
    expect(canary(10, 300).probe).toEqual(plan);
    expect(canary(10, 300, { probe: false }).probe).toBeUndefined();
    expect(canary(10, 300, { probe: { alpha: 0.05 } }).probe).toEqual({ ...plan, alpha: 0.05 });
  });
});

describe('probe budget and counters', () => {
  const batch = (sent: number, errors: number) => ({ marker: 'k2', objects: 1, sent, errors, timeouts: 0, clientErrors: 0,
    skippedLines: 0, latenciesMs: [5] });

  it('sends requestsPerCheck until the bake has used maxRequestsPerBake, and restarts the budget at the next step', () => {
    let p: ProbeState = startProbe('k0', 0);
    expect(probeBudget(plan, undefined, 0)).toBe(10);
    for (let i = 0; i < 9; i++) p = addProbe(p, batch(10, 0), 0);
    expect(p.bakeSent).toBe(90);
    expect(probeBudget(plan, p, 0)).toBe(10);
    p = addProbe(p, batch(10, 0), 0);
    expect(probeBudget(plan, p, 0)).toBe(0);
    // The next step's bake has its own budget; the totals keep counting for the one test of the rollout.
    expect(probeBudget(plan, p, 1)).toBe(10);
    p = addProbe(p, batch(4, 1), 1);
    expect(p).toMatchObject({ sent: 104, errors: 1, bakeStep: 1, bakeSent: 4, marker: 'k2', startMarker: 'k0', objects: 11 });
  });

  it('probes while the candidate is live and watched: bakes, and a shift already live', () => {
    const c = canary(10, 300, { finalBakeSeconds: 60 });
    const s = (phase: RolloutState['phase'], candidate = 10): RolloutState =>
      ({ ...initialState(0), phase, stepIndex: 0, weights: { stable: 100 - candidate, candidate } });
    expect(shouldProbe(c, s('BAKING'), { stable: 90, candidate: 10 })).toBe(true);
    const final = (phase: RolloutState['phase']): RolloutState => ({ ...s(phase, 100), stepIndex: 1 });
    expect(shouldProbe(c, final('FINAL_BAKE'), { stable: 0, candidate: 100 })).toBe(true);
    // The 100% step without a final bake is not watched, so not probed.
    expect(shouldProbe(canary(10, 300), final('SHIFTING'), { stable: 0, candidate: 100 })).toBe(false);
    expect(shouldProbe(c, s('SHIFTING'), { stable: 90, candidate: 10 })).toBe(true);
    expect(shouldProbe(c, s('SHIFTING'), { stable: 100, candidate: 0 })).toBe(false);
    for (const phase of ['PENDING', 'SHADOW', 'PRE_TRAFFIC_HOOK', 'PAUSED', 'KEEP_WARM', 'ROLLED_BACK'] as const) {
      expect(shouldProbe(c, s(phase), { stable: 90, candidate: 10 })).toBe(false);
    }
    expect(shouldProbe(canary(10, 300, { probe: false }), s('BAKING'), { stable: 90, candidate: 10 })).toBe(false);
  });

  it('takes this bake\'s probes off the published invocations (they are not user traffic)', () => {
    const st: RolloutState = { ...initialState(0), phase: 'BAKING', stepIndex: 1,
      probe: { ...startProbe('k', 1), bakeSent: 40 } };
    expect(userInvocations(100, st)).toBe(60);
    expect(userInvocations(30, st)).toBe(0);
    expect(userInvocations(100, { ...st, stepIndex: 2 })).toBe(100);
  });
});

describe('the policy rolls back on the probe', () => {
  const c = canary(10, 300);
  const baking: RolloutState = { ...initialState(0), phase: 'BAKING', stepIndex: 0, phaseStartedAt: 10,
    weights: { stable: 90, candidate: 10 } };
  // 3 of 8 failed: 4.622 >= 4.605 (see judgeProbe's table).
  const failing = { ...startProbe('k', 0), sent: 8, errors: 3, bakeSent: 8 };

  it('ROLLBACK with cause PROBE during a bake, before any alarm has data', () => {
    const d = decide({ ...baking, probe: failing }, { alarms: [{ name: 'a', state: 'INSUFFICIENT_DATA' }], candidateInvocations: 0 }, c, 30);
    expect(d).toMatchObject({ kind: 'ROLLBACK', cause: 'PROBE', weights: { stable: 100, candidate: 0 } });
    expect(d.state.phase).toBe('ROLLED_BACK');
    expect(d.reason).toMatch(/probe of the candidate during step 1\/2 \(10% candidate\): 3 of 8 probe requests failed/);
  });

  it('an alarm in ALARM still names itself first; a passing probe changes nothing', () => {
    const firing = decide({ ...baking, probe: failing }, { alarms: [{ name: 'a', state: 'ALARM' }], candidateInvocations: 0 }, c, 30);
    expect(firing).toMatchObject({ kind: 'ROLLBACK', cause: 'ALARM' });
    const ok = decide({ ...baking, probe: { ...failing, errors: 1 } }, { alarms: [], candidateInvocations: 0 }, c, 30);
    expect(ok.kind).toBe('WAIT');
  });

  it('a plan without a probe ignores probe counters', () => {
    const d = decide({ ...baking, probe: failing }, { alarms: [], candidateInvocations: 0 }, canary(10, 300, { probe: false }), 30);
    expect(d.kind).toBe('WAIT');
  });
});

describe('synthetic InferenceId', () => {
  it('marks probes within SageMaker\'s 64 characters, and is recognised', () => {
    const id = syntheticInferenceId('probe', 'model-candidate-2026-12-02T04-00-00-000Z-with-a-very-long-name', 12345);
    expect(id.length).toBeLessThanOrEqual(64);
    expect(id).toMatch(/^cdk-mlops-synthetic:probe:.*:12345$/);
    expect(isSyntheticInferenceId(id)).toBe(true);
    expect(isSyntheticInferenceId('user-42')).toBe(false);
    expect(isSyntheticInferenceId(undefined)).toBe(false);
  });
});
