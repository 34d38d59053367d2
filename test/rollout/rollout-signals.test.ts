/**
 * The controller's signals: alarms on a failed rollback and on weights not applied, the dead-letter queue of the
 * rule that triggers rollbacks (and of the rollback function's failed invocations) with an alarm, and the history
 * table. cfn-lint and cdk-nag run on the template.
 */
import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { DeploymentStrategy, RolloutController, VariantRollout } from '../../lib/rollout';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { blueGreenEndpoint, rolloutFixture } from './fixtures';

afterAll(lintQueuedTemplates);

describe('RolloutController signals and history', () => {
  const f = rolloutFixture('Signals');
  const endpoint = blueGreenEndpoint(f);
  const rollout = new VariantRollout(f.stack, 'Rollout', {
    endpoint, variants: ['blue', 'green'], strategy: DeploymentStrategy.CANARY_10PERCENT_5MINUTES,
  });
  const controller = rollout.controller;
  controller.retainHistoryFor(Duration.days(400));
  const t = synth(f.stack);
  const ref = (c: { node: { defaultChild?: unknown } }) => f.stack.resolve((c.node.defaultChild as { ref: string }).ref);
  const queueArn = () => f.stack.resolve(controller.deadLetterQueue.queueArn);
  const topicRef = f.stack.resolve(controller.topic.topicArn);

  test('a KMS-encrypted dead-letter queue, TLS only, on every rule that routes alarms to the rollback', () => {
    t.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: f.stack.resolve(controller.encryptionKey.keyArn), MessageRetentionPeriod: 14 * 24 * 3600,
    });
    t.hasResourceProperties('AWS::SQS::QueuePolicy', { PolicyDocument: { Statement: Match.arrayWith([
      Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      // EventBridge may send only for the rollback rule (aws:SourceArn), nobody else.
      Match.objectLike({ Effect: 'Allow', Action: 'sqs:SendMessage', Principal: { Service: 'events.amazonaws.com' },
        Condition: { ArnEquals: { 'aws:SourceArn': Match.anyValue() } } }),
    ]) } });
    const rules = Object.values(t.findResources('AWS::Events::Rule', {
      Properties: { EventPattern: { 'detail-type': ['CloudWatch Alarm State Change'] } },
    }));
    expect(rules.length).toBeGreaterThanOrEqual(1);
    for (const rule of rules) {
      expect(rule.Properties.Targets).toEqual([expect.objectContaining({
        Arn: f.stack.resolve(controller.rollbackFunction.functionArn),
        DeadLetterConfig: { Arn: queueArn() },
        RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 },
      })]);
    }
  });

  test('a rollback invocation that fails after Lambda\'s retries goes to the same queue', () => {
    t.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: ref(controller.rollbackFunction), MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: queueArn() } },
    });
  });

  test('alarms on RollbackFailed, WeightsNotApplied (summed over endpoints) and the queue depth notify the topic', () => {
    for (const [metric, period] of [['RollbackFailed', 60], ['WeightsNotApplied', 300]] as const) {
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'CdkMlops/Rollout', MetricName: metric, Statistic: 'Sum', Period: period, Dimensions: Match.absent(),
        Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching', AlarmActions: [topicRef],
      });
    }
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Statistic: 'Maximum', Threshold: 1,
      Dimensions: [{ Name: 'QueueName', Value: f.stack.resolve(controller.deadLetterQueue.queueName) }], AlarmActions: [topicRef],
    });
    expect(f.stack.resolve(controller.rollbackFailedAlarm.alarmArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/RollbackFailedAlarm/), 'Arn'] });
    expect(controller.metricRollbackFailed().metricName).toBe('RollbackFailed');
    expect(controller.metricWeightsNotApplied().namespace).toBe('CdkMlops/Rollout');
    expect(controller.metricNotificationFailed().statistic).toBe('Sum');
  });

  test('metricRollbacks counts failed and stopped (alarm rollback, abort) executions', () => {
    const expr = controller.metricRollbacks().toMetricConfig().mathExpression!;
    expect(expr.expression).toBe('FILL(failed, 0) + FILL(aborted, 0)');
    expect(expr.usingMetrics.failed.toMetricConfig().metricStat!.metricName).toBe('ExecutionsFailed');
    expect(expr.usingMetrics.aborted.toMetricConfig().metricStat!.metricName).toBe('ExecutionsAborted');
  });

  test('a retained history table keyed by endpoint and start, with TTL, written by every writer of the record', () => {
    const [id, table] = Object.entries(t.findResources('AWS::DynamoDB::Table', {
      Properties: { KeySchema: Match.arrayWith([{ AttributeName: 'startKey', KeyType: 'RANGE' }]) },
    }))[0];
    expect(table).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(table.Properties).toMatchObject({
      KeySchema: [{ AttributeName: 'endpointName', KeyType: 'HASH' }, { AttributeName: 'startKey', KeyType: 'RANGE' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler', Description: Match.stringLikeRegexp('rollout controller'),
      Environment: { Variables: Match.objectLike({ ROLLOUT_HISTORY_TABLE_NAME: { Ref: id }, ROLLOUT_HISTORY_TTL_SECONDS: String(400 * 86400) }) },
    });
    // Controller, rollback and deploy-trigger roles may write rows (PutItem), scoped to this table.
    const writers = Object.values(t.findResources('AWS::IAM::Policy')).filter((p) =>
      (p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>).some((s) =>
        [s.Action].flat().includes('dynamodb:PutItem') && JSON.stringify(s.Resource).includes(id)));
    expect(writers.length).toBe(3);
  });

  test('history retention under a day is refused with the fix', () => {
    expect(() => RolloutController.of(f.stack).retainHistoryFor(Duration.hours(2))).toThrow(
      'RolloutController.retainHistoryFor: retention must be at least 1 day, got 2 hours; give e.g. Duration.days(365), or do not call it to keep every row.');
  });

  test('cdk-nag AwsSolutions: no findings', () => {
    expect(nagFindings(f.stack)).toEqual([]);
  });
});
