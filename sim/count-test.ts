/**
 * The sequential count test of 5XX errors (lambda/core/experiments/error-count-test.ts) in the simulator: at each
 * controller check it folds in the periods published since the last check, both variants' datapoints of each, from
 * the period in which the candidate was first ordered traffic, and reports its verdict as an alarm signal (WORSE =
 * ALARM, the policy's rollback path). Periods are folded in order and only once all earlier ones are, as the
 * controller would read them (publication is monotone).
 */
import { addErrorCounts, ErrorCountState, ErrorCountTestOptions, judgeErrorCounts, startErrorCountTest } from '../lambda/core/experiments';
import type { AlarmSignal } from '../lambda/core/rollout';
import type { MetricStore } from './cloudwatch';

export const COUNT_TEST_SIGNAL = 'candidate-5xx (count test)';

export class SimCountTest {
  private state: ErrorCountState;
  /** Index of the next period to fold in; undefined until the candidate is ordered traffic. */
  private next?: number;
  private worse = false;
  /** The last verdict's detail. */
  detail = '';

  constructor(private readonly metrics: MetricStore, options: ErrorCountTestOptions) {
    this.state = startErrorCountTest(options);
  }

  /** The verdict at `now` on the periods since `trafficSince`; undefined before any traffic was ordered. */
  signal(trafficSince: number | undefined, now: number): AlarmSignal | undefined {
    if (trafficSince === undefined) return undefined;
    this.next ??= Math.floor(trafficSince / this.metrics.periodSeconds);
    let changed = false;
    while (this.metrics.published(this.next, now)) {
      const c = this.metrics.datapoint('candidate', this.next, now);
      const s = this.metrics.datapoint('stable', this.next, now);
      this.next++;
      if (!c || !s) continue;
      this.state = addErrorCounts(this.state, { candidateRequests: c.count, candidateErrors: c.errors,
        stableRequests: s.count, stableErrors: s.errors });
      if (c.errors + s.errors > 0) changed = true;
    }
    if (changed) {
      const v = judgeErrorCounts(this.state);
      this.worse = v.verdict === 'WORSE';
      this.detail = v.detail;
    }
    return { name: COUNT_TEST_SIGNAL, state: this.worse ? 'ALARM' : 'OK' };
  }
}
