import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  HISTORY_PARTITION_KEY, HISTORY_SORT_KEY, HISTORY_TTL_ATTRIBUTE,
} from '../../../contracts/rollout-history';
import { ROLLOUT_METRIC_NAMESPACE, ROLLOUT_METRICS } from '../../../contracts/rollout-env';
import { acknowledge } from '../../private/nag';

/** A handler metric summed over all endpoints (the handlers also publish it without dimensions). */
export function rolloutMetric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: ROLLOUT_METRIC_NAMESPACE, metricName, statistic: 'Sum', period: Duration.minutes(1), ...props,
  });
}

export interface RolloutSignals {
  readonly deadLetterQueue: sqs.Queue;
  readonly rollbackFailedAlarm: cloudwatch.Alarm;
  readonly weightsNotAppliedAlarm: cloudwatch.Alarm;
  readonly deadLetterAlarm: cloudwatch.Alarm;
}

/**
 * The alarms that make a rollback's failure loud, and where lost rollback events go: a KMS-encrypted dead-letter
 * queue for alarm events EventBridge could not deliver and for rollback invocations that failed after Lambda's own
 * retries, with an alarm on its depth. Every alarm notifies `topic`.
 */
export function rolloutSignals(scope: Construct, props: { key: kms.IKey; topic: sns.ITopic; rollbackFunction: lambda.Function }):
RolloutSignals {
  const deadLetterQueue = new sqs.Queue(scope, 'RollbackDeadLetters', {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: props.key,
    enforceSSL: true,
    // Long enough for an operator to read a lost event after the alarm; goes with the key that encrypts it.
    retentionPeriod: Duration.days(14),
    removalPolicy: RemovalPolicy.DESTROY,
  });
  acknowledge(deadLetterQueue, 'AwsSolutions-SQS3', 'This queue is itself the dead-letter queue of the rollback rule and function.');
  // A rollback that failed after Lambda's two asynchronous retries is kept, not dropped.
  props.rollbackFunction.configureAsyncInvoke({
    onFailure: new destinations.SqsDestination(deadLetterQueue), retryAttempts: 2, maxEventAge: Duration.hours(1),
  });
  const action = new actions.SnsAction(props.topic);
  const alarm = (id: string, metric: cloudwatch.IMetric, description: string) => {
    const a = new cloudwatch.Alarm(scope, id, {
      metric, threshold: 1, evaluationPeriods: 1, datapointsToAlarm: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING, alarmDescription: description,
    });
    a.addAlarmAction(action);
    return a;
  };
  return {
    deadLetterQueue,
    rollbackFailedAlarm: alarm('RollbackFailedAlarm', rolloutMetric(ROLLOUT_METRICS.ROLLBACK_FAILED),
      'cdk-mlops: a rollback could not put all traffic back on the stable variant; the candidate may still serve. ' +
      'Read the "Rollout Rollback Failed" event or the ROLLBACK_FAILED log line, then run: npx cdk-mlops rollout abort <endpoint>'),
    weightsNotAppliedAlarm: alarm('WeightsNotAppliedAlarm', rolloutMetric(ROLLOUT_METRICS.WEIGHTS_NOT_APPLIED, { period: Duration.minutes(5) }),
      'cdk-mlops: an endpoint settled on other weights than a rollout ordered (SageMaker rolled the change back or refused it)'),
    deadLetterAlarm: alarm('RollbackDeadLetterAlarm', deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      statistic: 'Maximum', period: Duration.minutes(1),
    }), 'cdk-mlops: an alarm event never reached the rollback Lambda, or the rollback kept failing; the message in the ' +
      'dead-letter queue names the alarm'),
  };
}

/** Every rollout ever run, one row each (contracts/rollout-history.ts); rows expire only when a TTL is set. */
export function historyTable(scope: Construct): dynamodb.Table {
  return new dynamodb.Table(scope, 'History', {
    partitionKey: { name: HISTORY_PARTITION_KEY, type: dynamodb.AttributeType.STRING },
    sortKey: { name: HISTORY_SORT_KEY, type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    timeToLiveAttribute: HISTORY_TTL_ATTRIBUTE,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/**
 * The controller's key: encrypts the notification topic, the state machine's logs and the dead-letter queue.
 * SNS (as an alarm or rule target), EventBridge (into the queue) and CloudWatch Logs use it for this account only.
 */
export function rolloutKey(scope: Construct): kms.Key {
  const stack = Stack.of(scope);
  const key = new kms.Key(scope, 'Key', {
    enableKeyRotation: true,
    description: 'cdk-mlops rollout notifications and state machine logs',
    removalPolicy: RemovalPolicy.DESTROY,
  });
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com'), new iam.ServicePrincipal('events.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
  }));
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` } },
  }));
  return key;
}
