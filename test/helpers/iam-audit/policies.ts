/**
 * Every IAM policy of a template against the Service Authorization Reference: each action (or action pattern) is
 * one IAM has; an action is granted on resources of a type it takes (else the grant is dead, which only
 * data/dead-grants.json accepts, for aws-cdk-lib's own grant methods), or on `*` when it takes none; a `*` for an action that takes a resource carries a cdk-nag acknowledgement with its reason; SageMaker
 * names in ARNs SageMaker lower-cases have no capitals.
 */
import { IamReference } from './aws-data';
import { ACCEPTED_DEAD_GRANTS, LOWERCASE_ARN_TYPES } from './data';
import { globsIntersect } from './policy-eval';
import { Statement, TemplateModel } from './template';

export interface Acknowledgement {
  /** Construct path it was made on (it covers the children too). */
  readonly path: string;
  /** `AwsSolutions-IAM5[Resource::*]` */
  readonly rule: string;
  readonly reason: string;
}

export interface PolicyReport {
  readonly id: string;
  readonly path: string;
  /** Actions named (patterns counted once). */
  readonly actions: number;
  /** `*` grants of actions that take a resource, with the acknowledgement's reason. */
  readonly wildcards: Array<{ readonly action: string; readonly reason: string }>;
  readonly findings: string[];
}

/** An acknowledgement of a rule covering a construct path whose reason names an action, if any. */
function acknowledged(acks: readonly Acknowledgement[], path: string, rule: string, action: string): Acknowledgement | undefined {
  const named = new RegExp(`(^|[^\\w:])${action.replace(/[*?]/g, '').replace(/[.$^()[\]|+\\]/g, '\\$&')}(?![\\w])`, 'i');
  return acks.find((a) => a.rule === rule && (path === a.path || path.startsWith(`${a.path}/`)) && named.test(a.reason));
}

/** The policies of a template with their statements: AWS::IAM::Policy, AWS::IAM::ManagedPolicy, roles' inline ones. */
function policiesOf(model: TemplateModel): Array<{ id: string; path: string; statements: Statement[] }> {
  const out: Array<{ id: string; path: string; statements: Statement[] }> = [];
  for (const [id, r] of Object.entries(model.resources)) {
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') {
      out.push({ id, path: model.pathOf(id), statements: model.statements(r.Properties?.PolicyDocument, id) });
    } else if (r.Type === 'AWS::IAM::Role') {
      (r.Properties?.Policies ?? []).forEach((p: any, i: number) =>
        out.push({ id: `${id}.Policies[${i}]`, path: model.pathOf(id), statements: model.statements(p.PolicyDocument, id) }));
    }
  }
  return out;
}

/** Audits every identity policy of a template. */
export function auditPolicies(model: TemplateModel, acks: readonly Acknowledgement[], iam = IamReference.load()): PolicyReport[] {
  return policiesOf(model).map(({ id, path, statements }) => {
    const findings: string[] = [];
    const wildcards: Array<{ action: string; reason: string }> = [];
    const names = new Set<string>();
    for (const s of statements) {
      for (const pattern of s.actions) {
        names.add(pattern);
        const actions = iam.expand(pattern);
        if (actions.length === 0) {
          findings.push(`${pattern}: IAM has no such action`);
          continue;
        }
        if (s.effect !== 'Allow' || s.notResources || s.notActions) continue;
        const exact = !/[*?]/.test(pattern);
        for (const action of actions) {
          const info = iam.action(action)!;
          if (info.resourceTypes.length === 0) {
            if (exact && !s.resources.includes('*')) findings.push(`${pattern} takes no resource, so only Resource "*" grants it; granted on ${s.resources.join(', ')}`);
            continue;
          }
          if (s.resources.includes('*')) {
            // The acknowledgement must say why this action stays on "*": it names the action (`prefix:Name`).
            const ack = acknowledged(acks, path, 'AwsSolutions-IAM5[Resource::*]', pattern);
            if (!ack) {
              findings.push(`${action} takes a resource (${info.resourceTypes.join(', ')}) but is granted on "*" without an acknowledgement that names it`);
            } else if (exact) wildcards.push({ action: pattern, reason: ack.reason });
            continue;
          }
          if (exact) {
            const globs = info.resourceTypes.flatMap((t) => iam.arnGlobs(info.prefix, t));
            if (!s.resources.some((r) => globs.some((g) => globsIntersect(r, g))) && !(pattern in ACCEPTED_DEAD_GRANTS)) {
              findings.push(`${pattern} is granted on ${s.resources.join(', ')}, none of them a ${info.resourceTypes.join(' or ')}: the grant allows nothing`);
            }
          }
        }
      }
      for (const r of s.resources) {
        const m = /^arn:[^:]+:sagemaker:[^:]*:[^:]*:([a-z-]+)\/(.*)$/.exec(r);
        if (!m || !LOWERCASE_ARN_TYPES.some((t) => t.prefix === 'sagemaker' && t.resourceType === m[1])) continue;
        // A pattern as a person writes the name is fine next to its lower-case twin (which matches what SageMaker returns).
        if (/[A-Z]/.test(m[2].split('*')[0]) && !s.resources.includes(r.replace(m[2], m[2].toLowerCase()))) {
          findings.push(`${r}: SageMaker writes ${m[1]} ARNs in lower case (data/lowercase-arns.json), so this pattern misses the ARNs it returns; grant the lower-case form too`);
        }
      }
    }
    return { id, path, actions: names.size, wildcards, findings };
  });
}
