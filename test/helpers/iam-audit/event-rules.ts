/**
 * The EventBridge rules of a template: each pattern's source and detail-type is an event AWS emits
 * (data/aws-events.json) or one of this library's (library-events.ts, or an events:putEvents task of a state
 * machine of the template), each `detail` field it filters on is a field of that event, each literal value one the
 * field takes; S3 events need the bucket's EventBridge notifications; and each target can be reached: the target
 * role allows the call, a Lambda function or a dead-letter queue lets EventBridge in (and its key, when encrypted).
 */
import { AWS_EVENTS } from './data';
import { LIBRARY_EVENTS } from './library-events';
import { allows } from './policy-eval';
import { keyOf } from './permissions';
import { TemplateModel } from './template';

export interface RuleReport {
  readonly id: string;
  readonly path: string;
  /** `source / detail-type` pairs the pattern matches, or the schedule. */
  readonly matches: string[];
  readonly targets: number;
  readonly problems: string[];
}

/** A CloudFormation value with every intrinsic resolved, keeping its structure. */
function resolveDeep(model: TemplateModel, v: any): any {
  if (Array.isArray(v)) return v.map((x) => resolveDeep(model, x));
  if (v && typeof v === 'object') {
    if (Object.keys(v).some((k) => k === 'Ref' || k.startsWith('Fn::'))) return model.resolve(v);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveDeep(model, x)]));
  }
  return v;
}

/** `detail` as dotted paths to their matcher lists. */
function detailPaths(detail: any, prefix = ''): Array<[string, any[]]> {
  return Object.entries(detail ?? {}).flatMap(([k, v]): Array<[string, any[]]> =>
    Array.isArray(v) ? [[prefix + k, v]] : detailPaths(v, `${prefix}${k}.`));
}

/** The events the library's state machines put (events:putEvents tasks with literal Source and DetailType). */
function putEventsOfStateMachines(model: TemplateModel): Array<{ source: string; detailType: string; fields: string[] | undefined }> {
  const out: Array<{ source: string; detailType: string; fields: string[] | undefined }> = [];
  for (const r of Object.values(model.resources)) {
    if (r.Type !== 'AWS::StepFunctions::StateMachine' || r.Properties?.DefinitionString === undefined) continue;
    const text = model.resolve(r.Properties.DefinitionString);
    const walk = (v: any): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        if (typeof v.Resource === 'string' && /:states:::events:putEvents/.test(v.Resource)) {
          for (const e of (v.Parameters ?? v.Arguments)?.Entries ?? []) {
            if (typeof e.Source !== 'string' || typeof e.DetailType !== 'string') continue;
            const detail = e.Detail && typeof e.Detail === 'object' ? Object.keys(e.Detail).map((k) => k.replace(/\.\$$/, '')) : undefined;
            out.push({ source: e.Source, detailType: e.DetailType, fields: detail });
          }
        }
        Object.values(v).forEach(walk);
      }
    };
    walk(JSON.parse(text));
  }
  return out;
}

/** Whether a resource policy lets a service principal do an action on a resource. */
function resourcePolicyAllows(model: TemplateModel, policyType: string, property: string, target: string, action: string, resource: string, service: string): boolean {
  for (const r of Object.values(model.resources)) {
    if (r.Type !== policyType || !model.referencedIn(r.Properties?.[property]).includes(target)) continue;
    const doc = r.Properties?.PolicyDocument;
    const statements = ([] as any[]).concat(doc?.Statement ?? []).filter((s) => {
      const p = s.Principal;
      return p === '*' || p?.AWS === '*' || ([] as string[]).concat(p?.Service ?? []).includes(service);
    });
    if (allows(model.statements({ Statement: statements }, policyType), action, resource).allowed) return true;
  }
  return false;
}

/** EventBridge can deliver to an SQS queue or SNS topic: its resource policy, and its key's policy when encrypted. */
function deliveryProblems(model: TemplateModel, arn: string, what: string): string[] {
  const [id] = Object.keys(model.resources).filter((k) => ['AWS::SQS::Queue', 'AWS::SNS::Topic'].includes(model.typeOf(k)) && model.arnOf(k) === arn);
  if (!id) return [`${what} ${arn} is not a queue or topic of the template; the audit cannot read its policy`];
  const sqs = model.typeOf(id) === 'AWS::SQS::Queue';
  const problems: string[] = [];
  const action = sqs ? 'sqs:SendMessage' : 'sns:Publish';
  if (!resourcePolicyAllows(model, sqs ? 'AWS::SQS::QueuePolicy' : 'AWS::SNS::TopicPolicy', sqs ? 'Queues' : 'Topics', id, action, arn, 'events.amazonaws.com')) {
    problems.push(`${what} ${model.pathOf(id)}: its policy does not allow events.amazonaws.com ${action}`);
  }
  const key = keyOf(model, id);
  // docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html#eb-dlq-perms: an encrypted queue's key must let EventBridge in.
  for (const k of key ? ['kms:GenerateDataKey', 'kms:Decrypt'] : []) {
    if (!resourcePolicyAllowsKey(model, key!, k)) problems.push(`${what} ${model.pathOf(id)} is encrypted with ${model.pathOf(key!)}, whose policy does not allow events.amazonaws.com ${k}`);
  }
  return problems;
}

/** A key's own policy (KeyPolicy of the AWS::KMS::Key) lets EventBridge use it. */
function resourcePolicyAllowsKey(model: TemplateModel, key: string, action: string): boolean {
  const statements = ([] as any[]).concat(model.resources[key].Properties?.KeyPolicy?.Statement ?? [])
    .filter((s) => ([] as string[]).concat(s.Principal?.Service ?? []).includes('events.amazonaws.com'));
  return allows(model.statements({ Statement: statements }, key), action, model.arnOf(key)).allowed;
}

/** Audits every EventBridge rule of a template. */
export function auditEventRules(model: TemplateModel): RuleReport[] {
  const putByMachines = putEventsOfStateMachines(model);
  const reports: RuleReport[] = [];
  for (const [id, r] of Object.entries(model.resources)) {
    if (r.Type !== 'AWS::Events::Rule') continue;
    const p = r.Properties ?? {};
    const problems: string[] = [];
    const matches: string[] = [];
    if (p.EventPattern) {
      const pattern = resolveDeep(model, p.EventPattern);
      const sources: any[] = pattern.source ?? [];
      if (sources.length === 0 || sources.some((s) => typeof s !== 'string')) problems.push(`source ${JSON.stringify(pattern.source)}: the audit checks literal sources only`);
      const paths = detailPaths(pattern.detail);
      for (const source of sources.filter((s) => typeof s === 'string')) {
        const known = source.startsWith('aws.')
          ? Object.entries(AWS_EVENTS[source] ?? {}).map(([dt, e]) => ({ detailType: dt, fields: Object.keys(e.fields), values: e.fields as Record<string, string[] | null> }))
          : [...LIBRARY_EVENTS.filter((e) => e.source === source), ...putByMachines.filter((e) => e.source === source)]
            .map((e) => ({ detailType: e.detailType, fields: e.fields as string[] | undefined, values: {} as Record<string, string[] | null> }));
        const detailTypes: any[] = pattern['detail-type'] ?? known.map((k) => k.detailType);
        if (known.length === 0) problems.push(`source ${source}: no event of this source is known (data/aws-events.json, library-events.ts, or an events:putEvents task)`);
        for (const dt of detailTypes) {
          const event = known.find((k) => k.detailType === dt);
          matches.push(`${source} / ${dt}`);
          if (!event) {
            if (known.length > 0) problems.push(`${source} emits no "${dt}" (known: ${known.map((k) => `"${k.detailType}"`).join(', ')})`);
            continue;
          }
          for (const [path, matchers] of paths) {
            if (event.fields && !event.fields.some((f) => f === path || path.startsWith(`${f}.`))) {
              problems.push(`"${dt}" of ${source} has no detail field ${path} (fields: ${event.fields.join(', ')})`);
              continue;
            }
            const values = event.values[path];
            const literals = matchers.filter((m) => typeof m === 'string');
            const unknown = values ? literals.filter((l) => !values.includes(l)) : [];
            if (unknown.length > 0) problems.push(`"${dt}" of ${source} never has ${path} ${unknown.map((u) => JSON.stringify(u)).join(', ')} (it takes ${values!.join(', ')})`);
          }
          // S3 sends events to EventBridge only from buckets that turn it on.
          if (source === 'aws.s3') {
            for (const name of paths.filter(([pth]) => pth === 'bucket.name').flatMap(([, m]) => m)) {
              const [bucket] = Object.keys(model.resources).filter((k) => model.typeOf(k) === 'AWS::S3::Bucket' && model.nameOf(k) === name);
              const on = bucket && (model.resources[bucket].Properties?.NotificationConfiguration?.EventBridgeConfiguration?.EventBridgeEnabled === true ||
                Object.values(model.resources).some((x) => x.Type === 'Custom::S3BucketNotifications' && model.referencedIn(x.Properties?.BucketName).includes(bucket) &&
                  x.Properties?.NotificationConfiguration?.EventBridgeConfiguration !== undefined));
              if (!on) problems.push(`bucket ${name} does not send its events to EventBridge (NotificationConfiguration.EventBridgeConfiguration)`);
            }
          }
        }
      }
    } else if (p.ScheduleExpression) {
      matches.push(model.resolve(p.ScheduleExpression));
    }
    const targets: any[] = p.Targets ?? [];
    for (const t of targets) {
      const arn = model.resolve(t.Arn);
      const service = arn.split(':')[2];
      const role = t.RoleArn ? model.referencedIn(t.RoleArn)[0] : undefined;
      const roleAllows = (action: string) => role !== undefined && allows(model.statementsOfRole(role), action, arn).allowed;
      if (service === 'lambda') {
        const [fn] = model.referencedIn(t.Arn);
        const permitted = Object.values(model.resources).some((x) => x.Type === 'AWS::Lambda::Permission' && model.referencedIn(x.Properties?.FunctionName).includes(fn) &&
          x.Properties?.Principal === 'events.amazonaws.com' && (x.Properties?.SourceArn === undefined || model.referencedIn(x.Properties.SourceArn).includes(id)));
        if (!permitted) problems.push(`target ${arn}: no AWS::Lambda::Permission lets events.amazonaws.com invoke it from this rule`);
      } else if (service === 'states' && !roleAllows('states:StartExecution')) problems.push(`target ${arn}: its role does not allow states:StartExecution on it`);
      else if (service === 'glue' && !roleAllows('glue:NotifyEvent')) problems.push(`target ${arn}: its role does not allow glue:NotifyEvent on it`);
      else if (service === 'events' && !roleAllows('events:PutEvents')) problems.push(`target ${arn}: its role does not allow events:PutEvents on it`);
      else if (service === 'sqs' || service === 'sns') problems.push(...deliveryProblems(model, arn, 'target'));
      else if (!['lambda', 'states', 'glue', 'events'].includes(service)) problems.push(`target ${arn}: a ${service} target the audit does not check`);
      if (t.DeadLetterConfig?.Arn) problems.push(...deliveryProblems(model, model.resolve(t.DeadLetterConfig.Arn), 'dead-letter queue'));
    }
    reports.push({ id, path: model.pathOf(id), matches, targets: targets.length, problems });
  }
  return reports;
}
