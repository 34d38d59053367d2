/**
 * A synthesized template as the audit reads it: every CloudFormation value resolved to a sample string (pseudo
 * parameters to the stack's sample environment, `Ref` and `Fn::GetAtt` to what that resource type returns, in the
 * ARN format IAM documents for it), and the IAM statements attached to each role.
 */
import { IamReference } from './aws-data';
import { awsManagedPolicy, LOWERCASE_ARN_TYPES } from './data';

export interface SampleEnvironment {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/**
 * What `Ref` and `Fn::GetAtt` return per resource type (CloudFormation's "Return values" of each type), as a name or
 * an ARN of the IAM resource type `iam` (prefix and type in the Service Authorization Reference).
 */
interface ResourceKind {
  readonly iam: [string, string];
  /** The property that names the resource, when the template sets it. */
  readonly nameProperty?: string;
  readonly ref: 'name' | 'arn' | 'url' | 'id';
  /** Attributes: 'arn', 'name', or a literal suffix form. */
  readonly attributes: Record<string, 'arn' | 'name' | 'logGroupArn'>;
}

const KINDS: Record<string, ResourceKind> = {
  'AWS::S3::Bucket': { iam: ['s3', 'bucket'], nameProperty: 'BucketName', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::DynamoDB::Table': { iam: ['dynamodb', 'table'], nameProperty: 'TableName', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::SNS::Topic': { iam: ['sns', 'topic'], nameProperty: 'TopicName', ref: 'arn', attributes: { TopicArn: 'arn', TopicName: 'name' } },
  'AWS::SQS::Queue': { iam: ['sqs', 'queue'], nameProperty: 'QueueName', ref: 'url', attributes: { Arn: 'arn', QueueName: 'name' } },
  'AWS::KMS::Key': { iam: ['kms', 'key'], ref: 'id', attributes: { Arn: 'arn', KeyId: 'name' } },
  'AWS::Lambda::Function': { iam: ['lambda', 'function'], nameProperty: 'FunctionName', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::IAM::Role': { iam: ['iam', 'role'], nameProperty: 'RoleName', ref: 'name', attributes: { Arn: 'arn', RoleId: 'name' } },
  'AWS::Logs::LogGroup': { iam: ['logs', 'log-group'], nameProperty: 'LogGroupName', ref: 'name', attributes: { Arn: 'logGroupArn' } },
  'AWS::StepFunctions::StateMachine': { iam: ['states', 'statemachine'], nameProperty: 'StateMachineName', ref: 'arn', attributes: { Arn: 'arn', Name: 'name' } },
  'AWS::SageMaker::Endpoint': { iam: ['sagemaker', 'endpoint'], nameProperty: 'EndpointName', ref: 'arn', attributes: { EndpointName: 'name' } },
  'AWS::SageMaker::EndpointConfig': { iam: ['sagemaker', 'endpoint-config'], nameProperty: 'EndpointConfigName', ref: 'arn', attributes: { EndpointConfigName: 'name' } },
  'AWS::SageMaker::Model': { iam: ['sagemaker', 'model'], nameProperty: 'ModelName', ref: 'arn', attributes: { ModelName: 'name' } },
  'AWS::SageMaker::ModelPackageGroup': { iam: ['sagemaker', 'model-package-group'], nameProperty: 'ModelPackageGroupName', ref: 'arn', attributes: { ModelPackageGroupArn: 'arn' } },
  'AWS::CloudWatch::Alarm': { iam: ['cloudwatch', 'alarm'], nameProperty: 'AlarmName', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::Athena::WorkGroup': { iam: ['athena', 'workgroup'], nameProperty: 'Name', ref: 'name', attributes: {} },
  'AWS::Glue::Job': { iam: ['glue', 'job'], nameProperty: 'Name', ref: 'name', attributes: {} },
  'AWS::Glue::Workflow': { iam: ['glue', 'workflow'], nameProperty: 'Name', ref: 'name', attributes: {} },
  'AWS::Glue::Trigger': { iam: ['glue', 'trigger'], nameProperty: 'Name', ref: 'name', attributes: {} },
  'AWS::Glue::Crawler': { iam: ['glue', 'crawler'], nameProperty: 'Name', ref: 'name', attributes: {} },
  'AWS::Glue::DataQualityRuleset': { iam: ['glue', 'dataQualityRuleset'], nameProperty: 'Name', ref: 'name', attributes: {} },
  'AWS::Glue::Database': { iam: ['glue', 'database'], ref: 'name', attributes: {} },
  'AWS::Glue::Table': { iam: ['glue', 'table'], ref: 'name', attributes: {} },
  'AWS::SSM::Parameter': { iam: ['ssm', 'parameter'], nameProperty: 'Name', ref: 'name', attributes: {} },
  'AWS::Events::Rule': { iam: ['events', 'rule-on-default-event-bus'], nameProperty: 'Name', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::Events::EventBus': { iam: ['events', 'event-bus'], nameProperty: 'Name', ref: 'name', attributes: { Arn: 'arn', Name: 'name' } },
  'AWS::Kinesis::Stream': { iam: ['kinesis', 'stream'], nameProperty: 'Name', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::RedshiftServerless::Workgroup': { iam: ['redshift-serverless', 'workgroup'], nameProperty: 'WorkgroupName', ref: 'name', attributes: {} },
  'AWS::RedshiftServerless::Namespace': { iam: ['redshift-serverless', 'namespace'], nameProperty: 'NamespaceName', ref: 'name', attributes: {} },
  'AWS::SecretsManager::Secret': { iam: ['secretsmanager', 'secret'], nameProperty: 'Name', ref: 'arn', attributes: { Id: 'arn' } },
  'AWS::IAM::ManagedPolicy': { iam: ['iam', 'policy'], nameProperty: 'ManagedPolicyName', ref: 'arn', attributes: { PolicyArn: 'arn' } },
};

export interface Statement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: string[];
  readonly notActions: boolean;
  /** Resource patterns with the template's values resolved to samples. */
  readonly resources: string[];
  readonly notResources: boolean;
  readonly conditional: boolean;
  /** The template resources the resource patterns refer to (logical ids). */
  readonly referenced: string[];
  /** Where the statement comes from: a policy's logical id, or an AWS managed policy's name. */
  readonly policy: string;
}

export class TemplateModel {
  public readonly resources: Record<string, { Type: string; Properties?: any; Metadata?: any }>;

  /**
   * @param paths construct path of each logical id (from the stack in memory: a template carries them only when the
   *   CLI's path metadata is on)
   */
  constructor(public readonly template: any, public readonly env: SampleEnvironment, private readonly paths: ReadonlyMap<string, string> = new Map(),
    private readonly iam = IamReference.load()) {
    this.resources = template.Resources ?? {};
  }

  public typeOf(id: string): string {
    const r = this.resources[id];
    if (!r) throw new Error(`the template has no resource '${id}'`);
    return r.Type;
  }

  /** The construct path of a resource, or its logical id. */
  public pathOf(id: string): string {
    return this.paths.get(id) ?? this.resources[id]?.Metadata?.['aws:cdk:path'] ?? id;
  }

  /** The physical name a resource has (its name property, resolved) or a sample name CloudFormation would generate. */
  public nameOf(id: string): string {
    const kind = this.kindOf(id);
    const given = kind.nameProperty ? this.resources[id].Properties?.[kind.nameProperty] : undefined;
    return given !== undefined ? this.resolve(given) : `${id.toLowerCase()}-generated`;
  }

  /** The sample ARN of a resource of the template, in its IAM type's format (SageMaker's lower-cased names included). */
  public arnOf(id: string): string {
    const kind = this.kindOf(id);
    if (this.typeOf(id) === 'AWS::KMS::Key') return this.formatArn(kind.iam, `${id.toLowerCase()}-key-id`);
    const name = this.nameOf(id);
    const [prefix, type] = kind.iam;
    return this.formatArn(kind.iam, LOWERCASE_ARN_TYPES.some((t) => t.prefix === prefix && t.resourceType === type) ? name.toLowerCase() : name);
  }

  private formatArn(iamType: [string, string], name: string): string {
    // SSM parameter ARNs drop the leading slash of a hierarchical name.
    return this.iam.arnFormat(iamType[0], iamType[1], this.env, iamType[0] === 'ssm' ? name.replace(/^\//, '') : name);
  }

  private kindOf(id: string): ResourceKind {
    const kind = KINDS[this.typeOf(id)];
    if (!kind) throw new Error(`${id}: the audit does not know what Ref and Fn::GetAtt of ${this.typeOf(id)} return; add it to KINDS in template.ts`);
    return kind;
  }

  private refOf(id: string): string {
    const kind = this.kindOf(id);
    switch (kind.ref) {
      case 'arn': return this.arnOf(id);
      case 'id': return `${id.toLowerCase()}-key-id`;
      case 'url': return `https://sqs.${this.env.region}.amazonaws.com/${this.env.account}/${this.nameOf(id)}`;
      default: return this.nameOf(id);
    }
  }

  private attributeOf(id: string, attribute: string): string {
    const form = this.kindOf(id).attributes[attribute];
    if (form === 'arn') return this.arnOf(id);
    if (form === 'logGroupArn') return `${this.arnOf(id)}:*`;
    if (form === 'name') return this.typeOf(id) === 'AWS::KMS::Key' ? `${id.toLowerCase()}-key-id` : this.nameOf(id);
    throw new Error(`${id}: the audit does not know Fn::GetAtt ${attribute} of ${this.typeOf(id)}; add it to KINDS in template.ts`);
  }

  /** A CloudFormation value as a sample string (lists joined by commas). */
  public resolve(value: any): string {
    const v = this.resolveAny(value);
    return Array.isArray(v) ? v.join(',') : v;
  }

  private resolveAny(value: any): string | string[] {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value.Ref !== undefined) return this.pseudo(value.Ref) ?? this.refOf(value.Ref);
    if (value['Fn::GetAtt']) {
      const [id, att] = typeof value['Fn::GetAtt'] === 'string' ? value['Fn::GetAtt'].split('.') : value['Fn::GetAtt'];
      return this.attributeOf(id, att);
    }
    if (value['Fn::Join']) {
      const [delimiter, parts] = value['Fn::Join'];
      return (parts as any[]).map((p) => this.resolve(p)).join(delimiter);
    }
    if (value['Fn::Sub'] !== undefined) {
      const [text, vars] = typeof value['Fn::Sub'] === 'string' ? [value['Fn::Sub'], {}] : value['Fn::Sub'];
      return (text as string).replace(/\$\{([^}!][^}]*)\}/g, (_m, name: string) => {
        if (vars[name] !== undefined) return this.resolve(vars[name]);
        const [id, att] = name.split('.');
        return att ? this.attributeOf(id, att) : this.pseudo(id) ?? this.refOf(id);
      });
    }
    if (value['Fn::Split']) return this.resolve(value['Fn::Split'][1]).split(value['Fn::Split'][0]);
    if (value['Fn::Select']) {
      const list = this.resolveAny(value['Fn::Select'][1]);
      return (Array.isArray(list) ? list : [list])[Number(value['Fn::Select'][0])];
    }
    if (value['Fn::FindInMap']) {
      const [map, key1, key2] = value['Fn::FindInMap'].map((v: any) => this.resolve(v));
      return this.resolve(this.template.Mappings?.[map]?.[key1]?.[key2] ?? '*');
    }
    if (value['Fn::ImportValue']) return `imported-${this.resolve(value['Fn::ImportValue'])}`;
    throw new Error(`the audit cannot resolve ${JSON.stringify(value).slice(0, 200)}`);
  }

  private pseudo(name: string): string | undefined {
    return ({
      'AWS::Partition': this.env.partition, 'AWS::Region': this.env.region, 'AWS::AccountId': this.env.account,
      'AWS::URLSuffix': 'amazonaws.com', 'AWS::StackName': 'sample-stack', 'AWS::NoValue': '',
      'AWS::StackId': `arn:${this.env.partition}:cloudformation:${this.env.region}:${this.env.account}:stack/sample-stack/0a1b2c3d-0000-4000-8000-000000000000`,
    } as Record<string, string>)[name];
  }

  /** Logical ids of the template's resources a value refers to. */
  public referencedIn(value: any): string[] {
    const found = new Set<string>();
    const walk = (v: any): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        if (typeof v.Ref === 'string' && this.resources[v.Ref]) found.add(v.Ref);
        if (v['Fn::GetAtt']) found.add(typeof v['Fn::GetAtt'] === 'string' ? v['Fn::GetAtt'].split('.')[0] : v['Fn::GetAtt'][0]);
        if (typeof v['Fn::Sub'] === 'string') for (const m of v['Fn::Sub'].matchAll(/\$\{([A-Za-z0-9]+)/g)) if (this.resources[m[1]]) found.add(m[1]);
        Object.values(v).forEach(walk);
      }
    };
    walk(value);
    return [...found];
  }

  /** Every IAM statement a role's principal gets: inline policies, policies attached to it, managed policies. */
  public statementsOfRole(roleId: string): Statement[] {
    const role = this.resources[roleId];
    if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not an IAM role of the template`);
    const out: Statement[] = [];
    for (const p of role.Properties?.Policies ?? []) out.push(...this.statements(p.PolicyDocument, roleId));
    for (const [id, r] of Object.entries(this.resources)) {
      if (r.Type !== 'AWS::IAM::Policy' && r.Type !== 'AWS::IAM::ManagedPolicy') continue;
      if ((r.Properties?.Roles ?? []).some((x: any) => x?.Ref === roleId)) out.push(...this.statements(r.Properties.PolicyDocument, id));
    }
    for (const arn of role.Properties?.ManagedPolicyArns ?? []) {
      if (arn?.Ref && this.resources[arn.Ref]?.Type === 'AWS::IAM::ManagedPolicy') {
        out.push(...this.statements(this.resources[arn.Ref].Properties.PolicyDocument, arn.Ref));
        continue;
      }
      const resolved = this.resolve(arn);
      const doc = awsManagedPolicy(resolved);
      if (!doc) throw new Error(`${roleId}: managed policy ${resolved} is neither in the template nor in managed-policies.ts`);
      out.push(...this.statements(doc, resolved.replace(/^.*:policy\//, '')));
    }
    return out;
  }

  /** The statements of a policy document, resolved. */
  public statements(doc: any, policy: string): Statement[] {
    return ([] as any[]).concat(doc?.Statement ?? []).map((s) => {
      const resources = ([] as any[]).concat(s.Resource ?? s.NotResource ?? []);
      return {
        effect: s.Effect,
        actions: ([] as string[]).concat(s.Action ?? s.NotAction ?? []),
        notActions: s.NotAction !== undefined,
        resources: resources.map((r) => this.resolve(r)),
        notResources: s.NotResource !== undefined,
        conditional: s.Condition !== undefined,
        referenced: this.referencedIn(resources),
        policy,
      };
    });
  }
}
