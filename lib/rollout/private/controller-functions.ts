import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ROLLBACK_MAX_WAIT_SECONDS, WEIGHT_HANDLER_TIMEOUT_SECONDS } from '../../../contracts/rollout-bounds';
import { ROLLOUT_ENV } from '../../../contracts/rollout-env';
import { acknowledge, acknowledgeWildcards } from '../../private/nag';
import { GrowingStatement } from './growing-statement';
import { rolloutFunction } from './rollout-function';

/** What the controller's Lambdas need to know. */
export interface ControllerFunctionsProps {
  /** Prefix of the names of the alarms the controller creates for rollouts (RolloutController.alarmNamePrefix). */
  readonly alarmNamePrefix: string;
  readonly table: dynamodb.ITable;
  readonly historyTable: dynamodb.ITable;
  readonly topic: sns.ITopic;
}

/** The controller's Lambdas, the handlers' environment and the SageMaker statements that grow as rollouts register. */
export interface ControllerFunctions {
  /** The handlers' environment (ROLLOUT_ENV) without the state machine. */
  readonly env: Record<string, string>;
  readonly controllerFunction: lambda.Function;
  readonly rollbackFunction: lambda.Function;
  readonly hookRunnerFunction: lambda.Function;
  /** UpdateEndpointWeightsAndCapacities + DescribeEndpoint for the controller and the rollback Lambda. */
  readonly sageMakerWeights: GrowingStatement;
  /** InvokeEndpoint for the controller's shadow replay. */
  readonly shadowInvoke: GrowingStatement;
  /** PutEvents on the bus the handlers publish to. */
  readonly putEvents: iam.PolicyStatement;
  /** DescribeAlarms for the controller and the rollback Lambda on the rollouts' own alarms, named as they register. */
  readonly userAlarms: GrowingStatement;
}

/**
 * Creates the controller, rollback, hook runner and built-in hook Lambdas in the controller's scope (construct ids
 * stay those of the controller's children) with their table, topic, alarm and event rights.
 */
export function controllerFunctions(scope: Construct, props: ControllerFunctionsProps): ControllerFunctions {
  const stack = Stack.of(scope);
  const env = {
    [ROLLOUT_ENV.TABLE]: props.table.tableName,
    [ROLLOUT_ENV.HISTORY_TABLE]: props.historyTable.tableName,
    [ROLLOUT_ENV.TOPIC]: props.topic.topicArn,
    [ROLLOUT_ENV.EVENT_BUS]: 'default',
  };
  const weightEnv = { ...env, [ROLLOUT_ENV.ROLLBACK_MAX_WAIT_SECONDS]: String(ROLLBACK_MAX_WAIT_SECONDS) };
  const rollbackFunction = rolloutFunction(scope, 'Rollback', {
    bundle: 'rollout-rollback', handler: 'index.handler', environment: weightEnv, timeout: Duration.seconds(WEIGHT_HANDLER_TIMEOUT_SECONDS),
    description: 'cdk-mlops rollback: a candidate alarm puts all traffic back on the stable variant',
  });
  // A raise that lands after its rollout ended and cannot be undone while the endpoint is Updating is handed to the
  // rollback Lambda (asynchronous invoke: Lambda's retries, then the dead-letter queue; rollout-signals.ts).
  const controllerFunction = rolloutFunction(scope, 'Controller', {
    bundle: 'rollout-controller', handler: 'index.handler', timeout: Duration.seconds(WEIGHT_HANDLER_TIMEOUT_SECONDS),
    environment: { ...weightEnv, [ROLLOUT_ENV.ROLLBACK_FUNCTION]: rollbackFunction.functionName },
    description: 'cdk-mlops rollout controller: one policy step per invocation',
  });
  // The unqualified function only: the hand-off invokes it by name, never a version or an alias.
  controllerFunction.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [rollbackFunction.functionArn] }));
  const hookRunnerFunction = rolloutFunction(scope, 'HookRunner', {
    bundle: 'rollout-hook-runner', handler: 'index.handler', environment: { [ROLLOUT_ENV.TABLE]: props.table.tableName },
    // A hook that needs longer than a Lambda invocation reports with the task token itself ({ reportsLater: true }).
    timeout: Duration.minutes(15),
    description: 'cdk-mlops hook runner: invokes a traffic hook and reports its verdict with the task token',
  });
  props.table.grantReadData(hookRunnerFunction);
  const taskResponse = new iam.PolicyStatement({
    actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
    resources: ['*'],
  });
  hookRunnerFunction.addToRolePolicy(taskResponse);
  acknowledge(hookRunnerFunction, 'AwsSolutions-IAM5[Resource::*]', 'states:SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat ' +
    'take no resource ARN (IAM service authorization reference: no resource types); the task token names the wait.');

  // One statement per purpose, whose resources grow as rollouts register: the policies stay small with 30 endpoints.
  const sageMakerWeights = new GrowingStatement(['sagemaker:UpdateEndpointWeightsAndCapacities', 'sagemaker:DescribeEndpoint'],
    [controllerFunction, rollbackFunction]);
  // Shadow runs by replay: the controller invokes the candidate of the endpoints whose rollouts start with one.
  const shadowInvoke = new GrowingStatement(['sagemaker:InvokeEndpoint'], [controllerFunction]);
  // DescribeAlarms takes the alarm's ARN: the alarms the controller creates (under its prefix), and the rollouts'
  // own alarms as they register. The metric reads take no resource.
  const alarmArn = (name: string) => stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  const ownAlarms = new iam.PolicyStatement({ actions: ['cloudwatch:DescribeAlarms'], resources: [alarmArn(`${props.alarmNamePrefix}*`)] });
  const userAlarms = new GrowingStatement(['cloudwatch:DescribeAlarms'], [controllerFunction, rollbackFunction]);
  const metricRead = new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricData', 'cloudwatch:GetMetricStatistics'], resources: ['*'] });
  const putEvents = new iam.PolicyStatement({
    actions: ['events:PutEvents'],
    resources: [stack.formatArn({ service: 'events', resource: 'event-bus', resourceName: 'default' })],
  });
  for (const fn of [controllerFunction, rollbackFunction]) {
    props.table.grantReadWriteData(fn);
    props.historyTable.grantWriteData(fn);
    props.topic.grantPublish(fn);
    fn.addToRolePolicy(ownAlarms);
    fn.addToRolePolicy(metricRead);
    fn.addToRolePolicy(putEvents);
    acknowledgeWildcards(fn, 'The alarms this controller creates for rollouts, all named under its prefix.', ownAlarms);
    acknowledge(fn, 'AwsSolutions-IAM5[Resource::*]', 'cloudwatch:GetMetricData and cloudwatch:GetMetricStatistics take no resource (IAM service authorization reference).');
  }
  return {
    env, controllerFunction, rollbackFunction, hookRunnerFunction,
    sageMakerWeights, shadowInvoke, putEvents, userAlarms,
  };
}
