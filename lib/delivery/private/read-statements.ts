import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { APPROVED_MODEL_PARAMETER_SUFFIX } from '../../../contracts/model-approval';
import { GitHubDeployRoleProps } from '../github-deploy-role-props';

/** The CDK bootstrap roles of `kinds` (deploy, file-publishing, image-publishing, lookup) in this account's regions. */
export function bootstrapRoleArns(stack: Stack, qualifier: string, regions: string[], kinds: string[]): string[] {
  return regions.flatMap((region) => kinds.map((kind) => stack.formatArn({
    service: 'iam', region: '', resource: 'role', resourceName: `cdk-${qualifier}-${kind}-role-${stack.account}-${region}`,
  })));
}

/**
 * The read-only calls a deploy job makes around `cdk deploy`: `cdk-mlops champion-slots` (the stack's outputs, the
 * approved version, the endpoint, the rollout record) and `cdk-mlops rollout get --watch` (the record, the endpoint,
 * its alarms and invocation counts).
 */
export function readStatements(stack: Stack, props: GitHubDeployRoleProps, regions: string[]): iam.PolicyStatement[] {
  const tableArns = [
    ...(props.rolloutTables ?? []).map((t) => t.tableArn),
    ...(props.rolloutStackNames ?? []).flatMap((name) => regions.map((region) =>
      stack.formatArn({ service: 'dynamodb', region, resource: 'table', resourceName: `${name}-*` }))),
  ];
  const statements: iam.PolicyStatement[] = [];
  if (tableArns.length > 0) {
    statements.push(new iam.PolicyStatement({ sid: 'ReadRolloutRecords', actions: ['dynamodb:GetItem'], resources: tableArns }));
  }
  statements.push(new iam.PolicyStatement({
    sid: 'ReadRolloutSignals',
    actions: ['sagemaker:DescribeEndpoint', 'cloudwatch:DescribeAlarms'],
    resources: regions.flatMap((region) => [
      stack.formatArn({ service: 'sagemaker', region, resource: 'endpoint', resourceName: '*' }),
      stack.formatArn({ service: 'cloudwatch', region, resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    ]),
  }), new iam.PolicyStatement({
    sid: 'ReadInvocationCounts', actions: ['cloudwatch:GetMetricStatistics'], resources: ['*'],
  }));
  // The stack's outputs name the slots, the endpoint, the rollout table and the parameter the approval handler writes.
  const stackArns = (props.rolloutStackNames ?? []).flatMap((name) => regions.map((region) =>
    stack.formatArn({ service: 'cloudformation', region, resource: 'stack', resourceName: `${name}/*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME })));
  if (stackArns.length > 0) {
    statements.push(new iam.PolicyStatement({ sid: 'ReadStackOutputs', actions: ['cloudformation:DescribeStacks'], resources: stackArns }));
  }
  statements.push(new iam.PolicyStatement({
    sid: 'ReadApprovedModelVersion', actions: ['ssm:GetParameter'],
    resources: regions.map((region) => stack.formatArn({ service: 'ssm', region, resource: 'parameter',
      resourceName: `cdk-mlops/*/${APPROVED_MODEL_PARAMETER_SUFFIX}`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME })),
  }));
  return statements;
}

export const READ_STATEMENTS_REASON = 'Read-only: DescribeEndpoint and DescribeAlarms on this account\'s endpoints ' +
  'and alarms (their names are generated at deploy time); GetMetricStatistics has no resource-level permissions; ' +
  'rollout tables are matched by their stack-name prefix; DescribeStacks on those stacks and GetParameter on the approved-version ' +
  'parameters of any model package group (/cdk-mlops/<group>/approved-model-package-arn, named at run time).';
