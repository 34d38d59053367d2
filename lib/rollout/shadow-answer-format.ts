import { AnswerFormatPlan, answerFormatProblems } from '../../contracts/shadow-answers';
import { isToken } from '../private/validation/checks';
import { invalidProp } from '../private/validation/fail';

/** Where the prediction is in an answer. */
export interface ShadowAnswerFieldOptions {
  /**
   * The place of the prediction in the answer body: dot-separated JSON keys and array indices
   * (`'predictions.0.score'`), or for a CSV answer the zero-based column (`'1'`).
   * @default - the first CSV field, a bare JSON value, or the first of the JSON keys `predicted_label`, `label`,
   * `score`, `prediction`, `predictions` (the first element of an array)
   */
  readonly field?: string;
}

/** Props of `ShadowAnswerFormat.score`. */
export interface ShadowScoreAnswerProps extends ShadowAnswerFieldOptions {
  /** Scores at or above it are class "1", below it class "0": in (0, 1), e.g. 0.5. */
  readonly threshold: number;
}

/**
 * How a shadow run by replay (`DeploymentStrategy.shadowFirst`) reads the prediction out of an answer, to compare
 * the candidate's answer to a replayed request with the answer production gave to the same request (captured by
 * Data Capture). The same format reads both answers.
 *
 * @example
 * // A binary classifier answering {"predictions": [{"score": 0.83}]}:
 * const answers = ShadowAnswerFormat.score({ threshold: 0.5, field: 'predictions.0.score' });
 */
export class ShadowAnswerFormat {
  /** The answer's first value as a class label (the default). */
  public static readonly CLASS_LABEL = new ShadowAnswerFormat({ kind: 'label' });

  /** A class label, compared for equality: agreement rate and class flips (`gates.minAgreement`). */
  public static classLabel(options: ShadowAnswerFieldOptions = {}): ShadowAnswerFormat {
    return ShadowAnswerFormat.of('classLabel', { kind: 'label', ...field(options) });
  }

  /**
   * A probability: class "1" at or above `threshold`, else "0" (agreement and class flips), and also a number
   * (mean absolute and relative difference): every answer gate applies.
   */
  public static score(props: ShadowScoreAnswerProps): ShadowAnswerFormat {
    if (isToken(props.threshold)) {
      invalidProp('ShadowAnswerFormat.score', 'threshold', 'a token', 'The rollout plan is fixed at synth; pass a number such as 0.5.');
    }
    if (!(typeof props.threshold === 'number' && props.threshold > 0 && props.threshold < 1)) {
      invalidProp('ShadowAnswerFormat.score', 'threshold', props.threshold, 'Use a probability strictly between 0 and 1, e.g. 0.5.');
    }
    return ShadowAnswerFormat.of('score', { kind: 'score', threshold: props.threshold, ...field(props) });
  }

  /** A regression output: mean absolute and relative difference (`gates.maxMeanAbsoluteDifference`, `maxMeanRelativeDifference`). */
  public static numeric(options: ShadowAnswerFieldOptions = {}): ShadowAnswerFormat {
    return ShadowAnswerFormat.of('numeric', { kind: 'number', ...field(options) });
  }

  private static of(builder: string, plan: AnswerFormatPlan): ShadowAnswerFormat {
    const problems = answerFormatProblems(plan, 'answers');
    if (problems.length > 0) {
      invalidProp(`ShadowAnswerFormat.${builder}`, 'field', plan.field, `${problems.join('; ')}.`);
    }
    return new ShadowAnswerFormat(plan);
  }

  /** Whether answers are read as classes, so `gates.minAgreement` applies. */
  public readonly hasClasses: boolean;
  /** Whether answers are read as numbers, so `gates.maxMeanAbsoluteDifference` / `maxMeanRelativeDifference` apply. */
  public readonly hasNumbers: boolean;

  private constructor(private readonly plan: AnswerFormatPlan) {
    this.hasClasses = plan.kind !== 'number';
    this.hasNumbers = plan.kind !== 'label';
  }

  /**
   * The format as the rollout plan carries it.
   * @internal
   */
  public _toPlan(): AnswerFormatPlan {
    return { ...this.plan };
  }

  /** How it reads in messages, e.g. `ShadowAnswerFormat.score({ threshold: 0.5 })`. */
  public toString(): string {
    const f = this.plan.field !== undefined ? `field: '${this.plan.field}'` : '';
    switch (this.plan.kind) {
      case 'score': return `ShadowAnswerFormat.score({ threshold: ${this.plan.threshold}${f ? `, ${f}` : ''} })`;
      case 'number': return `ShadowAnswerFormat.numeric(${f ? `{ ${f} }` : ''})`;
      default: return `ShadowAnswerFormat.classLabel(${f ? `{ ${f} }` : ''})`;
    }
  }
}

function field(o: ShadowAnswerFieldOptions): { field?: string } {
  if (o.field !== undefined && isToken(o.field)) {
    invalidProp('ShadowAnswerFormat', 'field', 'a token', 'The rollout plan is fixed at synth; pass the field as a string.');
  }
  return o.field !== undefined ? { field: o.field } : {};
}
