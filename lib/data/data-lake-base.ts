import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { LakeZone } from './lake-zone';
import { checkS3Prefix } from '../private/validation/s3-prefixes';

/**
 * A data lake: a bucket (and key prefix) and a Glue database per zone, one KMS key. Implemented by `DataLake`, and
 * by an existing lake imported with `DataLake.fromDataLakeAttributes`.
 */
export interface IDataLake extends IConstruct {
  /** The key that encrypts the lake's buckets. */
  readonly encryptionKey: kms.IKey;
  /**
   * Bucket receiving S3 server access logs (constructs that add buckets to the lake log there too).
   * @default - none known (imported lake without one)
   */
  readonly accessLogsBucket?: s3.IBucket;
  /** The removal policy of the lake's data; constructs that add data to the lake (query results, logs) follow it. */
  readonly removalPolicy: RemovalPolicy;

  /**
   * The bucket that holds a zone.
   * @param zone the zone
   */
  bucket(zone: LakeZone): s3.IBucket;
  /** Bucket of the raw zone (`bucket(LakeZone.RAW)`). */
  readonly rawBucket: s3.IBucket;
  /** Bucket of the curated zone (`bucket(LakeZone.CURATED)`). */
  readonly curatedBucket: s3.IBucket;
  /** Bucket of the features zone (`bucket(LakeZone.FEATURES)`). */
  readonly featuresBucket: s3.IBucket;
  /** Bucket of the data-capture, predictions and ground-truth areas (`bucket(LakeZone.DATA_CAPTURE)`). */
  readonly monitoringBucket: s3.IBucket;
  /**
   * `s3://bucket/prefix/` of a zone, optionally with a sub-path appended (e.g. a dataset folder).
   * @param zone the zone
   * @param subPath a path under the zone, e.g. `orders/`
   */
  s3Uri(zone: LakeZone, subPath?: string): string;
  /**
   * Name of the Glue database of a zone.
   * @param zone the zone
   */
  databaseName(zone: LakeZone): string;
  /**
   * ARNs of the Glue catalog, the zone's database and its tables (for IAM statements).
   * @param zone the zone
   */
  catalogArns(zone: LakeZone): string[];
  /**
   * Lets a principal read objects of one zone (and decrypt them), optionally only under `subPath`.
   * @param grantee the principal
   * @param zone the zone
   * @param subPath a path under the zone, e.g. `orders/`
   */
  grantRead(grantee: iam.IGrantable, zone: LakeZone, subPath?: string): iam.Grant;
  /**
   * Lets a principal write and delete objects of one zone (and encrypt them), optionally only under `subPath`.
   * @param grantee the principal
   * @param zone the zone
   * @param subPath a path under the zone
   */
  grantWrite(grantee: iam.IGrantable, zone: LakeZone, subPath?: string): iam.Grant;
  /**
   * Lets a principal read, write and delete objects of one zone, optionally only under `subPath`.
   * @param grantee the principal
   * @param zone the zone
   * @param subPath a path under the zone
   */
  grantReadWrite(grantee: iam.IGrantable, zone: LakeZone, subPath?: string): iam.Grant;
  /**
   * Lets a principal read the Glue catalog entries (database, tables, partitions) of one zone.
   * @param grantee the principal
   * @param zone the zone
   */
  grantCatalogRead(grantee: iam.IGrantable, zone: LakeZone): iam.Grant;
  /**
   * Lets a principal create and update tables and partitions in the Glue database of one zone (as ETL jobs do).
   * @param grantee the principal
   * @param zone the zone
   */
  grantCatalogWrite(grantee: iam.IGrantable, zone: LakeZone): iam.Grant;
}

/** Attributes of an existing data lake, for `DataLake.fromDataLakeAttributes`. */
export interface DataLakeAttributes {
  /** The key that encrypts the lake's buckets. */
  readonly encryptionKey: kms.IKey;
  /** Bucket of the raw zone. */
  readonly rawBucket: s3.IBucket;
  /** Bucket of the curated zone. */
  readonly curatedBucket: s3.IBucket;
  /** Bucket of the features zone. */
  readonly featuresBucket: s3.IBucket;
  /** Bucket of the data-capture, predictions and ground-truth areas (under the prefixes of `LakeZone`). */
  readonly monitoringBucket: s3.IBucket;
  /** Prefix of the Glue database names: zone databases are `<prefix>_<zone>`, e.g. `sales_curated`. */
  readonly databaseNamePrefix: string;
  /**
   * Bucket receiving S3 server access logs.
   * @default - none: buckets added by other constructs log to no bucket of the lake
   */
  readonly accessLogsBucket?: s3.IBucket;
}

/** What every data lake, created or imported, does from its buckets and database prefix. */
export abstract class DataLakeBase extends Construct implements IDataLake {
  /** The key that encrypts the lake's buckets. */
  public abstract readonly encryptionKey: kms.IKey;
  /** Bucket receiving S3 server access logs, when known. */
  public abstract readonly accessLogsBucket?: s3.IBucket;
  /** The removal policy of the lake's data. */
  public abstract readonly removalPolicy: RemovalPolicy;
  /** Prefix of the zone databases' names. */
  protected abstract readonly databasePrefix: string;

  /**
   * The bucket that holds a zone (the three monitoring areas share one bucket).
   * @param zone the zone
   */
  public abstract bucket(zone: LakeZone): s3.IBucket;

  /** Bucket of the raw zone. */
  public get rawBucket(): s3.IBucket { return this.bucket(LakeZone.RAW); }
  /** Bucket of the curated zone. */
  public get curatedBucket(): s3.IBucket { return this.bucket(LakeZone.CURATED); }
  /** Bucket of the features zone. */
  public get featuresBucket(): s3.IBucket { return this.bucket(LakeZone.FEATURES); }
  /** Bucket of the data-capture, predictions and ground-truth areas. */
  public get monitoringBucket(): s3.IBucket { return this.bucket(LakeZone.DATA_CAPTURE); }

  /**
   * `s3://bucket/prefix/` of a zone, optionally with a sub-path appended (e.g. a dataset folder).
   * @param zone the zone
   * @param subPath a path under the zone, e.g. `orders/`
   */
  public s3Uri(zone: LakeZone, subPath: string = ''): string {
    this.checkSubPath(subPath);
    return `s3://${this.bucket(zone).bucketName}/${zone.prefix}${subPath}`;
  }

  /**
   * Name of the Glue database of a zone.
   * @param zone the zone
   */
  public databaseName(zone: LakeZone): string {
    return `${this.databasePrefix}_${zone.name}`;
  }

  /**
   * Lets a principal read objects of one zone (and decrypt them), optionally only under `subPath`.
   * @param grantee the principal
   * @param zone the zone
   * @param subPath a path under the zone, e.g. `orders/`
   */
  public grantRead(grantee: iam.IGrantable, zone: LakeZone, subPath: string = ''): iam.Grant {
    this.checkSubPath(subPath);
    return this.bucket(zone).grantRead(grantee, `${zone.prefix}${subPath}*`);
  }

  /**
   * Lets a principal write and delete objects of one zone (and encrypt them), optionally only under `subPath`.
   * @param grantee the principal
   * @param zone the zone
   * @param subPath a path under the zone
   */
  public grantWrite(grantee: iam.IGrantable, zone: LakeZone, subPath: string = ''): iam.Grant {
    this.checkSubPath(subPath);
    return this.bucket(zone).grantWrite(grantee, `${zone.prefix}${subPath}*`);
  }

  /**
   * Lets a principal read, write and delete objects of one zone, optionally only under `subPath`.
   * @param grantee the principal
   * @param zone the zone
   * @param subPath a path under the zone
   */
  public grantReadWrite(grantee: iam.IGrantable, zone: LakeZone, subPath: string = ''): iam.Grant {
    this.checkSubPath(subPath);
    return this.bucket(zone).grantReadWrite(grantee, `${zone.prefix}${subPath}*`);
  }

  /**
   * Lets a principal read the Glue catalog entries (database, tables, partitions) of one zone.
   * @param grantee the principal
   * @param zone the zone
   */
  public grantCatalogRead(grantee: iam.IGrantable, zone: LakeZone): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition',
        'glue:GetPartitions', 'glue:BatchGetPartition'],
      resourceArns: this.catalogArns(zone),
    });
  }

  /**
   * Lets a principal create and update tables and partitions in the Glue database of one zone (as ETL jobs do).
   * @param grantee the principal
   * @param zone the zone
   */
  public grantCatalogWrite(grantee: iam.IGrantable, zone: LakeZone): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['glue:CreateTable', 'glue:UpdateTable', 'glue:CreatePartition', 'glue:UpdatePartition',
        'glue:BatchCreatePartition', 'glue:BatchUpdatePartition'],
      resourceArns: this.catalogArns(zone),
    });
  }

  /**
   * ARNs of the Glue catalog, the zone's database and its tables.
   * @param zone the zone
   */
  public catalogArns(zone: LakeZone): string[] {
    const stack = Stack.of(this);
    const db = this.databaseName(zone);
    const arn = (resource: string, resourceName?: string) => stack.formatArn({ service: 'glue', resource, resourceName });
    return [arn('catalog'), arn('database', db), arn('table', `${db}/*`)];
  }

  /** A sub-path is relative and has no empty folder: '/orders/' would grant `raw//orders/*`, which matches no key. */
  private checkSubPath(subPath: string): void {
    checkS3Prefix(`DataLake '${this.node.path}'`, 'subPath', subPath, 'either', 'orders/');
  }
}
