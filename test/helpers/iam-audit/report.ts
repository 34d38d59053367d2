/** The audit's findings (each names where, what and why) and its figures, for the test and `npm run iam-audit`. */
import { StackAudit } from './stack-audit';

/** Every finding of a stack's audit, one line each. */
export function findingsOf(a: StackAudit): string[] {
  const out: string[] = [];
  for (const f of a.functions) {
    for (const c of f.checks.filter((x) => !x.allowed)) {
      out.push(`${a.stack}: function ${f.path} (${f.code}): ${c.reason} needs ${c.action} on ${c.on}; its role ${f.role} does not allow it`);
    }
    if (f.invokers.length === 0) out.push(`${a.stack}: function ${f.path} (${f.code}): nothing in the stack can invoke it (no role, permission or custom resource)`);
  }
  for (const m of a.stateMachines) {
    for (const t of m.tasks) for (const p of t.problems) out.push(`${a.stack}: state machine ${m.path}, state ${t.state} (${t.integration}): ${p}`);
    for (const c of m.checks.filter((x) => !x.allowed)) {
      out.push(`${a.stack}: state machine ${m.path}${c.state ? `, state ${c.state}` : ''}: needs ${c.action} on ${c.on} (${c.reason}); its role ${m.role} does not allow it`);
    }
  }
  for (const r of a.rules) for (const p of r.problems) out.push(`${a.stack}: rule ${r.path}: ${p}`);
  for (const p of a.policies) for (const f of p.findings) out.push(`${a.stack}: policy ${p.path}: ${f}`);
  return out;
}

export interface AuditFigures {
  readonly stacks: number;
  readonly functions: number;
  /** Distinct (function, call) pairs. */
  readonly calls: number;
  /** Permission checks of functions and state machines (an action on a resource or resource type). */
  readonly actions: number;
  readonly stateMachines: number;
  /** Task states checked (integration, parameters, role). */
  readonly integrations: number;
  readonly rules: number;
  readonly policies: number;
  /** Actions named in those policies. */
  readonly policyActions: number;
  readonly findings: number;
}

export function figuresOf(audits: readonly StackAudit[]): AuditFigures {
  const all = <T>(f: (a: StackAudit) => T[]) => audits.flatMap(f);
  return {
    stacks: audits.length,
    functions: all((a) => a.functions).length,
    calls: all((a) => a.functions).reduce((n, f) => n + f.calls.length, 0),
    actions: all((a) => a.functions).reduce((n, f) => n + f.checks.length, 0) + all((a) => a.stateMachines).reduce((n, m) => n + m.checks.length, 0),
    stateMachines: all((a) => a.stateMachines).length,
    integrations: all((a) => a.stateMachines).reduce((n, m) => n + m.tasks.length, 0),
    rules: all((a) => a.rules).length,
    policies: all((a) => a.policies).length,
    policyActions: all((a) => a.policies).reduce((n, p) => n + p.actions, 0),
    findings: audits.reduce((n, a) => n + findingsOf(a).length, 0),
  };
}

/** The one-line summary `npm run iam-audit` prints. */
export function summaryLine(f: AuditFigures): string {
  return `iam-audit: stacks=${f.stacks} functions=${f.functions} calls=${f.calls} permission-checks=${f.actions} ` +
    `state-machines=${f.stateMachines} integrations=${f.integrations} rules=${f.rules} policies=${f.policies} ` +
    `policy-actions=${f.policyActions} findings=${f.findings}`;
}
