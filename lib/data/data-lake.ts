import { Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DataLakeAttributes, DataLakeBase, IDataLake } from './data-lake-base';
import { LakeFormationOptions, LakeFormationRegistration } from './lake-formation';
import { LakeLifecycle, renderLifecycle } from './lake-lifecycle';
import { LakeZone } from './lake-zone';
import { acknowledge } from '../private/nag';
import { dataRemovalPolicy } from '../private/removal-policy';
import { lakeBucketProps } from './private/lake-bucket';
import { requireProps } from '../private/validation/checks';
import { toCatalogName, validateBucketName, validateCatalogName } from './private/validate';
import { checkBucketName } from '../private/validation/aws-rules';

/** Properties of a DataLake. */
export interface DataLakeProps {
  /**
   * The KMS key that encrypts every lake bucket (and that the ETL jobs, warehouse and alarms of this library reuse).
   * @default - a new customer-managed key with yearly rotation
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Prefix of the bucket names: buckets are named `<prefix>-raw`, `<prefix>-curated`, `<prefix>-features`,
   * `<prefix>-monitoring` and `<prefix>-access-logs`. Must satisfy S3 naming rules.
   * @default - CloudFormation generates unique bucket names
   */
  readonly bucketNamePrefix?: string;
  /**
   * Prefix of the Glue database names: one database per zone, named `<prefix>_<zone>` (e.g. `sales_curated`).
   * Lowercase letters, digits and underscores only, so Athena needs no quoting.
   * @default - derived from the construct path, e.g. `mystack_datalake_1a2b3c4d`
   */
  readonly databaseNamePrefix?: string;
  /**
   * Storage-class transitions and expiry of lake objects (every bucket).
   * @default - no transitions or expiry; noncurrent versions expire after 90 days
   */
  readonly lifecycle?: LakeLifecycle;
  /**
   * What happens to the buckets, their objects and the key when they leave the stack. `RemovalPolicy.DESTROY`
   * deletes them (objects included) only when the app's context flag `@cdk-mlops/core:removeDataOnDestroy` is
   * true too; without the flag the data is retained and synth warns. Meant for test environments: data cannot be
   * recreated.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Register the zone buckets with AWS Lake Formation.
   * @default - not registered; access is governed by IAM only
   */
  readonly lakeFormation?: LakeFormationOptions;
}

/**
 * A data lake: one KMS-encrypted, versioned, TLS-only bucket per zone (raw, curated, features) plus a monitoring
 * bucket holding the data-capture, predictions and ground-truth areas under prefixes; a server-access-log bucket;
 * a Glue Data Catalog database per zone; lifecycle rules; optional Lake Formation registration.
 */
export class DataLake extends DataLakeBase {
  /**
   * Imports an existing lake (its buckets, key and database prefix) so that ETL jobs, warehouses and grants can use it.
   * @param scope the scope of the import
   * @param id the import's id
   * @param attrs the existing lake's resources
   */
  public static fromDataLakeAttributes(scope: Construct, id: string, attrs: DataLakeAttributes): IDataLake {
    requireProps(`DataLake.fromDataLakeAttributes '${scope.node.path}/${id}'`, attrs,
      ['rawBucket', 'curatedBucket', 'featuresBucket', 'monitoringBucket', 'encryptionKey', 'databaseNamePrefix']);
    validateCatalogName(`DataLake.fromDataLakeAttributes '${id}'`, 'databaseNamePrefix', attrs.databaseNamePrefix, 200);
    const buckets: Record<string, s3.IBucket> = {
      raw: attrs.rawBucket, curated: attrs.curatedBucket, features: attrs.featuresBucket, monitoring: attrs.monitoringBucket,
    };
    class Import extends DataLakeBase {
      public readonly encryptionKey = attrs.encryptionKey;
      public readonly accessLogsBucket = attrs.accessLogsBucket;
      // An imported lake's data is never this app's to delete.
      public readonly removalPolicy = RemovalPolicy.RETAIN;
      protected readonly databasePrefix = attrs.databaseNamePrefix;
      public bucket(zone: LakeZone): s3.IBucket {
        return buckets[zone.bucketKey];
      }
    }
    return new Import(scope, id);
  }

  /** The key that encrypts the lake. */
  public readonly encryptionKey: kms.IKey;
  /** Bucket receiving the S3 server access logs of every lake bucket. */
  public readonly accessLogsBucket?: s3.IBucket;
  /** The removal policy applied to lake buckets and to the key they are encrypted with. */
  public readonly removalPolicy: RemovalPolicy;
  /** The Lake Formation registration, when `lakeFormation` was set. */
  public readonly lakeFormation?: LakeFormationRegistration;

  private readonly buckets = new Map<string, s3.Bucket>();
  private readonly databases = new Map<string, glue.CfnDatabase>();
  protected readonly databasePrefix: string;

  constructor(scope: Construct, id: string, props: DataLakeProps = {}) {
    super(scope, id);
    // Deliver server access logs through a bucket policy, not ACLs (the lake buckets disable ACLs), whatever the
    // app's feature flags say. Must be set before any child is created.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const owner = `DataLake '${this.node.path}'`;
    if (props.bucketNamePrefix !== undefined) {
      // The longest suffix must fit in 63 characters too.
      validateBucketName(owner, 'bucketNamePrefix', props.bucketNamePrefix);
      validateBucketName(owner, 'bucketNamePrefix', `${props.bucketNamePrefix}-access-logs`);
      // S3's reserved prefixes and suffixes, and cfn-lint's bucket name rule, on every bucket name the lake makes.
      for (const zone of ['raw', 'curated', 'features', 'monitoring', 'access-logs']) checkBucketName(owner, 'bucketNamePrefix', `${props.bucketNamePrefix}-${zone}`);
    }
    this.databasePrefix = props.databaseNamePrefix
      ?? toCatalogName(Names.uniqueResourceName(this, { maxLength: 48, separator: '_' }));
    validateCatalogName(owner, 'databaseNamePrefix', this.databasePrefix, 200);
    const lifecycleRule = renderLifecycle(owner, props.lifecycle);

    this.removalPolicy = dataRemovalPolicy(this, owner, props.removalPolicy);
    const destroy = this.removalPolicy === RemovalPolicy.DESTROY;

    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: `Encrypts the data lake ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: this.removalPolicy,
      pendingWindow: Duration.days(30),
    });

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      bucketName: props.bucketNamePrefix ? `${props.bucketNamePrefix}-access-logs` : undefined,
      // S3 server access logging can only deliver to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [lifecycleRule],
      removalPolicy: this.removalPolicy,
      autoDeleteObjects: destroy,
    });
    acknowledge(accessLogs, 'AwsSolutions-S1', 'This is the server-access-log bucket itself; logging it into itself would loop.');
    this.accessLogsBucket = accessLogs;

    for (const key of ['raw', 'curated', 'features', 'monitoring']) {
      const bucket = new s3.Bucket(this, `${key[0].toUpperCase()}${key.slice(1)}Bucket`, {
        bucketName: props.bucketNamePrefix ? `${props.bucketNamePrefix}-${key}` : undefined,
        ...lakeBucketProps(this.encryptionKey, accessLogs, `${key}/`),
        lifecycleRules: [lifecycleRule],
        removalPolicy: this.removalPolicy,
        autoDeleteObjects: destroy,
      });
      // EventBridge notifications set on the L1 (the L2 flag adds a Lambda-backed custom resource): ETL jobs start
      // on "Object Created" events.
      (bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
        eventBridgeConfiguration: { eventBridgeEnabled: true },
      };
      this.buckets.set(key, bucket);
    }
    if (destroy) this.acknowledgeAutoDeleteProvider();

    for (const zone of LakeZone.all()) {
      const db = new glue.CfnDatabase(this, `${pascal(zone.name)}Database`, {
        catalogId: Stack.of(this).account,
        databaseInput: {
          name: this.databaseName(zone),
          description: `cdk-mlops data lake zone '${zone.name}' (${this.node.path})`,
          locationUri: this.s3Uri(zone),
        },
      });
      this.databases.set(zone.name, db);
    }

    if (props.lakeFormation) {
      this.lakeFormation = new LakeFormationRegistration(this, 'LakeFormation', {
        lake: this,
        buckets: [...this.buckets.values()],
        options: props.lakeFormation,
      });
    }
  }

  /**
   * The bucket that holds a zone (the three monitoring areas share one bucket).
   * @param zone the zone
   */
  public bucket(zone: LakeZone): s3.IBucket {
    return this.buckets.get(zone.bucketKey)!;
  }

  /**
   * The Glue database resource of a zone (to add dependencies on it).
   * @param zone the zone
   */
  public database(zone: LakeZone): glue.CfnDatabase {
    return this.databases.get(zone.name)!;
  }

  /** The CDK-provided auto-delete handler only exists when data destruction was opted into. */
  private acknowledgeAutoDeleteProvider(): void {
    const provider = Stack.of(this).node.tryFindChild('Custom::S3AutoDeleteObjectsCustomResourceProvider');
    if (!provider) return;
    acknowledge(provider, 'AwsSolutions-IAM4',
      'aws-cdk-lib auto-delete-objects provider uses AWSLambdaBasicExecutionRole for its logs; present only with removalPolicy DESTROY.');
    acknowledge(provider, 'AwsSolutions-L1',
      'The runtime of the aws-cdk-lib auto-delete-objects provider is chosen by aws-cdk-lib; present only with removalPolicy DESTROY.');
  }
}

function pascal(name: string): string {
  return name.split('_').map((p) => p[0].toUpperCase() + p.slice(1)).join('');
}

