import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * One treatment arm of an `AbTestAnalysis`, as a handle for its metrics
 * (`ab.forVariant('challenger').metricDecision()`), like `drift.forVariant(name)` for drift metrics.
 * Namespace `cdk-mlops/Experiments`, dimensions Endpoint, Experiment and Variant; one datapoint per run.
 */
export interface IAbTestVariant {
  /** The treatment arm's variant name. */
  readonly variantName: string;
  /**
   * The decision for this arm against the control: 1 better, 0 inconclusive, -1 worse, -2 blocked (sample-ratio
   * mismatch).
   * @param props options that override the defaults (statistic Minimum, the most cautious reading; period the schedule)
   */
  metricDecision(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * The (multiplicity-corrected) p-value of one outcome metric for this arm.
   * @param metricName the outcome metric's `name`
   * @param props options that override the defaults (statistic Minimum, period the schedule)
   */
  metricPValue(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * One variant reweighted by an `AdaptiveAllocation`, as a handle for its metrics
 * (`bandit.forVariant('challenger').metricShare()`). Namespace `cdk-mlops/Experiments`, dimensions Endpoint and
 * Variant; one datapoint per update.
 */
export interface IAdaptiveAllocationVariant {
  /** The variant's name. */
  readonly variantName: string;
  /**
   * The share of traffic (0 to 1) the allocator gave this variant.
   * @param props options that override the defaults (statistic Average, period the update interval)
   */
  metricShare(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * The posterior probability (0 to 1) that this variant has the best outcome rate.
   * @param props options that override the defaults (statistic Average, period the update interval)
   */
  metricProbabilityBest(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}
