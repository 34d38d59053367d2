import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/** A role SageMaker jobs run with: their own log groups and metric namespaces; callers grant the data. */
export function sagemakerRole(scope: Construct, id: string, description: string): iam.Role {
  const role = new iam.Role(scope, id, { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'), description });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
    resources: [Stack.of(scope).formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws/sagemaker/*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['cloudwatch:PutMetricData'], resources: ['*'],
    conditions: { StringLike: { 'cloudwatch:namespace': ['/aws/sagemaker/*'] } },
  }));
  return role;
}

/**
 * An S3 location computed at run time whose access the roles already grant per prefix
 * (S3Location.fromJsonExpression would grant s3:GetObject/PutObject on every bucket).
 */
export class RunLocation extends tasks.S3Location {
  constructor(private readonly expression: string) {
    super();
  }

  public bind(): tasks.S3LocationConfig {
    return { uri: this.expression };
  }
}
