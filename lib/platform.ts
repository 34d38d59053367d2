import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { AlarmTopic } from './monitoring/alarm-topic';
import { assetPath } from './private/package-paths';
import { BuiltInAlgorithm } from './serving/built-in-algorithm';
import { ContainerImage } from './serving/container-image';
import { ModelEndpoint } from './serving/endpoint';
import { InstanceType } from './serving/instance-type';
import { Model } from './serving/model';
import { ModelData } from './serving/model-data';

export interface MlPlatformProps {
  /**
   * Artifact of the champion model (built-in XGBoost format).
   * @default - the packaged Iris XGBoost model (assets/model/model.tar.gz)
   */
  readonly championModelData?: ModelData;
  /**
   * Artifact of the challenger model, A/B tested against the champion.
   * @default - the packaged Iris XGBoost model
   */
  readonly challengerModelData?: ModelData;
  /**
   * Share of requests the challenger answers, in percent (the A/B split).
   * @default 10
   */
  readonly challengerTrafficPercent?: number;
  /**
   * Instance type of both variants.
   * @default InstanceType.ML_M5_LARGE
   */
  readonly instanceType?: InstanceType;
  /**
   * E-mail address subscribed to alarm notifications.
   * @default - no subscription (subscribe to `alarmTopic` yourself)
   */
  readonly alarmEmail?: string;
  /**
   * What happens to the data buckets when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly dataRemovalPolicy?: RemovalPolicy;
}

/**
 * The whole ML platform with good defaults: a model served by an endpoint with a champion and a challenger
 * variant in an A/B split, data capture of every request and response, and alarms on each variant.
 */
export class MlPlatform extends Construct {
  public readonly endpoint: ModelEndpoint;
  public readonly alarmTopic: sns.ITopic;
  public readonly captureBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: MlPlatformProps = {}) {
    super(scope, id);
    const challengerPercent = props.challengerTrafficPercent ?? 10;
    if (!(challengerPercent >= 0 && challengerPercent <= 100)) {
      throw new Error(`MlPlatform: challengerTrafficPercent is ${challengerPercent}; use a percentage from 0 to 100.`);
    }
    const removalPolicy = props.dataRemovalPolicy ?? RemovalPolicy.RETAIN;
    const packaged = () => ModelData.fromAsset(assetPath('model', 'model.tar.gz'));

    const dataKey = new kms.Key(this, 'DataKey', { enableKeyRotation: true, description: 'cdk-mlops data at rest', removalPolicy });
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED, // S3 server access logging cannot write to KMS-encrypted buckets
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy,
    });
    this.captureBucket = new s3.Bucket(this, 'Capture', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: dataKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'capture/',
      removalPolicy,
    });

    const image = ContainerImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST_1_7);
    const champion = new Model(this, 'Champion', {
      image, modelData: props.championModelData ?? packaged(), networkIsolation: true,
    });
    const challenger = new Model(this, 'Challenger', {
      image, modelData: props.challengerModelData ?? packaged(), networkIsolation: true,
    });

    const topic = new AlarmTopic(this, 'Alarms');
    this.alarmTopic = topic.topic;
    if (props.alarmEmail) {
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }

    const instanceType = props.instanceType ?? InstanceType.ML_M5_LARGE;
    this.endpoint = new ModelEndpoint(this, 'Endpoint', {
      variants: [
        { variantName: 'champion', model: champion, instanceType, initialWeight: 100 - challengerPercent },
        { variantName: 'challenger', model: challenger, instanceType, initialWeight: challengerPercent },
      ],
      dataCapture: { bucket: this.captureBucket, prefix: 'datacapture', samplingPercentage: 100 },
      alarmTopic: this.alarmTopic,
    });
  }
}
