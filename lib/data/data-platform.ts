import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { IAthenaWorkgroup } from './athena-workgroup';
import { IDataPlatform, IDataQualityGate, IEtlJob } from './data-interfaces';
import { DataLake, DataLakeProps } from './data-lake';
import { IDataLake } from './data-lake-base';
import { DataQualityGate } from './data-quality-gate';
import { DataQualityGateCheck } from './data-quality-gate-check';
import { DataWarehouse } from './data-warehouse';
import { EtlJob } from './etl-job';
import { RawFormat } from './etl-job-props';
import { PipelineAlarms } from './pipeline-alarms';
import { WarehouseEngine } from './warehouse-engine';
import { requireProps } from '../private/validation/checks';
import { checkSchedule } from '../private/validation/schedules';

/** Properties of a DataPlatform. */
export interface DataPlatformProps {
  /**
   * The training dataset: raw files land under `<dataset>/` in the raw zone; the curated table has this name.
   * Lowercase letters, digits and underscores.
   */
  readonly dataset: string;
  /**
   * Data lake settings.
   * @default - a lake with secure defaults, data retained on stack deletion
   */
  readonly lake?: DataLakeProps;
  /**
   * Format of the raw files.
   * @default RawFormat.CSV
   */
  readonly rawFormat?: RawFormat;
  /**
   * Column types, by column name (see EtlJobProps.columns).
   * @default - inferred types
   */
  readonly columns?: { [column: string]: string };
  /**
   * Columns identifying a record (deduplication keys, checked complete by the default rules).
   * @default - whole-row deduplication
   */
  readonly keyColumns?: string[];
  /**
   * Column giving the date partition.
   * @default - the processing date
   */
  readonly timestampColumn?: string;
  /**
   * When the ETL runs besides on arrival of new raw data.
   * @default events.Schedule.cron({ minute: '0', hour: '3' }) - daily at 03:00 UTC
   */
  readonly schedule?: events.Schedule;
  /**
   * DQDL rules of the quality gate.
   * @default - `RowCount > 0` plus `IsComplete` and `IsUnique` for every key column
   */
  readonly qualityRules?: string;
  /**
   * Lowest passing data-quality score (0-1].
   * @default 1
   */
  readonly minQualityScore?: number;
  /**
   * Alarm when no new records were curated for this long.
   * @default Duration.hours(26)
   */
  readonly freshness?: Duration;
  /**
   * Topic for pipeline alarms.
   * @default - a new KMS-encrypted topic
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * The analysts' query engine.
   * @default WarehouseEngine.athena()
   */
  readonly warehouse?: WarehouseEngine;
}

/**
 * The data side of the ML platform, composed with good defaults: a DataLake, an Athena warehouse, an EtlJob
 * (raw to curated on arrival and on a schedule), a DataQualityGate on the curated table, and PipelineAlarms.
 *
 * Training and batch inference read `trainingDataLocation` (or the `trainingDatabaseName`.`trainingTableName`
 * table) after `gateCheck()` passed; `grantTrainingRead()` gives a role everything that takes.
 */
export class DataPlatform extends Construct implements IDataPlatform {
  /** The lake (a `DataLake`). */
  public readonly lake: IDataLake;
  /** The warehouse. */
  public readonly warehouse: DataWarehouse;
  /** The raw-to-curated job (an `EtlJob`). */
  public readonly etl: IEtlJob;
  /** The quality gate on the curated table (a `DataQualityGate`). */
  public readonly gate: IDataQualityGate;
  /** The pipeline alarms. */
  public readonly alarms: PipelineAlarms;
  private readonly etlJob: EtlJob;
  /** Column types by column name, as given (`{}` when inferred); drift monitors derive their features from them. */
  public readonly columns: { [column: string]: string };

  constructor(scope: Construct, id: string, props: DataPlatformProps) {
    requireProps(`DataPlatform '${scope.node.path}/${id}'`, props, ['dataset']);
    super(scope, id);
    checkSchedule(`DataPlatform '${this.node.path}'`, 'schedule', props.schedule);
    this.columns = { ...(props.columns ?? {}) };
    this.lake = new DataLake(this, 'Lake', props.lake);
    this.warehouse = new DataWarehouse(this, 'Warehouse', { lake: this.lake, engine: props.warehouse });
    this.etl = this.etlJob = new EtlJob(this, 'Etl', {
      lake: this.lake,
      dataset: props.dataset,
      rawFormat: props.rawFormat,
      columns: props.columns,
      keyColumns: props.keyColumns,
      timestampColumn: props.timestampColumn,
      schedule: props.schedule ?? events.Schedule.cron({ minute: '0', hour: '3' }),
    });
    const keys = props.keyColumns ?? [];
    const rules = props.qualityRules ?? `Rules = [ ${['RowCount > 0',
      ...keys.map((k) => `IsComplete "${k}"`),
      ...(keys.length === 1 ? [`IsUnique "${keys[0]}"`] : [])].join(', ')} ]`;
    this.gate = new DataQualityGate(this, 'Gate', { job: this.etl, rules, minScore: props.minQualityScore });
    this.alarms = new PipelineAlarms(this, 'Alarms', {
      job: this.etl, gate: this.gate, freshness: props.freshness, topic: props.alarmTopic,
    });
  }

  /** `s3://` location of the curated training table. */
  public get trainingDataLocation(): string {
    return this.etlJob.curatedLocation;
  }

  /** The warehouse's Athena workgroup; undefined when the warehouse is Redshift Serverless. */
  public get athena(): IAthenaWorkgroup | undefined {
    return this.warehouse.athena;
  }

  /** Glue database of the curated training table. */
  public get trainingDatabaseName(): string {
    return this.etl.databaseName;
  }

  /** Name of the curated training table. */
  public get trainingTableName(): string {
    return this.etl.tableName;
  }

  /** A Step Functions fragment that fails unless the training data passed its quality gate. */
  public gateCheck(scope: Construct, id: string): DataQualityGateCheck {
    return this.gate.gateCheck(scope, id);
  }

  /** Lets a training or batch-inference role read the curated table, its catalog entries and the gate status. */
  public grantTrainingRead(grantee: iam.IGrantable): iam.Grant {
    return this.etl.grantReadCurated(grantee).combine(this.gate.grantReadStatus(grantee));
  }

  /** Dashboard widgets of the pipeline. */
  public widgets(): cloudwatch.IWidget[] {
    return this.alarms.widgets();
  }
}
