/**
 * The statistical gate's input, built from CloudWatch's datapoints of each variant (1-minute, or 10 s / 30 s when the
 * plan's metricsPeriodSeconds says the endpoint publishes that often) (AWS/SageMaker per
 * EndpointName + VariantName): Invocations (Sum), Invocation5XXErrors (Sum), ModelLatency (Average and SampleCount,
 * in microseconds as published). Pure: the controller (lambda/handlers/rollout-controller/comparison.ts) and the
 * simulator (sim/) feed it the datapoints they could read.
 *
 * Complete periods only. SageMaker publishes a minute about a minute after it ends, and a datapoint read earlier may
 * hold only part of it (a partial minute of one variant against a whole minute of the other biases the comparison).
 * Minute [m, m + 60) is used once `now >= m + 60 + METRIC_SETTLE_SECONDS`; a period P of 10 s or 30 s once
 * `now >= p + P + 1.5 P` (the same margin in periods: how late 10-second data is published only a real account
 * shows, docs/ten-second-signals.md). A period with Invocations but no Invocation5XXErrors datapoint yet is left out
 * for that variant. The `minute` of a datapoint is the start of its period, whatever the period.
 *
 * Latency. CloudWatch gives a minute's average and count, not the spread of single requests. For a steady variant
 * Var(average of minute m) = sigma^2 / n_m, so sum n_m (avg_m - mean)^2 / (M - 1) estimates the per-request sigma^2
 * from how the minute averages scatter; a drift over time only inflates it (a slower gate, never a quicker one).
 * Only minutes in which both variants served are compared, so both means cover the same load and time; each
 * variant's variance is the larger of its own estimate and the pooled one, and the gate waits for
 * LATENCY_MIN_MINUTES such minutes, because an estimate from a few minutes is itself too noisy to trust.
 */
import type { ErrorCounts } from '../experiments/error-count-test';
import type { LatencySummary, VariantComparison, VariantCounts } from './signals';

/** Seconds after a minute ends before its datapoint is treated as complete (published ~60 s late, plus margin). */
export const METRIC_SETTLE_SECONDS = 90;

/** Minutes in which both variants served needed before mean latencies are compared. */
export const LATENCY_MIN_MINUTES = 5;

/** One variant's datapoints of one minute; a metric without a datapoint is undefined. */
export interface MinuteDatapoint {
  /** Start of the minute, epoch seconds. */
  readonly minute: number;
  /** Sum of Invocations. */
  readonly invocations?: number;
  /** Sum of Invocation5XXErrors. */
  readonly errors?: number;
  /** Average of ModelLatency, microseconds. */
  readonly latencyMicros?: number;
  /** SampleCount of ModelLatency. */
  readonly latencyCount?: number;
}

export interface VariantMinutes {
  readonly stable: readonly MinuteDatapoint[];
  readonly candidate: readonly MinuteDatapoint[];
}

/**
 * How far back CloudWatch returns datapoints of a period below 60 s: 3 hours. A GetMetricData query whose StartTime is
 * older returns no datapoints at such a period (MetricStat.Period, CloudWatch API reference:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricStat.html).
 */
export const SUB_MINUTE_RETENTION_SECONDS = 3 * 3600;

/** Margin below SUB_MINUTE_RETENTION_SECONDS, so a read never straddles the 3 hours. */
const RETENTION_MARGIN_SECONDS = 300;

/**
 * The period at which the controller reads the comparison: the plan's sub-minute period while the window since the
 * candidate's first traffic lies within CloudWatch's 3 hours of sub-minute data, one minute otherwise (and without
 * sub-minute data). After the switch the count test judges minutes: two tests each valid at every look, so the
 * false-rollback bound of a rollout that outlives 3 hours is at most twice its alpha.
 */
export function comparisonPeriodSeconds(metricsPeriodSeconds: number | undefined, sinceSeconds: number, nowSeconds: number): number {
  if (metricsPeriodSeconds === undefined) return 60;
  return nowSeconds - sinceSeconds <= SUB_MINUTE_RETENTION_SECONDS - RETENTION_MARGIN_SECONDS ? metricsPeriodSeconds : 60;
}

/**
 * The periods to read: from the period containing `sinceSeconds` to `end` (exclusive), the end of the newest complete
 * period. `end <= start` means no period is complete yet.
 * @param periodSeconds 60 (default), 30 or 10
 */
export function comparisonWindow(sinceSeconds: number, nowSeconds: number, periodSeconds = 60): { start: number; end: number } {
  const settle = (METRIC_SETTLE_SECONDS / 60) * periodSeconds;
  const start = Math.floor(sinceSeconds / periodSeconds) * periodSeconds;
  const end = Math.floor((nowSeconds - settle) / periodSeconds) * periodSeconds;
  return { start, end };
}

/** Stable vs candidate over the complete periods since `sinceSeconds`. */
export function variantComparison(minutes: VariantMinutes, sinceSeconds: number, nowSeconds: number, periodSeconds = 60): VariantComparison {
  const { start, end } = comparisonWindow(sinceSeconds, nowSeconds, periodSeconds);
  const stable = byPeriod(minutes.stable, start, end, periodSeconds);
  const candidate = byPeriod(minutes.candidate, start, end, periodSeconds);
  const latency = compareLatency(stable, candidate);
  return { periodSeconds, stable: counts(stable), candidate: counts(candidate), periods: errorCountsByPeriod(stable, candidate),
    ...(latency ? { latency } : {}) };
}

function byPeriod(points: readonly MinuteDatapoint[], start: number, end: number, periodSeconds: number): Map<number, MinuteDatapoint> {
  const map = new Map<number, MinuteDatapoint>();
  for (const p of points) {
    const minute = Math.floor(p.minute / periodSeconds) * periodSeconds;
    if (minute < start || minute >= end) continue;
    // A minute may come back in several pages or queries: merge its metrics.
    map.set(minute, { ...map.get(minute), ...defined(p), minute });
  }
  return map;
}

function defined(p: MinuteDatapoint): Partial<MinuteDatapoint> {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)));
}

/** A period's counts, or undefined when it has no Invocations or its Invocation5XXErrors are not published yet. */
function countsOf(p: MinuteDatapoint | undefined): VariantCounts | undefined {
  if (!p || p.invocations === undefined || (p.invocations > 0 && p.errors === undefined)) return undefined;
  return { requests: p.invocations, errors: Math.min(p.errors ?? 0, p.invocations) };
}

function counts(points: Map<number, MinuteDatapoint>): VariantCounts {
  let requests = 0;
  let errors = 0;
  for (const p of points.values()) {
    const c = countsOf(p);
    requests += c?.requests ?? 0;
    errors += c?.errors ?? 0;
  }
  return { requests, errors };
}

/** The periods in which both variants' counts are published, in time order (the count test's input). */
function errorCountsByPeriod(stable: Map<number, MinuteDatapoint>, candidate: Map<number, MinuteDatapoint>): ErrorCounts[] {
  const out: Array<[number, ErrorCounts]> = [];
  for (const [period, sp] of stable) {
    const s = countsOf(sp);
    const c = countsOf(candidate.get(period));
    if (s && c) out.push([period, { stableRequests: s.requests, stableErrors: s.errors, candidateRequests: c.requests, candidateErrors: c.errors }]);
  }
  return out.sort((a, b) => a[0] - b[0]).map(([, e]) => e);
}

interface Minute { readonly n: number; readonly ms: number }

function compareLatency(stable: Map<number, MinuteDatapoint>, candidate: Map<number, MinuteDatapoint>): VariantComparison['latency'] {
  const s: Minute[] = [];
  const c: Minute[] = [];
  for (const [minute, sp] of stable) {
    const a = latencyOf(sp);
    const b = latencyOf(candidate.get(minute));
    if (a && b) {
      s.push(a);
      c.push(b);
    }
  }
  if (s.length < LATENCY_MIN_MINUTES) return undefined;
  const ss = spread(s);
  const cs = spread(c);
  const pooled = (ss.squares + cs.squares) / (2 * (s.length - 1));
  const summary = (x: typeof ss): LatencySummary => ({ n: x.n, mean: x.mean, variance: Math.max(x.squares / (s.length - 1), pooled) });
  return { stable: summary(ss), candidate: summary(cs), minutes: s.length };
}

function latencyOf(p: MinuteDatapoint | undefined): Minute | undefined {
  if (!p || p.latencyMicros === undefined || !(p.latencyCount !== undefined && p.latencyCount > 0)) return undefined;
  return { n: p.latencyCount, ms: p.latencyMicros / 1000 };
}

/** Count-weighted mean of the minute averages and sum n_m (avg_m - mean)^2. */
function spread(minutes: readonly Minute[]): { n: number; mean: number; squares: number } {
  const n = minutes.reduce((a, m) => a + m.n, 0);
  const mean = minutes.reduce((a, m) => a + m.n * m.ms, 0) / n;
  const squares = minutes.reduce((a, m) => a + m.n * (m.ms - mean) ** 2, 0);
  return { n, mean, squares };
}
