import { Token } from 'aws-cdk-lib';
import { checkString } from '../../private/validation/checks';
import { invalidProp } from '../../private/validation/fail';
import { checkS3Prefix } from '../../private/validation/s3-prefixes';
import { AbMetric, OutcomeLocation } from '../experiment-options';

/** An experiment's name: a metric dimension, an event field and a state folder. */
export function checkExperimentName(owner: string, prop: string, name: string): void {
  if (!Token.isUnresolved(name) && !/^[A-Za-z0-9._-]{1,64}$/.test(name)) {
    invalidProp(owner, prop, name, 'It is a metric dimension and a state folder: use 1 to 64 letters, digits, dots, dashes or underscores.');
  }
}

/**
 * Outcome metrics: at least one, each name once (the `metric` of the outcome events, a CloudWatch dimension
 * value), at most one primary.
 */
export function checkMetricNames(owner: string, metrics: readonly AbMetric[]): void {
  if (metrics.length === 0) invalidProp(owner, 'metrics', metrics, 'Give at least one outcome metric.');
  const names = metrics.map((m) => m.name);
  metrics.forEach((m, i) => {
    checkString(owner, `metrics[${i}].name`, m.name, 'cloudwatch.DimensionValue');
    if (names.indexOf(m.name) !== i) invalidProp(owner, `metrics[${i}].name`, m.name, 'Another metric has this name; give each metric once.');
  });
  const primaries = metrics.filter((m) => m.primary).map((m) => m.name);
  if (primaries.length > 1) invalidProp(owner, 'metrics', primaries, `Mark at most one metric primary (${primaries.map((p) => `'${p}'`).join(', ')} are).`);
}

/** Where outcome events are: a relative key prefix ending with '/'. */
export function checkOutcomes(owner: string, outcomes: OutcomeLocation): void {
  checkS3Prefix(owner, 'outcomes.prefix', outcomes.prefix, 'slash', 'outcomes/shop/');
}

/** One of an enum's values (JavaScript callers can pass any string). */
export function checkEnumValue(owner: string, prop: string, value: string | undefined, values: Record<string, string>): void {
  if (value === undefined || Object.values(values).includes(value)) return;
  invalidProp(owner, prop, value, `Use one of ${Object.values(values).map((v) => `'${v}'`).join(', ')}.`);
}
