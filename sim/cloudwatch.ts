/**
 * CloudWatch as the controller sees it: 1-minute datapoints per variant that become visible only after a
 * publication delay, and a metric alarm on Average(Invocation5XXErrors) evaluated once a minute.
 *
 * The same class models the controller's metric guard (lambda/core/rollout/metric-guard.ts): the same rule on
 * the same published datapoints, evaluated at every controller check instead of once a minute.
 *
 * Alarm model (period 60 s, M evaluation periods, N datapoints to alarm, TreatMissingData notBreaching): at each
 * evaluation the alarm looks at the M most recent periods whose datapoints have been published (CloudWatch widens
 * the evaluation range for late data rather than judging periods that have not arrived); a period without
 * requests has no datapoint and counts as not breaching. It starts in INSUFFICIENT_DATA until its first evaluation.
 */
import { AlarmState, evaluateGuard, MinuteDatapoint } from '../lambda/core/rollout';

export type VariantKey = 'stable' | 'candidate';

interface Bucket {
  count: number;
  errors: number;
  latenciesMs: number[];
  latencySumMs: number;
  /** Simulation second at which this minute's datapoint is visible. */
  publishAt: number;
}

export class MetricStore {
  private readonly buckets: Record<VariantKey, Map<number, Bucket>> = { stable: new Map(), candidate: new Map() };

  constructor(private readonly publishAt: (minute: number) => number) {}

  record(variant: VariantKey, second: number, failed: boolean, latencyMs: number): void {
    const minute = Math.floor(second / 60);
    const map = this.buckets[variant];
    let b = map.get(minute);
    if (!b) {
      b = { count: 0, errors: 0, latenciesMs: [], latencySumMs: 0, publishAt: this.publishAt(minute) };
      map.set(minute, b);
    }
    b.count++;
    if (failed) b.errors++;
    b.latenciesMs.push(latencyMs);
    b.latencySumMs += latencyMs;
  }

  /**
   * The published 1-minute datapoints of a variant from floor(fromSecond / 60) on, as GetMetricData returns them
   * (Invocations and Invocation5XXErrors sums, ModelLatency average in microseconds and sample count).
   */
  minutes(variant: VariantKey, fromSecond: number, now: number): MinuteDatapoint[] {
    const from = Math.floor(fromSecond / 60);
    const out: MinuteDatapoint[] = [];
    for (const [minute, b] of this.buckets[variant]) {
      if (minute < from || b.publishAt > now || b.count === 0) continue;
      out.push({ minute: minute * 60, invocations: b.count, errors: b.errors, latencyMicros: 1000 * b.latencySumMs / b.count,
        latencyCount: b.count });
    }
    return out;
  }

  /** Average of Invocation5XXErrors for a minute, or undefined when not published yet or no requests. */
  errorRate(variant: VariantKey, minute: number, now: number): number | undefined {
    const b = this.visible(variant, minute, now);
    return b ? b.errors / b.count : undefined;
  }

  /** The newest minute whose datapoint is visible at `now` (-1 if none): the end of the alarm's evaluation range. */
  latestPublishedMinute(now: number): number {
    // Publication is monotone in the minute, so walk back from the current minute.
    let m = Math.floor(now / 60) - 1;
    while (m >= 0 && this.publishAt(m) > now) m--;
    return m;
  }

  /**
   * Sums over the published minutes starting at or after floor(fromSecond / 60) — GetMetricData rounds the start
   * time down to the period, so the minute in which a step started counts whole.
   */
  summary(variant: VariantKey, fromSecond: number, now: number): { count: number; errors: number; latenciesMs: number[] } {
    const from = Math.floor(fromSecond / 60);
    const out = { count: 0, errors: 0, latenciesMs: [] as number[] };
    for (const [minute, b] of this.buckets[variant]) {
      if (minute >= from && b.publishAt <= now) {
        out.count += b.count;
        out.errors += b.errors;
        for (const l of b.latenciesMs) out.latenciesMs.push(l);
      }
    }
    return out;
  }

  /** One published minute's request and error counts (zero when not published). */
  summaryOfMinute(variant: VariantKey, minute: number, now: number): { count: number; errors: number } {
    const b = this.visible(variant, minute, now);
    return b ? { count: b.count, errors: b.errors } : { count: 0, errors: 0 };
  }

  private visible(variant: VariantKey, minute: number, now: number): Bucket | undefined {
    const b = this.buckets[variant].get(minute);
    return b && b.publishAt <= now && b.count > 0 ? b : undefined;
  }
}

export interface AlarmConfig {
  /** Error-rate threshold on Average(Invocation5XXErrors): breaching when greater than this. */
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  /** Which requests the alarm sees: the candidate's variant, or the whole endpoint (native blue/green). */
  readonly scope: 'candidate' | 'endpoint';
}

export class SimAlarm {
  state: AlarmState = 'INSUFFICIENT_DATA';

  constructor(readonly name: string, private readonly config: AlarmConfig, private readonly metrics: MetricStore) {}

  /** Evaluates at `now` with the shared guard rule; returns true when the state changed to ALARM. */
  evaluate(now: number): boolean {
    const latest = this.metrics.latestPublishedMinute(now);
    const newestFirst: Array<number | undefined> = [];
    for (let m = latest; m > latest - this.config.evaluationPeriods && m >= 0; m--) newestFirst.push(this.rate(m, now));
    const next = evaluateGuard({ name: this.name, ...this.config }, newestFirst).state;
    const fired = next === 'ALARM' && this.state !== 'ALARM';
    this.state = next;
    return fired;
  }

  private rate(minute: number, now: number): number | undefined {
    if (this.config.scope === 'candidate') return this.metrics.errorRate('candidate', minute, now);
    // Endpoint scope: SageMaker's blue and green fleets share the variant name, so the alarm sees both.
    const parts = (['stable', 'candidate'] as const).map((v) => this.metrics.summaryOfMinute(v, minute, now));
    const count = parts[0].count + parts[1].count;
    return count > 0 ? (parts[0].errors + parts[1].errors) / count : undefined;
  }
}
