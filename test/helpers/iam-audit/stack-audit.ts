/**
 * The audit of one synthesized stack: its template and cloud assembly (where each function's code asset is staged)
 * read into a TemplateModel, then every function, state machine and EventBridge rule checked.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CfnElement, Stack, Stage, Token } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { AssetLocator, auditFunctions, FunctionReport } from './functions';
import { auditEventRules, RuleReport } from './event-rules';
import { Acknowledgement, auditPolicies, PolicyReport } from './policies';
import { auditStateMachines, StateMachineReport } from './state-machines';
import { TemplateModel } from './template';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const BUNDLES = path.join(REPO_ROOT, 'dist', 'lambda-bundles');

export interface StackAudit {
  readonly stack: string;
  readonly model: TemplateModel;
  readonly functions: FunctionReport[];
  readonly stateMachines: StateMachineReport[];
  readonly rules: RuleReport[];
  readonly policies: PolicyReport[];
}

/** The cdk-nag acknowledgements recorded on the constructs of a stack (aws-cdk-lib's Validations API). */
export function acknowledgementsOf(stack: Stack): Acknowledgement[] {
  const out: Acknowledgement[] = [];
  for (const c of stack.node.findAll()) {
    for (const m of c.node.metadata) {
      if (m.type !== 'aws:cdk:acknowledged-rules') continue;
      for (const [rule, reason] of Object.entries(m.data as Record<string, string>)) out.push({ path: c.node.path, rule: rule.replace(/^Annotation::/, ''), reason });
    }
  }
  return out;
}

/** The template of a stack and a locator of its functions' staged code (synthesizes the stack's app once). */
export function synthesized(stack: Stack): { model: TemplateModel; locate: AssetLocator } {
  const assembly = Stage.of(stack)!.synth();
  const artifact = assembly.getStackArtifact(stack.artifactId);
  const manifests = artifact.dependencies.filter((d): d is cxapi.AssetManifestArtifact => d instanceof cxapi.AssetManifestArtifact);
  const files: Record<string, { source: { path: string } }> = Object.assign({}, ...manifests.map((m) => JSON.parse(fs.readFileSync(m.file, 'utf8')).files ?? {}));
  const env = {
    partition: 'aws',
    region: Token.isUnresolved(stack.region) ? 'us-east-1' : stack.region,
    account: Token.isUnresolved(stack.account) ? '123456789012' : stack.account,
  };
  const paths = new Map(stack.node.findAll().filter(CfnElement.isCfnElement).map((e) => [stack.resolve(e.logicalId) as string, e.node.path]));
  const model = new TemplateModel(artifact.template, env, paths);
  const bundles = fs.existsSync(BUNDLES) ? fs.readdirSync(BUNDLES).map((name) => ({ name, code: fs.readFileSync(path.join(BUNDLES, name, 'index.js'), 'utf8') })) : [];
  const locate = (id: string) => {
    const key = model.resolve(model.resources[id].Properties?.Code?.S3Key ?? '');
    const asset = files[key.replace(/\.zip$/, '')];
    if (!asset) throw new Error(`${model.pathOf(id)}: no staged asset for its code (${key})`);
    const dir = path.join(assembly.directory, asset.source.path);
    const index = path.join(dir, 'index.js');
    const code = fs.existsSync(index) ? fs.readFileSync(index, 'utf8') : undefined;
    const bundle = bundles.find((b) => b.code === code);
    const [file, exportName] = String(model.resources[id].Properties?.Handler ?? '').split('.');
    if (!bundle) return { dir, name: `aws-cdk-lib asset (${file}.${exportName})` };
    const entry = path.join(REPO_ROOT, 'lambda', 'handlers', bundle.name, `${file}.ts`);
    return { dir, name: `dist/lambda-bundles/${bundle.name}`, handler: { entry, exportName } };
  };
  return { model, locate };
}

/** Audits a stack: its functions, state machines, EventBridge rules and IAM policies. */
export function auditStack(stack: Stack): StackAudit {
  const { model, locate } = synthesized(stack);
  return {
    stack: stack.stackName, model,
    functions: auditFunctions(model, locate, REPO_ROOT),
    stateMachines: auditStateMachines(model),
    rules: auditEventRules(model),
    policies: auditPolicies(model, acknowledgementsOf(stack)),
  };
}
