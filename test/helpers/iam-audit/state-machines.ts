/**
 * The state machines of a template: every Task state's integration exists (an optimized integration and pattern
 * Step Functions documents, data/step-functions-integrations.json; an AWS SDK integration whose operation botocore
 * has), its parameters are members of the operation's input shape (required ones present), and the state machine's
 * role allows what the integration calls, logging and tracing included.
 */
import { operationInput, serviceModel } from './aws-data';
import { STEP_FUNCTIONS_INTEGRATIONS } from './data';
import { check, CheckedRequirement } from './functions';
import { actionsOf, Requirement } from './permissions';
import { BOTOCORE_FOLDER } from './sdk-calls';
import { TemplateModel } from './template';

export interface TaskReport {
  readonly state: string;
  /** `sagemaker:createTrainingJob.sync`, `aws-sdk:ssm:getParameter`, or a Lambda function ARN. */
  readonly integration: string;
  /** What is wrong with the integration itself (does not exist, unknown or missing parameters). */
  readonly problems: string[];
}

export interface StateMachineReport {
  readonly id: string;
  readonly path: string;
  readonly role: string;
  readonly tasks: TaskReport[];
  readonly checks: Array<CheckedRequirement & { readonly state?: string }>;
}

/** Every Task state of a definition, with nested Parallel branches and Map processors. */
function tasksOf(definition: any, prefix = ''): Array<[string, any]> {
  const out: Array<[string, any]> = [];
  for (const [name, state] of Object.entries<any>(definition.States ?? {})) {
    if (state.Type === 'Task') out.push([prefix + name, state]);
    for (const b of state.Branches ?? []) out.push(...tasksOf(b, `${prefix}${name}/`));
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) out.push(...tasksOf(processor, `${prefix}${name}/`));
  }
  return out;
}

/** Parameter problems of a value against a botocore shape (names without `.$`, required members present). */
function shapeProblems(service: string, shapeName: string, value: any, where: string): string[] {
  const shape = serviceModel(service).shapes[shapeName];
  if (!shape || typeof value !== 'object' || value === null) return [];
  if (shape.type === 'list' && Array.isArray(value)) {
    const member = (shape as any).member?.shape;
    return value.flatMap((v, i) => shapeProblems(service, member, v, `${where}[${i}]`));
  }
  if (shape.type !== 'structure' || Array.isArray(value)) return [];
  const members = shape.members ?? {};
  const problems: string[] = [];
  const given = new Map(Object.keys(value).map((k) => [k.replace(/\.\$$/, ''), k]));
  for (const [name, key] of given) {
    if (!members[name]) problems.push(`${where}.${name} is not a member of ${shapeName} (members: ${Object.keys(members).join(', ')})`);
    else if (!key.endsWith('.$')) problems.push(...shapeProblems(service, members[name].shape, value[key], `${where}.${name}`));
  }
  for (const r of shape.required ?? []) if (!given.has(r)) problems.push(`${where}.${r} is required by ${shapeName}`);
  return problems;
}

/** A parameter's value when the definition gives it literally (not a JSONPath `.$` or a JSONata expression). */
function literal(params: any, name: string): string | undefined {
  const v = params?.[name];
  return typeof v === 'string' && !/^\{%.*%\}$/.test(v) ? v : undefined;
}

/** What an optimized integration needs of the role, from the data file. */
function optimizedRequirements(model: TemplateModel, key: string, pattern: string, params: any, state: string): Requirement[] {
  const spec = STEP_FUNCTIONS_INTEGRATIONS[key];
  const entries = spec.iam[pattern] ?? spec.iam['*'] ?? [];
  const { partition, region, account } = model.env;
  return entries.flatMap((e): Requirement[] => {
    const reason = `${state}: ${key}${pattern}`;
    if (e.rule) return [{ action: e.action, resource: `arn:${partition}:events:${region}:${account}:rule/${e.rule}`, reason }];
    if (e.entries) {
      const buses = ((params?.Entries ?? []) as any[]).map((x) => literal(x, e.entries!) ?? 'default');
      return (buses.length > 0 ? buses : ['default']).map((b) => ({
        action: e.action, resource: b.startsWith('arn:') ? b : `arn:${partition}:events:${region}:${account}:event-bus/${b}`, reason,
      }));
    }
    if (e.parameter) {
      const v = literal(params, e.parameter);
      if (v === undefined) return [{ action: e.action, reason: `${reason} (${e.parameter} given at run time)` }];
      const resource = v.startsWith('arn:') ? v : e.arnOf ? `arn:${partition}:${e.arnOf[0]}:${region}:${account}:${e.arnOf[1]}/${v}` : undefined;
      return [{ action: e.action, resource, reason: `${reason} (${e.parameter})` }];
    }
    return [{ action: e.action, reason, ...(e.resourceType ? { resourceType: e.resourceType } : {}) }];
  });
}

/** Audits one Task state: the integration, its parameters, and what it needs of the role. */
function auditTask(model: TemplateModel, state: string, task: any): { report: TaskReport; needs: Requirement[] } {
  const resource: string = task.Resource;
  const params = task.Parameters ?? task.Arguments;
  const problems: string[] = [];
  const needs: Requirement[] = [];
  const m = /^arn:[^:]+:states:::(.+)$/.exec(resource);
  if (!m) {
    // A Lambda function's ARN as the Resource (the legacy form of lambda:invoke).
    if (!/^arn:[^:]+:lambda:/.test(resource)) problems.push(`Resource ${resource} is neither a Step Functions integration nor a Lambda function`);
    needs.push({ action: 'lambda:InvokeFunction', resource, reason: `${state}: invokes ${resource}` });
    return { report: { state, integration: resource, problems }, needs };
  }
  const integration = m[1];
  const sdk = /^aws-sdk:([a-z0-9-]+):([a-zA-Z0-9]+)(\.waitForTaskToken)?$/.exec(integration);
  if (sdk) {
    const [, name, api] = sdk;
    const service = BOTOCORE_FOLDER[name] ?? name;
    const operation = api[0].toUpperCase() + api.slice(1);
    let input: ReturnType<typeof operationInput>;
    try {
      input = operationInput(service, operation);
    } catch {
      problems.push(`aws-sdk:${name} is not an AWS SDK service botocore knows`);
      return { report: { state, integration, problems }, needs };
    }
    if (!input) problems.push(`botocore's ${service} has no operation ${operation}`);
    else {
      problems.push(...shapeProblems(service, serviceModel(service).operations[operation].input?.shape ?? '', params ?? {}, 'Parameters'));
      needs.push(...actionsOf(service, operation).map((action) => ({ action, reason: `${state}: ${integration}` })));
    }
    return { report: { state, integration, problems }, needs };
  }
  const opt = /^([a-z0-9-]+):([a-zA-Z0-9]+)((?:\.sync(?::2)?)|\.waitForTaskToken)?$/.exec(integration);
  const key = opt ? `${opt[1]}:${opt[2]}` : integration;
  const pattern = opt?.[3] ?? '';
  const spec = STEP_FUNCTIONS_INTEGRATIONS[key];
  if (!spec) {
    problems.push(`${key} is not an optimized integration Step Functions documents (data/step-functions-integrations.json); ` +
      `an API without one is called as arn:aws:states:::aws-sdk:${key}`);
    return { report: { state, integration, problems }, needs };
  }
  if (!spec.patterns.includes(pattern)) problems.push(`${key} does not support the ${pattern || 'request-response'} pattern (it supports: ${spec.patterns.map((p) => p || 'request-response').join(', ')})`);
  problems.push(...shapeProblems(spec.service, serviceModel(spec.service).operations[spec.operation].input?.shape ?? '', params ?? {}, 'Parameters')
    // Step Functions' lambda:invoke takes the payload as JSON, not the API's blob; other shapes are the API's own.
    .filter((p) => !(key === 'lambda:invoke' && /^Parameters\.Payload\b/.test(p))));
  needs.push(...optimizedRequirements(model, key, pattern, params, state));
  return { report: { state, integration, problems }, needs };
}

/** Audits every state machine of a template. */
export function auditStateMachines(model: TemplateModel): StateMachineReport[] {
  const reports: StateMachineReport[] = [];
  for (const [id, r] of Object.entries(model.resources)) {
    if (r.Type !== 'AWS::StepFunctions::StateMachine') continue;
    const p = r.Properties ?? {};
    const [role] = model.referencedIn(p.RoleArn);
    if (!role || model.typeOf(role) !== 'AWS::IAM::Role') throw new Error(`${model.pathOf(id)}: its role is not a role of the template`);
    let text = p.DefinitionString !== undefined ? model.resolve(p.DefinitionString) : JSON.stringify(p.Definition);
    for (const [k, v] of Object.entries(p.DefinitionSubstitutions ?? {})) text = text.split(`\${${k}}`).join(model.resolve(v));
    const definition = JSON.parse(text);
    const statements = model.statementsOfRole(role);
    const tasks: TaskReport[] = [];
    const needs: Array<Requirement & { state?: string }> = [];
    for (const [name, task] of tasksOf(definition)) {
      const { report, needs: n } = auditTask(model, name, task);
      tasks.push(report);
      needs.push(...n.map((x) => ({ ...x, state: name })));
    }
    // Logging and tracing (docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy, xray-iam.html).
    if ((p.LoggingConfiguration?.Destinations ?? []).length > 0) {
      for (const a of ['CreateLogDelivery', 'GetLogDelivery', 'UpdateLogDelivery', 'DeleteLogDelivery', 'ListLogDeliveries', 'PutResourcePolicy', 'DescribeResourcePolicies', 'DescribeLogGroups']) {
        needs.push({ action: `logs:${a}`, reason: 'logs to CloudWatch Logs' });
      }
    }
    if (p.TracingConfiguration?.Enabled) {
      for (const a of ['PutTraceSegments', 'PutTelemetryRecords', 'GetSamplingRules', 'GetSamplingTargets']) needs.push({ action: `xray:${a}`, reason: 'X-Ray tracing' });
    }
    if (p.EncryptionConfiguration?.Type === 'CUSTOMER_MANAGED_KMS_KEY') throw new Error(`${model.pathOf(id)}: a customer-managed key; write its KMS rule in state-machines.ts`);
    const checks = needs.map((n) => {
      const { reached: _reached, ...c } = check(statements, n);
      return { ...c, state: n.state };
    });
    reports.push({ id, path: model.pathOf(id), role: model.pathOf(role), tasks, checks });
  }
  return reports;
}
