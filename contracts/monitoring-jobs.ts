/**
 * Where the scheduled monitors (drift, model quality, pipeline) keep their state and write their reports, and the
 * limits of their schedules: shared by lib/monitoring (which grants exactly these prefixes) and the handlers.
 * Pure TypeScript.
 */
import type { StageDriftSpec } from './pipeline-drift';

/** Prefix, inside the lake's monitoring bucket, of every monitor's reports and checkpoints. */
export const MONITORING_REPORTS_PREFIX = 'monitoring-reports/';

/** Shortest and longest schedule of a monitor, in minutes (5 minutes to 1 day). */
export const MONITOR_SCHEDULE_LIMITS = { minMinutes: 5, maxMinutes: 24 * 60 } as const;

/** `monitoring-reports/<monitor>/`: everything one monitor writes. */
export function monitorPrefix(monitorName: string): string {
  return `${MONITORING_REPORTS_PREFIX}${monitorName}/`;
}

/** Key of a monitor's checkpoint (what it has read so far). */
export function checkpointKey(monitorName: string): string {
  return `${monitorPrefix(monitorName)}checkpoint.json`;
}

/** Key of a monitor's own state beside its checkpoint (e.g. the labels and inferences still waiting to be joined). */
export function stateKey(monitorName: string, name: string): string {
  return `${monitorPrefix(monitorName)}state/${name}.json`;
}

/**
 * Folder of one window's reports: `monitoring-reports/<monitor>/<subject>/yyyy/mm/dd/hh/<window end, ISO>/`, where
 * the subject is a variant (drift, quality) or a pipeline stage. Each holds `statistics.json` and
 * `constraint_violations.json` (Model Monitor's file names, REPORT_FILES of contracts/model-monitor.ts).
 */
export function windowReportPrefix(monitorName: string, subject: string, windowEndMs: number): string {
  const d = new Date(windowEndMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${monitorPrefix(monitorName)}${subject}/${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${two(d.getUTCHours())}/${d.toISOString()}/`;
}

/**
 * A monitor's checkpoint over an S3 prefix: objects last modified after `lastModifiedMs`, or at that very
 * millisecond but not in `keysAtLastModified`, are new. (Keys alone cannot be a checkpoint: SageMaker names capture
 * files by time, but a file of an hour's folder can be written after later files were listed.)
 */
export interface PrefixCheckpoint {
  readonly lastModifiedMs: number;
  readonly keysAtLastModified: string[];
}

/** A monitor's whole checkpoint: one per source prefix it reads (capture per variant, ground truth, stages). */
export interface MonitorCheckpoint {
  readonly version: 1;
  readonly sources: Record<string, PrefixCheckpoint>;
  /** End of the last window reported (epoch ms). */
  readonly lastWindowEndMs?: number;
  /**
   * Athena queries still running when a run's time budget ran out, per source prefix: the next run polls the same
   * query (never starts another) and, once it succeeds, reports its window and moves the prefix to `checkpoint`.
   */
  readonly pendingAthena?: Record<string, PendingAthenaWindow>;
  /**
   * Per source prefix, the start (epoch ms) of its next window when it is not `lastWindowEndMs`: a window whose
   * Athena query failed is queried again from its own start.
   */
  readonly windowStartMs?: Record<string, number>;
}

/** A window handed over to the next run while its Athena query runs. */
export interface PendingAthenaWindow {
  readonly queryId: string;
  /** The window [start, end), ISO 8601. */
  readonly start: string;
  readonly end: string;
  /** When the query was started (epoch ms). */
  readonly startedMs: number;
  /** The prefix's checkpoint once the window is reported. */
  readonly checkpoint: PrefixCheckpoint;
  /** Files and bytes the window covers. */
  readonly files: number;
  readonly bytes: number;
}

/** Pipeline-stage metrics: namespace, dimensions and names (this library's; Model Monitor has none for pipelines). */
export const PIPELINE_METRICS = {
  namespace: 'CdkMlops/Pipeline',
  dimensions: { monitor: 'Monitor', stage: 'Stage' },
  objects: 'stage_new_objects',
  bytes: 'stage_new_bytes',
  rateOfChange: 'stage_volume_rate_of_change',
} as const;

/** Environment of the pipeline-monitor Lambda, set by PipelineMonitor. */
export const PIPELINE_ENV = {
  monitorName: 'CDK_MLOPS_MONITOR_NAME',
  /** PipelineStageSpec[] as JSON. */
  stages: 'CDK_MLOPS_PIPELINE_STAGES',
  reportBucket: 'CDK_MLOPS_REPORT_BUCKET',
} as const;

/** One stage a PipelineMonitor watches: an S3 prefix, and how its data is compared with a baseline (optional). */
export interface PipelineStageSpec {
  readonly name: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly drift?: StageDriftSpec;
}
