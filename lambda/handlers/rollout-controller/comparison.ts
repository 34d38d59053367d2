/**
 * The statistical gate's reading (lambda/core/rollout/variant-comparison.ts decides what counts; this is the I/O): one
 * GetMetricData request for both variants' AWS/SageMaker datapoints since the candidate was first ordered traffic, up
 * to the newest complete period: 10 s or 30 s when the plan's metricsPeriodSeconds says the endpoint publishes that
 * often, else 1 minute. Read when the plan has a statisticalGate or sub-minute data (the count test). A read that
 * fails after its retries (throttling, 5XX) or comes back incomplete gives no comparison: the gate waits for the next
 * check, the fixed-threshold alarms still guard the rollout.
 */
import { GetMetricDataCommand, MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import {
  comparisonPeriodSeconds, comparisonWindow, componentBaselineComparison, componentBaselineWindow, MinuteDatapoint,
  RolloutPlan, RolloutRecord, RolloutState, VariantComparison, variantComparison,
} from '../../core/rollout';
import { errorMessage, isThrottling, isTransient } from '../../shared/errors';
import { withRetry } from '../../shared/retry';
import { pairQueryId, RolloutSide, variantPairQueries } from '../../shared/variant-pair-queries';
import type { ControllerContext } from './context';

/** Retry budget of the read: a check must not stall on CloudWatch, the next one reads again. */
export const COMPARISON_READ_BUDGET_MS = 10000;

const METRICS = [
  { key: 'inv', name: 'Invocations', stat: 'Sum', field: 'invocations' },
  { key: 'err', name: 'Invocation5XXErrors', stat: 'Sum', field: 'errors' },
  { key: 'lat', name: 'ModelLatency', stat: 'Average', field: 'latencyMicros' },
  { key: 'cnt', name: 'ModelLatency', stat: 'SampleCount', field: 'latencyCount' },
] as const;

/** Query ids: `gate_<s|c>_<inv|err|lat|cnt>`. */
export function comparisonQueryId(side: RolloutSide, key: typeof METRICS[number]['key']): string {
  return pairQueryId('gate', side, key);
}

/** The comparison for this check, or undefined when the plan has no gate, no traffic was ordered yet, or the read failed. */
export async function readComparison(ctx: ControllerContext, rec: RolloutRecord, plan: RolloutPlan, state: RolloutState,
  now: number): Promise<VariantComparison | undefined> {
  if (rec.component) return readComponentBaseline(ctx, rec, plan, state, now);
  const since = state.trafficSince;
  if ((!plan.statisticalGate && plan.metricsPeriodSeconds === undefined) || since === undefined) return undefined;
  const period = comparisonPeriodSeconds(plan.metricsPeriodSeconds, since, now);
  const { start, end } = comparisonWindow(since, now, period);
  if (end <= start) return variantComparison({ stable: [], candidate: [] }, since, now, period);
  const queries = variantPairQueries('gate', rec.endpointName, { stable: rec.stableVariant, candidate: rec.candidateVariant }, METRICS, period);
  const results = await readQueries(ctx, queries, start, end);
  return results && variantComparison({ stable: datapoints(results, 'stable', period), candidate: datapoints(results, 'candidate', period) },
    since, now, period);
}

/**
 * A component's rolling update against the component's own minutes before it (componentBaselineComparison): read once
 * the update was seen, under InferenceComponentName (both query sides name the live component; one is used), at one
 * minute (the baseline is compared minute by minute).
 */
async function readComponentBaseline(ctx: ControllerContext, rec: RolloutRecord, plan: RolloutPlan, state: RolloutState,
  now: number): Promise<VariantComparison | undefined> {
  const c = rec.component!;
  const seen = state.component?.updateSeenAt;
  if (!plan.statisticalGate || seen === undefined) return undefined;
  const { start, end } = componentBaselineWindow(seen, c.baselineSeconds, now);
  if (end <= start) return componentBaselineComparison([], seen, c.baselineSeconds, now);
  const queries = variantPairQueries('gate', c.endpointName, { stable: c.componentName, candidate: c.componentName }, METRICS, 60,
    'InferenceComponentName').filter((q) => METRICS.some((m) => q.Id === comparisonQueryId('stable', m.key)));
  const results = await readQueries(ctx, queries, start, end);
  return results && componentBaselineComparison(datapoints(results, 'stable', 60), seen, c.baselineSeconds, now);
}

/** GetMetricData of `queries` over [start, end), every page; undefined (logged) when the read fails or comes back incomplete. */
async function readQueries(ctx: ControllerContext, queries: MetricDataQuery[], start: number, end: number): Promise<MetricDataResult[] | undefined> {
  const results: MetricDataResult[] = [];
  try {
    let token: string | undefined;
    do {
      const out = await withRetry(() => ctx.aws.cloudwatch.send(new GetMetricDataCommand({
        MetricDataQueries: queries, StartTime: new Date(start * 1000), EndTime: new Date(end * 1000),
        ScanBy: 'TimestampAscending', NextToken: token,
      })), { what: 'GetMetricData (statistical gate)', retryable: (e) => isThrottling(e) || isTransient(e),
        budgetMs: ctx.budget(COMPARISON_READ_BUDGET_MS), log: ctx.log });
      results.push(...(out.MetricDataResults ?? []));
      token = out.NextToken;
    } while (token);
  } catch (e) {
    ctx.log.warn('statistical gate: variant metrics unavailable; the gate waits for the next check', { error: errorMessage(e) });
    return undefined;
  }
  const failed = results.filter((r) => r.StatusCode === 'InternalError' || r.StatusCode === 'Forbidden');
  if (failed.length > 0) {
    ctx.log.warn('statistical gate: CloudWatch could not return every metric; the gate waits for the next check', {
      queries: failed.map((r) => `${r.Id}: ${r.StatusCode} ${(r.Messages ?? []).map((m) => m.Value).join(' ')}`.trim()),
    });
    return undefined;
  }
  return results;
}

/** One side's results as per-period datapoints (a result may come back in several pages). */
function datapoints(results: readonly MetricDataResult[], side: RolloutSide, period: number): MinuteDatapoint[] {
  const byMinute = new Map<number, Record<string, number>>();
  for (const m of METRICS) {
    const id = comparisonQueryId(side, m.key);
    for (const r of results) {
      if (r.Id !== id) continue;
      (r.Timestamps ?? []).forEach((t, i) => {
        const value = r.Values?.[i];
        if (value === undefined || !Number.isFinite(value)) return;
        const minute = Math.floor(new Date(t).getTime() / (period * 1000)) * period;
        byMinute.set(minute, { ...byMinute.get(minute), [m.field]: value });
      });
    }
  }
  return [...byMinute].map(([minute, fields]) => ({ ...fields, minute }));
}
