import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { IAthenaWorkgroup } from './athena-workgroup';
import { IDataLake } from './data-lake-base';
import { DataQualityGateCheck, GateStatus } from './data-quality-gate-check';

/** A batch ETL job that curates one dataset of a lake into a Glue table (implemented by `EtlJob`). */
export interface IEtlJob extends IConstruct {
  /** The lake the job reads from and writes to. */
  readonly lake: IDataLake;
  /** Name of the Glue job. */
  readonly jobName: string;
  /** Glue database of the curated table. */
  readonly databaseName: string;
  /** Name of the curated table. */
  readonly tableName: string;
  /**
   * Records written to the curated table per run (namespace `cdk-mlops/Data`).
   * @param props options that override the defaults (statistic Sum, period 1 hour)
   */
  metricRecordsWritten(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Runs that succeeded (EventBridge "Glue Job State Change" events).
   * @param props options that override the defaults (statistic Sum)
   */
  metricSuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Runs that failed.
   * @param props options that override the defaults (statistic Sum)
   */
  metricFailure(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Runs that timed out.
   * @param props options that override the defaults (statistic Sum)
   */
  metricTimeout(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Lets a principal read the curated table (objects and catalog), e.g. for a training job.
   * @param grantee the principal
   */
  grantReadCurated(grantee: iam.IGrantable): iam.Grant;
}

/** A data-quality gate on an ETL job's output (implemented by `DataQualityGate`). */
export interface IDataQualityGate extends IConstruct {
  /** Name of the gate (metric dimension, event field). */
  readonly gateName: string;
  /** The lowest passing score, 0 to 1. */
  readonly minScore: number;
  /**
   * The data-quality score of each evaluation, 0 to 1.
   * @param props options that override the defaults (statistic Minimum, period 1 hour)
   */
  metricScore(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Evaluations that ended with a failed gate or an evaluation error.
   * @param props options that override the defaults (statistic Sum)
   */
  metricGateFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * A Step Functions fragment that fails unless the gate is PASSED.
   * @param scope scope of the fragment
   * @param id id of the fragment
   */
  gateCheck(scope: Construct, id: string): DataQualityGateCheck;
  /**
   * Lets a principal read the gate status.
   * @param grantee the principal
   */
  grantReadStatus(grantee: iam.IGrantable): iam.Grant;
  /**
   * EventBridge pattern of this gate's status events, optionally of one status only.
   * @param status only events of this status
   */
  statusEventPattern(status?: GateStatus): events.EventPattern;
  /**
   * An EventBridge rule on this gate's status events (all, or one status with `status`).
   * @param id id of the rule
   * @param options the rule's target, and which status to match
   */
  onGateStatus(id: string, options?: OnGateStatusOptions): events.Rule;
}

/** Options of `onGateStatus`. */
export interface OnGateStatusOptions extends events.OnEventOptions {
  /**
   * Only events of this status.
   * @default - every status
   */
  readonly status?: GateStatus;
}

/** The data path of one dataset: lake, ETL, gate (implemented by `DataPlatform`). */
export interface IDataPlatform extends IConstruct {
  /** The lake holding the dataset. */
  readonly lake: IDataLake;
  /** The job that curates the dataset (its RecordsWritten metric counts new training rows). */
  readonly etl: IEtlJob;
  /** The quality gate on the curated table (its PASSED events mean new training data). */
  readonly gate: IDataQualityGate;
  /** The Athena workgroup to query the curated table in; undefined when the warehouse is not Athena. */
  readonly athena?: IAthenaWorkgroup;
  /** `s3://` location of the curated training data. */
  readonly trainingDataLocation: string;
  /** Glue database of the curated training table. */
  readonly trainingDatabaseName: string;
  /** Name of the curated training table. */
  readonly trainingTableName: string;
  /**
   * A Step Functions fragment that fails unless the data passed its quality gate.
   * @param scope scope of the fragment
   * @param id id of the fragment
   */
  gateCheck(scope: Construct, id: string): DataQualityGateCheck;
  /**
   * Lets a principal read the curated training data (objects and catalog).
   * @param grantee the principal
   */
  grantTrainingRead(grantee: iam.IGrantable): iam.Grant;
  /** Dashboard widgets of the data pipeline (for `MonitoringDashboard`). */
  widgets(): cloudwatch.IWidget[];
}
