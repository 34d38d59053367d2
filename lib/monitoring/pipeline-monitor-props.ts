import { Duration } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IDataLake } from '../data/data-lake-base';
import { LakeZone } from '../data/lake-zone';
import { DriftBaseline } from './drift-baseline';
import { DriftFeatures } from './drift-features';
import { DriftThresholds } from './drift-monitor-props';

/** Options of StageDataFormat.csv. */
export interface CsvStageFormatOptions {
  /**
   * Whether the first line of each file names the columns (features are then found by name, in any order).
   * @default true
   */
  readonly header?: boolean;
  /**
   * Files without a header: the names of their columns, in file order (features are found by name among them;
   * other columns, such as the label, are ignored).
   * @default - with a header, each file's header; without one, the features' names in their order
   */
  readonly columns?: string[];
}

/** How a pipeline stage's files are read for drift. */
export class StageDataFormat {
  /**
   * CSV (RFC 4180 quoting; one row per line: a quoted cell spanning lines is not read), gzipped when the key ends
   * in `.gz`. A row whose cell count differs from the header's is counted as malformed and skipped.
   */
  public static csv(options: CsvStageFormatOptions = {}): StageDataFormat {
    return new StageDataFormat('csv', options.header ?? true, options.columns);
  }

  /** JSON Lines: one JSON object per line, features read by key; a line that is not an object is malformed. */
  public static readonly JSON_LINES = new StageDataFormat('jsonl', true);

  /**
   * Parquet (e.g. a Glue job's or Spark's output): each feature is the top-level column of its name, read row group
   * by row group with ranged GETs of only the features' column chunks (memory is one row group's feature columns).
   * Codecs read: uncompressed, SNAPPY (Glue's and Spark's default), GZIP, BROTLI, and ZSTD where the Lambda runtime's
   * Node.js has it (22.15 and later); LZO, LZ4 and LZ4_RAW are not. Nulls count as missing values; numeric features
   * take integer, floating-point and decimal columns, categorical features each value's text. A file without a
   * feature column, with one nested (a struct, list or map) or compressed with a codec not read, is skipped with a
   * log line naming the reason and counted as one malformed record (the schema is only known at run time).
   */
  public static readonly PARQUET = new StageDataFormat('parquet', false);

  private constructor(
    /** The format's name: `csv`, `jsonl` or `parquet`. */
    public readonly name: string,
    /** Whether CSV files start with a header line (false for Parquet: its schema names the columns). */
    public readonly header: boolean,
    /** Column names of CSV files without a header, when given. */
    public readonly columns?: string[],
  ) {}
}

/** Drift of a stage's data against its baseline: the drift monitor's statistics on the stage's new rows. */
export interface PipelineStageDrift {
  /** The features compared (columns of the stage's rows, found by name; `fromOutput` is ignored). */
  readonly features: DriftFeatures;
  /**
   * Model Monitor's statistics.json (and constraints.json) of the data this stage should look like, e.g.
   * `DriftBaseline.fromBaselineJob(baselineJob)` (the curated training data) or your own files.
   */
  readonly baseline: DriftBaseline;
  /**
   * How the stage's files are read.
   * @default StageDataFormat.csv() (a header line per file)
   */
  readonly format?: StageDataFormat;
  /**
   * Drift decision and alarm settings (the same as DriftMonitor's).
   * @default - a KS distance of 0.1, a category share change of 10 points, a false-alarm budget of 1%, 20 values for a decision, alarm after 1 window
   */
  readonly thresholds?: DriftThresholds;
}

/** One stage of the data pipeline: a zone of the lake, optionally one folder of it. */
export interface PipelineStage {
  /** Name of the stage (a metric dimension), e.g. 'raw', 'curated', 'features'. */
  readonly name: string;
  /** The zone. */
  readonly zone: LakeZone;
  /**
   * Folder inside the zone (e.g. the dataset's `iris/`).
   * @default - the whole zone
   */
  readonly subPath?: string;
  /**
   * Compare the stage's new rows with a baseline every window (per-feature drift metrics and an alarm). The
   * monitor then reads the stage's objects (read access to the stage's prefix only).
   * @default - volume and rate of change only; the monitor lists the stage, it reads no object
   */
  readonly drift?: PipelineStageDrift;
}

/** Properties of a PipelineMonitor. */
export interface PipelineMonitorProps {
  /** The lake. */
  readonly lake: IDataLake;
  /** The stages watched. */
  readonly stages: PipelineStage[];
  /**
   * How often volumes are measured: whole minutes from 5 minutes to 1 day.
   * @default Duration.hours(1)
   */
  readonly schedule?: Duration;
  /**
   * Alarm when a window's volume falls below this share of the previous windows' mean (0 to 1).
   * @default 0.2
   */
  readonly minRateOfChange?: number;
  /**
   * Alarm when a window's volume rises above this multiple of the previous windows' mean.
   * @default 5
   */
  readonly maxRateOfChange?: number;
  /**
   * Topic the alarms notify.
   * @default - the stack's shared alarm topic
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Name of the monitor (a metric dimension and its report folder).
   * @default - derived from the construct path
   */
  readonly monitorName?: string;
}
