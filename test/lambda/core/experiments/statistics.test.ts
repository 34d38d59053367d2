import {
  adjustPValues, betaBinomialThompson, msprtNormal, normPpf, normSf, srmChiSquare, twoProportionZTest, welchTTest,
} from '../../../../lambda/core/experiments';

// Expected values computed with scipy 1.17 (stats.norm, stats.ttest_ind(equal_var=False), false_discovery_control).
describe('fixed-horizon tests', () => {
  test('two-proportion z-test uses the pooled variance (100/1000 vs 130/1000)', () => {
    const r = twoProportionZTest(100, 1000, 130, 1000);
    expect(r.estimate).toBeCloseTo(0.03, 12);
    expect(r.statistic).toBeCloseTo(2.102740605622114, 9);
    expect(r.pValue).toBeCloseTo(0.03548845046647471, 9);
  });

  test('Welch t-test matches scipy ttest_ind(equal_var=False)', () => {
    const mv = (xs: number[]) => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      return { m, v: xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1) };
    };
    const a = mv([1, 2, 3, 4, 5, 6]);
    const b = mv([2, 4, 6, 8, 10, 12, 3]);
    const r = welchTTest({ nA: 6, meanA: a.m, varA: a.v, nB: 7, meanB: b.m, varB: b.v });
    expect(r.statistic).toBeCloseTo(1.8244760539089377, 9);
    expect(r.dof).toBeCloseTo(9.091423422861983, 9);
    expect(r.pValue).toBeCloseTo(0.1010467759487131, 9);
  });
});

describe('normal distribution', () => {
  test.each([[1e-12], [0.001], [0.025], [0.5], [0.9], [1 - 1e-9]])('ppf inverts the CDF at %p', (p) => {
    const z = normPpf(p);
    expect(p < 0.5 ? normSf(-z) / p : (1 - normSf(z)) / p).toBeCloseTo(1, 9);
  });
});

describe('multiplicity', () => {
  const p = [0.01, 0.04, 0.03, 0.005];
  test('Holm step-down: sorted p times (m - rank), running max', () => {
    // 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, max(0.06, 0.04*1) = 0.06
    expect(adjustPValues(p, 'holm').map((x) => +x.toFixed(12))).toEqual([0.03, 0.06, 0.06, 0.02]);
  });
  test('Benjamini-Hochberg equals scipy false_discovery_control', () => {
    expect(adjustPValues(p, 'benjamini-hochberg').map((x) => +x.toFixed(12))).toEqual([0.02, 0.04, 0.04, 0.02]);
  });
  test('Bonferroni caps at 1', () => {
    expect(adjustPValues([0.3, 0.5], 'bonferroni')).toEqual([0.6, 1]);
  });
});

describe('always-valid p-value', () => {
  test('never increases from one look to the next, even when the evidence fades', () => {
    const looks = [
      { nA: 1000, meanA: 10, varA: 4, nB: 1000, meanB: 10.4, varB: 4 },
      { nA: 2000, meanA: 10, varA: 4, nB: 2000, meanB: 10.05, varB: 4 },
    ];
    const r = msprtNormal(looks, { alpha: 0.05, tau2: 0.01 });
    expect(r.looks[1].pLook).toBeGreaterThan(r.looks[0].pLook);
    expect(r.looks[1].pRunning).toBe(r.looks[0].pRunning);
  });
});

describe('SRM and Thompson edge cases', () => {
  test('a perfect split has statistic 0 and p 1', () => {
    const r = srmChiSquare([500, 500], [1, 1]);
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBeCloseTo(1, 12);
    expect(r.srmDetected).toBe(false);
  });
  test('mismatched lengths are refused with the counts named', () => {
    expect(() => srmChiSquare([1, 2, 3], [1, 1])).toThrow(/3 counts, 2 weights/);
  });
  test('one variant is best with certainty; identical variants share equally', () => {
    expect(betaBinomialThompson([{ successes: 3, failures: 4 }]).probBest).toEqual([1]);
    const r = betaBinomialThompson([{ successes: 30, failures: 70 }, { successes: 30, failures: 70 }]);
    expect(r.probBest[0]).toBeCloseTo(0.5, 8);
  });
});
