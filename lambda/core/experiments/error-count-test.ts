/**
 * A sequential test of the candidate's 5XX errors against the stable variant's, valid at every look: the controller
 * may judge it at every check, on 10-second datapoints, without inflating false rollbacks.
 *
 * Model (the formulas are in scripts/reference/error-count-vectors.py, which computes reference values with scipy):
 * per period (one CloudWatch datapoint) the candidate served n_c requests with x errors and stable n_s with y; errors
 * are Poisson, so given k = x + y the candidate's errors are Binomial(k, pi), pi = n_c rho / (n_c rho + n_s), where
 * rho is the ratio of the error rates (Lindon & Malek 2022 condition Poisson counts on their total the same way). The
 * request counts enter only through each period's share, so the canary may change its weight between periods.
 *
 * Test: H0 rho <= rho0 (`maxErrorRateRatio`) against rho > rho0, by a mixture of likelihood ratios over
 * theta = ln(rho / rho0) >= 0 with a half-normal prior (`priorScale`). Under H0 the mixture is a nonnegative
 * supermartingale, so by Ville's inequality it reaches 1/alpha with probability at most alpha, whatever the number
 * of looks. The integral is a fixed grid whose weights sum to one: the statistic computed IS a mixture of likelihood
 * ratios, so the guarantee does not depend on the quadrature's accuracy (which the reference values check).
 *
 * Pure. Fold periods in with `addErrorCounts` (a look costs one pass over the grid), or `errorCountTest` for a list.
 */

/** One period's requests and 5XX errors of each variant (e.g. one 10-second datapoint of each). */
export interface ErrorCounts {
  readonly candidateRequests: number;
  readonly candidateErrors: number;
  readonly stableRequests: number;
  readonly stableErrors: number;
}

export interface ErrorCountTestOptions {
  /** Probability of ever saying WORSE when the candidate is no worse than allowed. @default 0.01 */
  readonly alpha?: number;
  /** The candidate's error rate may be up to this multiple of the stable one (H0: ratio <= this). @default 1 */
  readonly maxErrorRateRatio?: number;
  /** Scale of the half-normal prior on ln(ratio / maxErrorRateRatio). @default DEFAULT_PRIOR_SCALE (4) */
  readonly priorScale?: number;
}

/** Everything folded in so far: per grid point the summed log likelihood ratio, and the totals. */
export interface ErrorCountState {
  readonly alpha: number;
  readonly maxErrorRateRatio: number;
  readonly priorScale: number;
  readonly logLikelihoodRatio: Float64Array;
  readonly totals: ErrorCounts;
  /** Periods folded in (all of them, also those without errors). */
  readonly periods: number;
}

export interface ErrorCountVerdict {
  readonly verdict: 'WORSE' | 'OK';
  /** ln of the mixture likelihood ratio; WORSE when >= threshold. */
  readonly logLambda: number;
  /** ln(1 / alpha). */
  readonly threshold: number;
  readonly totals: ErrorCounts;
  /** Candidate error rate / stable error rate over all periods (NaN without stable errors or requests). */
  readonly observedRatio: number;
  readonly detail: string;
}

/**
 * The prior's default scale. A wide prior spends power on large regressions (a 0.1% -> 20% canary is a ratio of 200,
 * ln 5.3) so they are caught on fewer errors at the first looks, at some cost on small ones (0.1% -> 0.5% is ln 1.6):
 * scale 4 instead of 2 moves the simulator's median detection of 0.1% -> 0.5% from 770 s to 840 s
 * (docs/ten-second-signals.md). Any scale keeps the false-alarm bound.
 */
export const DEFAULT_PRIOR_SCALE = 4;

/** Grid intervals (even, for Simpson's rule) in u = sqrt(theta / span), span = GRID_SPAN_SCALES * priorScale. */
const GRID_INTERVALS = 600;
/** The prior's mass beyond 12 scales is below 1e-32. */
const GRID_SPAN_SCALES = 12;

const gridCache = new Map<number, { theta: Float64Array; expTheta: Float64Array; logWeight: Float64Array; logTotal: number }>();

/**
 * Grid points and log weights: Simpson's rule in u, theta = span u^2 (dense near 0, where many errors make the
 * likelihood fall steeply), times the half-normal density and the Jacobian 2 span u, normalized to sum to one.
 */
function grid(priorScale: number) {
  let g = gridCache.get(priorScale);
  if (g) return g;
  const span = GRID_SPAN_SCALES * priorScale;
  const theta = new Float64Array(GRID_INTERVALS + 1);
  const w = new Float64Array(GRID_INTERVALS + 1);
  let sum = 0;
  for (let j = 0; j <= GRID_INTERVALS; j++) {
    const u = j / GRID_INTERVALS;
    theta[j] = span * u * u;
    const simpson = j === 0 || j === GRID_INTERVALS ? 1 : j % 2 === 1 ? 4 : 2;
    w[j] = simpson * 2 * span * u * Math.exp(-(theta[j] * theta[j]) / (2 * priorScale * priorScale));
    sum += w[j];
  }
  const logWeight = w.map((v) => Math.log(v / sum));
  g = { theta, expTheta: theta.map(Math.exp), logWeight, logTotal: logSumExp(new Float64Array(theta.length), logWeight) };
  gridCache.set(priorScale, g);
  return g;
}

export function startErrorCountTest(options: ErrorCountTestOptions = {}): ErrorCountState {
  const alpha = options.alpha ?? 0.01;
  const maxErrorRateRatio = options.maxErrorRateRatio ?? 1;
  const priorScale = options.priorScale ?? DEFAULT_PRIOR_SCALE;
  if (!(alpha > 0 && alpha < 1)) throw new Error(`errorCountTest: alpha is ${alpha}; it must be in (0, 1)`);
  if (!(maxErrorRateRatio > 0 && Number.isFinite(maxErrorRateRatio))) {
    throw new Error(`errorCountTest: maxErrorRateRatio is ${maxErrorRateRatio}; it must be a positive number (1 = no worse than stable)`);
  }
  if (!(priorScale > 0 && Number.isFinite(priorScale))) throw new Error(`errorCountTest: priorScale is ${priorScale}; it must be a positive number`);
  return {
    alpha, maxErrorRateRatio, priorScale,
    logLikelihoodRatio: new Float64Array(GRID_INTERVALS + 1),
    totals: { candidateRequests: 0, candidateErrors: 0, stableRequests: 0, stableErrors: 0 },
    periods: 0,
  };
}

/** The state with one more period. Counts are clamped to whole numbers >= 0 and errors to requests. */
export function addErrorCounts(state: ErrorCountState, period: ErrorCounts): ErrorCountState {
  const nc = wholeAtLeastZero(period.candidateRequests);
  const ns = wholeAtLeastZero(period.stableRequests);
  const x = Math.min(wholeAtLeastZero(period.candidateErrors), nc);
  const y = Math.min(wholeAtLeastZero(period.stableErrors), ns);
  const t = state.totals;
  const totals = { candidateRequests: t.candidateRequests + nc, candidateErrors: t.candidateErrors + x,
    stableRequests: t.stableRequests + ns, stableErrors: t.stableErrors + y };
  // Without errors, or with one variant idle, the period says nothing about the ratio: its likelihood ratio is 1.
  if (x + y === 0 || nc === 0 || ns === 0) return { ...state, totals, periods: state.periods + 1 };
  const { theta, expTheta } = grid(state.priorScale);
  // r = rho0 n_c / n_s, the candidate's odds of an error under H0; ln LR = x theta - k ln((r e^theta + 1) / (r + 1)).
  const r = state.maxErrorRateRatio * nc / ns;
  const atNull = Math.log1p(r);
  const ll = new Float64Array(state.logLikelihoodRatio);
  for (let j = 0; j < ll.length; j++) ll[j] += x * theta[j] - (x + y) * (Math.log1p(r * expTheta[j]) - atNull);
  return { ...state, logLikelihoodRatio: ll, totals, periods: state.periods + 1 };
}

export function judgeErrorCounts(state: ErrorCountState): ErrorCountVerdict {
  const { logWeight, logTotal } = grid(state.priorScale);
  // Less the weights' own total as computed (1 up to rounding), so no evidence gives exactly 0.
  const logLambda = logSumExp(state.logLikelihoodRatio, logWeight) - logTotal;
  const threshold = Math.log(1 / state.alpha);
  const t = state.totals;
  const observedRatio = (t.candidateErrors / t.candidateRequests) / (t.stableErrors / t.stableRequests);
  const worse = logLambda >= threshold;
  const counts = `candidate ${t.candidateErrors}/${t.candidateRequests} 5XX, stable ${t.stableErrors}/${t.stableRequests} over ${state.periods} periods`;
  const evidence = `mixture likelihood ratio ${Math.exp(Math.min(logLambda, 700)).toPrecision(3)} ${worse ? '>=' : '<'} 1/alpha = ${(1 / state.alpha).toPrecision(3)}`;
  const bound = state.maxErrorRateRatio === 1 ? 'the stable rate' : `${state.maxErrorRateRatio} x the stable rate`;
  return {
    verdict: worse ? 'WORSE' : 'OK', logLambda, threshold, totals: t, observedRatio,
    detail: worse
      ? `candidate 5XX rate above ${bound}: ${counts}; ${evidence}`
      : `no evidence of a 5XX rate above ${bound}: ${counts}; ${evidence}`,
  };
}

/**
 * The last list folded in by errorCountTest, and its state: a caller that judges a growing list at every look (the
 * rollout gate re-reads all periods since the candidate's first traffic) folds in only the new periods. A memo: the
 * result is the same as folding the whole list.
 */
let lastFold: { periods: ErrorCounts[]; options: string; state: ErrorCountState } | undefined;

/** The test on a list of periods, in order (the verdict at the last look). */
export function errorCountTest(periods: readonly ErrorCounts[], options: ErrorCountTestOptions = {}): ErrorCountVerdict {
  const key = JSON.stringify([options.alpha, options.maxErrorRateRatio, options.priorScale]);
  const prior = lastFold;
  const extends_ = prior !== undefined && prior.options === key && prior.periods.length <= periods.length
    && prior.periods.every((p, i) => sameCounts(p, periods[i]));
  let state = extends_ ? prior.state : startErrorCountTest(options);
  for (let i = extends_ ? prior.periods.length : 0; i < periods.length; i++) state = addErrorCounts(state, periods[i]);
  lastFold = { periods: periods.map((p) => ({ ...p })), options: key, state };
  return judgeErrorCounts(state);
}

function sameCounts(a: ErrorCounts, b: ErrorCounts): boolean {
  return a.candidateRequests === b.candidateRequests && a.candidateErrors === b.candidateErrors
    && a.stableRequests === b.stableRequests && a.stableErrors === b.stableErrors;
}

/** ln sum_j exp(a_j + b_j). */
function logSumExp(a: Float64Array, b: Float64Array): number {
  let max = -Infinity;
  for (let j = 0; j < a.length; j++) max = Math.max(max, a[j] + b[j]);
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += Math.exp(a[j] + b[j] - max);
  return max + Math.log(sum);
}

function wholeAtLeastZero(v: number): number {
  return Number.isFinite(v) && v > 0 ? Math.round(v) : 0;
}
