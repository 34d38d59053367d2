import { Duration, Names, RemovalPolicy, Size, Stack, Token } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { IDataLake } from './data-lake-base';
import { LakeZone } from './lake-zone';
import { lakeBucketProps } from './private/lake-bucket';
import { invalid } from './private/validate';
import { AthenaEngineOptions } from './warehouse-engine';
import { requireProps } from '../private/validation/checks';

/** Properties of an AthenaWorkgroup. */
export interface AthenaWorkgroupProps extends AthenaEngineOptions {
  /** The lake whose key, access-log bucket and removal policy the results bucket reuses. */
  readonly lake: IDataLake;
}

/**
 * An Athena workgroup the library can run queries in (implemented by `AthenaWorkgroup`; an existing one with
 * `AthenaWorkgroup.fromWorkgroupAttributes`).
 */
export interface IAthenaWorkgroup extends IConstruct {
  /** Name of the workgroup. */
  readonly workGroupName: string;
  /** The bucket the workgroup writes query results to. */
  readonly resultsBucket: s3.IBucket;
  /** The key prefix of query results in `resultsBucket` (the workgroup's output location), ending with '/'. */
  readonly resultsPrefix: string;
  /**
   * Lets a principal run queries in this workgroup over the given zones: Athena query actions on the workgroup,
   * the results, the zones' objects and catalog entries.
   * @param grantee the principal
   * @param zones lake zones whose data and catalog the queries read (default curated and features)
   */
  grantQuery(grantee: iam.IGrantable, zones?: LakeZone[]): iam.Grant;
}

/** An existing Athena workgroup, for `AthenaWorkgroup.fromWorkgroupAttributes`. */
export interface AthenaWorkgroupAttributes {
  /** Name of the workgroup. */
  readonly workGroupName: string;
  /** The bucket of its output location (with its `encryptionKey` when SSE-KMS, so grants include the key). */
  readonly resultsBucket: s3.IBucket;
  /**
   * The key prefix of its output location in `resultsBucket`.
   * @default 'results/'
   */
  readonly resultsPrefix?: string;
  /** The lake whose zones the queries read (its objects and catalog are granted by `grantQuery`). */
  readonly lake: IDataLake;
}

/**
 * An Athena workgroup whose settings users cannot override: results go to a dedicated KMS-encrypted bucket
 * (SSE_KMS with the lake key), a per-query scan limit applies, engine version 3, CloudWatch metrics on.
 */
export class AthenaWorkgroup extends Construct implements IAthenaWorkgroup {
  /**
   * An existing workgroup (created outside this app, or by another stack): queries run in it and their results are
   * read from `s3://<resultsBucket>/<resultsPrefix>`. Its settings are not checked; enforce them in the workgroup.
   * @param scope the parent construct
   * @param id the construct id
   * @param attrs the workgroup's name, results location and lake
   */
  public static fromWorkgroupAttributes(scope: Construct, id: string, attrs: AthenaWorkgroupAttributes): IAthenaWorkgroup {
    requireProps(`AthenaWorkgroup.fromWorkgroupAttributes '${scope.node.path}/${id}'`, attrs, ['workGroupName', 'resultsBucket', 'lake']);
    const resultsPrefix = attrs.resultsPrefix ?? 'results/';
    if (!Token.isUnresolved(resultsPrefix) && (resultsPrefix.startsWith('/') || !resultsPrefix.endsWith('/'))) {
      invalid(`AthenaWorkgroup.fromWorkgroupAttributes '${scope.node.path}/${id}'`, 'resultsPrefix', resultsPrefix,
        "Give the key prefix without a leading '/' and ending with '/', e.g. 'results/'.");
    }
    class Imported extends Construct implements IAthenaWorkgroup {
      public readonly workGroupName = attrs.workGroupName;
      public readonly resultsBucket = attrs.resultsBucket;
      public readonly resultsPrefix = resultsPrefix;
      public grantQuery(grantee: iam.IGrantable, zones: LakeZone[] = [LakeZone.CURATED, LakeZone.FEATURES]): iam.Grant {
        return grantWorkgroupQuery(this, grantee, this.workGroupName, this.resultsBucket, this.resultsPrefix, attrs.lake, zones);
      }
    }
    return new Imported(scope, id);
  }

  /** The workgroup. */
  public readonly workGroup: athena.CfnWorkGroup;
  /** Name of the workgroup. */
  public readonly workGroupName: string;
  /** The bucket holding query results. */
  public readonly resultsBucket: s3.IBucket;
  /** The key prefix of query results in `resultsBucket`. */
  public readonly resultsPrefix: string = 'results/';
  private readonly lake: IDataLake;

  constructor(scope: Construct, id: string, props: AthenaWorkgroupProps) {
    requireProps(`AthenaWorkgroup '${scope.node.path}/${id}'`, props, ['lake']);
    super(scope, id);
    this.lake = props.lake;
    const owner = `AthenaWorkgroup '${this.node.path}'`;
    const name = props.workGroupName ?? Names.uniqueResourceName(this, { maxLength: 128, allowedSpecialCharacters: '-_.' });
    if (!Token.isUnresolved(name) && !/^[a-zA-Z0-9._-]{1,128}$/.test(name)) {
      invalid(owner, 'workGroupName', name, "Athena workgroup names are 1-128 letters, digits, '.', '_' or '-'.");
    }
    const cutoff = props.bytesScannedCutoffPerQuery ?? Size.gibibytes(100);
    const cutoffBytes = cutoff.toBytes();
    if (!Token.isUnresolved(cutoffBytes) && cutoffBytes < 10_000_000) {
      invalid(owner, 'bytesScannedCutoffPerQuery', `${cutoffBytes} bytes`, 'Athena requires at least 10 MB (Size.mebibytes(10)).');
    }
    const retention = props.resultsRetention ?? Duration.days(30);
    const destroy = props.lake.removalPolicy === RemovalPolicy.DESTROY;

    this.resultsBucket = new s3.Bucket(this, 'ResultsBucket', {
      ...lakeBucketProps(props.lake.encryptionKey, props.lake.accessLogsBucket, 'athena-results/'),
      lifecycleRules: [{
        id: 'ExpireQueryResults',
        expiration: retention,
        noncurrentVersionExpiration: Duration.days(1),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      }],
      removalPolicy: props.lake.removalPolicy,
      autoDeleteObjects: destroy,
    });

    this.workGroup = new athena.CfnWorkGroup(this, 'Resource', {
      name,
      description: `Analyst workgroup over the data lake ${props.lake.node.path}`,
      state: 'ENABLED',
      recursiveDeleteOption: destroy,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: cutoffBytes,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${this.resultsBucket.bucketName}/${this.resultsPrefix}`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.lake.encryptionKey.keyArn },
          expectedBucketOwner: Stack.of(this).account,
        },
      },
    });
    this.workGroupName = this.workGroup.ref;
  }

  /**
   * Lets a principal run queries in this workgroup over the given zones: Athena query actions on the workgroup,
   * the results bucket, the zones' objects and catalog entries.
   */
  public grantQuery(grantee: iam.IGrantable, zones: LakeZone[] = [LakeZone.CURATED, LakeZone.FEATURES]): iam.Grant {
    return grantWorkgroupQuery(this, grantee, this.workGroupName, this.resultsBucket, this.resultsPrefix, this.lake, zones);
  }
}

/** Athena query actions on one workgroup, its results prefix, and the zones' objects and catalog entries. */
function grantWorkgroupQuery(scope: Construct, grantee: iam.IGrantable, workGroupName: string, resultsBucket: s3.IBucket,
  resultsPrefix: string, lake: IDataLake, zones: LakeZone[]): iam.Grant {
  const stack = Stack.of(scope);
  const grant = iam.Grant.addToPrincipal({
    grantee,
    actions: ['athena:StartQueryExecution', 'athena:StopQueryExecution', 'athena:GetQueryExecution',
      'athena:GetQueryResults', 'athena:GetQueryResultsStream', 'athena:ListQueryExecutions', 'athena:GetWorkGroup',
      'athena:BatchGetQueryExecution'],
    resourceArns: [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: workGroupName })],
  });
  resultsBucket.grantReadWrite(grantee, `${resultsPrefix}*`);
  for (const zone of zones) {
    lake.grantRead(grantee, zone);
    lake.grantCatalogRead(grantee, zone);
  }
  return grant;
}
