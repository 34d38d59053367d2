import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** What model data resolves to when a model uses it. */
export interface ModelDataConfig {
  /** S3 URL of the model artifact (`s3://bucket/key`). */
  readonly uri: string;
}

/** The model artifact (usually a `model.tar.gz`) that SageMaker loads into the container. */
export abstract class ModelData {
  /** An object in S3; the model's role is granted read on that object only. */
  public static fromBucket(bucket: s3.IBucket, objectKey: string): ModelData {
    if (!Token.isUnresolved(objectKey) && (objectKey.length === 0 || objectKey.startsWith('/'))) {
      throw new Error(`ModelData.fromBucket: objectKey '${objectKey}' is not an S3 object key; pass the key without a leading '/', e.g. 'models/v1/model.tar.gz'.`);
    }
    return new S3ModelData(bucket, objectKey);
  }

  /** A local file (usually a `model.tar.gz`), uploaded as a CDK asset. */
  public static fromAsset(path: string, options: s3assets.AssetOptions = {}): ModelData {
    return new AssetModelData(path, options);
  }

  /** Called by `Model` to resolve the artifact and grant the model's role read access to it. */
  public abstract bind(scope: Construct, grantee: iam.IGrantable): ModelDataConfig;
}

class S3ModelData extends ModelData {
  constructor(private readonly bucket: s3.IBucket, private readonly key: string) {
    super();
  }

  public bind(_scope: Construct, grantee: iam.IGrantable): ModelDataConfig {
    this.bucket.grantRead(grantee, this.key);
    return { uri: this.bucket.s3UrlForObject(this.key) };
  }
}

class AssetModelData extends ModelData {
  private asset?: s3assets.Asset;

  constructor(private readonly path: string, private readonly options: s3assets.AssetOptions) {
    super();
  }

  public bind(scope: Construct, grantee: iam.IGrantable): ModelDataConfig {
    if (!this.asset) {
      this.asset = new s3assets.Asset(scope, 'ModelData', { path: this.path, ...this.options });
    }
    this.asset.grantRead(grantee);
    return { uri: this.asset.s3ObjectUrl };
  }
}
