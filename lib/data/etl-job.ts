import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { IDataLake } from './data-lake-base';
import { IEtlJob } from './data-interfaces';
import { LakeZone } from './lake-zone';
import { bindCode, DATA_METRICS_NAMESPACE, glueJobSupport, validateJobLimits } from './private/glue-job-support';
import { acknowledgeWildcards } from '../private/nag';
import { assetPath } from '../private/package-paths';
import { invalid, validateCatalogName, validateIntRange } from './private/validate';
import { validateColumns } from './private/validate-columns';
import { validateGlueJob } from './private/validate-glue';
import { requireProps } from '../private/validation/checks';

/** Format of the raw files an EtlJob reads. */
export enum RawFormat {
  /** CSV with a header row. */
  CSV = 'csv',
  /** JSON Lines: one JSON object per line. */
  JSON = 'json',
}

/** Properties of an EtlJob. */
export interface EtlJobProps {
  /** The lake the job reads (raw zone) and writes (curated zone). */
  readonly lake: IDataLake;
  /**
   * The dataset: raw objects under `<dataset>/` in the raw zone become the curated table `<dataset>` under
   * `<dataset>/` in the curated zone. Lowercase letters, digits and underscores.
   */
  readonly dataset: string;
  /**
   * Format of the raw files.
   * @default RawFormat.CSV
   */
  readonly rawFormat?: RawFormat;
  /**
   * Column types to cast to, by column name (after normalization to snake_case), e.g. `{ amount: 'decimal(10,2)' }`.
   * Types: string, int, bigint, double, float, boolean, date, timestamp, decimal(p,s). Listed columns missing
   * from a batch are written as typed nulls; other columns keep their inferred type.
   * @default - inferred types
   */
  readonly columns?: { [column: string]: string };
  /**
   * Columns that identify a record: rows are deduplicated on them, and rows where any is null are dropped.
   * @default - whole-row deduplication
   */
  readonly keyColumns?: string[];
  /**
   * Column whose date gives the `year/month/day` partition.
   * @default - the processing date
   */
  readonly timestampColumn?: string;
  /**
   * Run on this schedule (in addition to new data arriving).
   * @default - no schedule
   */
  readonly schedule?: events.Schedule;
  /**
   * Run when new raw objects arrive under `<dataset>/` (S3 "Object Created" events, batched by a Glue workflow).
   * @default true
   */
  readonly runOnArrival?: boolean;
  /**
   * Start a run once this many objects arrived (1-100), or when `arrivalBatchWindow` has passed since the first.
   * @default 100
   */
  readonly arrivalBatchSize?: number;
  /**
   * The longest a new object waits for its run (1 second to 15 minutes).
   * @default Duration.minutes(15)
   */
  readonly arrivalBatchWindow?: Duration;
  /**
   * Glue retries of a failed run (0-10).
   * @default 1
   */
  readonly maxRetries?: number;
  /**
   * A run still going after this long is stopped as TIMEOUT.
   * @default Duration.hours(2)
   */
  readonly timeout?: Duration;
  /**
   * Worker type.
   * @default glue.WorkerType.G_1X
   */
  readonly workerType?: glue.WorkerType;
  /**
   * Number of workers (2-299).
   * @default 2
   */
  readonly numberOfWorkers?: number;
  /**
   * Glue version.
   * @default glue.GlueVersion.V5_0
   */
  readonly glueVersion?: glue.GlueVersion;
  /**
   * A script of your own instead of the packaged raw-to-curated script. It receives the same arguments.
   * @default - assets/glue/raw_to_curated.py
   */
  readonly script?: glue.Code;
  /**
   * Retention of the job's continuous logs.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * A Glue PySpark job that turns a raw dataset into a typed, deduplicated, date-partitioned Parquet table in the
 * curated zone (registered in the curated Glue database). Runs on new raw data (batched) and/or on a schedule;
 * job bookmarks make each run process only new files. Encrypted with the lake key (S3, logs, bookmarks), with a
 * role that can read only the raw dataset and write only the curated dataset and its table.
 */
export class EtlJob extends Construct implements IEtlJob {
  /** The Glue job. */
  public readonly job: glue.PySparkEtlJob;
  /** The role the job runs as. */
  public readonly role: iam.IRole;
  /** The Glue workflow that batches arrival and schedule events into runs. */
  public readonly workflow?: glue.Workflow;
  /** The lake this job writes to. */
  public readonly lake: IDataLake;
  /** Name of the curated table this job maintains. */
  public readonly tableName: string;
  /** Name of the curated database holding the table. */
  public readonly databaseName: string;
  /** `s3://` location of the curated table. */
  public readonly curatedLocation: string;
  /** The job's continuous-log group. */
  public readonly logGroup: logs.ILogGroup;

  constructor(scope: Construct, id: string, props: EtlJobProps) {
    requireProps('EtlJob', props, ['lake', 'dataset']);
    super(scope, id);
    const owner = `EtlJob '${this.node.path}'`;
    validateCatalogName(owner, 'dataset', props.dataset, 200);
    const maxRetries = props.maxRetries ?? 1;
    const workers = props.numberOfWorkers ?? 2;
    const timeout = props.timeout ?? Duration.hours(2);
    validateJobLimits(owner, maxRetries, timeout, workers);
    validateGlueJob(owner, 'glueetl', { workerType: props.workerType, glueVersion: props.glueVersion, numberOfWorkers: workers, timeout });
    const columns = props.columns ?? {};
    validateColumns(owner, columns, props.keyColumns, props.timestampColumn);
    const runOnArrival = props.runOnArrival ?? true;
    if (!runOnArrival && !props.schedule) {
      invalid(owner, 'runOnArrival', false, 'The job would never run: set a schedule, or leave runOnArrival on.');
    }
    const batchSize = props.arrivalBatchSize ?? 100;
    validateIntRange(owner, 'arrivalBatchSize', batchSize, 1, 100, 'Glue event triggers batch 1 to 100 events.');
    const batchWindow = props.arrivalBatchWindow ?? Duration.minutes(15);
    const windowSeconds = batchWindow.isUnresolved() ? undefined : batchWindow.toSeconds({ integral: false });
    if (windowSeconds !== undefined && (!Number.isInteger(windowSeconds) || windowSeconds < 1 || windowSeconds > 900)) {
      invalid(owner, 'arrivalBatchWindow', batchWindow.toHumanString(), 'Glue event triggers wait 1 second to 15 minutes (Duration.minutes(15)).');
    }

    this.lake = props.lake;
    this.tableName = props.dataset;
    this.databaseName = props.lake.databaseName(LakeZone.CURATED);
    this.curatedLocation = props.lake.s3Uri(LakeZone.CURATED, `${props.dataset}/`);
    const support = glueJobSupport(this, props.lake.encryptionKey, props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      props.lake.removalPolicy);
    this.role = support.role;
    this.logGroup = support.logGroup;

    const reason = 'Objects of one lake dataset prefix, through the aws-cdk-lib S3 grant (object names are per file).';
    acknowledgeWildcards(support.role, reason,
      props.lake.grantRead(support.role, LakeZone.RAW, `${props.dataset}/`),
      props.lake.grantReadWrite(support.role, LakeZone.CURATED, `${props.dataset}/`));
    acknowledgeWildcards(support.role, 'Catalog entries of the curated database; partitions are added per run.',
      props.lake.grantCatalogRead(support.role, LakeZone.CURATED),
      props.lake.grantCatalogWrite(support.role, LakeZone.CURATED));

    const script = bindCode(this, props.script ?? glue.Code.fromAsset(assetPath('glue', 'raw_to_curated.py')), support.role);
    const helpers = bindCode(this, glue.Code.fromAsset(assetPath('glue', 'cdk_mlops_transforms.py')), support.role);
    this.job = new glue.PySparkEtlJob(this, 'Resource', {
      role: support.role,
      script,
      extraPythonFiles: [helpers],
      description: `cdk-mlops: raw '${props.dataset}' to curated Parquet`,
      glueVersion: props.glueVersion ?? glue.GlueVersion.V5_0,
      workerConfiguration: { workerType: props.workerType ?? glue.WorkerType.G_1X, numberOfWorkers: workers },
      maxRetries,
      timeout,
      maxConcurrentRuns: 1,
      securityConfiguration: support.securityConfiguration,
      continuousLogging: { enabled: true, logGroup: support.logGroup, quiet: true },
      defaultArguments: {
        '--job-bookmark-option': 'job-bookmark-enable',
        '--source_path': props.lake.s3Uri(LakeZone.RAW, `${props.dataset}/`),
        '--source_format': props.rawFormat ?? RawFormat.CSV,
        '--target_path': this.curatedLocation,
        '--target_database': this.databaseName,
        '--target_table': this.tableName,
        '--schema': Object.entries(columns).map(([c, t]) => `${c}:${t}`).join(','),
        '--key_columns': (props.keyColumns ?? []).join(','),
        '--timestamp_column': props.timestampColumn ?? '',
        '--metrics_namespace': DATA_METRICS_NAMESPACE,
      },
    });

    this.workflow = new glue.Workflow(this, 'Workflow', {
      description: `Batches new '${props.dataset}' data and schedule ticks into runs of ${this.node.path}`,
      maxConcurrentRuns: 1,
    });
    this.workflow.addEventTrigger('RunOnEvents', {
      actions: [glue.Action.job(this.job)],
      eventBatchingCondition: { batchSize, batchWindow },
    });
    const target = new GlueWorkflowTarget(this, this.workflow);
    if (runOnArrival) {
      new events.Rule(this, 'OnArrival', {
        description: `New raw '${props.dataset}' objects start ${this.node.path}`,
        eventPattern: {
          source: ['aws.s3'],
          detailType: ['Object Created'],
          detail: {
            bucket: { name: [props.lake.bucket(LakeZone.RAW).bucketName] },
            object: { key: [{ prefix: `${LakeZone.RAW.prefix}${props.dataset}/` }] },
          },
        },
        targets: [target],
      });
    }
    if (props.schedule) {
      new events.Rule(this, 'OnSchedule', {
        description: `Scheduled run of ${this.node.path}`,
        schedule: props.schedule,
        targets: [target],
      });
    }
  }

  /** Name of the Glue job. */
  public get jobName(): string {
    return this.job.jobName;
  }

  /**
   * Records written to the curated table per run, published by the packaged script (namespace `cdk-mlops/Data`).
   * Statistic: Sum. A custom script must publish it too for the freshness alarm to be meaningful.
   */
  public metricRecordsWritten(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: DATA_METRICS_NAMESPACE,
      metricName: 'RecordsWritten',
      dimensionsMap: { JobName: this.job.jobName },
      statistic: 'Sum',
      period: Duration.hours(1),
      ...props,
    });
  }

  /**
   * Runs that succeeded (EventBridge "Glue Job State Change" events counted by a rule).
   * @param props options that override the defaults (statistic Sum)
   */
  public metricSuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.job.metricSuccess(props);
  }

  /**
   * Runs that failed.
   * @param props options that override the defaults (statistic Sum)
   */
  public metricFailure(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.job.metricFailure(props);
  }

  /**
   * Runs that timed out.
   * @param props options that override the defaults (statistic Sum)
   */
  public metricTimeout(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.job.metricTimeout(props);
  }

  /**
   * Lets a principal read the curated table (objects and catalog), e.g. for a training job.
   * @param grantee the principal
   */
  public grantReadCurated(grantee: iam.IGrantable): iam.Grant {
    return this.lake.grantRead(grantee, LakeZone.CURATED, `${this.tableName}/`)
      .combine(this.lake.grantCatalogRead(grantee, LakeZone.CURATED));
  }
}

/** EventBridge target that notifies a Glue workflow's event trigger (no aws-events-targets class exists for it). */
class GlueWorkflowTarget implements events.IRuleTarget {
  private readonly role: iam.Role;

  constructor(scope: Construct, private readonly workflow: glue.Workflow) {
    this.role = new iam.Role(scope, 'EventsRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: 'Lets EventBridge notify the Glue workflow of new data and schedule ticks',
    });
    this.role.addToPolicy(new iam.PolicyStatement({ actions: ['glue:NotifyEvent'], resources: [workflow.workflowArn] }));
  }

  public bind(): events.RuleTargetConfig {
    return { arn: this.workflow.workflowArn, role: this.role };
  }
}
