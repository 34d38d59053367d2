import { addErrorCounts, judgeErrorCounts, startErrorCountTest } from '../experiments/error-count-test';
import type { CaseCheck, CheckTable } from './types';

/**
 * Check of the sequential count test of errors (list `error_count_test` of
 * test/lambda/core/experiments/error-count-vectors.json, from scripts/reference/error-count-vectors.py): every look's
 * ln Lambda within 1e-7 relative (1e-9 absolute), every verdict and the first rejecting look exactly.
 */
const errorCountCheck: CaseCheck = (c) => {
  const errors: string[] = [];
  const i = c.inputs;
  let state = startErrorCountTest({ alpha: i.alpha, maxErrorRateRatio: i.max_error_rate_ratio, priorScale: i.prior_scale });
  let first: number | null = null;
  (i.periods as any[]).forEach((p, k) => {
    state = addErrorCounts(state, { candidateRequests: p.candidate_requests, candidateErrors: p.candidate_errors,
      stableRequests: p.stable_requests, stableErrors: p.stable_errors });
    const v = judgeErrorCounts(state);
    const want = c.expected.per_look[k];
    const diff = Math.abs(v.logLambda - want.log_lambda);
    if (!(diff <= 1e-7 * Math.abs(want.log_lambda) || diff <= 1e-9)) {
      errors.push(`look ${k} log_lambda: got ${v.logLambda}, want ${want.log_lambda} (|diff| ${diff.toExponential(2)})`);
    }
    if ((v.verdict === 'WORSE') !== want.reject) errors.push(`look ${k} reject: got ${v.verdict === 'WORSE'}, want ${want.reject}`);
    if (v.verdict === 'WORSE' && first === null) first = k;
  });
  if (first !== c.expected.first_reject_look) errors.push(`first_reject_look: got ${first}, want ${c.expected.first_reject_look}`);
  return errors;
};

export const ERROR_COUNT_CHECKS: CheckTable = { error_count_test: errorCountCheck };
