/**
 * Drift of a pipeline stage's data against its baseline: how PipelineMonitor tells its Lambda to read a stage's
 * files and what it compares them with, shared by lib/monitoring (PipelineMonitor) and the pipeline-monitor
 * handler. The statistics, file formats and metric names are DriftMonitor's (contracts/model-monitor.ts:
 * FEATURE_METRICS and WINDOW_METRICS, published in the pipeline namespace with the Monitor and Stage dimensions).
 * Pure TypeScript.
 */
import type { DriftThresholds } from './drift-monitor';
import type { FeatureSchema } from './model-monitor';

/** File formats a stage's data can be read in. */
export const STAGE_FILE_FORMATS = ['csv', 'jsonl', 'parquet'] as const;
export type StageFileFormat = (typeof STAGE_FILE_FORMATS)[number];

/** How one stage's data is compared with its baseline. */
export interface StageDriftSpec {
  /**
   * `csv` (RFC 4180 quoting, one row per line), `jsonl` (one JSON object per line, features by key) or `parquet`
   * (features are top-level columns by name, read row group by row group).
   */
  readonly format: StageFileFormat;
  /** csv: whether the first line of each file names the columns (features are then found by name). Else false. */
  readonly header: boolean;
  /** csv without a header: the columns in file order (features are found by name among them). */
  readonly columns?: readonly string[];
  /** The features compared (kind per feature). */
  readonly schema: FeatureSchema;
  /** s3:// URI of the baseline statistics.json. */
  readonly baselineStatistics: string;
  /** s3:// URI of the baseline constraints.json. */
  readonly baselineConstraints?: string;
  /** Overrides of the drift decision (else the constraints' monitoring_config, else Model Monitor's defaults). */
  readonly thresholds: DriftThresholds;
}

/**
 * New bytes of one stage read for drift by one run (object sizes as listed, whatever the format); a larger backlog is
 * read over the next runs, oldest files first, so a run stays within its timeout. The oldest file is always read,
 * even when it alone is larger: a file is never split over runs (a Parquet file's run fetches only its footer and
 * the features' column chunks, row group by row group). `npm run bench -- pipeline-drift` measured 34.5 MB (227,000 CSV rows of 20
 * features) per CPU-second on the development machine: 1 GiB is about 31 CPU-seconds, far inside 15 minutes; the
 * same rows as snappy Parquet (bench-pipeline-drift-parquet.js) read at 40.8 MB of file per CPU-second.
 */
export const STAGE_DRIFT_BYTES_PER_RUN = 1024 * 1024 * 1024;

/** Longest line of a stage file read; a longer one is counted as malformed and skipped (bounded memory). */
export const STAGE_MAX_LINE_BYTES = 1024 * 1024;
