import { Aspects, IAspect, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * Acknowledges a cdk-nag rule on a construct (and its children) with the reason, through aws-cdk-lib's own
 * `Validations` API, which is what cdk-nag v3 reads, so the library needs no dependency on cdk-nag.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * Acknowledges exactly the AwsSolutions-IAM5 findings (wildcard actions and resources) of the given statements or
 * grants on `scope`, each with the reason. cdk-nag v3 matches findings one by one (`IAM5[Action::s3:List*]`,
 * `IAM5[Resource::<Bucket1234.Arn>/*]`), so anything added later is still reported.
 */
export function acknowledgeWildcards(scope: IConstruct, reason: string, ...items: Array<iam.PolicyStatement | iam.Grant>): void {
  const statements = items.flatMap((i) => (i instanceof iam.Grant ? i.principalStatements : [i]));
  const ids = new Set<string>();
  for (const s of statements) {
    for (const a of s.actions) if (a.includes('*')) ids.add(`Action::${a}`);
    for (const r of s.resources) {
      const flat = flatten(Stack.of(scope).resolve(r));
      if (flat.includes('*')) ids.add(`Resource::${flat}`);
    }
  }
  for (const id of ids) acknowledge(scope, `AwsSolutions-IAM5[${id}]`, reason);
}

/** The flat notation cdk-nag gives a CloudFormation value in finding ids. */
function flatten(node: any): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\${/g, '<').replace(/}/g, '>');
  if (node['Fn::Join']) {
    const [delimiter, parts] = node['Fn::Join'];
    return (parts as any[]).map(flatten).join(delimiter);
  }
  if (node['Fn::Sub']) return flatten(node['Fn::Sub']);
  if (node['Fn::GetAtt']) {
    const [res, att] = node['Fn::GetAtt'];
    return `<${flatten(res)}.${flatten(att)}>`;
  }
  if (node['Fn::ImportValue']) return flatten(node['Fn::ImportValue']);
  if (node.Ref) return `<${flatten(node.Ref)}>`;
  return JSON.stringify(node);
}

/** Acknowledges the action wildcards of aws-cdk-lib's KMS grants (`kms:ReEncrypt*`, `kms:GenerateDataKey*`). */
export function acknowledgeKeyGrant(scope: IConstruct, reason: string = 'aws-cdk-lib KMS grant on one key: kms:ReEncrypt* and kms:GenerateDataKey* are the standard encrypt/decrypt action families for that key only.'): void {
  for (const a of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) acknowledge(scope, `AwsSolutions-IAM5[Action::${a}]`, reason);
}

/**
 * Wildcards that least-privilege policies of this library legitimately contain, each with the reason. Anything
 * not matched here is left for cdk-nag to report.
 */
const KNOWN_WILDCARDS: Array<[RegExp, string]> = [
  [/^Action::s3:(GetObject|GetBucket|List|Abort|DeleteObject|PutObjectLegalHold|PutObjectRetention|PutObjectTagging|PutObjectVersionTagging)\*$/,
    'aws-cdk-lib S3 grant: the action family is limited to the bucket and key pattern of the same statement.'],
  [/^Action::kms:(ReEncrypt|GenerateDataKey)\*$/,
    'aws-cdk-lib KMS grant: kms:ReEncrypt* and kms:GenerateDataKey* on the one key of the statement.'],
  [/^Resource::(<[A-Za-z0-9]+\.Arn>|arn:<AWS::Partition>:s3:::<[A-Za-z0-9]+>)\/[A-Za-z0-9_\-/]*\*$/,
    'Objects under one prefix of one bucket created by this stack: object keys are generated at run time.'],
  [/^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-<AWS::AccountId>-<AWS::Region>\/\*$/,
    'The CDK bootstrap asset bucket: assets are read by content hash at deploy time.'],
  // The region and account are pseudo-parameters in environment-agnostic stacks, literals in others.
  [/^Resource::arn:(<AWS::Partition>|aws[a-z-]*):logs:(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|\d{12}):log-group:\/aws\/sagemaker\/\*$/,
    'SageMaker names its log groups after endpoints and jobs at run time, all under /aws/sagemaker/.'],
];

/**
 * Actions that IAM does not scope to resources, so `Resource: *` is the only form they take (each checked against the
 * Service Authorization Reference by test/iam/audit-machinery.test.ts). An action that takes a resource but stays on
 * `*` is acknowledged where it is granted, with its reason.
 */
export const RESOURCELESS_ACTIONS = /^(ecr:GetAuthorizationToken|cloudwatch:PutMetricData|ec2:(DescribeNetworkInterfaces|DescribeVpcs|DescribeDhcpOptions|DescribeSubnets|DescribeSecurityGroups)|xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)|logs:(CreateLogDelivery|DeleteLogDelivery|DescribeLogGroups|DescribeResourcePolicies|GetLogDelivery|ListLogDeliveries|PutResourcePolicy|UpdateLogDelivery)|cloudwatch:(GetMetricData|GetMetricStatistics))$/;

/**
 * Acknowledges, on every IAM policy under the scope, the cdk-nag IAM5 findings that are known to be necessary
 * (see KNOWN_WILDCARDS and RESOURCELESS_ACTIONS). It runs as an Aspect, so grants made after this call are
 * covered too; any other wildcard stays a finding.
 */
export function acknowledgeKnownWildcards(scope: IConstruct): void {
  Aspects.of(scope).add(new AcknowledgeKnownWildcards());
}

class AcknowledgeKnownWildcards implements IAspect {
  public visit(node: IConstruct): void {
    if (!(node instanceof iam.CfnPolicy || node instanceof iam.CfnManagedPolicy)) return;
    const doc = Stack.of(node).resolve(node.policyDocument);
    const statements: any[] = doc?.Statement ?? [];
    // `Resource::*` is one finding id for the whole policy: acknowledge it only if every statement using it
    // has resource-less actions only.
    const starActions = statements
      .filter((s) => [].concat(s.Resource ?? []).some((r) => r === '*'))
      .flatMap((s) => [].concat(s.Action ?? []) as string[]);
    if (starActions.length > 0 && starActions.every((a) => RESOURCELESS_ACTIONS.test(a))) {
      acknowledge(node, 'AwsSolutions-IAM5[Resource::*]', `IAM does not scope ${[...new Set(starActions)].join(', ')} to resources.`);
    }
    for (const s of statements) {
      const actions: string[] = [].concat(s.Action ?? []);
      const resources: any[] = [].concat(s.Resource ?? []);
      for (const a of actions) {
        if (!a.includes('*')) continue;
        const reason = KNOWN_WILDCARDS.find(([re]) => re.test(`Action::${a}`))?.[1];
        if (reason) acknowledge(node, `AwsSolutions-IAM5[Action::${a}]`, reason);
      }
      for (const r of resources) {
        const flat = flatten(r);
        if (!flat.includes('*')) continue;
        if (flat === '*') continue;
        const reason = KNOWN_WILDCARDS.find(([re]) => re.test(`Resource::${flat}`))?.[1];
        if (reason) acknowledge(node, `AwsSolutions-IAM5[Resource::${flat}]`, reason);
      }
    }
  }
}
