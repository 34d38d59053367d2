/**
 * The shadow gates on the replayed answers (minAgreement, maxMeanAbsoluteDifference, maxMeanRelativeDifference):
 * judged in core with every failed gate named with its figure and limit, "not yet" until minRequests answers were
 * compared, and through the policy a ROLLBACK (cause SHADOW_GATE) whose reason says why. Plan validation included.
 */
import { planProblems } from '../../../../contracts/rollout-plan-validation';
import { agreementFigures, compareReplayAnswers, ReplayAgreement } from '../../../../lambda/core/experiments';
import { canary, judgeShadow, RolloutPlanError, ShadowComparison, shadowFirst } from '../../../../lambda/core/rollout';
import { runChecks } from './scenario-runner';

// Healthy on errors and latency: 0.1% vs 0.1% 5XX, p99 42 vs 40 ms (ratio 1.05 <= 1.2), 150 replayed requests.
const healthy: ShadowComparison = {
  stableRequests: 5000, shadowRequests: 150, stableErrorRate: 0.001, shadowErrorRate: 0.001, stableP99Ms: 40, shadowP99Ms: 42,
};
const base = { maxErrorRateIncrease: 0.01, maxP99LatencyRatio: 1.2, minRequests: 100 };

/** `agreed` of `n` label pairs, the disagreements split 0→1 (`up`) and 1→0 (the rest). */
function labels(n: number, agreed: number, up: number): ReplayAgreement {
  const production: string[] = [];
  const candidate: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = i % 2 === 0 ? '0' : '1';
    production.push(p);
    candidate.push(p);
  }
  // Flip the first `up` class-0 answers to 1 and the first (n - agreed - up) class-1 answers to 0.
  let ups = up;
  let downs = n - agreed - up;
  for (let i = 0; i < n; i++) {
    if (production[i] === '0' && ups > 0) { candidate[i] = '1'; ups--; } else if (production[i] === '1' && downs > 0) { candidate[i] = '0'; downs--; }
  }
  return agreementFigures(compareReplayAnswers(production, candidate));
}

interface Row {
  readonly name: string;
  readonly gates: Partial<typeof base> & { minAgreement?: number; maxMeanAbsoluteDifference?: number; maxMeanRelativeDifference?: number };
  readonly m: ShadowComparison;
  readonly result: 'PASS' | 'FAIL' | 'INSUFFICIENT';
  readonly says: string[];
}

const rows: Row[] = [
  {
    // 144 of 150 agree = 96.00% >= 95%.
    name: 'agreement above the minimum passes and says so',
    gates: { minAgreement: 0.95 }, m: { ...healthy, answers: labels(150, 144, 4) },
    result: 'PASS', says: ['agreement 96.00% (min 95.00%)', '150 compared'],
  },
  {
    // 135 of 150 agree = 90.00% < 95%; 10 flips 0→1 and 5 flips 1→0, largest first.
    name: 'agreement below the minimum fails with the figure, the limit and the flips',
    gates: { minAgreement: 0.95 }, m: { ...healthy, answers: labels(150, 135, 10) },
    result: 'FAIL', says: ['agreement 90.00% below 95.00% over 150 answers (flips 0→1 10, 1→0 5)'],
  },
  {
    // Only 60 answers compared (< minRequests 100), although 150 requests were replayed.
    name: 'too few compared answers: not yet, never a pass',
    gates: { minAgreement: 0.95 }, m: { ...healthy, answers: labels(60, 60, 0) },
    result: 'INSUFFICIENT', says: ['60 of 100 answers compared'],
  },
  {
    name: 'captures without outputs: not yet, and the reason names Data Capture',
    gates: { minAgreement: 0.95 },
    m: { ...healthy, answers: agreementFigures(compareReplayAnswers(new Array(150).fill(undefined), new Array(150).fill('1'))) },
    result: 'INSUFFICIENT', says: ['0 of 100 answers compared', '150 captured records hold no output'],
  },
  {
    // |d| = 0.2 for each of 120 pairs (0.5 -> 0.7): mean 0.2 > 0.05; relative 0.2/0.5 = 0.4 > 0.1.
    name: 'mean differences above their limits fail, each named',
    gates: { maxMeanAbsoluteDifference: 0.05, maxMeanRelativeDifference: 0.1 },
    m: { ...healthy, answers: agreementFigures(compareReplayAnswers(new Array(120).fill('0.5'), new Array(120).fill('0.7'), { kind: 'number' })) },
    result: 'FAIL', says: ['mean absolute difference 0.2000 above 0.05 over 120 answers', 'mean relative difference 0.4000 above 0.1'],
  },
  {
    // p99 ratio 60/40 = 1.5 > 1.2 and agreement 90% < 95%: both reasons, one verdict.
    name: 'a latency failure and an agreement failure are both reported',
    gates: { minAgreement: 0.95 }, m: { ...healthy, shadowP99Ms: 60, answers: labels(150, 135, 10) },
    result: 'FAIL', says: ['p99 ratio 1.50 (max 1.2)', 'agreement 90.00% below 95.00%'],
  },
  {
    // Without answer gates the answers are carried but not judged: the old verdict, with no answer summary.
    name: 'no answer gates: answers do not change the verdict',
    gates: {}, m: { ...healthy, answers: labels(150, 10, 70) },
    result: 'PASS', says: ['5XX 0.10% vs 0.10%'],
  },
];

describe('judgeShadow with answer gates', () => {
  test.each(rows.map((r) => [r.name, r] as const))('%s', (_name, r) => {
    const v = judgeShadow(r.m, { ...base, ...r.gates });
    expect(v.result).toBe(r.result);
    for (const s of r.says) expect(v.detail).toContain(s);
    if (Object.keys(r.gates).length === 0) expect(v.detail).not.toContain('answers:');
  });
});

describe('the policy rolls back on a failed answer gate', () => {
  const plan = shadowFirst(300, { ...base, minAgreement: 0.95 }, canary(10, 300, { minInvocationsPerStep: 30 }));

  test('ROLLBACK, cause SHADOW_GATE, the reason naming the agreement and the flips', () => {
    const { decisions } = runChecks(plan, [
      { t: 0, expect: 'START_SHADOW', phase: 'SHADOW' },
      { t: 300, shadow: { ...healthy, answers: labels(150, 135, 10) }, expect: 'ROLLBACK', candidate: 0, cause: 'SHADOW_GATE',
        says: 'shadow gates failed: agreement 90.00% below 95.00% over 150 answers (flips 0→1 10, 1→0 5)' },
    ]);
    expect(decisions).toHaveLength(2);
  });

  test('holds while too few answers were compared, then passes', () => {
    runChecks(plan, [
      { t: 0, expect: 'START_SHADOW' },
      { t: 300, shadow: { ...healthy, answers: labels(60, 60, 0) }, expect: 'HOLD', says: '60 of 100 answers compared' },
      { t: 320, shadow: { ...healthy, answers: labels(150, 150, 0) }, expect: 'SHIFT', candidate: 10, says: 'agreement 100.00%' },
    ]);
  });
});

describe('plan validation of the answer gates', () => {
  const then = canary(10, 60);
  const problems = (gates: object, answers?: object) => planProblems({ ...then, shadow: { durationSeconds: 60, gates: { ...base, ...gates }, ...(answers ? { answers } : {}) } } as never);

  test('valid combinations have no problem', () => {
    expect(problems({ minAgreement: 0.9 })).toEqual([]);
    expect(problems({ minAgreement: 0.9, maxMeanAbsoluteDifference: 0.1 }, { kind: 'score', threshold: 0.5 })).toEqual([]);
    expect(problems({ maxMeanRelativeDifference: 0.05 }, { kind: 'number', field: 'predictions.0' })).toEqual([]);
  });

  test.each([
    [{ minAgreement: 1.5 }, undefined, 'shadow.gates.minAgreement is 1.5; it is a fraction in [0, 1]'],
    [{ minAgreement: 0.9 }, { kind: 'number' }, "shadow.gates.minAgreement is set but answers are read as 'number'"],
    [{ maxMeanAbsoluteDifference: 0.1 }, undefined, "shadow.gates.maxMeanAbsoluteDifference is set but answers are read as 'label'"],
    [{ maxMeanRelativeDifference: -1 }, { kind: 'number' }, 'shadow.gates.maxMeanRelativeDifference is -1; it must be a number >= 0'],
    [{}, { kind: 'score' }, 'shadow.answers.threshold is undefined; a score answer needs a threshold in (0, 1)'],
    [{}, { kind: 'label', threshold: 0.5 }, "only a 'score' answer has a threshold"],
    [{}, { kind: 'probability' }, "shadow.answers.kind is \"probability\"; use 'label', 'score' or 'number'"],
    [{}, { kind: 'number', field: 'a..b' }, 'shadow.answers.field is "a..b"'],
  ])('%j with answers %j: %s', (gates, answers, message) => {
    expect(problems(gates, answers).join('; ')).toContain(message);
  });

  test('the core builder carries the answer format and refuses a bad one', () => {
    const plan = shadowFirst(60, { ...base, maxMeanAbsoluteDifference: 0.1 }, then, { kind: 'score', threshold: 0.5, field: 'score' });
    expect(plan.shadow).toEqual({ durationSeconds: 60, gates: { ...base, maxMeanAbsoluteDifference: 0.1 }, answers: { kind: 'score', threshold: 0.5, field: 'score' } });
    expect(() => shadowFirst(60, { ...base, minAgreement: 0.9 }, then, { kind: 'number' })).toThrow(RolloutPlanError);
  });
});
