/**
 * The smallest change of a numeric feature that matters, in one statistic. A window's value of that statistic is
 * its `feature_baseline_drift_<feature>` metric; the feature drifts when the value is at least the size and the
 * change is significant within the false-alarm budget (DriftThresholds).
 */
export class NumericEffectSize {
  /**
   * The Kolmogorov–Smirnov distance: the largest gap between the window's and the baseline's cumulative
   * distributions, from 0 to 1. Model Monitor's `comparison_threshold` is this statistic (default 0.1, about a
   * quarter of a standard deviation's shift of a normal feature's mean).
   */
  public static ksDistance(distance: number): NumericEffectSize {
    return new NumericEffectSize('ks_distance', distance);
  }

  /** The population stability index on the baseline's deciles, 0 or more (Evidently's default threshold is 0.1). */
  public static psi(value: number): NumericEffectSize {
    return new NumericEffectSize('psi', value);
  }

  /**
   * The first Wasserstein distance in units of the baseline's standard deviation, 0 or more: a shift of the mean
   * by 0.1 standard deviation is 0.1 (Evidently's default threshold for large samples).
   */
  public static wassersteinSds(standardDeviations: number): NumericEffectSize {
    return new NumericEffectSize('wasserstein_sd', standardDeviations);
  }

  private constructor(
    /** The statistic: 'ks_distance', 'psi' or 'wasserstein_sd'. */
    public readonly statistic: string,
    /** The smallest value of the statistic that matters. */
    public readonly size: number,
  ) {}
}
