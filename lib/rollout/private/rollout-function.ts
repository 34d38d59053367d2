import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { HANDLER_RUNTIME, lambdaBundle } from '../../private/lambda-bundle';
import { checkEnvironmentSize } from '../../private/lambda-environment';
import { acknowledge, acknowledgeKeyGrant, acknowledgeWildcards } from '../../private/nag';

export interface RolloutFunctionProps {
  /** Folder of the pre-built bundle (lambda/<bundle>). */
  readonly bundle: string;
  readonly handler: string;
  readonly environment: Record<string, string>;
  readonly timeout: Duration;
  readonly description: string;
  /** @default - a new role with AWSLambdaBasicExecutionRole */
  readonly role?: iam.IRole;
}

/** A rollout handler Lambda from its pre-built bundle, with the cdk-nag acknowledgements every one of them needs. */
export function rolloutFunction(scope: Construct, id: string, props: RolloutFunctionProps): lambda.Function {
  const fn = new lambda.Function(scope, id, {
    code: lambdaBundle(props.bundle),
    handler: props.handler,
    runtime: HANDLER_RUNTIME,
    timeout: props.timeout,
    memorySize: 256,
    environment: props.environment,
    role: props.role,
    description: props.description,
    loggingFormat: lambda.LoggingFormat.JSON,
  });
  checkEnvironmentSize(fn, `${props.description} (${fn.node.path})`);
  acknowledge(fn, 'AwsSolutions-L1', 'The handlers are bundled for and tested on Node.js 22 (DESIGN.md); the runtime moves with the bundle target.');
  if (!props.role) {
    acknowledge(fn, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'AWSLambdaBasicExecutionRole only lets the function write its own logs (CreateLogGroup, CreateLogStream, PutLogEvents).');
  }
  acknowledgeKeyGrant(fn);
  return fn;
}

/** aws-cdk-lib's provider framework is not ours to change; each finding with the reason it is acceptable. */
export function acknowledgeProviderFramework(provider: cr.Provider, handlers: lambda.IFunction[], waiter: boolean): void {
  const framework = provider.node.children.filter((c): c is lambda.Function => c instanceof lambda.Function);
  for (const fn of [...handlers, ...framework]) {
    acknowledgeWildcards(provider, 'aws-cdk-lib provider framework: invokes versions and aliases of its own handler functions.',
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [`${fn.functionArn}:*`] }));
  }
  acknowledge(provider, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'aws-cdk-lib provider framework functions: the AWS managed basic execution role only writes their own logs.');
  acknowledge(provider, 'AwsSolutions-L1', 'aws-cdk-lib provider framework functions pin the runtime aws-cdk-lib ships with.');
  if (waiter) {
    acknowledge(provider, 'AwsSolutions-SF2', 'aws-cdk-lib provider framework waiter state machine: X-Ray tracing is not configurable; it only polls isComplete.');
    acknowledge(provider, 'AwsSolutions-IAM5[Resource::*]', 'aws-cdk-lib provider framework: its waiter state machine\'s log delivery and ' +
      'X-Ray actions take no resource; aws-cdk-lib also grants it logs:CreateLogStream and logs:PutLogEvents on "*", which vended ' +
      'log delivery does not use (its log group is the controller\'s own).');
  }
}
