/**
 * Validation of every rollout handler's input (pure): a malformed event is refused with an error that names what is
 * missing, before any AWS call, so it never turns into a TypeError half-way or a weight change.
 */
export class InvalidEventError extends Error {
  constructor(handler: string, problems: readonly string[]) {
    super(`${handler}: invalid event: ${problems.join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

function need(o: Obj, path: string, key: string, check: (v: unknown) => boolean, what: string, out: string[]): void {
  if (!check(o[key])) out.push(`${path}${key} must be ${what}, got ${JSON.stringify(o[key]) ?? 'nothing'}`);
}

function slotProblems(p: unknown, path: string): string[] {
  if (!isObj(p)) return [`${path} must be an object`];
  const out: string[] = [];
  need(p, `${path}.`, 'EndpointName', nonEmpty, 'a non-empty string', out);
  need(p, `${path}.`, 'Variants', (v) => Array.isArray(v) && v.length === 2 && v.every(nonEmpty), 'two variant names', out);
  need(p, `${path}.`, 'VariantModels', (v) => isObj(v) && Object.values(v).every(nonEmpty), 'an object of model names per variant', out);
  return out;
}

/** A custom-resource event of the drain guard or the deploy trigger (`trigger`: a Create must carry a plan). */
export function customResourceEventProblems(e: unknown, trigger: boolean): string[] {
  if (!isObj(e)) return ['the event must be an object'];
  const out: string[] = [];
  need(e, '', 'RequestType', (v) => v === 'Create' || v === 'Update' || v === 'Delete', "'Create', 'Update' or 'Delete'", out);
  out.push(...slotProblems(e.ResourceProperties, 'ResourceProperties'));
  if (e.RequestType === 'Update') out.push(...slotProblems(e.OldResourceProperties, 'OldResourceProperties'));
  // An Update's plan is checked by its transition: a stack rollback's old properties are never refused by new code.
  if (trigger && isObj(e.ResourceProperties) && e.RequestType === 'Create') {
    need(e.ResourceProperties, 'ResourceProperties.', 'Plan', nonEmpty, 'the JSON of a rollout plan', out);
  }
  return out;
}

/** An event of the controller Lambda. */
export function controllerEventProblems(e: unknown): string[] {
  if (!isObj(e)) return ['the event must be an object'];
  const out: string[] = [];
  if (e.action === 'start') {
    need(e, '', 'executionArn', nonEmpty, 'the execution ARN', out);
    if (!isObj(e.input)) return [...out, 'input must be the rollout execution input (an object)'];
    for (const k of ['endpointName', 'stableVariant', 'candidateVariant', 'rolloutId']) need(e.input, 'input.', k, nonEmpty, 'a non-empty string', out);
    need(e.input, 'input.', 'plan', (v) => isObj(v) || nonEmpty(v), 'a rollout plan', out);
    need(e.input, 'input.', 'alarmNames', (v) => v === undefined || (Array.isArray(v) && v.every(nonEmpty)), 'a list of alarm names', out);
    return out;
  }
  if (e.action === 'step' || e.action === 'hook-result') {
    need(e, '', 'endpointName', nonEmpty, 'a non-empty string', out);
    need(e, '', 'rolloutId', nonEmpty, 'a non-empty string', out);
    if (e.action === 'hook-result') {
      need(e, '', 'hook', (v) => v === 'preTraffic' || v === 'postTraffic', "'preTraffic' or 'postTraffic'", out);
      need(e, '', 'passed', (v) => typeof v === 'boolean', 'a boolean', out);
      need(e, '', 'error', (v) => v === undefined || typeof v === 'string', 'an error name when given', out);
    }
    return out;
  }
  return [`action must be 'start', 'step' or 'hook-result', got ${JSON.stringify(e.action) ?? 'nothing'}`];
}

/** A CloudWatch alarm state change (the rollback Lambda). */
export function alarmEventProblems(e: unknown): string[] {
  if (!isObj(e)) return ['the event must be an object'];
  if (!isObj(e.detail)) return ['detail must be the alarm state change (an object)'];
  const out: string[] = [];
  need(e.detail, 'detail.', 'alarmName', nonEmpty, 'a non-empty string', out);
  if (!isObj(e.detail.state)) out.push('detail.state must be an object with the alarm\'s value');
  else need(e.detail.state, 'detail.state.', 'value', nonEmpty, 'the alarm state', out);
  return out;
}

/** A traffic hook's event (the built-in hook). */
export function hookEventProblems(e: unknown): string[] {
  if (!isObj(e)) return ['the event must be an object'];
  const out: string[] = [];
  for (const k of ['endpointName', 'candidateVariant', 'stableVariant', 'rolloutId']) need(e, '', k, nonEmpty, 'a non-empty string', out);
  need(e, '', 'hook', (v) => v === 'preTraffic' || v === 'postTraffic', "'preTraffic' or 'postTraffic'", out);
  return out;
}

/** A hook passes only with the boolean true: `"false"`, 1 or a missing field fail it. */
export function hookVerdict(result: unknown): { passed: boolean; details: string } {
  if (!isObj(result)) return { passed: false, details: `the hook returned ${JSON.stringify(result) ?? 'nothing'}, not { passed: true }` };
  const details = typeof result.details === 'string' ? result.details : '';
  if (result.passed === true) return { passed: true, details };
  return { passed: false, details: `passed is ${JSON.stringify(result.passed) ?? 'missing'}, not the boolean true${details ? `: ${details}` : ''}` };
}

/** Throws InvalidEventError when `problems` is not empty. */
export function assertValid(handler: string, problems: readonly string[]): void {
  if (problems.length > 0) throw new InvalidEventError(handler, problems);
}

/** A restore handed to the rollback Lambda (RestoreRequest). */
export function restoreRequestProblems(e: unknown): string[] {
  if (!isObj(e)) return ['the event must be an object'];
  const out: string[] = [];
  for (const k of ['endpointName', 'rolloutId', 'reason']) need(e, '', k, nonEmpty, 'a non-empty string', out);
  return out;
}
