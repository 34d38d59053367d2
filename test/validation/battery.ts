/**
 * The invalid-configuration battery: every case names its class, the construct call, and what the message must say
 * (the prop, the bad value, the fix). Classes are counted across test/validation/*.test.ts by classes.test.ts.
 * Token cases (`deferred`) build a construct with CloudFormation parameters and expect each one rendered as a
 * reference, and no number placeholder written as a literal.
 */
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

export interface InvalidCase {
  /** The validation class (see CLASSES). */
  readonly cls: string;
  /** What is wrong, for the test name. */
  readonly name: string;
  /** Builds the invalid configuration (and is expected to throw). */
  readonly run: () => unknown;
  /** Fragments the message must contain: the prop, the bad value, the fix. */
  readonly prop: RegExp;
  readonly value: RegExp;
  readonly fix: RegExp;
}

/** The classes of the issue (and the further limits of the same sources) that the battery covers. */
export const CLASSES: Record<string, string> = {
  'nvme-kms': 'storage KMS key on an instance type with local NVMe storage',
  'content-types': 'data capture content types with * or +, or too many',
  'environment': 'container environment: more than 100 variables, key pattern, key/value length',
  'instance-type': 'a misspelt or unsupported instance type (hosting and training enums)',
  'shadow-exclusions': 'shadow variants where SageMaker excludes them (serverless, inf1)',
  'fractional-capacity': 'fractional or out-of-range capacities (instances, autoscaling, serverless memory and concurrency)',
  'training-props': 'training instance type, max runtime, hyperparameter count and lengths, content type',
  'glue-worker-kind': 'Glue worker type for another job kind, Glue version, number of workers, timeout',
  'reserved-s3': 'reserved S3 bucket prefixes/suffixes, bucket naming, capture prefix length',
  'alarm-period': 'alarm evaluation windows beyond what CloudWatch evaluates',
  'rollback-thresholds': 'rollback/alarm thresholds that can never fire or always fire',
  'streaming-columns': 'streaming job column names and types',
  'key-timestamp-columns': 'key or timestamp columns missing from the schema, or a timestamp of the wrong type',
  'email': 'an alarm e-mail that is not one',
  'tokens': 'tokens (CfnParameter numbers/strings, Lazy, Duration/Size tokens) never validated as literals nor used in arithmetic',
  'required-props': 'JavaScript callers omitting a required prop get a clear message',
  'sampling': 'data capture sampling percentage (whole 0-100)',
  'names': 'SageMaker model/endpoint names against the model patterns',
  'inference-components': 'inference components: copies, compute requirements, startup limits, rolling update batches and waits, managed instance scaling',
  'non-finite': 'NaN and Infinity named as such (not "null"), wherever a number is taken',
  'durations': "durations against each API's unit and bounds, the prop named when a Duration cannot be converted",
  's3-prefixes': "S3 key prefixes: no leading '/', no '//', the trailing '/' each use needs",
  'variant-names': 'variant names that exist on the endpoint (of the right kind), each once',
  'cross-prop': 'rules across props: baseline covers the monitored features, shadow is not production, windows x period',
  'schedules': "cron and rate expressions against EventBridge's rules (fields, ranges, day-of-month vs day-of-week)",
  'arns': 'ARNs of the wrong kind, group, region, partition or account',
  'github': "GitHub owner/repository names by GitHub's rules, OIDC issuers",
  'regions': 'region names (botocore partitions)',
  'registry': 'model package group names, descriptions and generated names',
  'limits': 'names, lengths and enums from the generated AWS limits (dashboards, stack names, SSM parameters, Redshift users)',
};

/** Runs a case and returns its message (fails the test when nothing is thrown). */
export function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the configuration to be rejected at synth, but it was accepted');
}

/** Declares one jest test per case, each checking prop, value and fix in the message. */
export function battery(cases: InvalidCase[]): void {
  test.each(cases.map((c) => [`${c.cls}: ${c.name}`, c] as const))('%s', (_n, c) => {
    const message = messageOf(c.run);
    expect(message).toMatch(c.prop);
    expect(message).toMatch(c.value);
    expect(message).toMatch(c.fix);
  });
}

/** A template's text is free of token placeholders written as literals (a token used in arithmetic or JSON). */
export function expectNoTokenLiterals(stack: Stack): Record<string, unknown> {
  const template = Template.fromStack(stack).toJSON();
  const text = JSON.stringify(template);
  // A number placeholder written as text, e.g. '-1.8881545897087683e+289 seconds'.
  expect(text).not.toMatch(/\d\.\d{6,}e[+-]\d{2,}/i);
  expect(text).not.toMatch(/Token\[|\$\{Token/);
  const numbers: number[] = [];
  JSON.stringify(template, (_k, v) => { if (typeof v === 'number') numbers.push(v); return v; });
  for (const n of numbers) expect(Math.abs(n)).toBeLessThan(1e12);
  return template;
}

/** A stack with a concrete environment, for token cases. */
export function tokenStack(): Stack {
  return new Stack(new App(), 'Tokens', { env: { account: '111122223333', region: 'eu-west-1' } });
}

/** A CloudFormation Number parameter named `id`, as a number token. */
export function numberParam(stack: Stack, id: string, def = 1): number {
  return new CfnParameter(stack, id, { type: 'Number', default: def }).valueAsNumber;
}

/** A CloudFormation String parameter named `id`, as a string token. */
export function stringParam(stack: Stack, id: string, def: string): string {
  return new CfnParameter(stack, id, { type: 'String', default: def }).valueAsString;
}

/** A construct built with token inputs: it synthesizes, and each parameter named in `refs` is rendered as a Ref. */
export interface DeferredCase {
  /** What is deferred, for the test name. */
  readonly name: string;
  /** Builds the construct (parameters from numberParam / stringParam) and returns its stack. */
  readonly run: () => Stack;
  /** Parameter names whose Ref must appear in the template. */
  readonly refs: string[];
}

/** Declares one jest test per token case. */
export function deferred(cases: DeferredCase[]): void {
  test.each(cases.map((c) => [c.name, c] as const))('defers %s', (_n, c) => {
    const text = JSON.stringify(expectNoTokenLiterals(c.run()));
    for (const ref of c.refs) expect({ ref, found: text.includes(`{"Ref":"${ref}"}`) }).toEqual({ ref, found: true });
  });
}
