/**
 * Whether a principal's statements allow an action on a resource, as IAM evaluates identity-based policies: an
 * explicit Deny wins; an Allow needs the action (case-insensitive, `*` and `?` wildcards) and a resource pattern
 * (case-sensitive, `*` matches any run of characters including `/` and `:`) that covers the resource.
 * A resource is either a concrete sample ARN of the template or a resource type's ARN format (a glob), in which case
 * "covers" means that the two patterns have an ARN in common: a statement scoped to the wrong resource type allows
 * nothing.
 */
import { actionPattern, IamReference } from './aws-data';
import { Statement } from './template';

/**
 * Whether two patterns match at least one common string. `*` matches any run of characters (IAM's wildcard), `?` one
 * character; `%` (only in `b`, a resource type's ARN format from IamReference.arnGlobs) a run without `:` or `/`, for
 * the partition, region, account or a bucket's name, so that an endpoint-config pattern never passes for an
 * endpoint, nor a bucket's ARN for its objects'.
 */
export function globsIntersect(a: string, b: string): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let r: boolean;
    if (i === a.length && j === b.length) r = true;
    // a's star can produce whatever b's next character or wildcard stands for.
    else if (i < a.length && a[i] === '*') r = go(i + 1, j) || (j < b.length && go(i, j + 1));
    else if (j < b.length && b[j] === '*') r = go(i, j + 1) || (i < a.length && go(i + 1, j));
    else if (j < b.length && b[j] === '%') r = go(i, j + 1) || (i < a.length && a[i] !== ':' && a[i] !== '/' && go(i + 1, j));
    else r = i < a.length && j < b.length && (a[i] === b[j] || a[i] === '?' || b[j] === '?') && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

function actionMatches(statement: Statement, action: string): boolean {
  const hit = statement.actions.some((a) => actionPattern(a).test(action));
  return statement.notActions ? !hit : hit;
}

function resourceMatches(statement: Statement, resource: string): boolean {
  const hit = statement.resources.some((r) => globsIntersect(r, resource));
  return statement.notResources ? !hit : hit;
}

/** What a principal may do with one action: which statements allow it on what, and whether one denies it. */
export interface Decision {
  readonly allowed: boolean;
  /** The statements that allow it (for the resource asked about). */
  readonly allowing: Statement[];
}

/**
 * Whether the statements allow `action` on `resource` (a sample ARN or a glob of a resource type's ARNs; `*` for an
 * action that takes no resource, which only `Resource: "*"` allows).
 */
export function allows(statements: Statement[], action: string, resource: string): Decision {
  const applies = (s: Statement) => actionMatches(s, action) &&
    (resource === '*' ? s.resources.includes('*') !== s.notResources : resourceMatches(s, resource));
  const denied = statements.some((s) => s.effect === 'Deny' && !s.conditional && applies(s));
  const allowing = statements.filter((s) => s.effect === 'Allow' && applies(s));
  return { allowed: !denied && allowing.length > 0, allowing };
}

/**
 * Whether the statements allow `action` on some resource of the types IAM documents for it (any ARN of one of the
 * types, or `*` when the action takes no resource). Returns the resource globs asked about, for messages.
 */
export function allowsOnItsResourceTypes(statements: Statement[], action: string, only?: string, iam = IamReference.load()): Decision & { resources: string[] } {
  const info = iam.action(action);
  if (!info) throw new Error(`IAM has no action ${action}`);
  if (info.resourceTypes.length === 0) return { ...allows(statements, action, '*'), resources: ['*'] };
  if (only !== undefined && !info.resourceTypes.includes(only)) throw new Error(`IAM's ${action} takes no resource of type ${only}`);
  const globs = (only !== undefined ? [only] : info.resourceTypes).flatMap((t) => iam.arnGlobs(info.prefix, t));
  const decisions = globs.map((g) => allows(statements, action, g));
  return { allowed: decisions.some((d) => d.allowed), allowing: decisions.flatMap((d) => d.allowing), resources: globs };
}
