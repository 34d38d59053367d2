import type { AnswerGates } from '../../../contracts/shadow-answers';
import { invalidProp } from '../../private/validation/fail';
import type { ShadowFirstStrategyProps } from '../deployment-strategy-props';
import { ShadowAnswerFormat } from '../shadow-answer-format';
import { literalPlanNumber } from './validate-rollout';

const OWNER = 'DeploymentStrategy.shadowFirst';

/**
 * The answer gates of a shadow run, checked at synth with the props' names: literal numbers, in range, and each one
 * possible with the answer format (agreement needs classes, differences need numbers).
 */
export function answerGates(props: ShadowFirstStrategyProps): AnswerGates {
  const g = props.gates ?? {};
  const format = props.answers ?? ShadowAnswerFormat.CLASS_LABEL;
  for (const k of ['minAgreement', 'maxMeanAbsoluteDifference', 'maxMeanRelativeDifference'] as const) literalPlanNumber('shadowFirst', `gates.${k}`, g[k]);
  if (g.minAgreement !== undefined) {
    if (!(typeof g.minAgreement === 'number' && g.minAgreement >= 0 && g.minAgreement <= 1)) {
      invalidProp(OWNER, 'gates.minAgreement', g.minAgreement, 'It is a fraction of answers between 0 and 1, e.g. 0.95 for 95%.');
    }
    if (!format.hasClasses) {
      invalidProp(OWNER, 'gates.minAgreement', g.minAgreement, `answers is ${format}, which has no classes to agree on. Read answers ` +
        'with ShadowAnswerFormat.classLabel() or ShadowAnswerFormat.score({ threshold }), or gate on maxMeanAbsoluteDifference.');
    }
  }
  for (const k of ['maxMeanAbsoluteDifference', 'maxMeanRelativeDifference'] as const) {
    const v = g[k];
    if (v === undefined) continue;
    if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
      invalidProp(OWNER, `gates.${k}`, v, `Use a number of at least 0${k === 'maxMeanRelativeDifference' ? ' (a fraction: 0.05 = 5%)' : ''}.`);
    }
    if (!format.hasNumbers) {
      invalidProp(OWNER, `gates.${k}`, v, `answers is ${format}, whose answers are labels, not numbers. Read answers with ` +
        'ShadowAnswerFormat.numeric() or ShadowAnswerFormat.score({ threshold }), or gate on minAgreement.');
    }
  }
  return {
    ...(g.minAgreement !== undefined ? { minAgreement: g.minAgreement } : {}),
    ...(g.maxMeanAbsoluteDifference !== undefined ? { maxMeanAbsoluteDifference: g.maxMeanAbsoluteDifference } : {}),
    ...(g.maxMeanRelativeDifference !== undefined ? { maxMeanRelativeDifference: g.maxMeanRelativeDifference } : {}),
  };
}

/** Whether a plan's shadow run gates on answers (then Data Capture must capture outputs too). */
export function gatesOnAnswers(g: AnswerGates | undefined): boolean {
  return g !== undefined && (g.minAgreement !== undefined || g.maxMeanAbsoluteDifference !== undefined || g.maxMeanRelativeDifference !== undefined);
}
