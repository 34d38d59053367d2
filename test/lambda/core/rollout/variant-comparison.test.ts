/**
 * The statistical gate's input from CloudWatch's 1-minute datapoints: only complete minutes (published ~60 s late, so
 * a minute counts 90 s after it ends), incomplete variant-minutes left out, minutes merged across pages, and mean
 * latency compared only over minutes in which both variants served, with the per-request variance estimated from
 * how minute averages scatter (worked by hand below).
 */
import {
  comparisonPeriodSeconds, comparisonWindow, LATENCY_MIN_MINUTES, METRIC_SETTLE_SECONDS, MinuteDatapoint, SUB_MINUTE_RETENTION_SECONDS,
  variantComparison,
} from '../../../../lambda/core/rollout';

const T0 = 1_800_000_000 - (1_800_000_000 % 60); // a minute boundary
const minute = (i: number, p: Omit<MinuteDatapoint, 'minute'>): MinuteDatapoint => ({ minute: T0 + 60 * i, ...p });
const full = (i: number, invocations: number, errors: number, latencyMs?: number): MinuteDatapoint =>
  minute(i, { invocations, errors, ...(latencyMs !== undefined ? { latencyMicros: latencyMs * 1000, latencyCount: invocations } : {}) });

describe('comparisonWindow: complete minutes only', () => {
  it.each([
    // [since, now, start, end]: minute m is complete at m + 60 + 90
    ['since mid-minute counts that minute whole', T0 + 25, T0 + 600, T0, T0 + 480],
    ['minute 0 not complete 149 s after it began (end = start: none)', T0, T0 + 149, T0, T0],
    ['minute 0 complete 150 s after it began', T0, T0 + 150, T0, T0 + 60],
  ])('%s', (_name, since, now, start, end) => {
    expect(METRIC_SETTLE_SECONDS).toBe(90);
    expect(comparisonWindow(since, now)).toEqual({ start, end });
  });
});

describe('variantComparison: counts', () => {
  const cases: Array<[string, MinuteDatapoint[], MinuteDatapoint[], number, [number, number], [number, number]]> = [
    ['sums complete minutes; the minute still settling is left out',
      [full(0, 100, 1), full(1, 100, 2), full(2, 100, 50)], [full(0, 10, 0), full(1, 10, 1), full(2, 10, 9)],
      T0 + 3 * 60 + 89, [200, 3], [20, 1]],
    ['a minute with Invocations but no 5XX datapoint yet is left out for that variant',
      [full(0, 100, 1), minute(1, { invocations: 100 })], [full(0, 10, 0), full(1, 10, 1)],
      T0 + 600, [100, 1], [20, 1]],
    ['a minute without requests (no datapoints) counts nothing',
      [full(0, 100, 1), full(2, 100, 1)], [full(2, 10, 0)], T0 + 600, [200, 2], [10, 0]],
    ['the same minute from two pages is merged, not double counted',
      [minute(0, { invocations: 100 }), minute(0, { errors: 4 }), minute(0, { invocations: 100 })], [full(0, 10, 1)],
      T0 + 600, [100, 4], [10, 1]],
    ['minutes before the candidate took traffic are not read',
      [full(-1, 100, 90), full(0, 100, 0)], [full(0, 10, 0)], T0 + 600, [100, 0], [10, 0]],
  ];
  it.each(cases)('%s', (_name, stable, candidate, now, [sr, se], [cr, ce]) => {
    const c = variantComparison({ stable, candidate }, T0 + 5, now);
    expect(c.stable).toEqual({ requests: sr, errors: se });
    expect(c.candidate).toEqual({ requests: cr, errors: ce });
  });
});

describe('variantComparison: latency', () => {
  const now = T0 + 3600;
  it(`needs ${LATENCY_MIN_MINUTES} minutes in which both variants served`, () => {
    expect(LATENCY_MIN_MINUTES).toBe(5);
    const four = [0, 1, 2, 3].map((i) => full(i, 100, 0, 40));
    // Minute 4 has stable only, minute 5 the candidate only: neither pairs.
    const c = variantComparison({ stable: [...four, full(4, 100, 0, 40)], candidate: [...four.map((p) => ({ ...p })), full(5, 10, 0, 40)] }, T0, now);
    expect(c.latency).toBeUndefined();
    const five = [0, 1, 2, 3, 4].map((i) => full(i, 100, 0, 40));
    expect(variantComparison({ stable: five, candidate: five }, T0, now).latency?.minutes).toBe(5);
  });

  it('count-weighted means in ms; variance from the scatter of minute averages, at least the pooled one', () => {
    // Stable: 100 requests a minute averaging 40, 42, 38, 40, 40 ms -> mean 40, sum n (avg - mean)^2 = 100 (0+4+4+0+0)
    // = 800, own variance 800 / 4 = 200. Candidate: 10 a minute, always 50 ms -> mean 50, own variance 0. Pooled:
    // 800 / (4 + 4) = 100, so the candidate's variance is 100 and the stable's stays 200.
    const stable = [40, 42, 38, 40, 40].map((ms, i) => full(i, 100, 0, ms));
    const candidate = [0, 1, 2, 3, 4].map((i) => full(i, 10, 0, 50));
    const l = variantComparison({ stable, candidate }, T0, now).latency!;
    expect(l.minutes).toBe(5);
    expect(l.stable.n).toBe(500);
    expect(l.stable.mean).toBeCloseTo(40, 10);
    expect(l.stable.variance).toBeCloseTo(200, 10);
    expect(l.candidate).toEqual({ n: 50, mean: 50, variance: 100 });
  });

  it('a minute without ModelLatency samples (all requests failed) is not paired', () => {
    const stable = [0, 1, 2, 3, 4].map((i) => full(i, 100, 0, 40));
    const candidate = [0, 1, 2, 3].map((i) => full(i, 10, 0, 40)).concat(minute(4, { invocations: 10, errors: 10, latencyCount: 0 }));
    expect(variantComparison({ stable, candidate }, T0, now).latency).toBeUndefined();
  });
});

describe('10-second datapoints', () => {
  const at = (i: number, invocations: number, errors?: number): MinuteDatapoint => ({ minute: T0 + 10 * i, invocations, errors });

  it.each([
    // [since, now, start, end]: a 10 s period p is complete 1.5 periods after it ends, at p + 10 + 15
    ['period 0 not complete 24 s after it began', T0 + 3, T0 + 24, T0, T0],
    ['period 0 complete 25 s after it began', T0 + 3, T0 + 25, T0, T0 + 10],
    ['two periods complete at 35 s', T0, T0 + 35, T0, T0 + 20],
  ])('%s', (_name, since, now, start, end) => {
    expect(comparisonWindow(since, now, 10)).toEqual({ start, end });
  });

  it('lists the periods in which both variants published, in time order, for the count test', () => {
    const stable = [at(2, 180, 1), at(0, 170, 0), at(1, 175, 0), at(3, 160)];
    // Period 1: the candidate served nobody; period 3: stable's errors are not published yet.
    const candidate = [at(0, 20, 2), at(2, 18, 0), at(3, 19, 1)];
    const c = variantComparison({ stable, candidate }, T0, T0 + 10 * 4 + 15, 10);
    expect(c.periods).toEqual([
      { stableRequests: 170, stableErrors: 0, candidateRequests: 20, candidateErrors: 2 },
      { stableRequests: 180, stableErrors: 1, candidateRequests: 18, candidateErrors: 0 },
    ]);
    expect(c.stable).toEqual({ requests: 525, errors: 1 });
    expect(c.candidate).toEqual({ requests: 57, errors: 3 });
  });

  it('reads at the sub-minute period while the window lies within CloudWatch\'s 3 hours of such data, then by the minute', () => {
    expect(SUB_MINUTE_RETENTION_SECONDS).toBe(3 * 3600);
    expect(comparisonPeriodSeconds(10, T0, T0 + 3600)).toBe(10);
    // 5 minutes of margin, so one read never straddles the 3 hours.
    expect(comparisonPeriodSeconds(10, T0, T0 + 3 * 3600 - 300)).toBe(10);
    expect(comparisonPeriodSeconds(10, T0, T0 + 3 * 3600 - 299)).toBe(60);
    expect(comparisonPeriodSeconds(undefined, T0, T0 + 60)).toBe(60);
  });
});
