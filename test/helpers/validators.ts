/**
 * Real validators for synthesized templates: cfn-lint (AWS's CloudFormation linter) and cdk-nag AwsSolutions.
 *
 * Every test that synthesizes a stack should call `lintLater(stack)` (or use `synth()`), and every such test file
 * calls `lintQueuedTemplates()` in `afterAll`: templates are linted in one cfn-lint run per file, because each run
 * costs seconds of start-up on a 2-core machine.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parse } from 'yaml';
import { patchedCfnLintSchemas } from './cfn-lint-schemas';

/**
 * cfn-lint rules we do not apply: the repository's .cfnlintrc (`ignore_checks`, each with its reason there), which
 * plain `cfn-lint` reads too. Keep that list short and explained.
 */
export const IGNORED_CFN_LINT_RULES: Record<string, string> = Object.fromEntries(
  (parse(fs.readFileSync(path.join(__dirname, '..', '..', '.cfnlintrc'), 'utf8')).ignore_checks as string[])
    .map((rule) => [rule, 'see .cfnlintrc']),
);

let cfnLintAvailable: boolean | undefined;

/** Whether cfn-lint can run here. Under CI=true its absence is an error, elsewhere a loud skip. */
export function haveCfnLint(): boolean {
  if (cfnLintAvailable === undefined) {
    const r = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
    cfnLintAvailable = r.status === 0;
    if (!cfnLintAvailable) {
      if (process.env.CI === 'true') {
        throw new Error('cfn-lint is not installed, and CI=true requires it (pip install cfn-lint).');
      }
      // eslint-disable-next-line no-console
      console.warn('SKIPPED: cfn-lint is not installed, so synthesized templates were NOT linted (pip install cfn-lint).');
    }
  }
  return cfnLintAvailable;
}

export interface CfnLintFinding {
  readonly Rule: { readonly Id: string };
  readonly Level: string;
  readonly Message: string;
  readonly Filename: string;
  readonly Location?: { readonly Path?: Array<string | number> };
}

/** Runs cfn-lint on template files and returns the findings that are not ignored (errors and warnings). */
export function cfnLintFiles(files: string[], ignored: Record<string, string> = IGNORED_CFN_LINT_RULES): CfnLintFinding[] {
  if (files.length === 0 || !haveCfnLint()) return [];
  const schemas = patchedCfnLintSchemas().dir;
  const r = spawnSync('cfn-lint', ['--format', 'json', '--non-zero-exit-code', 'none',
    ...(schemas ? ['--registry-schemas', schemas] : []), '--', ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    throw new Error(`cfn-lint failed to run (exit ${r.status}): ${r.stderr}`);
  }
  const findings = JSON.parse(r.stdout || '[]') as CfnLintFinding[];
  return findings.filter((f) => f.Level !== 'Informational' && !(f.Rule.Id in ignored));
}

const queue: Array<{ name: string; template: unknown }> = [];

/** Queues a stack's template for the file's cfn-lint run. */
export function lintLater(stack: Stack): void {
  queue.push({ name: stack.stackName, template: Template.fromStack(stack).toJSON() });
}

/** Template of a stack, queued for cfn-lint. */
export function synth(stack: Stack): Template {
  const t = Template.fromStack(stack);
  queue.push({ name: stack.stackName, template: t.toJSON() });
  return t;
}

/** Lints every queued template in one cfn-lint run and throws with the findings if there are any. */
export function lintQueuedTemplates(): void {
  const items = queue.splice(0, queue.length);
  if (items.length === 0 || !haveCfnLint()) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfnlint-'));
  const files = items.map((it, i) => {
    const f = path.join(dir, `${i}-${it.name.replace(/[^A-Za-z0-9-]/g, '')}.json`);
    fs.writeFileSync(f, JSON.stringify(it.template));
    return f;
  });
  const findings = cfnLintFiles(files);
  fs.rmSync(dir, { recursive: true, force: true });
  if (findings.length > 0) {
    const lines = findings.map((f) => `${path.basename(f.Filename)} ${f.Rule.Id} ${f.Level}: ${f.Message} at ${(f.Location?.Path ?? []).join('/')}`);
    throw new Error(`cfn-lint found ${findings.length} problem(s):\n${lines.join('\n')}`);
  }
}

/**
 * Runs cdk-nag's AwsSolutions pack on a stack and returns every unacknowledged finding. cdk-nag v3 is a
 * policy-validation plugin (not an Aspect); acknowledgements are `Validations.of(x).acknowledge({ id, reason })`,
 * each with its reason (see lib/private/nag.ts).
 */
export function nagFindings(stack: Stack): string[] {
  // Synthesize first, so that Aspects (which record some acknowledgements) have run.
  Template.fromStack(stack);
  const report = new AwsSolutionsChecks(stack, { verbose: true }).validateScope(stack);
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}: ${v.description.slice(0, 160)}`));
}

/** Whether a command exists on PATH. */
export function haveCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
