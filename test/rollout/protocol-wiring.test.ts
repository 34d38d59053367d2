/**
 * What the rollout protocol's handlers need from the stack to work on AWS (issue 18): the deploy trigger reads the
 * stack's own status (cloudformation:DescribeStacks on the stacks whose deploys start rollouts, nothing wider), and
 * the controller hands an undo it could not make to the rollback Lambda (its name in the environment, InvokeFunction
 * on that function only), whose failed asynchronous invocations end in the dead-letter queue an alarm watches.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { ROLLOUT_ENV } from '../../contracts/rollout-env';
import { DeploymentStrategy, VariantRollout } from '../../lib/rollout';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { blueGreenEndpoint, rolloutFixture } from './fixtures';

afterAll(lintQueuedTemplates);

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/** Every statement of the stack's policies that grants `action`, with the roles of its policy. */
function grantsOf(t: Template, action: string): Array<{ statement: Statement; roles: unknown[] }> {
  return Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p) =>
    (p.Properties.PolicyDocument.Statement as Statement[])
      .filter((s) => [s.Action].flat().includes(action))
      .map((statement) => ({ statement, roles: p.Properties.Roles as unknown[] })));
}

function withRollout(id: string, startOnDeploy: boolean) {
  const f = rolloutFixture(id);
  const rollout = new VariantRollout(f.stack, 'Rollout', {
    endpoint: blueGreenEndpoint(f), variants: ['blue', 'green'], strategy: DeploymentStrategy.CANARY_10PERCENT_5MINUTES,
    startOnDeploy,
  });
  return { f, rollout, t: synth(f.stack) };
}

describe('deploy trigger: the stack\'s status is read, not inferred', () => {
  const { f, rollout, t } = withRollout('Wiring', true);
  const ref = (id: string) => ({ Ref: f.stack.getLogicalId(rollout.controller.node.findChild(id).node.defaultChild as never) });

  test('the trigger\'s role, and only it, may DescribeStacks, on this stack (AWS::StackId) only', () => {
    const grants = grantsOf(t, 'cloudformation:DescribeStacks');
    expect(grants).toEqual([{ statement: expect.objectContaining({ Effect: 'Allow', Action: 'cloudformation:DescribeStacks',
      Resource: { Ref: 'AWS::StackId' } }), roles: [ref('TriggerRole')] }]);
  });

  test('cdk-nag AwsSolutions: no findings', () => {
    expect(nagFindings(f.stack)).toEqual([]);
  });
});

describe('deploy trigger without a rollout that starts on deploy', () => {
  test('no stack registers, so the trigger\'s role gets no DescribeStacks at all', () => {
    const { t } = withRollout('NoTrigger', false);
    expect(t.findResources('Custom::CdkMlopsRollout')).toEqual({});
    expect(grantsOf(t, 'cloudformation:DescribeStacks')).toEqual([]);
  });
});

describe('controller: an undo it cannot make is handed to the rollback Lambda', () => {
  const { f, rollout, t } = withRollout('HandOff', true);
  const controller = rollout.controller;
  const logicalId = (fn: { node: { defaultChild?: unknown } }) => f.stack.getLogicalId(fn.node.defaultChild as never);
  const rollbackId = logicalId(controller.rollbackFunction);

  test('the controller\'s environment names the rollback function', () => {
    const fn = t.findResources('AWS::Lambda::Function')[logicalId(controller.controllerFunction)];
    expect(fn.Properties.Environment.Variables[ROLLOUT_ENV.ROLLBACK_FUNCTION]).toEqual({ Ref: rollbackId });
  });

  test('the rollback function does not name itself: a restore it could not make is retried by Lambda, not re-handed', () => {
    const fn = t.findResources('AWS::Lambda::Function')[rollbackId];
    expect(fn.Properties.Environment.Variables).not.toHaveProperty(ROLLOUT_ENV.ROLLBACK_FUNCTION);
  });

  test('InvokeFunction on the rollback function: the controller\'s role only, the unqualified ARN only (no versions, no wildcard)', () => {
    const onRollback = grantsOf(t, 'lambda:InvokeFunction').filter((g) => JSON.stringify(g.statement.Resource).includes(rollbackId));
    expect(onRollback).toEqual([{ statement: expect.objectContaining({ Effect: 'Allow', Action: 'lambda:InvokeFunction',
      Resource: { 'Fn::GetAtt': [rollbackId, 'Arn'] } }),
    roles: [{ Ref: logicalId(controller.controllerFunction.role! as never) }] }]);
  });

  test('the hand-off ends loudly: the rollback\'s failed async invocations go to the dead-letter queue, whose depth alarms', () => {
    const queue = f.stack.resolve(controller.deadLetterQueue.queueArn);
    t.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: rollbackId }, Qualifier: '$LATEST',
      MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: queue } } });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: f.stack.resolve(controller.deadLetterQueue.queueName) }], Threshold: 1,
      AlarmActions: [f.stack.resolve(controller.topic.topicArn)] });
    // Each failed attempt raises ROLLBACK_FAILED (the metric the rollback-failed alarm watches).
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'CdkMlops/Rollout', MetricName: 'RollbackFailed', Threshold: 1,
      AlarmActions: [f.stack.resolve(controller.topic.topicArn)] });
  });

  test('the rollback and the controller may stop the rollout executions, and the trigger starts rollouts only once they may', () => {
    // Both end rollouts through the executor, which stops the execution; the drain guard ends none and may not.
    const roles = [controller.rollbackFunction, controller.controllerFunction].map((fn) => ({ Ref: logicalId(fn.role! as never) }));
    const stops = grantsOf(t, 'states:StopExecution').filter((g) => JSON.stringify(g.roles) === JSON.stringify(roles));
    expect(stops).toHaveLength(1);
    const [policyId] = Object.entries(t.findResources('AWS::IAM::Policy')).find(([, p]) =>
      JSON.stringify(p.Properties.Roles) === JSON.stringify(roles) && JSON.stringify(p).includes('states:StopExecution'))!;
    const onEvent = Object.values(t.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.onEvent' } }));
    expect(onEvent).toHaveLength(1);
    expect(onEvent[0].DependsOn).toContain(policyId);
  });

  test('the controller\'s role invokes no other function', () => {
    const controllerRole = { Ref: logicalId(controller.controllerFunction.role! as never) };
    const invokes = grantsOf(t, 'lambda:InvokeFunction').filter((g) => JSON.stringify(g.roles) === JSON.stringify([controllerRole]));
    expect(invokes.map((g) => g.statement.Resource)).toEqual([{ 'Fn::GetAtt': [rollbackId, 'Arn'] }]);
  });

  test('cdk-nag AwsSolutions: no findings', () => {
    expect(nagFindings(f.stack)).toEqual([]);
  });
});
