/**
 * The bake probe, the pure part. CloudWatch publishes the candidate's 5XX datapoint about a minute after the minute
 * ends, so an alarm cannot react sooner than that. While the candidate is live and baking, the controller also sends
 * it a few captured production requests per check (InvokeEndpoint with TargetVariant) and learns each answer at once.
 *
 * The verdict is Wald's sequential probability ratio test of "error rate <= acceptableErrorRate" (H0) against
 * "error rate = maxErrorRate" (H1) on the counts since the first probe of the rollout: the candidate is rolled back
 * once the log likelihood ratio reaches ln(1/alpha). For a candidate failing at most acceptableErrorRate the
 * likelihood ratio is a non-negative supermartingale with mean <= 1, so by Ville's inequality the chance that it
 * EVER reaches 1/alpha is at most alpha: looking at every check (continuous monitoring) keeps the false-rollback
 * rate <= alpha for the whole rollout. The test only rolls back; passing a step stays the alarms' and bakes' job.
 *
 * Client errors (4XX other than model errors: the request's fault, e.g. a payload the model rejects) are not judged.
 */
import type { ProbePlan, RolloutPlan } from '../../../contracts/rollout-plan';
import type { ProbeState, RolloutState, VariantWeights } from '../../../contracts/rollout-state';
import { addReplay, emptyReplay, ReplayBatch } from './shadow-replay';
import { sameWeights } from './weights';

export { PROBE_DEFAULTS, isSyntheticInferenceId, syntheticInferenceId, SYNTHETIC_INFERENCE_ID_PREFIX } from '../../../contracts/rollout-probe';

export { probePlan } from '../../../contracts/rollout-plan-builders';

export interface ProbeCounts {
  readonly sent: number;
  /** The candidate's fault: 5XX, model errors, time-outs. */
  readonly errors: number;
  /** The request's fault (4XX other than model errors): not judged. */
  readonly clientErrors: number;
}

export interface ProbeVerdict {
  readonly result: 'FAIL' | 'OK';
  /** Log likelihood ratio of H1 (maxErrorRate) against H0 (acceptableErrorRate). */
  readonly logLikelihoodRatio: number;
  /** ln(1/alpha): the ratio at which the probe rolls back. */
  readonly threshold: number;
  readonly detail: string;
}

/** The SPRT on `counts` (see the file's comment). */
export function judgeProbe(plan: ProbePlan, counts: ProbeCounts): ProbeVerdict {
  const judged = Math.max(0, counts.sent - counts.clientErrors);
  const errors = Math.min(counts.errors, judged);
  const p0 = plan.acceptableErrorRate;
  const p1 = plan.maxErrorRate;
  const perError = Math.log(p1 / p0);
  const perSuccess = Math.log((1 - p1) / (1 - p0));
  const llr = errors * perError + (judged - errors) * perSuccess;
  const threshold = Math.log(1 / plan.alpha);
  const rate = `${errors} of ${judged} probe requests failed`;
  if (llr >= threshold) {
    return { result: 'FAIL', logLikelihoodRatio: llr, threshold,
      detail: `${rate}: evidence for an error rate of ${pct(p1)} over ${pct(p0)} reached 1/alpha (alpha ${plan.alpha})` };
  }
  return { result: 'OK', logLikelihoodRatio: llr, threshold, detail: `${rate} (log likelihood ratio ${llr.toFixed(2)} of ${threshold.toFixed(2)})` };
}

/**
 * Fewest failed probes, all in a row from the start, that roll a candidate back: ceil(ln(1/alpha) / ln(max/acceptable)).
 * Documentation and tests use it; the verdict itself is judgeProbe.
 */
export function errorsToFail(plan: ProbePlan): number {
  return Math.ceil(Math.log(1 / plan.alpha) / Math.log(plan.maxErrorRate / plan.acceptableErrorRate) - 1e-12);
}

/**
 * Whether the controller probes at this check: the candidate takes user traffic and the step is watched (it has a
 * bake) — a bake, or a shift whose weights are already live (the bake starts at this check). Never during a shadow run (it has its
 * own replay), hooks, a pause or after promotion.
 */
export function shouldProbe(plan: RolloutPlan, state: RolloutState, live: VariantWeights | undefined): boolean {
  if (!plan.probe || bakeOf(plan, state.stepIndex) === 0) return false;
  if (state.phase === 'BAKING' || state.phase === 'FINAL_BAKE') return true;
  return state.phase === 'SHIFTING' && live !== undefined && live.candidate > 0 && sameWeights(live, state.weights);
}

/** A step's bake: its own, or finalBakeSeconds for the 100% step (0: the step is not watched, so not probed). */
function bakeOf(plan: RolloutPlan, stepIndex: number): number {
  const step = plan.steps[stepIndex];
  if (!step) return 0;
  return step.candidatePercent === 100 ? plan.finalBakeSeconds : step.bakeSeconds;
}

/** How many probe requests to send at this check: requestsPerCheck, within what is left of this bake's budget. */
export function probeBudget(plan: ProbePlan, probe: ProbeState | undefined, stepIndex: number): number {
  const spent = probe && probe.bakeStep === stepIndex ? probe.bakeSent : 0;
  return Math.max(0, Math.min(plan.requestsPerCheck, plan.maxRequestsPerBake - spent));
}

/**
 * The candidate's user invocations of the current step: CloudWatch's Invocations count TargetVariant probes too, so
 * the probes of this bake are taken off (at least 0). Probes are not user traffic: they never make a low-traffic
 * step look judged (minInvocationsPerStep). CloudWatch publishes late while the probe count is immediate, so this
 * errs low (a longer hold), never high.
 */
export function userInvocations(publishedInvocations: number, state: RolloutState): number {
  const probe = state.probe;
  const probes = probe && probe.bakeStep === state.stepIndex ? probe.bakeSent : 0;
  return Math.max(0, publishedInvocations - probes);
}

/** Counters of a rollout's first probe: nothing sent, captures listed from `startMarker`. */
export function startProbe(startMarker: string, stepIndex: number): ProbeState {
  return { ...emptyReplay(startMarker), startMarker, bakeStep: stepIndex, bakeSent: 0 };
}

/**
 * Adds one check's probe to the rollout's counters: the replay's accumulation, plus the bake's count (which
 * restarts when the step changed).
 */
export function addProbe(prev: ProbeState, b: ReplayBatch, stepIndex: number): ProbeState {
  const bakeSent = (prev.bakeStep === stepIndex ? prev.bakeSent : 0) + b.sent;
  return { ...addReplay(prev, b), startMarker: prev.startMarker, bakeStep: stepIndex, bakeSent };
}

function pct(x: number): string {
  return `${Number((x * 100).toPrecision(3))}%`;
}
