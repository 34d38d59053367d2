import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { acknowledgeWildcards } from './nag';

/**
 * Lets a function publish metrics to one namespace: cloudwatch:PutMetricData has no resource ARNs in IAM, so the
 * statement is on `*` with a cloudwatch:namespace condition, acknowledged for cdk-nag. `label` names the namespace
 * in that acknowledgement (e.g. 'data-metrics').
 */
export function grantPutMetricData(fn: lambda.IFunction, namespace: string, label: string): iam.PolicyStatement {
  const statement = new iam.PolicyStatement({
    actions: ['cloudwatch:PutMetricData'],
    resources: ['*'],
    conditions: { StringEquals: { 'cloudwatch:namespace': namespace } },
  });
  fn.addToRolePolicy(statement);
  acknowledgeWildcards(fn, `cloudwatch:PutMetricData is not scoped to resources by IAM; the condition limits it to the ${label} namespace.`, statement);
  return statement;
}
