/**
 * The Lambda functions of a template against their roles: every AWS call of the function's code (sdk-calls.ts),
 * every permission the Lambda service uses the function's role for (its log stream, dead-letter target, async
 * destinations, environment key), and the KMS keys of what those reach.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ENV_GATED_CALLS } from './data';
import { allows, allowsOnItsResourceTypes } from './policy-eval';
import { callRequirements, kmsRequirements, Requirement } from './permissions';
import { filesOf, SdkCall, sdkCallsOfFiles, sdkCallsOfHandler } from './sdk-calls';
import { Statement, TemplateModel } from './template';

/** One requirement of a function, checked. */
export interface CheckedRequirement extends Requirement {
  readonly allowed: boolean;
  /** The resource (sample ARN) or the resource-type globs asked about. */
  readonly on: string;
}

export interface FunctionReport {
  readonly id: string;
  readonly path: string;
  /** The bundle its code is (dist/lambda-bundles/<name>) or the asset directory of a handler aws-cdk-lib ships. */
  readonly code: string;
  readonly role: string;
  readonly calls: SdkCall[];
  /** Calls left unchecked because the function's environment does not set their variable (data/env-gated-calls.json). */
  readonly gated: string[];
  /** What may invoke the function: roles allowed lambda:InvokeFunction on it, permissions, custom resources. */
  readonly invokers: string[];
  readonly checks: CheckedRequirement[];
}

/**
 * Where the code of each function of the template is: the asset directory of its S3 key, and for a bundle of this
 * library the handler's source entry and export.
 */
export type AssetLocator = (functionId: string) => { dir: string; name: string; handler?: { entry: string; exportName: string } };

/** The role (logical id) a function runs as. */
function roleOf(model: TemplateModel, id: string): string {
  const role = model.resources[id].Properties?.Role;
  const [roleId] = model.referencedIn(role);
  if (!roleId || model.typeOf(roleId) !== 'AWS::IAM::Role') throw new Error(`${model.pathOf(id)}: its role is not a role of the template (${JSON.stringify(role)})`);
  return roleId;
}

/** Checks one requirement against a principal's statements. */
export function check(statements: Statement[], r: Requirement): CheckedRequirement & { reached: string[] } {
  const decision = r.resource ? allows(statements, r.action, r.resource) : allowsOnItsResourceTypes(statements, r.action, r.resourceType);
  const on = r.resource ?? ('resources' in decision ? (decision as any).resources.join(' | ').replace(/%/g, '*') : '*');
  return { ...r, allowed: decision.allowed, on, reached: [...new Set(decision.allowing.flatMap((s) => s.referenced))] };
}

/** The permissions the Lambda service exercises with the function's own role. */
function runtimeRequirements(model: TemplateModel, id: string): Requirement[] {
  const p = model.resources[id].Properties ?? {};
  const out: Requirement[] = [];
  // Logs (docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html): the function's log group, or
  // /aws/lambda/<function name>. Without them the function's logs and its EMF metrics are lost.
  const group = p.LoggingConfig?.LogGroup !== undefined ? model.resolve(p.LoggingConfig.LogGroup) : `/aws/lambda/${model.nameOf(id)}`;
  const stream = `arn:${model.env.partition}:logs:${model.env.region}:${model.env.account}:log-group:${group}:log-stream:2024/01/01/[$LATEST]sample`;
  for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) out.push({ action, resource: stream, reason: `writes its logs to ${group}` });
  // Dead-letter queue or topic, and async invocation destinations (docs.aws.amazon.com/lambda/latest/dg/invocation-async.html).
  const targets: Array<[any, string]> = [];
  if (p.DeadLetterConfig?.TargetArn) targets.push([p.DeadLetterConfig.TargetArn, 'dead-letter target']);
  for (const [cid, c] of Object.entries(model.resources)) {
    if (c.Type !== 'AWS::Lambda::EventInvokeConfig' || !model.referencedIn(c.Properties?.FunctionName).includes(id)) continue;
    for (const [when, d] of Object.entries(c.Properties?.DestinationConfig ?? {})) targets.push([(d as any).Destination, `${when} destination (${model.pathOf(cid)})`]);
  }
  for (const [arn, what] of targets) {
    const resolved = model.resolve(arn);
    const service = resolved.split(':')[2];
    const action = ({ sqs: 'sqs:SendMessage', sns: 'sns:Publish', lambda: 'lambda:InvokeFunction', events: 'events:PutEvents' } as Record<string, string>)[service];
    if (!action) throw new Error(`${model.pathOf(id)}: a ${what} of service ${service} the audit does not know`);
    out.push({ action, resource: resolved, reason: `sends failed events to its ${what}` });
    out.push(...kmsRequirements(model, action, model.referencedIn(arn)));
  }
  if (p.KmsKeyArn !== undefined) out.push({ action: 'kms:Decrypt', resource: model.resolve(p.KmsKeyArn), reason: 'its environment is encrypted with this key' });
  if (p.TracingConfig?.Mode === 'Active') {
    for (const action of ['xray:PutTraceSegments', 'xray:PutTelemetryRecords']) out.push({ action, reason: 'active tracing' });
  }
  if (p.VpcConfig) {
    for (const action of ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface']) out.push({ action, reason: 'runs in a VPC' });
  }
  return out;
}

/**
 * Who may invoke a function: a role of the template allowed lambda:InvokeFunction on it, a resource-based permission
 * (EventBridge, SNS, S3...), an event source mapping, or CloudFormation through a custom resource's ServiceToken.
 */
export function invokersOf(model: TemplateModel, id: string, roles: Map<string, Statement[]>): string[] {
  const arn = model.arnOf(id);
  const out: string[] = [];
  for (const [role, statements] of roles) if (allows(statements, 'lambda:InvokeFunction', arn).allowed) out.push(model.pathOf(role));
  for (const [rid, r] of Object.entries(model.resources)) {
    const p = r.Properties ?? {};
    const refers = (v: any) => model.referencedIn(v).includes(id);
    if ((r.Type === 'AWS::Lambda::Permission' && refers(p.FunctionName)) || (r.Type === 'AWS::Lambda::EventSourceMapping' && refers(p.FunctionName)) ||
      ((r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource') && refers(p.ServiceToken))) out.push(`${r.Type} ${model.pathOf(rid)}`);
  }
  return out;
}

/** The keys under which contracts/ define an environment variable's name (`rolloutTableName: 'ALLOC_ROLLOUT_TABLE_NAME'`). */
function contractKeysOf(variable: string, root: string): string[] {
  const dir = path.join(root, 'contracts');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(new RegExp(`(\\w+):\\s*'${variable}'`, 'g'))].map((m) => m[1]));
}

/**
 * The calls a function's environment leaves off (data/env-gated-calls.json): of this library's bundle `bundle`, or
 * of an aws-cdk-lib asset in `dir`. An entry whose sources no longer name its variable fails the audit.
 */
function gatedCalls(model: TemplateModel, id: string, bundle: string | undefined, dir: string, sdkRoot: string): Set<string> {
  const variables = model.resources[id].Properties?.Environment?.Variables ?? {};
  const gated = new Set<string>();
  for (const g of ENV_GATED_CALLS) {
    const files = bundle !== undefined
      ? (g.bundle === bundle ? [
        ...fs.readdirSync(path.join(sdkRoot, 'lambda', 'handlers', bundle)).filter((f) => f.endsWith('.ts')).map((f) => path.join(sdkRoot, 'lambda', 'handlers', bundle, f)),
        ...(g.sources ?? []).map((f) => path.join(sdkRoot, f)),
      ] : [])
      : (g.assetFile !== undefined && fs.existsSync(path.join(dir, g.assetFile)) ? fs.readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => path.join(dir, f)) : []);
    if (files.length === 0) continue;
    // The handler names the variable literally or through its contracts/ constant (`ALLOCATOR_ENV.rolloutTableName`).
    const names = [g.environment, ...contractKeysOf(g.environment, sdkRoot).map((k) => `.${k}`)];
    if (!files.some((f) => names.some((n) => fs.readFileSync(f, 'utf8').includes(n)))) {
      throw new Error(`data/env-gated-calls.json: ${g.bundle ?? g.assetFile} no longer names ${g.environment}; remove or fix the entry`);
    }
    if (variables[g.environment] === undefined) gated.add(g.call);
  }
  return gated;
}

/** Audits every Lambda function of a template. */
export function auditFunctions(model: TemplateModel, locate: AssetLocator, sdkRoot: string): FunctionReport[] {
  const reports: FunctionReport[] = [];
  const roles = new Map(Object.entries(model.resources).filter(([, r]) => r.Type === 'AWS::IAM::Role').map(([rid]) => [rid, model.statementsOfRole(rid)]));
  for (const [id, r] of Object.entries(model.resources)) {
    if (r.Type !== 'AWS::Lambda::Function') continue;
    if (r.Properties?.Code?.ZipFile !== undefined) throw new Error(`${model.pathOf(id)}: inline code; the audit reads only bundled assets`);
    const role = roleOf(model, id);
    const statements = roles.get(role)!;
    const { dir, name, handler } = locate(id);
    const exportName = String(r.Properties?.Handler ?? '').split('.').pop()!;
    const all = handler ? sdkCallsOfHandler(handler.entry, handler.exportName, dir, sdkRoot) : sdkCallsOfFiles(filesOf(dir), exportName, sdkRoot);
    const off = gatedCalls(model, id, handler ? path.basename(name) : undefined, dir, sdkRoot);
    const calls = all.filter((c) => !off.has(`${c.service}:${c.operation}`));
    const gated = all.filter((c) => off.has(`${c.service}:${c.operation}`)).map((c) => `${c.service}:${c.operation}`);
    const checks: CheckedRequirement[] = [];
    const pending: Requirement[] = [...calls.flatMap(callRequirements), ...runtimeRequirements(model, id)];
    for (const req of pending) {
      const c = check(statements, req);
      const { reached, ...checked } = c;
      checks.push(checked);
      // What the role reaches with an action may be encrypted: its keys are needed too.
      if (c.allowed && !req.resource) for (const k of kmsRequirements(model, req.action, reached)) pending.push(k);
    }
    reports.push({
      id, path: model.pathOf(id), code: name, role: model.pathOf(role), calls, gated, invokers: invokersOf(model, id, roles), checks,
    });
  }
  return reports;
}
