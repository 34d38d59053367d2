/**
 * The statistical gate's input, built from CloudWatch's 1-minute datapoints of each variant (AWS/SageMaker per
 * EndpointName + VariantName): Invocations (Sum), Invocation5XXErrors (Sum), ModelLatency (Average and SampleCount,
 * in microseconds as published). Pure: the controller (lambda/handlers/rollout-controller/comparison.ts) and the
 * simulator (sim/) feed it the datapoints they could read.
 *
 * Complete minutes only. SageMaker publishes a minute about a minute after it ends, and a datapoint read earlier may
 * hold only part of it (a partial minute of one variant against a whole minute of the other biases the comparison).
 * Minute [m, m + 60) is used once `now >= m + 60 + METRIC_SETTLE_SECONDS`; a minute with Invocations but no
 * Invocation5XXErrors datapoint yet is left out for that variant.
 *
 * Latency. CloudWatch gives a minute's average and count, not the spread of single requests. For a steady variant
 * Var(average of minute m) = sigma^2 / n_m, so sum n_m (avg_m - mean)^2 / (M - 1) estimates the per-request sigma^2
 * from how the minute averages scatter; a drift over time only inflates it (a slower gate, never a quicker one).
 * Only minutes in which both variants served are compared, so both means cover the same load and time; each
 * variant's variance is the larger of its own estimate and the pooled one, and the gate waits for
 * LATENCY_MIN_MINUTES such minutes, because an estimate from a few minutes is itself too noisy to trust.
 */
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
 * The minutes to read: from the minute containing `sinceSeconds` to `end` (exclusive), the end of the newest complete
 * minute. `end <= start` means no minute is complete yet.
 */
export function comparisonWindow(sinceSeconds: number, nowSeconds: number): { start: number; end: number } {
  const start = Math.floor(sinceSeconds / 60) * 60;
  const end = Math.floor((nowSeconds - METRIC_SETTLE_SECONDS) / 60) * 60;
  return { start, end };
}

/** Stable vs candidate over the complete minutes since `sinceSeconds`. */
export function variantComparison(minutes: VariantMinutes, sinceSeconds: number, nowSeconds: number): VariantComparison {
  const { start, end } = comparisonWindow(sinceSeconds, nowSeconds);
  const stable = byMinute(minutes.stable, start, end);
  const candidate = byMinute(minutes.candidate, start, end);
  const latency = compareLatency(stable, candidate);
  return { stable: counts(stable), candidate: counts(candidate), ...(latency ? { latency } : {}) };
}

function byMinute(points: readonly MinuteDatapoint[], start: number, end: number): Map<number, MinuteDatapoint> {
  const map = new Map<number, MinuteDatapoint>();
  for (const p of points) {
    const minute = Math.floor(p.minute / 60) * 60;
    if (minute < start || minute >= end) continue;
    // A minute may come back in several pages or queries: merge its metrics.
    map.set(minute, { ...map.get(minute), ...defined(p), minute });
  }
  return map;
}

function defined(p: MinuteDatapoint): Partial<MinuteDatapoint> {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)));
}

function counts(points: Map<number, MinuteDatapoint>): VariantCounts {
  let requests = 0;
  let errors = 0;
  for (const p of points.values()) {
    if (p.invocations === undefined || (p.invocations > 0 && p.errors === undefined)) continue;
    requests += p.invocations;
    errors += Math.min(p.errors ?? 0, p.invocations);
  }
  return { requests, errors };
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
