/**
 * The invalid-configuration battery: every case names its class, the construct call, and what the message must say
 * (the prop, the bad value, the fix). Classes are counted across test/validation/*.test.ts by classes.test.ts.
 */
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
