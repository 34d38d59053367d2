import {
  accountLoad, API_QUOTAS, canary, initialState, maxConcurrentRollouts, MAX_THROTTLED_WAIT_SECONDS, rolloutCallsPerMinute,
  throttledChecksAfter, throttledDecision, throttledWaitSeconds,
} from '../../../../lambda/core/rollout';

// The default strategy: 10% for 300 s, then 100%; a check every 10 s, every 5 s in a step's first 40 s on 10-second
// data, so its busiest minute has 40 / 5 + 20 / 10 = 10 checks.
const tenSecond = rolloutCallsPerMinute(canary(10, 300, { probe: false }), { metricsPeriodSeconds: 10 });

describe('rolloutCallsPerMinute', () => {
  test('10-second metrics with the count test: per check one guard read (2 alarms) and one read of both variants (8 queries)', () => {
    expect(tenSecond).toMatchObject({
      checksPerMinute: 10, getMetricData: 20, metricQueries: 100, describeEndpoint: 10, describeAlarms: 10,
      getMetricStatistics: 10, dynamoDbReadUnits: 10, dynamoDbWriteUnits: 0, stateTransitions: 30,
    });
    // Datapoints: 2 alarms x 1 period, plus 8 queries x (300 s / 10 s) at the end of the bake, ten times a minute.
    expect(tenSecond.datapoints).toBe(10 * (2 + 8 * 30));
  });

  test('one-minute metrics, today\'s default with the probe: no count test, a record write per check', () => {
    const c = rolloutCallsPerMinute(canary(10, 300), { metricsPeriodSeconds: 60 });
    expect(c).toMatchObject({ getMetricData: 6, metricQueries: 12, datapoints: 12, dynamoDbWriteUnits: 6 });
  });

  test('a statistical gate reads the same 8 queries, per minute on one-minute data and per 10 s on 10-second data', () => {
    const gate = { alpha: 0.05, max5xxIncrease: 0, minRequests: 200 };
    const plan = canary(10, 600, { probe: false, statisticalGate: gate, checkIntervalSeconds: 20 });
    const minute = rolloutCallsPerMinute(plan, { metricsPeriodSeconds: 60, guardedAlarms: 3 });
    expect(minute).toMatchObject({ checksPerMinute: 3, getMetricData: 6, metricQueries: 3 * (3 + 8) });
    expect(minute.datapoints).toBe(3 * (3 + 8 * 10));
    // On 10-second data a young step is checked every 5 s for 40 s, then every 20 s: 8 + 1 checks in its first minute.
    const tenS = rolloutCallsPerMinute(plan, { metricsPeriodSeconds: 10, guardedAlarms: 3 });
    expect(tenS).toMatchObject({ checksPerMinute: 9, getMetricData: 18, metricQueries: 9 * (3 + 8) });
    expect(tenS.datapoints).toBe(9 * (3 + 8 * 60));
  });

  test('more than 100 guarding alarms take a second DescribeAlarms call per check', () => {
    expect(rolloutCallsPerMinute(canary(10, 300), { metricsPeriodSeconds: 60, guardedAlarms: 101 }).describeAlarms).toBe(12);
  });
});

describe('accountLoad and maxConcurrentRollouts', () => {
  test('100 rollouts each reading alone exceed DescribeAlarms\' 9 TPS; one batched reader makes it 2 calls per check', () => {
    const alone = accountLoad(tenSecond, 100, false);
    expect(alone.find((u) => u.api === 'describeAlarms')!.load).toBeCloseTo(1000 / 60, 12);
    expect(alone.find((u) => u.api === 'describeAlarms')!.limit).toBe(9);
    expect(alone.find((u) => u.api === 'getMetricData')).toMatchObject({ limit: 50 });
    expect(alone.find((u) => u.api === 'getMetricData')!.load).toBeCloseTo(2000 / 60, 12);
    const batched = accountLoad(tenSecond, 100, true);
    // 100 x 2 alarm names: two DescribeAlarms calls per check, a check every 6 s on average in the busiest minute.
    expect(batched.find((u) => u.api === 'describeAlarms')!.load).toBeCloseTo(2 / 6, 12);
    // 100 x 10 queries = 1,000: two GetMetricData calls of at most 500 queries per check.
    expect(batched.find((u) => u.api === 'getMetricData')!.load).toBeCloseTo(2 / 6, 12);
  });

  test('DescribeEndpoint has no published quota: reported, never limiting', () => {
    const u = accountLoad(tenSecond, 1000, true).find((x) => x.api === 'describeEndpoint')!;
    expect(u.load).toBeCloseTo(1000 * 10 / 60, 9);
    expect(u.limit).toBeUndefined();
    expect(u.share).toBeUndefined();
    expect(API_QUOTAS.describeEndpoint.source).toMatch(/none published/);
  });

  test('the most rollouts at once in their busiest minute: 54 reading alone (9 TPS / 1/6 per rollout), 1,000 batched (500 transitions/s / 0.5)', () => {
    expect(maxConcurrentRollouts(tenSecond, false)).toEqual({ rollouts: 54, limitedBy: 'describeAlarms' });
    expect(maxConcurrentRollouts(tenSecond, true)).toEqual({ rollouts: 1000, limitedBy: 'stepFunctionsStateTransitions' });
  });
});

describe('throttled reads slow a rollout down', () => {
  test('the wait is between one check interval and twice it per throttled check in a row, capped', () => {
    expect(throttledWaitSeconds(10, 1, 0)).toBe(10);
    expect(throttledWaitSeconds(10, 1, 0.999)).toBe(20);
    expect(throttledWaitSeconds(10, 3, 0.999)).toBe(80);
    expect(throttledWaitSeconds(10, 10, 0.999)).toBe(MAX_THROTTLED_WAIT_SECONDS);
    expect(throttledWaitSeconds(10, 10, 0.5)).toBe(65);
  });

  test('the record\'s count of throttled checks in a row grows by one; absent or invalid counts as none', () => {
    expect(throttledChecksAfter(undefined)).toBe(1);
    expect(throttledChecksAfter(1)).toBe(2);
    expect(throttledChecksAfter(4)).toBe(5);
    expect(throttledChecksAfter(-3)).toBe(1);
    expect(throttledChecksAfter(Number.NaN)).toBe(1);
  });

  test('a throttled check waits with the state unchanged, never past the deadline, and leaves the deadline to decide()', () => {
    const state = { ...initialState(1000), phase: 'BAKING' as const, deadlineAt: 1100 };
    const d = throttledDecision(state, 1000, 10, 5, 0.999, 'GetMetricData')!;
    expect(d).toMatchObject({ kind: 'WAIT', seconds: 100, state });
    expect(d.reason).toBe('GetMetricData throttled (5 checks in a row); nothing judged, traffic unchanged, next check in 100 s');
    expect(throttledDecision(state, 1060, 10, 1, 0.999, 'DescribeAlarms')).toMatchObject({ kind: 'WAIT', seconds: 20 });
    expect(throttledDecision(state, 1100, 10, 1, 0, 'DescribeAlarms')).toBeUndefined();
  });
});
