/**
 * CloudWatch as the controller sees it: datapoints per variant every `periodSeconds` (60 by default, 10 or 30 with an
 * endpoint's MetricsConfig) that become visible only after a publication delay, and a metric alarm on
 * Average(Invocation5XXErrors) with its own period (a multiple of the datapoints' period).
 *
 * The same class models the controller's metric guard (lambda/core/rollout/metric-guard.ts): the same rule on
 * the same published datapoints, evaluated at every controller check instead of at CloudWatch's evaluations.
 *
 * Alarm model (period P, M evaluation periods, N datapoints to alarm, TreatMissingData notBreaching): at each
 * evaluation the alarm looks at the M most recent periods whose datapoints have all been published (CloudWatch widens
 * the evaluation range for late data rather than judging periods that have not arrived); a period without
 * requests has no datapoint and counts as not breaching. It starts in INSUFFICIENT_DATA until its first evaluation.
 * CloudWatch evaluates an alarm with a 10- or 30-second period every 10 seconds, others every minute.
 */
import { AlarmState, evaluateGuard, MinuteDatapoint, SUB_MINUTE_RETENTION_SECONDS } from '../lambda/core/rollout';

export type VariantKey = 'stable' | 'candidate';

interface Bucket {
  count: number;
  errors: number;
  latenciesMs: number[];
  latencySumMs: number;
  /** Simulation second at which this period's datapoint is visible. */
  publishAt: number;
}

/** One variant's published datapoint of one period. */
export interface PeriodCounts {
  readonly count: number;
  readonly errors: number;
}

export class MetricStore {
  private readonly buckets: Record<VariantKey, Map<number, Bucket>> = { stable: new Map(), candidate: new Map() };

  /**
   * @param publishAt simulation second at which the datapoint of period index `i` ([i P, (i + 1) P)) is visible;
   * non-decreasing in `i`
   * @param periodSeconds P, the interval of the datapoints (a divisor of 60)
   */
  constructor(private readonly publishAt: (period: number) => number, readonly periodSeconds = 60) {}

  record(variant: VariantKey, second: number, failed: boolean, latencyMs: number): void {
    const period = Math.floor(second / this.periodSeconds);
    const map = this.buckets[variant];
    let b = map.get(period);
    if (!b) {
      b = { count: 0, errors: 0, latenciesMs: [], latencySumMs: 0, publishAt: this.publishAt(period) };
      map.set(period, b);
    }
    b.count++;
    if (failed) b.errors++;
    b.latenciesMs.push(latencyMs);
    b.latencySumMs += latencyMs;
  }

  /**
   * The datapoints of a variant at a read period of `readSeconds` (60 by default, or the datapoints' own 10 s / 30 s)
   * from floor(fromSecond / readSeconds) on, as GetMetricData with that period returns them (Invocations and
   * Invocation5XXErrors sums, ModelLatency average in microseconds and sample count): the sums of the published
   * datapoints in each read period, so a period read before all of them arrived is partial. As CloudWatch, a read
   * below 60 s that starts more than SUB_MINUTE_RETENTION_SECONDS (3 hours) before `now` returns nothing
   * (MetricStat.Period, CloudWatch API reference).
   */
  minutes(variant: VariantKey, fromSecond: number, now: number, readSeconds = 60): MinuteDatapoint[] {
    if (readSeconds < 60 && fromSecond < now - SUB_MINUTE_RETENTION_SECONDS) return [];
    const from = Math.floor(fromSecond / readSeconds);
    const byWindow = new Map<number, { count: number; errors: number; latencySumMs: number }>();
    for (const [period, b] of this.buckets[variant]) {
      const w = Math.floor((period * this.periodSeconds) / readSeconds);
      if (w < from || b.publishAt > now || b.count === 0) continue;
      const m = byWindow.get(w) ?? { count: 0, errors: 0, latencySumMs: 0 };
      m.count += b.count;
      m.errors += b.errors;
      m.latencySumMs += b.latencySumMs;
      byWindow.set(w, m);
    }
    return [...byWindow].map(([w, m]) => ({ minute: w * readSeconds, invocations: m.count, errors: m.errors,
      latencyMicros: 1000 * m.latencySumMs / m.count, latencyCount: m.count }));
  }

  /** A variant's published datapoint of period index `period` (undefined before it is published or without requests). */
  datapoint(variant: VariantKey, period: number, now: number): PeriodCounts | undefined {
    const b = this.buckets[variant].get(period);
    return b && b.publishAt <= now && b.count > 0 ? { count: b.count, errors: b.errors } : undefined;
  }

  /** Whether the datapoints of period index `period` are visible at `now` (whether or not there were requests). */
  published(period: number, now: number): boolean {
    return this.publishAt(period) <= now;
  }

  /**
   * Average of Invocation5XXErrors over window `window` of `windowSeconds` ([w W, (w + 1) W)), or undefined when no
   * request of it is published.
   */
  errorRate(variant: VariantKey, window: number, windowSeconds: number, now: number): number | undefined {
    const s = this.summaryOfWindow(variant, window, windowSeconds, now);
    return s.count > 0 ? s.errors / s.count : undefined;
  }

  /**
   * The newest window of `windowSeconds` whose datapoints are all visible at `now` (-1 if none): the end of an alarm's
   * evaluation range.
   */
  latestPublishedWindow(now: number, windowSeconds: number): number {
    const perWindow = windowSeconds / this.periodSeconds;
    // Publication is monotone in the period, so walk back from the current window.
    let w = Math.floor(now / windowSeconds) - 1;
    while (w >= 0 && this.publishAt((w + 1) * perWindow - 1) > now) w--;
    return w;
  }

  /**
   * Sums over the published datapoints starting at or after the read period containing fromSecond — the controller
   * rounds the start time down to its period (60 s, or the endpoint's 10 s / 30 s), so the period in which a step
   * started counts whole.
   */
  summary(variant: VariantKey, fromSecond: number, now: number, readSeconds = 60): { count: number; errors: number; latenciesMs: number[] } {
    const from = Math.floor(fromSecond / readSeconds) * readSeconds;
    const out = { count: 0, errors: 0, latenciesMs: [] as number[] };
    for (const [period, b] of this.buckets[variant]) {
      if (period * this.periodSeconds >= from && b.publishAt <= now) {
        out.count += b.count;
        out.errors += b.errors;
        for (const l of b.latenciesMs) out.latenciesMs.push(l);
      }
    }
    return out;
  }

  /** One window's published request and error counts (zero when nothing of it is published). */
  summaryOfWindow(variant: VariantKey, window: number, windowSeconds: number, now: number): PeriodCounts {
    const perWindow = windowSeconds / this.periodSeconds;
    let count = 0;
    let errors = 0;
    for (let p = window * perWindow; p < (window + 1) * perWindow; p++) {
      const d = this.datapoint(variant, p, now);
      if (d) {
        count += d.count;
        errors += d.errors;
      }
    }
    return { count, errors };
  }
}

export interface AlarmConfig {
  /** Error-rate threshold on Average(Invocation5XXErrors): breaching when greater than this. */
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  /** Which requests the alarm sees: the candidate's variant, or the whole endpoint (native blue/green). */
  readonly scope: 'candidate' | 'endpoint';
  /** The alarm's period: 10 or 30 (high resolution) or a multiple of 60, and a multiple of the datapoints' period. @default 60 */
  readonly periodSeconds?: number;
}

/** Seconds between CloudWatch's evaluations of an alarm with this period. */
export function alarmEvaluationEverySeconds(periodSeconds: number): number {
  return periodSeconds < 60 ? 10 : 60;
}

export class SimAlarm {
  state: AlarmState = 'INSUFFICIENT_DATA';
  private readonly periodSeconds: number;

  constructor(readonly name: string, private readonly config: AlarmConfig, private readonly metrics: MetricStore) {
    this.periodSeconds = config.periodSeconds ?? 60;
  }

  /** Evaluates at `now` with the shared guard rule; returns true when the state changed to ALARM. */
  evaluate(now: number): boolean {
    const latest = this.metrics.latestPublishedWindow(now, this.periodSeconds);
    const newestFirst: Array<number | undefined> = [];
    for (let w = latest; w > latest - this.config.evaluationPeriods && w >= 0; w--) newestFirst.push(this.rate(w, now));
    const next = evaluateGuard({ name: this.name, ...this.config }, newestFirst).state;
    const fired = next === 'ALARM' && this.state !== 'ALARM';
    this.state = next;
    return fired;
  }

  private rate(window: number, now: number): number | undefined {
    if (this.config.scope === 'candidate') return this.metrics.errorRate('candidate', window, this.periodSeconds, now);
    // Endpoint scope: SageMaker's blue and green fleets share the variant name, so the alarm sees both.
    const parts = (['stable', 'candidate'] as const).map((v) => this.metrics.summaryOfWindow(v, window, this.periodSeconds, now));
    const count = parts[0].count + parts[1].count;
    return count > 0 ? (parts[0].errors + parts[1].errors) / count : undefined;
  }
}
