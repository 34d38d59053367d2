import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeWildcards } from '../../private/nag';
import { GrowingStatement } from './growing-statement';
import { rolloutDefinition } from './rollout-state-machine';

/** The functions the state machine drives. */
export interface ControllerStateMachineProps {
  readonly key: kms.IKey;
  readonly controllerFunction: lambda.Function;
  readonly rollbackFunction: lambda.Function;
  readonly hookRunnerFunction: lambda.Function;
}

/** The rollout state machine, its log group, and the statements that refer to its executions and hooks. */
export interface ControllerStateMachine {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;
  /** lambda:InvokeFunction on the registered hooks, for the hook runner. */
  readonly hookInvoke: GrowingStatement;
  /** StopExecution and DescribeExecution on the rollout executions (given to the rollback Lambda). */
  readonly stopExecution: iam.PolicyStatement;
  /** The rollback Lambda's and the controller's policy with `stopExecution`: rollouts start only once it exists. */
  readonly rollbackStop: iam.Policy;
}

/**
 * Creates the durable rollout state machine in the controller's scope (construct ids stay those of the controller's
 * children), lets it start the hook runner, and lets the rollback Lambda stop its executions.
 */
export function controllerStateMachine(scope: Construct, props: ControllerStateMachineProps): ControllerStateMachine {
  const stack = Stack.of(scope);
  const logGroup = new logs.LogGroup(scope, 'Logs', {
    encryptionKey: props.key,
    retention: logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const stateMachine = new sfn.StateMachine(scope, 'StateMachine', {
    stateMachineType: sfn.StateMachineType.STANDARD,
    definitionBody: sfn.DefinitionBody.fromChainable(rolloutDefinition(scope, props.controllerFunction, props.hookRunnerFunction)),
    logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    tracingEnabled: true,
    comment: 'cdk-mlops variant-level rollouts: durable waits and hooks around the controller\'s decisions',
  });
  // The state machine starts the hook runner; the runner invokes the hooks.
  stateMachine.addToRolePolicy(new iam.PolicyStatement({
    actions: ['lambda:InvokeFunction'], resources: [props.hookRunnerFunction.functionArn],
  }));
  const hookInvoke = new GrowingStatement(['lambda:InvokeFunction'], [props.hookRunnerFunction]);
  acknowledgeWildcards(stateMachine, 'Versions and aliases of the controller function, as aws-cdk-lib\'s LambdaInvoke grants them.',
    new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [`${props.controllerFunction.functionArn}:*`] }));
  acknowledge(stateMachine, 'AwsSolutions-IAM5[Resource::*]', 'Step Functions log delivery (logs:*LogDelivery*, logs:*ResourcePolic*, logs:DescribeLogGroups) and X-Ray (xray:PutTraceSegments, PutTelemetryRecords, GetSampling*) actions are not scoped to resources by IAM.');

  // The rollback Lambda stops the rollout's execution when it has put traffic back.
  const executions = stack.formatArn({
    service: 'states', resource: 'execution', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    resourceName: `${stateMachine.stateMachineName}:*`,
  });
  const stopExecution = new iam.PolicyStatement({ actions: ['states:StopExecution', 'states:DescribeExecution'], resources: [executions] });
  // Both share the executor, which stops a rollout's execution when it ends it. Not in the functions' default
  // policies: the state machine invokes the controller (a reference back would be a dependency cycle), and the
  // controller names the rollback function (hand-off of an undo), so neither function may wait for the state machine.
  const rollbackStop = new iam.Policy(scope, 'RollbackStopExecution', {
    statements: [stopExecution], roles: [props.rollbackFunction.role!, props.controllerFunction.role!],
  });
  acknowledgeWildcards(rollbackStop, 'Executions of the one rollout state machine: their names are generated per rollout at run time.', stopExecution);
  return { stateMachine, logGroup, hookInvoke, stopExecution, rollbackStop };
}
