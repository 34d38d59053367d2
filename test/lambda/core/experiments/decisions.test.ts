import {
  analyseShadow, AnswerPair, CapturedAnswer, decideAb, decideAllocation, judgeShadowAnalysis, pairAnswers, pairReplay,
  parseAnswerFile, projectShares, sequentialGate,
} from '../../../../lambda/core/experiments';

describe('A/B decision (scenario table)', () => {
  const conv = (xA: number, xB: number, n = 5000) => ({ name: 'conversion', higherIsBetter: true, proportions: { xA, nA: n, xB, nB: n } });
  test.each([
    // A big lift on 5000 units per arm: 10% vs 13% is far beyond the always-valid CI.
    ['better', { unitCounts: [5000, 5000], weights: [50, 50], metrics: [conv(500, 650)] }, /better on conversion/],
    ['worse', { unitCounts: [5000, 5000], weights: [50, 50], metrics: [conv(650, 500)] }, /worse on conversion/],
    ['inconclusive', { unitCounts: [5000, 5000], weights: [50, 50], metrics: [conv(500, 510)] }, /no significant difference/],
    // 5000 vs 4000 units on a 50/50 split: chi-square 111, p ~ 1e-26.
    ['blocked', { unitCounts: [5000, 4000], weights: [50, 50], metrics: [conv(500, 650)] }, /sample ratio mismatch: units 5000 \/ 4000 vs expected 4500 \/ 4500/],
    ['inconclusive', { unitCounts: [50, 50], weights: [1, 1], metrics: [conv(5, 9, 50)] }, /collecting: .* needs 100 per arm/],
  ] as const)('%s', (verdict, input, reason) => {
    const d = decideAb(input as any);
    expect(d.verdict).toBe(verdict);
    expect(d.reason).toMatch(reason);
  });

  test('a guardrail that degrades makes the verdict worse even when the primary improves', () => {
    const d = decideAb({
      unitCounts: [5000, 5000], weights: [1, 1],
      metrics: [
        { name: 'conversion', higherIsBetter: true, primary: true, proportions: { xA: 500, nA: 5000, xB: 650, nB: 5000 } },
        { name: 'latency', higherIsBetter: false, means: { nA: 5000, meanA: 100, varA: 400, nB: 5000, meanB: 110, varB: 400 } },
      ],
    });
    expect(d.verdict).toBe('worse');
    expect(d.metrics.map((m) => m.direction)).toEqual(['improved', 'degraded']);
  });

  test('Holm correction can turn a marginal single-metric win into inconclusive with more metrics', () => {
    // Fixed horizon, 10% vs 11.3% on 5000 each: z = 2.1, p = 0.036 alone; with three metrics Holm needs p <= 0.0167.
    const single = decideAb({ unitCounts: [5000, 5000], weights: [1, 1], test: 'fixed-horizon', metrics: [conv(500, 565)] });
    expect(single.verdict).toBe('better');
    const flat = { name: 'other', higherIsBetter: true, proportions: { xA: 500, nA: 5000, xB: 500, nB: 5000 } };
    const three = decideAb({ unitCounts: [5000, 5000], weights: [1, 1], test: 'fixed-horizon', metrics: [conv(500, 565), flat, { ...flat, name: 'third' }] });
    expect(three.verdict).toBe('inconclusive');
    expect(three.metrics[0].adjustedPValue).toBeCloseTo(three.metrics[0].pValue * 3, 12);
  });

  test('CUPED shrinks the variance and reports the reduction', () => {
    const x = Array.from({ length: 400 }, (_, i) => (i * 37) % 101);
    const sums = (shift: number) => {
      let sumX = 0; let sumY = 0; let sumX2 = 0; let sumY2 = 0; let sumXY = 0;
      x.forEach((xi, i) => {
        const y = xi + shift + ((i * 13) % 7) - 3;
        sumX += xi; sumY += y; sumX2 += xi * xi; sumY2 += y * y; sumXY += xi * y;
      });
      return { n: x.length, sumX, sumY, sumX2, sumY2, sumXY };
    };
    const d = decideAb({ unitCounts: [400, 400], weights: [1, 1], metrics: [{ name: 'revenue', higherIsBetter: true, cuped: { a: sums(0), b: sums(2) } }] });
    expect(d.metrics[0].cupedVarianceReduction).toBeGreaterThan(0.9);
    expect(d.metrics[0].estimate).toBeCloseTo(2, 9);
    expect(d.verdict).toBe('better');
  });

  test('a guardrail without variance (no event in either arm) does not hide a significant primary', () => {
    const none = { name: 'refund', higherIsBetter: false, proportions: { xA: 0, nA: 5000, xB: 0, nB: 5000 } };
    const d = decideAb({ unitCounts: [5000, 5000], weights: [1, 1], metrics: [conv(500, 650), none] });
    expect(d.metrics[1].pValue).toBe(1);
    expect(d.verdict).toBe('better');
  });

  test('the always-valid p-value is a running minimum across analyses', () => {
    const d = decideAb({ unitCounts: [5000, 5000], weights: [1, 1], metrics: [conv(500, 510)], previousPValues: { conversion: 0.01 } });
    expect(d.metrics[0].pValue).toBe(0.01);
  });
});

describe('adaptive allocation (scenario table)', () => {
  const base = {
    variants: ['a', 'b'], currentWeights: [1, 1], bounds: { minShare: 0.1, maxShare: 0.9 }, updateIntervalSeconds: 3600,
    nowSeconds: 10_000, rolloutActive: false, outcomes: [{ successes: 100, failures: 900 }, { successes: 200, failures: 800 }],
  };
  test.each([
    ['yield', { rolloutActive: true }, /rollout owns the endpoint weights/],
    ['hold', { lastUpdateSeconds: 9_000 }, /interval 3600s/],
    ['hold', { outcomes: [{ successes: 1, failures: 2 }, { successes: 200, failures: 800 }] }, /variant a has 3 outcomes, needs 30/],
    ['hold', { bounds: { minShare: 0.6, maxShare: 0.9 } }, /exceeds 100%/],
    ['update', {}, /reweight to a 10.0%/],
  ] as const)('%s', (action, over, reason) => {
    const d = decideAllocation({ ...base, ...over } as any);
    expect(d.action).toBe(action);
    expect(d.reason).toMatch(reason);
  });
  test('target shares stay within the bounds and sum to 1', () => {
    const s = projectShares([0.97, 0.02, 0.01], { minShare: 0.05, maxShare: 0.8 });
    expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(Math.max(...s)).toBeLessThanOrEqual(0.8 + 1e-12);
    expect(Math.min(...s)).toBeGreaterThanOrEqual(0.05 - 1e-12);
  });
});

describe('shadow analysis', () => {
  const line = (id: string, input: string, output: string, extra: Record<string, string> = {}) => JSON.stringify({
    captureData: { endpointInput: { data: input, encoding: 'CSV', mode: 'INPUT' }, endpointOutput: { data: output, encoding: 'CSV', mode: 'OUTPUT' } },
    eventMetadata: { eventId: id, inferenceTime: '2026-12-01T00:00:00Z', ...extra },
  });
  test('pairs by inferenceId, then eventId, then identical input; counts bad lines', () => {
    const prod = parseAnswerFile([line('e1', '1,2', '0.9', { inferenceId: 'i1' }), line('e2', '3,4', '0.2'), line('e3', '5,6', '0.4'), 'not json'].join('\n'));
    const shad = parseAnswerFile([line('x1', '1,2', '0.8', { inferenceId: 'i1' }), line('e2', '3,4', '0.7'), line('x3', '5,6', '0.1')].join('\n'));
    expect(prod.skipped).toBe(1);
    const r = pairAnswers(prod.answers, shad.answers);
    expect(r.pairs.map((p) => p.by)).toEqual(['inferenceId', 'eventId', 'input']);
    expect(r.unpairedProduction).toBe(0);
  });
  test('classification: agreement rate and class-flip matrix from scores at a threshold', () => {
    const a = (o: string): CapturedAnswer => ({ input: 'x', output: o });
    const pairs: AnswerPair[] = [['0.9', '0.8'], ['0.2', '0.7'], ['0.4', '0.1'], ['0.6', '0.3']].map(([p, s]) => ({ production: a(p), shadow: a(s), by: 'input' }));
    const r = analyseShadow(pairs, { problem: 'classification', threshold: 0.5 });
    expect(r.agreementRate).toBe(0.5);
    expect(r.flips).toEqual({ 1: { 1: 1, 0: 1 }, 0: { 1: 1, 0: 1 } });
  });
  test('regression: mean absolute and relative difference; health differences', () => {
    const pairs = pairReplay([{ input: 'a', output: '10' }, { input: 'b', output: '20' }, { input: 'c', output: '5' }], ['11', '18', undefined]);
    expect(pairs).toHaveLength(2);
    const r = analyseShadow(pairs, { problem: 'regression' }, { requests: 100, errorRate: 0.01, p99LatencyMs: 50 }, { requests: 100, errorRate: 0.03, p99LatencyMs: 65 });
    expect(r.meanAbsoluteDifference).toBeCloseTo(1.5, 12); // (1 + 2) / 2
    expect(r.meanRelativeDifference).toBeCloseTo(0.1, 12); // (0.1 + 0.1) / 2
    expect(r.errorRateDifference).toBeCloseTo(0.02, 12);
    expect(r.p99LatencyDifferenceMs).toBe(15);
  });
  test.each([
    ['INSUFFICIENT', { compared: 10, unreadable: 0, agreementRate: 0.99 }, { minAgreementRate: 0.95 }],
    ['FAIL', { compared: 500, unreadable: 0, agreementRate: 0.9 }, { minAgreementRate: 0.95 }],
    ['PASS', { compared: 500, unreadable: 0, agreementRate: 0.97 }, { minAgreementRate: 0.95 }],
    ['INSUFFICIENT', { compared: 500, unreadable: 0, agreementRate: 0.97 }, { minAgreementRate: 0.95, maxErrorRateIncrease: 0.01 }],
  ] as const)('gate %s', (result, analysis, gates) => {
    expect(judgeShadowAnalysis(analysis, gates).result).toBe(result);
  });
});

describe('sequential rollout gate', () => {
  test.each([
    ['INSUFFICIENT', { requests: 1000, errors: 1 }, { requests: 100, errors: 0 }],
    ['OK', { requests: 20000, errors: 20 }, { requests: 2000, errors: 2 }],
    ['WORSE', { requests: 20000, errors: 20 }, { requests: 2000, errors: 40 }],
  ] as const)('%s', (verdict, stable5xx, candidate5xx) => {
    expect(sequentialGate({ stable5xx, candidate5xx }).verdict).toBe(verdict);
  });
  test('a latency regression beyond the margin is WORSE, within it OK', () => {
    const s = { n: 5000, mean: 40, variance: 200 };
    const c = { n: 500, mean: 50, variance: 300 };
    const counts = { stable5xx: { requests: 5000, errors: 5 }, candidate5xx: { requests: 500, errors: 0 } };
    expect(sequentialGate({ ...counts, stableLatency: s, candidateLatency: c }).verdict).toBe('WORSE');
    expect(sequentialGate({ ...counts, stableLatency: s, candidateLatency: c, maxLatencyIncrease: 15 }).verdict).toBe('OK');
  });
});
