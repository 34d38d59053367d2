/**
 * The controller's metric guards (lambda/core/rollout/metric-guard-rules.ts) against CloudWatch: one GetMetricData
 * request for the datapoints of every guarded alarm, verdicts as extra alarm signals.
 *
 * Best effort by design: the real alarms stay the independent guard, so a failed or empty read adds no signal and
 * is logged; it never throws, never holds and never fails a step.
 */
import { CloudWatchClient, GetMetricDataCommand, MetricDataQuery, StandardUnit } from '@aws-sdk/client-cloudwatch';
import {
  AlarmSignal, GuardRequest, GuardSeries, guardRequests, guardSignals, planGuards,
} from '../core/rollout';
import type { DescribedAlarms } from './alarms';
import { errorMessage } from './errors';
import type { Logger } from './log';

/** Guard verdicts (OK or ALARM) named `<alarm> (metric guard)`; none for an alarm that cannot be judged. */
export async function metricGuardSignals(cw: CloudWatchClient,
  alarms: Pick<DescribedAlarms, 'metricAlarms' | 'compositeAlarmNames'>, nowSeconds: number, log?: Logger):
Promise<AlarmSignal[]> {
  try {
    const { plans, skipped } = planGuards(alarms.metricAlarms, nowSeconds);
    const notMirrored = [...skipped,
      ...alarms.compositeAlarmNames.map((alarmName) => ({ alarmName, reason: 'composite alarm' }))];
    if (notMirrored.length > 0) {
      log?.info('metric guard skips alarms it cannot mirror; their own state still guards', { skipped: notMirrored });
    }
    if (plans.length === 0) return [];
    const series = new Map<string, GuardSeries>();
    for (const request of guardRequests(plans)) {
      try {
        for (const [id, s] of await fetchSeries(cw, request)) series.set(id, s);
      } catch (e) {
        // SDK retries already ran (throttling included); waiting longer would only delay the alarm-based decision.
        log?.warn('metric guard unavailable: GetMetricData failed; the alarms alone guard this check', {
          error: e, queries: request.queries.length,
        });
        log?.metric('MetricGuardUnavailable', 1);
        for (const q of request.queries) series.set(q.id, { timestamps: [], values: [], error: errorMessage(e) });
      }
    }
    const { signals, unevaluated } = guardSignals(plans, series);
    if (unevaluated.length > 0) {
      log?.info('metric guard could not evaluate; the alarms alone guard them', { unevaluated });
    }
    return signals;
  } catch (e) {
    log?.error('metric guard failed; the alarms alone guard this check', { error: e });
    return [];
  }
}

/** One request, all pages, per query id. A query CloudWatch answered with an error carries it in `error`. */
async function fetchSeries(cw: CloudWatchClient, r: GuardRequest): Promise<Map<string, GuardSeries>> {
  const acc = new Map<string, { timestamps: number[]; values: number[]; error?: string }>();
  const queries: MetricDataQuery[] = r.queries.map((q) => ({
    Id: q.id,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: q.namespace, MetricName: q.metricName,
        Dimensions: q.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
      },
      Period: q.period,
      Stat: q.stat,
      ...(q.unit ? { Unit: q.unit as StandardUnit } : {}),
    },
  }));
  let token: string | undefined;
  do {
    const out = await cw.send(new GetMetricDataCommand({
      MetricDataQueries: queries,
      StartTime: new Date(r.startTime * 1000),
      EndTime: new Date(r.endTime * 1000),
      ScanBy: 'TimestampDescending',
      NextToken: token,
    }));
    for (const res of out.MetricDataResults ?? []) {
      if (!res.Id) continue;
      const s = acc.get(res.Id) ?? { timestamps: [], values: [] };
      (res.Timestamps ?? []).forEach((t, i) => {
        s.timestamps.push(Math.floor(t.getTime() / 1000));
        s.values.push(res.Values?.[i] ?? NaN);
      });
      if (res.StatusCode === 'InternalError' || res.StatusCode === 'Forbidden') {
        const detail = (res.Messages ?? []).map((m) => m.Value).join('; ');
        s.error = `GetMetricData ${res.StatusCode}${detail ? `: ${detail}` : ''}`;
      }
      acc.set(res.Id, s);
    }
    token = out.NextToken;
  } while (token);
  return acc;
}
