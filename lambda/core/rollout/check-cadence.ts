/**
 * When the controller looks again while a step bakes. On sub-minute data (the plan's metricsPeriodSeconds) the count
 * test gains evidence only when a period becomes countable (variant-comparison.ts: 1.5 periods after it ends, on the
 * epoch's period grid), and a bad candidate's exposure is in the first seconds of a step:
 * - The bake waits until the next period is countable, never longer than the plan's interval. A check on a fixed
 *   interval comes on average half an interval after that instant; a check timed to it comes at once, for the same
 *   number of checks. It can only come late, never early: the state machine's wait starts when this step ends.
 * - While the step is young (YOUNG_STEP_SECONDS since its traffic was seen live) it also looks every half period
 *   (5 s on 10-second data): between two countable instants the alarms and the metric guard, which judge datapoints as
 *   soon as CloudWatch shows them, may have turned. These extra checks are the busiest minute of the API budget
 *   (api-budget.ts).
 * On one-minute data nothing changes. Pure.
 */
import { comparisonWindow } from './variant-comparison';
import type { RolloutPlan } from './strategy';

/** How long after a step's traffic is seen live the faster checks last: a 20% 5XX canary is caught well within it. */
export const YOUNG_STEP_SECONDS = 40;

/** Seconds between checks of a young step: half the datapoints' period, at most the plan's interval. */
export function youngStepCheckSeconds(checkIntervalSeconds: number, metricsPeriodSeconds: number | undefined): number {
  if (metricsPeriodSeconds === undefined || metricsPeriodSeconds >= 60) return checkIntervalSeconds;
  return Math.max(1, Math.min(checkIntervalSeconds, Math.floor(metricsPeriodSeconds / 2)));
}

/** Seconds until the next check of a bake at `now` (epoch seconds) that began `elapsed` seconds ago. */
export function bakeCheckSeconds(plan: RolloutPlan, now: number, elapsed: number): number {
  const period = plan.metricsPeriodSeconds;
  if (period === undefined) return plan.checkIntervalSeconds;
  const most = elapsed < YOUNG_STEP_SECONDS ? youngStepCheckSeconds(plan.checkIntervalSeconds, period) : plan.checkIntervalSeconds;
  // The first second after `now` at which one more period is countable (comparisonWindow's end moves on).
  const endNow = comparisonWindow(now, now, period).end;
  let wait = 1;
  while (wait < most && comparisonWindow(now, now + wait, period).end === endNow) wait++;
  return wait;
}
