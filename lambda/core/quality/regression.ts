/**
 * Regression quality (Model Monitor's `regression_metrics`: mae, mse, rmse, r2; plus mape) from a mergeable
 * summary: windows are summarized independently and merged (Chan et al.'s parallel update of the label variance),
 * so an hourly or daily figure is the merge of the 5-minute windows, exactly. Pure: no I/O.
 */

/** Sufficient statistics of (label, prediction) pairs. */
export interface RegressionSummary {
  readonly n: number;
  readonly sumAbsError: number;
  readonly sumSquaredError: number;
  /** Mean of the labels. */
  readonly meanActual: number;
  /** Sum of squared deviations of the labels from their mean. */
  readonly m2Actual: number;
  /** Sum of |error / label| over pairs whose label is not 0. */
  readonly sumAbsPercentError: number;
  /** Pairs that count in MAPE (label not 0). */
  readonly nPercent: number;
}

/** Regression metrics of a summary. */
export interface RegressionMetrics {
  readonly mae: number;
  readonly mse: number;
  readonly rmse: number;
  /** 1 − SSE/SST (scikit-learn's `r2_score`); NaN when every label is equal. */
  readonly r2: number;
  /** Mean absolute percentage error as a fraction (0.1 = 10%), over labels that are not 0; NaN when none. */
  readonly mape: number;
}

export const EMPTY_REGRESSION: RegressionSummary = {
  n: 0, sumAbsError: 0, sumSquaredError: 0, meanActual: 0, m2Actual: 0, sumAbsPercentError: 0, nPercent: 0,
};

/** Adds one pair. */
export function addRegression(s: RegressionSummary, actual: number, predicted: number): RegressionSummary {
  const e = predicted - actual;
  const n = s.n + 1;
  const delta = actual - s.meanActual;
  const meanActual = s.meanActual + delta / n;
  return {
    n,
    sumAbsError: s.sumAbsError + Math.abs(e),
    sumSquaredError: s.sumSquaredError + e * e,
    meanActual,
    m2Actual: s.m2Actual + delta * (actual - meanActual),
    sumAbsPercentError: s.sumAbsPercentError + (actual !== 0 ? Math.abs(e / actual) : 0),
    nPercent: s.nPercent + (actual !== 0 ? 1 : 0),
  };
}

/** Summary of pairs. */
export function summarizeRegression(actual: readonly number[], predicted: readonly number[]): RegressionSummary {
  if (actual.length !== predicted.length) throw new Error(`regression: ${actual.length} labels but ${predicted.length} predictions`);
  let s = EMPTY_REGRESSION;
  for (let i = 0; i < actual.length; i++) s = addRegression(s, actual[i], predicted[i]);
  return s;
}

/** Merge of two summaries (order does not matter). */
export function mergeRegression(a: RegressionSummary, b: RegressionSummary): RegressionSummary {
  if (a.n === 0) return b;
  if (b.n === 0) return a;
  const n = a.n + b.n;
  const delta = b.meanActual - a.meanActual;
  return {
    n,
    sumAbsError: a.sumAbsError + b.sumAbsError,
    sumSquaredError: a.sumSquaredError + b.sumSquaredError,
    meanActual: a.meanActual + (delta * b.n) / n,
    m2Actual: a.m2Actual + b.m2Actual + (delta * delta * a.n * b.n) / n,
    sumAbsPercentError: a.sumAbsPercentError + b.sumAbsPercentError,
    nPercent: a.nPercent + b.nPercent,
  };
}

/** The metrics; every value is NaN for an empty summary. */
export function regressionMetrics(s: RegressionSummary): RegressionMetrics {
  if (s.n === 0) return { mae: NaN, mse: NaN, rmse: NaN, r2: NaN, mape: NaN };
  const mse = s.sumSquaredError / s.n;
  return {
    mae: s.sumAbsError / s.n,
    mse,
    rmse: Math.sqrt(mse),
    r2: s.m2Actual === 0 ? NaN : 1 - s.sumSquaredError / s.m2Actual,
    mape: s.nPercent === 0 ? NaN : s.sumAbsPercentError / s.nPercent,
  };
}
