import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { IDataLake } from './data-lake-base';
import { IEtlJob } from './data-interfaces';
import { EtlJobProps, RawFormat } from './etl-job-props';
import { LakeZone } from './lake-zone';
import { addRunTriggers } from './private/etl-triggers';
import { bindCode, DATA_METRICS_NAMESPACE, glueJobSupport, validateJobLimits } from './private/glue-job-support';
import { jobStateMetric } from './private/job-state-metric';
import { acknowledgeWildcards } from '../private/nag';
import { assetPath } from '../private/package-paths';
import { invalid, validateCatalogName, validateIntRange } from './private/validate';
import { validateColumns } from './private/validate-columns';
import { validateGlueJob } from './private/validate-glue';
import { requireProps } from '../private/validation/checks';
import { checkSchedule } from '../private/validation/schedules';

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
    requireProps(`EtlJob '${scope.node.path}/${id}'`, props, ['lake', 'dataset']);
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
    checkSchedule(owner, 'schedule', props.schedule);
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

    this.workflow = addRunTriggers(this, this.job, {
      dataset: props.dataset, lake: props.lake, schedule: props.schedule, runOnArrival, batchSize, batchWindow,
    });
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
    return jobStateMetric(this, this.job.jobName, 'SUCCEEDED', props);
  }

  /**
   * Runs that failed.
   * @param props options that override the defaults (statistic Sum)
   */
  public metricFailure(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return jobStateMetric(this, this.job.jobName, 'FAILED', props);
  }

  /**
   * Runs that timed out.
   * @param props options that override the defaults (statistic Sum)
   */
  public metricTimeout(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return jobStateMetric(this, this.job.jobName, 'TIMEOUT', props);
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
