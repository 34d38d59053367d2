import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** Properties of an `AlarmTopic`. */
export interface AlarmTopicProps {
  /**
   * KMS key the topic is encrypted with. CloudWatch must be allowed to use it (done here for a new key).
   * @default - a new key with rotation
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Display name of the topic.
   * @default 'cdk-mlops alarms'
   */
  readonly displayName?: string;
}

/**
 * An SNS topic for alarm notifications, encrypted with a customer-managed KMS key that CloudWatch alarms may
 * use (the AWS-managed `alias/aws/sns` key cannot be used by CloudWatch, so alarms would silently not notify).
 */
export class AlarmTopic extends Construct {
  /**
   * The stack's shared alarm topic (created on first use): endpoints without an `alarmTopic` of their own notify
   * it, so a stack of many endpoints has one topic and one key rather than one per endpoint.
   */
  public static ofStack(scope: Construct): AlarmTopic {
    const stack = Stack.of(scope);
    const id = 'CdkMlopsAlarmTopic';
    return (stack.node.tryFindChild(id) as AlarmTopic | undefined) ?? new AlarmTopic(stack, id);
  }

  /** The SNS topic alarms notify (subscribe e-mail, chat or paging to it). */
  public readonly topic: sns.Topic;
  /** The KMS key the topic is encrypted with (CloudWatch and EventBridge may use it). */
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
      enableKeyRotation: true,
      description: 'cdk-mlops alarm notifications',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    if (!props.encryptionKey) {
      this.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com'), new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }));
    }
    this.topic = new sns.Topic(this, 'Resource', {
      displayName: props.displayName ?? 'cdk-mlops alarms',
      masterKey: this.encryptionKey,
      enforceSSL: true,
    });
  }
}
