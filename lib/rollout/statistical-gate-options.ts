import type { Duration } from 'aws-cdk-lib';

/**
 * The statistical gate of a rollout: at every controller check the candidate is compared with the stable variant on
 * CloudWatch's per-variant metrics since it first took traffic (Invocations and Invocation5XXErrors; with
 * `maxLatencyIncrease`, the mean of ModelLatency too) by an always-valid sequential test (mixture SPRT), and rolled
 * back (cause STATISTICAL_GATE) once the candidate is worse beyond the tolerated margin with confidence 1 - alpha.
 * The test stays valid however often it is looked at, so a candidate as good as stable is rolled back with
 * probability at most `alpha` over the whole rollout. It runs beside the fixed-threshold alarms: an alarm catches a
 * disaster at once, the gate a small but real regression that no fixed threshold sees.
 *
 * Only complete minutes are compared (SageMaker publishes its metrics about a minute late), and latency only over
 * minutes in which both variants served, once there are 5 of them: the gate is for rollouts that keep both variants
 * serving for several minutes (a canary or linear strategy), not for all-at-once or blue/green.
 */
export interface StatisticalGateOptions {
  /**
   * Bound on the probability that a candidate as good as stable is rolled back by the gate, over all its looks in one
   * rollout; split evenly between the 5XX rate and latency when latency is compared. Between 0 and 0.5.
   * @default 0.05
   */
  readonly alpha?: number;
  /**
   * Tolerated increase of the candidate's 5XX rate over stable's, as a fraction (0.001 = 0.1 percentage point).
   * @default 0
   */
  readonly max5xxIncrease?: number;
  /**
   * Requests each variant must have served (in complete minutes) before the gate judges.
   * @default 200
   */
  readonly minRequests?: number;
  /**
   * Compare the mean ModelLatency of the two variants too, tolerating this increase of the candidate's mean.
   * @default - latency is not compared
   */
  readonly maxLatencyIncrease?: Duration;
}
