import { Duration } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { IDataLake } from './data-lake-base';
import { LakeZone } from './lake-zone';
import { bindCode, DATA_METRICS_NAMESPACE, glueJobSupport, validateJobLimits } from './private/glue-job-support';
import { acknowledgeWildcards } from '../private/nag';
import { invalid, validateCatalogName } from './private/validate';
import { assetPath } from '../private/package-paths';
import { validateColumns } from './private/validate-columns';
import { validateGlueJob } from './private/validate-glue';
import { requireProps } from '../private/validation/checks';

/** Where a streaming job starts reading a stream it has no checkpoint for. */
export enum StreamStartingPosition {
  /** Only records that arrive after the job starts. */
  LATEST = 'LATEST',
  /** The oldest record the stream still holds. */
  TRIM_HORIZON = 'TRIM_HORIZON',
}

/** Properties of a StreamingEtlJob. */
export interface StreamingEtlJobProps {
  /** The lake to write to. */
  readonly lake: IDataLake;
  /** The Kinesis Data Stream of JSON records to read. */
  readonly stream: kinesis.IStream;
  /** Dataset name: records are written under `<dataset>/year=/month=/day=/` of the target zone. */
  readonly dataset: string;
  /**
   * Zone written to.
   * @default LakeZone.CURATED
   */
  readonly targetZone?: LakeZone;
  /**
   * Column types (see EtlJobProps.columns).
   * @default - inferred types
   */
  readonly columns?: { [column: string]: string };
  /**
   * Micro-batch window: how often records are written (1 second to 1 hour).
   * @default Duration.seconds(60)
   */
  readonly windowSize?: Duration;
  /**
   * Where to start without a checkpoint.
   * @default StreamStartingPosition.TRIM_HORIZON
   */
  readonly startingPosition?: StreamStartingPosition;
  /**
   * Glue retries when the job fails (0-10).
   * @default 3
   */
  readonly maxRetries?: number;
  /**
   * Number of workers (2-299).
   * @default 2
   */
  readonly numberOfWorkers?: number;
  /**
   * Worker type.
   * @default glue.WorkerType.G_025X
   */
  readonly workerType?: glue.WorkerType;
  /**
   * Retention of the job's continuous logs.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * A Glue PySpark streaming job: Kinesis Data Stream (JSON) -> normalized, typed, date-partitioned Parquet in the
 * lake, in micro-batches with a checkpoint in the lake. Same security as EtlJob (KMS security configuration,
 * encrypted continuous logs, a role that reads only the stream and writes only the dataset). Start it once after
 * deployment (`aws glue start-job-run`); Glue keeps it running and retries it.
 */
export class StreamingEtlJob extends Construct {
  /** The Glue streaming job. */
  public readonly job: glue.PySparkStreamingJob;
  /** The role the job runs as. */
  public readonly role: iam.IRole;
  /** `s3://` location the job writes to. */
  public readonly targetLocation: string;

  constructor(scope: Construct, id: string, props: StreamingEtlJobProps) {
    requireProps(`StreamingEtlJob '${scope.node.path}/${id}'`, props, ['lake', 'dataset', 'stream']);
    super(scope, id);
    const owner = `StreamingEtlJob '${this.node.path}'`;
    validateCatalogName(owner, 'dataset', props.dataset, 200);
    const maxRetries = props.maxRetries ?? 3;
    const workers = props.numberOfWorkers ?? 2;
    validateJobLimits(owner, maxRetries, undefined, workers);
    validateGlueJob(owner, 'gluestreaming', { workerType: props.workerType ?? glue.WorkerType.G_025X, glueVersion: glue.GlueVersion.V5_0, numberOfWorkers: workers });
    validateColumns(owner, props.columns);
    const windowSize = props.windowSize ?? Duration.seconds(60);
    const seconds = windowSeconds(owner, windowSize);
    const zone = props.targetZone ?? LakeZone.CURATED;
    this.targetLocation = props.lake.s3Uri(zone, `${props.dataset}/`);

    const support = glueJobSupport(this, props.lake.encryptionKey, props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      props.lake.removalPolicy);
    this.role = support.role;
    acknowledgeWildcards(support.role, 'Objects of one lake dataset prefix and its checkpoint prefix, through aws-cdk-lib S3 grants.',
      props.lake.grantReadWrite(support.role, zone, `${props.dataset}/`),
      props.lake.grantReadWrite(support.role, zone, `_checkpoints/${props.dataset}/`));
    // aws-cdk-lib's grantRead, less kinesis:ListStreams: IAM takes no resource for it, so granted on the stream it
    // allows nothing (and reading one named stream does not need it).
    props.stream.grant(support.role, 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards',
      'kinesis:SubscribeToShard', 'kinesis:DescribeStream', 'kinesis:DescribeStreamConsumer');
    props.stream.encryptionKey?.grantDecrypt(support.role);
    acknowledgeWildcards(support.role, 'aws-cdk-lib stream read grant; when the stream uses a KMS key, its decrypt action family.',
      new iam.PolicyStatement({ actions: ['kms:ReEncrypt*', 'kms:GenerateDataKey*'] }));

    const columns = props.columns ?? {};
    this.job = new glue.PySparkStreamingJob(this, 'Resource', {
      role: support.role,
      script: bindCode(this, glue.Code.fromAsset(assetPath('glue', 'stream_to_lake.py')), support.role),
      extraPythonFiles: [bindCode(this, glue.Code.fromAsset(assetPath('glue', 'cdk_mlops_transforms.py')), support.role)],
      description: `cdk-mlops: stream ${props.dataset} to the lake`,
      glueVersion: glue.GlueVersion.V5_0,
      workerConfiguration: { workerType: props.workerType ?? glue.WorkerType.G_025X, numberOfWorkers: workers },
      maxRetries,
      securityConfiguration: support.securityConfiguration,
      continuousLogging: { enabled: true, logGroup: support.logGroup, quiet: true },
      defaultArguments: {
        '--stream_arn': props.stream.streamArn,
        '--starting_position': props.startingPosition ?? StreamStartingPosition.TRIM_HORIZON,
        '--target_path': this.targetLocation,
        '--checkpoint_path': props.lake.s3Uri(zone, `_checkpoints/${props.dataset}/`),
        '--window_size': `${seconds} seconds`,
        '--schema': Object.entries(columns).map(([c, t]) => `${c}:${t}`).join(','),
        '--metrics_namespace': DATA_METRICS_NAMESPACE,
      },
    });
  }

  /** Name of the Glue job. */
  public get jobName(): string {
    return this.job.jobName;
  }
}

/** The micro-batch window in seconds: a literal is checked; a token passes through only as Duration.seconds(token). */
function windowSeconds(owner: string, windowSize: Duration): number {
  if (windowSize.isUnresolved()) {
    try {
      return windowSize.toSeconds();
    } catch {
      return invalid(owner, 'windowSize', 'a token Duration', 'A token window is passed to the job in seconds and cannot be converted: ' +
        'use Duration.seconds(parameter.valueAsNumber).');
    }
  }
  const seconds = windowSize.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) {
    invalid(owner, 'windowSize', windowSize.toHumanString(), 'Use whole seconds from 1 second to 1 hour.');
  }
  return seconds;
}
