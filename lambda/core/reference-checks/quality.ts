import { binaryMetrics } from '../quality/classification';
import { regressionMetrics, summarizeRegression } from '../quality/regression';
import type { CaseCheck, CheckTable } from './types';

const RELATIVE = 1e-9;

function close(name: string, got: number, want: number): string[] {
  const ok = got === want || Math.abs(got - want) <= RELATIVE * Math.max(Math.abs(want), 1e-300);
  return ok ? [] : [`${name}: got ${got}, want ${want}`];
}

/** binary_classification: accuracy, precision, recall, F1 at `threshold` (score >= threshold is 1) and ROC AUC. */
const binary: CaseCheck = (c) => {
  const m = binaryMetrics((c.y_true as number[]).map((y, i) => ({ actual: y, score: c.score[i] })), c.threshold);
  return [
    ...close('accuracy', m.accuracy, c.accuracy),
    ...close('precision', m.precision, c.precision),
    ...close('recall', m.recall, c.recall),
    ...close('f1', m.f1, c.f1),
    ...close('auc', m.auc!, c.auc),
  ];
};

/** regression: MAE, RMSE, R². */
const regression: CaseCheck = (c) => {
  const m = regressionMetrics(summarizeRegression(c.y_true, c.y_pred));
  return [...close('mae', m.mae, c.mae), ...close('rmse', m.rmse, c.rmse), ...close('r2', m.r2, c.r2)];
};

/** Checks of the model-quality metrics (lists of stats-vectors.json). */
export const QUALITY_CHECKS: CheckTable = { binary_classification: binary, regression };
