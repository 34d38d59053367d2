/**
 * From CloudWatch metric alarms to the controller's metric guards (metric-guard.ts): each alarm's own rule, the
 * GetMetricData query that reads its datapoints, and the verdict as an extra alarm signal. Pure: the caller does
 * DescribeAlarms and GetMetricData (lambda/shared/metric-guard.ts).
 *
 * Only plain single-metric alarms are mirrored. Metric-math, anomaly-detection and composite alarms have no rule
 * this code can reproduce exactly; they keep guarding through their own state, like every alarm does.
 *
 * Window: the last `EvaluationPeriods` complete periods. Datapoints are published late (SageMaker: about a minute
 * after the period ends), so the newest complete periods are often not there yet; reading them as "missing" would
 * make a 1-of-1 guard blind and a `breaching` guard fire on every check. The window therefore ends at the newest
 * period that has a datapoint, but at most `LATE_DATA_SECONDS` back: a metric that stopped publishing for longer
 * is judged missing, as the alarm would judge it.
 */
import type { AlarmSignal } from './signals';
import { evaluateGuard, GuardComparison, GuardDatapoint, GuardMissingData, GuardRule } from './metric-guard';

/** The fields of DescribeAlarms' `MetricAlarm` the guard reads (the SDK type is assignable to it). */
export interface MetricAlarmLike {
  readonly AlarmName?: string;
  readonly Namespace?: string;
  readonly MetricName?: string;
  readonly Dimensions?: ReadonlyArray<{ readonly Name?: string; readonly Value?: string }>;
  readonly Period?: number;
  readonly Statistic?: string;
  readonly ExtendedStatistic?: string;
  readonly Unit?: string;
  readonly Threshold?: number;
  readonly ThresholdMetricId?: string;
  readonly EvaluationPeriods?: number;
  readonly DatapointsToAlarm?: number;
  readonly ComparisonOperator?: string;
  readonly TreatMissingData?: string;
  readonly EvaluateLowSampleCountPercentile?: string;
  readonly Metrics?: readonly unknown[];
}

/** One GetMetricData query (MetricStat). Times are epoch seconds, aligned to `period`; the range is [start, end). */
export interface GuardQuery {
  readonly id: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly period: number;
  /** `Average`, `Sum`, ... or an extended statistic such as `p99`. */
  readonly stat: string;
  readonly unit?: string;
  readonly startTime: number;
  readonly endTime: number;
}

export interface GuardPlan {
  readonly alarmName: string;
  readonly rule: GuardRule;
  readonly query: GuardQuery;
  /** How many of the newest complete periods may be absent because they are not published yet. */
  readonly latePeriods: number;
}

export interface GuardSkip {
  readonly alarmName: string;
  readonly reason: string;
}

/** Queries that share one time range, at most `MAX_GUARD_QUERIES` of them: one GetMetricData request. */
export interface GuardRequest {
  readonly startTime: number;
  readonly endTime: number;
  readonly queries: readonly GuardQuery[];
}

/** A query's answer: timestamps (epoch seconds, period starts) with their values, or why there is none. */
export interface GuardSeries {
  readonly timestamps: readonly number[];
  readonly values: readonly number[];
  readonly error?: string;
}

/** GetMetricData accepts at most 500 queries per request. */
export const MAX_GUARD_QUERIES = 500;
/** Publication delay tolerated before an absent newest period counts as missing (SageMaker: ~1-2 min). */
export const LATE_DATA_SECONDS = 180;

const COMPARISONS: ReadonlySet<string> = new Set<GuardComparison>([
  'GreaterThanThreshold', 'GreaterThanOrEqualToThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold',
]);

export function guardName(alarmName: string): string {
  return `${alarmName} (metric guard)`;
}

/** Plans a guard for every plain single-metric alarm; the others are listed with the reason they are skipped. */
export function planGuards(alarms: readonly MetricAlarmLike[], nowSeconds: number):
{ plans: GuardPlan[]; skipped: GuardSkip[] } {
  const plans: GuardPlan[] = [];
  const skipped: GuardSkip[] = [];
  for (const alarm of alarms) {
    const alarmName = alarm.AlarmName ?? '(unnamed)';
    const planned = planGuard(alarm, `g${plans.length}`, nowSeconds);
    if (typeof planned === 'string') skipped.push({ alarmName, reason: planned });
    else plans.push(planned);
  }
  return { plans, skipped };
}

/** The guard of one alarm, or why it has none. `id` must match GetMetricData's `^[a-z][a-zA-Z0-9_]*$`. */
export function planGuard(a: MetricAlarmLike, id: string, nowSeconds: number): GuardPlan | string {
  if (a.Metrics && a.Metrics.length > 0) return 'metric-math or anomaly-detection alarm (Metrics)';
  if (a.ThresholdMetricId) return 'anomaly-detection alarm (ThresholdMetricId)';
  if (!a.AlarmName || !a.Namespace || !a.MetricName) return 'no single metric (Namespace/MetricName)';
  const stat = a.ExtendedStatistic ?? a.Statistic;
  if (!stat) return 'no Statistic or ExtendedStatistic';
  // With 'ignore' the alarm skips periods with too few samples; the guard cannot see sample counts.
  if (a.ExtendedStatistic && a.EvaluateLowSampleCountPercentile === 'ignore') {
    return 'percentile alarm that ignores low sample counts';
  }
  const period = a.Period;
  if (period === undefined || !Number.isInteger(period) || period <= 0) return `unusable Period ${period}`;
  if (a.Threshold === undefined || !Number.isFinite(a.Threshold)) return 'no static Threshold';
  if (!a.ComparisonOperator || !COMPARISONS.has(a.ComparisonOperator)) {
    return `unsupported ComparisonOperator ${a.ComparisonOperator}`;
  }
  const evaluationPeriods = a.EvaluationPeriods ?? 0;
  const datapointsToAlarm = a.DatapointsToAlarm ?? evaluationPeriods;
  if (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1 ||
    !Number.isInteger(datapointsToAlarm) || datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods) {
    return `unusable EvaluationPeriods ${a.EvaluationPeriods} / DatapointsToAlarm ${a.DatapointsToAlarm}`;
  }
  const dimensions: Array<{ name: string; value: string }> = [];
  for (const d of a.Dimensions ?? []) {
    if (d.Name === undefined || d.Value === undefined) return 'a dimension without Name or Value';
    dimensions.push({ name: d.Name, value: d.Value });
  }
  const latePeriods = Math.ceil(LATE_DATA_SECONDS / period);
  const endTime = Math.floor(nowSeconds / period) * period;
  const treatMissingData: GuardMissingData = a.TreatMissingData === 'breaching' ? 'breaching' : 'notBreaching';
  return {
    alarmName: a.AlarmName,
    rule: {
      name: guardName(a.AlarmName), threshold: a.Threshold, evaluationPeriods, datapointsToAlarm,
      comparison: a.ComparisonOperator as GuardComparison, treatMissingData,
    },
    query: {
      id, namespace: a.Namespace, metricName: a.MetricName, dimensions, period, stat,
      ...(a.Unit ? { unit: a.Unit } : {}),
      startTime: endTime - (evaluationPeriods + latePeriods) * period,
      endTime,
    },
    latePeriods,
  };
}

/**
 * Groups the queries into GetMetricData requests. One request has one time range, so queries are grouped by
 * range (alarms with the same period and evaluation periods, the usual case, share one request).
 */
export function guardRequests(plans: readonly GuardPlan[]): GuardRequest[] {
  const byRange = new Map<string, GuardQuery[]>();
  for (const { query } of plans) {
    const key = `${query.startTime}-${query.endTime}`;
    byRange.set(key, [...(byRange.get(key) ?? []), query]);
  }
  const out: GuardRequest[] = [];
  for (const queries of byRange.values()) {
    for (let i = 0; i < queries.length; i += MAX_GUARD_QUERIES) {
      out.push({ startTime: queries[0].startTime, endTime: queries[0].endTime,
        queries: queries.slice(i, i + MAX_GUARD_QUERIES) });
    }
  }
  return out;
}

/**
 * The periods a guard judges, newest first (undefined = no datapoint), or a reason it cannot judge. The window
 * ends at the newest period with a datapoint, excusing at most `latePeriods` unpublished periods after it.
 */
export function guardWindow(plan: GuardPlan, series: GuardSeries | undefined): GuardDatapoint[] | string {
  if (!series) return 'no result returned';
  if (series.error) return series.error;
  const { period, startTime, endTime } = plan.query;
  const byPeriod = new Map<number, number>();
  series.timestamps.forEach((t, i) => {
    const start = Math.floor(t / period) * period;
    const v = series.values[i];
    if (start >= startTime && start < endTime && Number.isFinite(v)) byPeriod.set(start, v);
  });
  if (byPeriod.size === 0) return 'no datapoints in range';
  const newest = Math.max(...byPeriod.keys());
  const lastComplete = endTime - period;
  const anchor = Math.max(newest, lastComplete - plan.latePeriods * period);
  const window: GuardDatapoint[] = [];
  for (let i = 0; i < plan.rule.evaluationPeriods; i++) window.push(byPeriod.get(anchor - i * period));
  return window;
}

/**
 * Verdicts as extra alarm signals: OK or ALARM, never INSUFFICIENT_DATA — a guard that cannot judge adds nothing
 * (the real alarm still guards), so it can neither roll back nor hold a step on missing evidence.
 */
export function guardSignals(plans: readonly GuardPlan[], seriesById: ReadonlyMap<string, GuardSeries>):
{ signals: AlarmSignal[]; unevaluated: GuardSkip[] } {
  const signals: AlarmSignal[] = [];
  const unevaluated: GuardSkip[] = [];
  for (const plan of plans) {
    const window = guardWindow(plan, seriesById.get(plan.query.id));
    if (typeof window === 'string') {
      unevaluated.push({ alarmName: plan.alarmName, reason: window });
      continue;
    }
    const verdict = evaluateGuard(plan.rule, window);
    if (verdict.state === 'INSUFFICIENT_DATA') unevaluated.push({ alarmName: plan.alarmName, reason: 'no periods' });
    else signals.push(verdict);
  }
  return { signals, unevaluated };
}
