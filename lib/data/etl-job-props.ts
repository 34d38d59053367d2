import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IDataLake } from './data-lake-base';

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
