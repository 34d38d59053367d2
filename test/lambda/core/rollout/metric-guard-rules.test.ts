import {
  GuardPlan, guardRequests, GuardSeries, guardSignals, guardWindow, LATE_DATA_SECONDS, MAX_GUARD_QUERIES,
  MetricAlarmLike, planGuard, planGuards,
} from '../../../../lambda/core/rollout';

const NOW = 1_700_000_030; // 30 s into a minute
const MINUTE = Math.floor(NOW / 60) * 60; // start of the current (incomplete) minute
const dims = [{ Name: 'EndpointName', Value: 'ep' }, { Name: 'VariantName', Value: 'candidate' }];
const errors: MetricAlarmLike = {
  AlarmName: 'cand-5xx', Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Dimensions: dims,
  Period: 60, Statistic: 'Average', Threshold: 0.05, EvaluationPeriods: 3, DatapointsToAlarm: 2,
  ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching',
};

function plan(a: MetricAlarmLike = errors): GuardPlan {
  const p = planGuard(a, 'g0', NOW);
  if (typeof p === 'string') throw new Error(p);
  return p;
}

/** Datapoints by how many minutes before the current one their period started (1 = the last complete minute). */
function series(byMinutesAgo: Record<number, number>): GuardSeries {
  const entries = Object.entries(byMinutesAgo).map(([ago, v]) => [MINUTE - Number(ago) * 60, v] as const);
  return { timestamps: entries.map(([t]) => t), values: entries.map(([, v]) => v) };
}

describe('planGuard: a metric alarm as a guard rule and a GetMetricData query', () => {
  it('mirrors a single-metric alarm: rule, metric, stat, complete periods plus the late-data allowance', () => {
    const p = plan();
    const late = LATE_DATA_SECONDS / 60;
    expect(p).toEqual({
      alarmName: 'cand-5xx',
      rule: { name: 'cand-5xx (metric guard)', threshold: 0.05, evaluationPeriods: 3, datapointsToAlarm: 2,
        comparison: 'GreaterThanThreshold', treatMissingData: 'notBreaching' },
      query: { id: 'g0', namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors',
        dimensions: [{ name: 'EndpointName', value: 'ep' }, { name: 'VariantName', value: 'candidate' }],
        period: 60, stat: 'Average', startTime: MINUTE - (3 + late) * 60, endTime: MINUTE },
      latePeriods: late,
    });
  });

  it('uses the extended statistic (p99), the unit, LessThanOrEqual, breaching, and DatapointsToAlarm = M by default', () => {
    const p = plan({ ...errors, Statistic: undefined, ExtendedStatistic: 'p99', Unit: 'Microseconds', Period: 300,
      ComparisonOperator: 'LessThanOrEqualToThreshold', TreatMissingData: 'breaching', DatapointsToAlarm: undefined });
    expect(p.query).toMatchObject({ stat: 'p99', unit: 'Microseconds', period: 300, endTime: Math.floor(NOW / 300) * 300 });
    expect(p.rule).toMatchObject({ comparison: 'LessThanOrEqualToThreshold', treatMissingData: 'breaching', datapointsToAlarm: 3 });
    expect(p.latePeriods).toBe(1);
  });

  it.each(['ignore', 'missing', undefined])('reads TreatMissingData %s as notBreaching (never fires on an absence)', (t) => {
    expect(plan({ ...errors, TreatMissingData: t }).rule.treatMissingData).toBe('notBreaching');
  });

  it.each([
    ['metric math', { AlarmName: 'math', Metrics: [{ Id: 'e1', Expression: 'm1/m2' }], Threshold: 1, EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold' }, /metric-math/],
    ['anomaly band', { ...errors, ThresholdMetricId: 'ad1', Threshold: undefined,
      ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold' }, /anomaly/],
    ['percentile ignoring low sample counts', { ...errors, Statistic: undefined, ExtendedStatistic: 'p99',
      EvaluateLowSampleCountPercentile: 'ignore' }, /low sample counts/],
    ['no statistic', { ...errors, Statistic: undefined }, /Statistic/],
    ['unknown comparison', { ...errors, ComparisonOperator: 'GreaterThanUpperThreshold' }, /ComparisonOperator/],
    ['datapoints above periods', { ...errors, DatapointsToAlarm: 4 }, /DatapointsToAlarm/],
    ['a dimension without value', { ...errors, Dimensions: [{ Name: 'EndpointName' }] }, /dimension/],
  ] as const)('skips %s with a reason', (_name, alarm, reason) => {
    expect(planGuard(alarm as MetricAlarmLike, 'g0', NOW)).toMatch(reason);
  });

  it('numbers the queries of the planned alarms and lists the skipped ones', () => {
    const { plans, skipped } = planGuards([errors, { AlarmName: 'math', Metrics: [{}] }, { ...errors, AlarmName: 'b' }], NOW);
    expect(plans.map((p) => [p.alarmName, p.query.id])).toEqual([['cand-5xx', 'g0'], ['b', 'g1']]);
    expect(skipped).toEqual([{ alarmName: 'math', reason: expect.stringMatching(/metric-math/) }]);
  });
});

describe('guardRequests', () => {
  it('puts queries with the same range in one request, at most 500 per request', () => {
    const many = Array.from({ length: MAX_GUARD_QUERIES + 1 }, (_, i) => ({ ...errors, AlarmName: `a${i}` }));
    const other = { ...errors, AlarmName: 'slow', Period: 300 };
    const requests = guardRequests(planGuards([...many, other], NOW).plans);
    expect(requests.map((r) => r.queries.length)).toEqual([MAX_GUARD_QUERIES, 1, 1]);
    expect(requests[2].queries[0].period).toBe(300);
    expect(requests[2]).toMatchObject({ startTime: requests[2].queries[0].startTime, endTime: requests[2].queries[0].endTime });
  });
});

describe('guardWindow: which periods the guard judges', () => {
  it('ends at the newest published period when the newest complete ones are not published yet', () => {
    expect(guardWindow(plan(), series({ 2: 0.3, 3: 0.01, 4: 0.2 }))).toEqual([0.3, 0.01, 0.2]);
  });

  it('judges absent periods as missing once they are older than the late-data allowance', () => {
    const late = LATE_DATA_SECONDS / 60;
    expect(guardWindow(plan(), series({ [late + 3]: 0.9 }))).toEqual([undefined, undefined, 0.9]);
    expect(guardWindow(plan(), series({ [late + 4]: 0.9 }))).toBe('no datapoints in range');
  });

  it('ignores the incomplete current period and NaN values, and reports errors', () => {
    expect(guardWindow(plan(), series({ 0: 0.9, 1: Number.NaN, 2: 0.01 }))).toEqual([0.01, undefined, undefined]);
    expect(guardWindow(plan(), { timestamps: [], values: [], error: 'GetMetricData InternalError' })).toBe('GetMetricData InternalError');
    expect(guardWindow(plan(), undefined)).toBe('no result returned');
  });
});

describe('guardSignals', () => {
  it('answers ALARM or OK per guard, and nothing for a guard that cannot judge', () => {
    const plans = planGuards([errors, { ...errors, AlarmName: 'calm' }, { ...errors, AlarmName: 'blind' }], NOW).plans;
    const out = guardSignals(plans, new Map([
      ['g0', series({ 1: 0.2, 2: 0.3, 3: 0 })],
      ['g1', series({ 1: 0.2, 2: 0, 3: 0 })],
      ['g2', { timestamps: [], values: [] }],
    ]));
    expect(out.signals).toEqual([
      { name: 'cand-5xx (metric guard)', state: 'ALARM' }, { name: 'calm (metric guard)', state: 'OK' },
    ]);
    expect(out.unevaluated).toEqual([{ alarmName: 'blind', reason: 'no datapoints in range' }]);
  });

  it('with TreatMissingData breaching, a gap before the newest datapoint breaches', () => {
    const p = plan({ ...errors, TreatMissingData: 'breaching' });
    expect(guardSignals([p], new Map([['g0', series({ 2: 0.3, 4: 0 })]])).signals[0].state).toBe('ALARM');
    expect(guardSignals([plan()], new Map([['g0', series({ 2: 0.3, 4: 0 })]])).signals[0].state).toBe('OK');
  });
});
