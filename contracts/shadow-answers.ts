/**
 * The answers of a shadow run by replay (DeploymentStrategy.shadowFirst): how a prediction is read out of an answer
 * body, the bounded agreement counters kept in the rollout state, and the metric names the controller publishes.
 * Shared by lib/rollout (rendering and validation), lambda/core (counting, judging) and the controller. Pure.
 */

/** How a prediction is read from an answer: 'label' (class labels), 'score' (a probability and a threshold), 'number'. */
export type AnswerKind = 'label' | 'score' | 'number';

/** How the replay reads the prediction out of each answer body (production's captured one and the candidate's). */
export interface AnswerFormatPlan {
  /**
   * 'label': the prediction is a class label, compared for equality (agreement, class flips).
   * 'score': a number in [0, 1] that becomes class "1" at or above `threshold`, else "0" (agreement, class flips)
   * and is also compared as a number (mean absolute and relative difference).
   * 'number': a regression output (mean absolute and relative difference).
   */
  readonly kind: AnswerKind;
  /** 'score' only: scores at or above it are class "1". */
  readonly threshold?: number;
  /**
   * Where the prediction is in the answer: dot-separated JSON keys and array indices (`predictions.0.score`), or
   * for a CSV answer the zero-based column (`1`). Omitted: the first CSV field, a bare JSON value, or the first of
   * the keys predicted_label, label, score, prediction, predictions (first element of an array).
   */
  readonly field?: string;
}

/** The default: the answer's first value read as a class label. */
export const DEFAULT_ANSWER_FORMAT: AnswerFormatPlan = { kind: 'label' };

/** Distinct class labels kept in the flip matrix; further labels count under OTHER_LABEL (the record stays small). */
export const MAX_FLIP_LABELS = 20;
/** A class label is cut to this many characters in the flip matrix. */
export const MAX_LABEL_LENGTH = 40;
/** The bucket of labels beyond MAX_FLIP_LABELS. */
export const OTHER_LABEL = '(other)';
/** Most characters of an answer body that are read (a longer answer is cut before parsing). */
export const MAX_ANSWER_CHARS = 65_536;

/**
 * Agreement counters of a shadow run, summed over its steps (kept in ShadowReplayState.answers): counts and sums
 * only, so the record's size does not grow with traffic.
 */
export interface ReplayAgreementState {
  /** Replayed requests whose two answers were both read as a prediction. */
  readonly compared: number;
  /** Replayed requests answered by the candidate whose production or candidate answer could not be read. */
  readonly unreadable: number;
  /** Replayed requests whose captured record holds no output (Data Capture of inputs only): nothing to compare. */
  readonly noProductionAnswer: number;
  /** 'label' / 'score': pairs with the same class. */
  readonly agreed: number;
  /** 'label' / 'score': flips[production class][candidate class] = count (bounded: MAX_FLIP_LABELS). */
  readonly flips: Record<string, Record<string, number>>;
  /** 'score' / 'number': pairs compared as numbers, and the sums of |candidate − production| and of that / |production|. */
  readonly numeric: number;
  readonly absoluteDifferenceSum: number;
  readonly relativeDifferenceSum: number;
}

/** Relative differences divide by max(|production|, this), so a production answer of 0 stays finite. */
export const RELATIVE_DIFFERENCE_FLOOR = 1e-9;

/**
 * Metrics of the replay's comparison, published by the rollout controller at every shadow step (namespace
 * ROLLOUT_METRIC_NAMESPACE, dimension EndpointName, and summed over endpoints), cumulative over the shadow run.
 */
export const SHADOW_REPLAY_METRICS = {
  /** Share of compared answers with the same class (label / score). */
  agreementRate: 'ShadowReplayAgreementRate',
  /** Mean |candidate − production| (score / number). */
  meanAbsoluteDifference: 'ShadowReplayMeanAbsoluteDifference',
  /** Mean |candidate − production| / |production| (score / number). */
  meanRelativeDifference: 'ShadowReplayMeanRelativeDifference',
  /** Candidate failure rate of the replay minus the stable variant's 5XX rate. */
  errorRateDifference: 'ShadowReplayErrorRateDifference',
  /** Candidate minus stable p99 of ModelLatency, in milliseconds. */
  p99LatencyDifferenceMs: 'ShadowReplayP99LatencyDifferenceMs',
  /** Answers compared at this step (Count). */
  compared: 'ShadowReplayAnswersCompared',
  /** Answers that could not be read at this step (Count). */
  unreadable: 'ShadowReplayAnswersUnreadable',
} as const;

/** Problems of an answer format (empty when valid), for the plan validation. */
export function answerFormatProblems(f: AnswerFormatPlan, prop = 'shadow.answers'): string[] {
  if (!f || typeof f !== 'object') return [`${prop} is not an object`];
  const problems: string[] = [];
  if (f.kind !== 'label' && f.kind !== 'score' && f.kind !== 'number') {
    problems.push(`${prop}.kind is ${JSON.stringify(f.kind)}; use 'label', 'score' or 'number'`);
  }
  if (f.kind === 'score' && !(typeof f.threshold === 'number' && f.threshold > 0 && f.threshold < 1)) {
    problems.push(`${prop}.threshold is ${f.threshold}; a score answer needs a threshold in (0, 1), e.g. 0.5`);
  }
  if (f.kind !== 'score' && f.threshold !== undefined) {
    problems.push(`${prop}.threshold is set for kind '${f.kind}'; only a 'score' answer has a threshold`);
  }
  if (f.field !== undefined && (typeof f.field !== 'string' || !/^[^.\s]+(\.[^.\s]+)*$/.test(f.field))) {
    problems.push(`${prop}.field is ${JSON.stringify(f.field)}; use dot-separated keys or indices such as 'predictions.0.score', or a CSV column such as '1'`);
  }
  return problems;
}

/** Whether an answer format yields classes (agreement, flips) and numbers (differences). */
export function answerYields(kind: AnswerKind): { classes: boolean; numbers: boolean } {
  return { classes: kind !== 'number', numbers: kind !== 'label' };
}

/** The answer gates of a shadow run (contracts/rollout-plan.ts ShadowGates carries them). */
export interface AnswerGates {
  readonly minAgreement?: number;
  readonly maxMeanAbsoluteDifference?: number;
  readonly maxMeanRelativeDifference?: number;
}

const isNonNegative = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

/** The answer gates: in range, and each one possible with the answer format (agreement needs classes, differences numbers). */
export function answerGateProblems(gates: AnswerGates, answers: AnswerFormatPlan | undefined): string[] {
  const format = answers ?? DEFAULT_ANSWER_FORMAT;
  const problems = answers !== undefined ? answerFormatProblems(answers) : [];
  const yields = answerYields(format.kind);
  if (gates.minAgreement !== undefined) {
    if (!isNonNegative(gates.minAgreement) || gates.minAgreement > 1) {
      problems.push(`shadow.gates.minAgreement is ${gates.minAgreement}; it is a fraction in [0, 1] (0.95 = 95% of answers agree)`);
    } else if (!yields.classes) {
      problems.push(`shadow.gates.minAgreement is set but answers are read as '${format.kind}', which has no classes; ` +
        "read them as 'label' or 'score' (with a threshold), or use maxMeanAbsoluteDifference");
    }
  }
  for (const k of ['maxMeanAbsoluteDifference', 'maxMeanRelativeDifference'] as const) {
    const v = gates[k];
    if (v === undefined) continue;
    if (!isNonNegative(v)) problems.push(`shadow.gates.${k} is ${v}; it must be a number >= 0`);
    else if (!yields.numbers) {
      problems.push(`shadow.gates.${k} is set but answers are read as '${format.kind}', which are not numbers; ` +
        "read them as 'number' or 'score', or use minAgreement");
    }
  }
  return problems;
}
