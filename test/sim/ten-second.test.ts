/**
 * The simulator with 10-second datapoints (an endpoint's MetricsConfig), high-resolution alarms and the count test.
 * Outcomes are simulated quantities from seeded runs; nothing here measures wall-clock time.
 */
import { canary } from '../../lambda/core/rollout';
import { MetricStore, SimAlarm, simulateMany, simulateRollout, SimulationOptions } from '../../sim';

const base = { requestsPerSecond: 20, stable: { errorRate: 0.001 }, horizonSeconds: 1800 };
const bad = { errorRate: 0.2 };
const good = { errorRate: 0.001 };
const tenSeconds = { periodSeconds: 10 };
const median = (xs: Array<number | undefined>) => {
  const s = xs.filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

describe('MetricStore with 10-second datapoints', () => {
  // Period i ([10 i, 10 i + 10)) is visible 10 s after it ends.
  const store = () => new MetricStore((p) => (p + 1) * 10 + 10, 10);

  test('a minute read through a 60 s period sums the datapoints published so far (partial until all six are)', () => {
    const m = store();
    for (const second of [0, 5, 15, 25, 35, 45, 55]) m.record('candidate', second, second === 15, 40);
    // At 39 s periods 0 and 1 are published (visible at 20 s and 30 s), period 2 (visible at 40 s) is not.
    expect(m.minutes('candidate', 0, 39)).toEqual([{ minute: 0, invocations: 3, errors: 1, latencyMicros: 40000, latencyCount: 3 }]);
    expect(m.minutes('candidate', 0, 70)[0]).toMatchObject({ invocations: 7, errors: 1 });
  });

  test('a 30 s alarm window is published once its last 10 s datapoint is, and its rate pools the three', () => {
    const m = store();
    for (let s = 0; s < 30; s++) m.record('candidate', s, s === 29, 40);
    // Window 0 is [0, 30): its last datapoint, period 2, is visible at 40 s.
    expect(m.latestPublishedWindow(39, 30)).toBe(-1);
    expect(m.latestPublishedWindow(40, 30)).toBe(0);
    expect(m.errorRate('candidate', 0, 30, 39)).toBeCloseTo(0, 12);
    expect(m.errorRate('candidate', 0, 30, 40)).toBeCloseTo(1 / 30, 12);
  });

  test('a 10 s alarm reads one datapoint: 1 error in 10 requests breaches a 5% threshold at once', () => {
    const m = store();
    for (let s = 0; s < 10; s++) m.record('candidate', s, s === 3, 40);
    const alarm = new SimAlarm('a', { threshold: 0.05, evaluationPeriods: 1, datapointsToAlarm: 1, scope: 'candidate', periodSeconds: 10 }, m);
    expect(alarm.evaluate(19)).toBe(false);
    expect(alarm.evaluate(20)).toBe(true);
    expect(alarm.state).toBe('ALARM');
  });
});

describe('simulateRollout with 10-second metrics', () => {
  const plan = canary(10, 300, { probe: false });

  test('60 s datapoints stay the default: the same runs as with the one-minute options spelled out', () => {
    const o: SimulationOptions = { ...base, plan, candidate: bad, seed: 11 };
    expect(simulateRollout(o)).toEqual(simulateRollout({ ...o, metrics: { periodSeconds: 60, publishDelaySeconds: 60, publishJitterSeconds: 15 } }));
  });

  test('on 10 s data the gate\'s count test rolls a bad canary back without any alarm, never before a period has settled', () => {
    const batch = simulateMany({ ...base, plan, candidate: bad, metrics: tenSeconds, alarm: { threshold: 1 },
      controller: { metricGuard: false } }, 30);
    for (const r of batch.results) {
      expect(r.cause).toBe('STATISTICAL_GATE');
      expect(r.decisions[r.decisions.length - 1].reason).toMatch(/count test on 10 s datapoints: candidate 5XX rate above the stable rate/);
      // The controller reads a 10 s period only 1.5 periods after it ends (variant-comparison.ts): at least 15 s
      // after the candidate's first request, however soon the datapoint is published.
      expect(r.secondsToRollbackOrder).toBeGreaterThanOrEqual(15);
    }
  });

  test('on one-minute data there is no count test without a statistical gate: the bad canary runs to its end', () => {
    const r = simulateRollout({ ...base, plan, candidate: bad, alarm: { threshold: 1 }, controller: { metricGuard: false }, seed: 3 });
    expect(r.cause).toBeUndefined();
    expect(r.decisions.map((d) => d.kind)).toContain('COMPLETE');
  });

  test('10 s datapoints and a 10 s alarm catch a bad canary sooner, serving fewer failed requests, than 60 s ones', () => {
    const o = { ...base, plan, candidate: bad };
    const minute = simulateMany(o, 40);
    const tenS = simulateMany({ ...o, metrics: tenSeconds, alarm: { periodSeconds: 10, evaluationPeriods: 3, datapointsToAlarm: 2 } }, 40);
    expect(median(tenS.results.map((r) => r.secondsToRollbackOrder))).toBeLessThan(median(minute.results.map((r) => r.secondsToRollbackOrder)));
    expect(tenS.meanBadRequests).toBeLessThan(minute.meanBadRequests / 2);
  });

  test('with a longer publication delay the same rollouts are caught later', () => {
    const o = { ...base, plan, candidate: bad };
    const quick = simulateMany({ ...o, metrics: tenSeconds }, 30);
    const late = simulateMany({ ...o, metrics: { ...tenSeconds, publishDelaySeconds: 30 } }, 30);
    expect(median(late.results.map((r) => r.secondsToRollbackOrder))).toBeGreaterThanOrEqual(
      median(quick.results.map((r) => r.secondsToRollbackOrder)) + 15);
  });

  test('a 10 s alarm at 1 of 1 rolls good candidates back on single errors; the count test does not', () => {
    const o = { ...base, plan, candidate: good, metrics: tenSeconds };
    const noisy = simulateMany({ ...o, alarm: { periodSeconds: 10, evaluationPeriods: 1, datapointsToAlarm: 1 } }, 60);
    const counted = simulateMany({ ...o, alarm: { threshold: 1 } }, 60);
    expect(noisy.rolledBackRuns).toBeGreaterThanOrEqual(5);
    expect(counted.rolledBackRuns).toBeLessThanOrEqual(1);
  });

  test('rejects periods CloudWatch or SageMaker would not have', () => {
    const o = { ...base, plan, candidate: bad };
    expect(() => simulateRollout({ ...o, metrics: { periodSeconds: 15 } })).toThrow(/periodSeconds is 15; it must be 10, 30 or 60/);
    expect(() => simulateRollout({ ...o, metrics: { periodSeconds: 10, publishJitterSeconds: 10 } })).toThrow(/publishJitterSeconds is 10; it must be in \[0, 10\)/);
    expect(() => simulateRollout({ ...o, metrics: { periodSeconds: 30 }, alarm: { periodSeconds: 10 } }))
      .toThrow(/alarm periodSeconds is 10; it must be 10, 30 or a multiple of 60, and a multiple of the datapoints' 30 s/);
  });
});

describe('a rollout past CloudWatch\'s 3 hours of 10-second data', () => {
  test('a 10 s read that starts more than 3 hours back returns nothing; a one-minute read still does', () => {
    const m = new MetricStore((p) => (p + 1) * 10 + 10, 10);
    for (let s = 0; s < 60; s++) m.record('candidate', s, false, 40);
    expect(m.minutes('candidate', 0, 3 * 3600, 10)).toHaveLength(6);
    expect(m.minutes('candidate', 0, 3 * 3600 + 1, 10)).toEqual([]);
    expect(m.minutes('candidate', 0, 3 * 3600 + 1)).toEqual([{ minute: 0, invocations: 60, errors: 0, latencyMicros: 40000, latencyCount: 60 }]);
  });

  test('reads minutes from then on, so a candidate that degrades after 3 h 30 min is still caught by the count test', () => {
    const degradeAt = 3.5 * 3600;
    const r = simulateRollout({ ...base, horizonSeconds: 4 * 3600, seed: 3, metrics: tenSeconds, alarm: { threshold: 1 },
      controller: { metricGuard: false }, plan: canary(10, 4 * 3600, { probe: false, maxHoldSeconds: 0 }),
      candidate: { errorRate: 0.001, degrade: { atSecond: degradeAt, errorRate: 0.05 } } });
    expect(r).toMatchObject({ rolledBack: true, cause: 'STATISTICAL_GATE' });
    expect(r.secondsToEnd!).toBeGreaterThan(degradeAt);
    expect(r.decisions[r.decisions.length - 1].reason).toMatch(/count test on 60 s datapoints: candidate 5XX rate above the stable rate/);
  });
});
