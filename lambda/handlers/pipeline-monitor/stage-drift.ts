/**
 * Drift of one pipeline stage's new files against its baseline: the files written since the stage's drift
 * checkpoint are streamed (CSV and JSON Lines as byte chunks; Parquet row group by row group, the features' columns
 * only, parquet-file.ts), one file at a time, into the drift monitor's window accumulator, compared
 * with the baseline by the drift monitor's code, and written as statistics.json, constraint_violations.json and
 * summary.json under the stage's window folder; the metrics are returned for the caller to publish.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { PIPELINE_METRICS, type PipelineStageSpec, type PrefixCheckpoint, windowReportPrefix } from '../../../contracts/monitoring-jobs';
import { STAGE_DRIFT_BYTES_PER_RUN, STAGE_MAX_LINE_BYTES, type StageDriftSpec } from '../../../contracts/pipeline-drift';
import {
  compareWithBaseline, driftOptionsOf, isStageDataKey, StageFileIngester, WindowAccumulator,
} from '../../core/monitoring';
import { EMPTY_PREFIX_CHECKPOINT, nextObjects, planWindow, type ListedObject } from '../../core/monitor-runs';
import type { Logger } from '../../shared/log';
import { loadBaseline } from '../../shared/drift-baseline';
import { reportDatapoints, writeWindowReports } from '../../shared/drift-reports';
import { Datapoint, objectChunks } from '../../shared/monitoring-io';
import { ingestParquet, S3RangeBuffer } from './parquet-file';

export interface StageDriftRun {
  /** NO_BASELINE: statistics.json does not exist yet; nothing was read and the checkpoint stays. */
  readonly status: 'DONE' | 'NO_BASELINE';
  readonly files: number;
  readonly bytes: number;
  /** Files left for the next runs (a backlog above STAGE_DRIFT_BYTES_PER_RUN). */
  readonly deferredFiles: number;
  readonly records: number;
  readonly malformed: number;
  /**
   * Files that cannot be read in the stage's format (a Parquet file in a CSV stage; a Parquet file without a feature
   * column, nested, or with an unreadable codec), skipped and counted as malformed, each with a log line.
   */
  readonly unreadableFiles: number;
  readonly driftedFeatures: string[];
  readonly violations: number;
  readonly reportPrefix?: string;
}

export interface StageDriftInput {
  readonly s3: S3Client;
  readonly monitorName: string;
  readonly reportBucket: string;
  readonly stage: PipelineStageSpec & { readonly drift: StageDriftSpec };
  /** The stage prefix's objects, as listed for its volume. */
  readonly listed: readonly ListedObject[];
  readonly checkpoint: PrefixCheckpoint | undefined;
  readonly windowStart: string;
  readonly nowMs: number;
  readonly settleBeforeMs: number;
  readonly log: Logger;
  /** Bytes read per run at most (tests lower it). */
  readonly maxBytes?: number;
}

export async function runStageDrift(i: StageDriftInput): Promise<{ run: StageDriftRun; checkpoint: PrefixCheckpoint | undefined; datapoints: Datapoint[] }> {
  const { s3, stage } = i;
  const spec = stage.drift;
  const loaded = await loadBaseline(s3, spec);
  if (!loaded) {
    i.log.warn('no baseline for the stage yet: its files are read once statistics.json exists', { stage: stage.name, baseline: spec.baselineStatistics });
    return {
      run: { status: 'NO_BASELINE', files: 0, bytes: 0, deferredFiles: 0, records: 0, malformed: 0, unreadableFiles: 0, driftedFeatures: [], violations: 0 },
      checkpoint: i.checkpoint, datapoints: [],
    };
  }
  const { baseline, constraints } = loaded;
  const cp = i.checkpoint ?? EMPTY_PREFIX_CHECKPOINT;
  const data = i.listed.filter((o) => isStageDataKey(o.key, stage.prefix));
  const fresh = nextObjects(data, cp, i.settleBeforeMs);
  const plan = planWindow(fresh.objects, i.maxBytes ?? STAGE_DRIFT_BYTES_PER_RUN, false);
  const next = plan.deferred > 0 ? nextObjects(data, cp, i.settleBeforeMs, plan.objects.length) : fresh;

  const acc = new WindowAccumulator(baseline);
  let unreadable = 0;
  for (const o of next.objects) {
    if (spec.format === 'parquet') {
      const r = await ingestParquet(new S3RangeBuffer(s3, stage.bucket, o.key, o.size), acc);
      if (r.unreadable) {
        unreadable++;
        i.log.warn(r.unreadable.reason, { stage: stage.name, key: o.key, format: spec.format, ...r.unreadable.detail });
      }
      continue;
    }
    const file = new StageFileIngester(acc, { format: spec.format, header: spec.header, ...(spec.columns ? { columns: spec.columns } : {}) }, STAGE_MAX_LINE_BYTES);
    for await (const chunk of objectChunks(s3, stage.bucket, o.key)) file.writeBytes(chunk);
    const counts = file.end();
    if (counts.unreadable) {
      unreadable++;
      i.log.warn('stage file is not text in the stage format: skipped and counted as malformed', { stage: stage.name, key: o.key, format: spec.format });
    }
  }
  const end = new Date(i.nowMs).toISOString();
  const summary = acc.summary(i.windowStart, end);
  const report = compareWithBaseline(baseline, summary, driftOptionsOf(constraints, spec.thresholds));
  const folder = windowReportPrefix(i.monitorName, stage.name, i.nowMs);
  await writeWindowReports(s3, i.reportBucket, folder, summary, baseline, report);
  const dims = { [PIPELINE_METRICS.dimensions.monitor]: i.monitorName, [PIPELINE_METRICS.dimensions.stage]: stage.name };
  const datapoints = reportDatapoints(report, dims);
  if (summary.malformed > 0) i.log.warn('malformed stage rows were counted and skipped', { stage: stage.name, malformed: summary.malformed });
  if (fresh.objects.length > next.objects.length) {
    i.log.warn('stage backlog larger than one run: the rest is read by the next runs', { stage: stage.name, deferredFiles: fresh.objects.length - next.objects.length });
  }
  return {
    run: {
      // What was read: a budget cut inside one modification instant reads that instant whole (nextObjects).
      status: 'DONE', files: next.objects.length, bytes: next.objects.reduce((s, o) => s + o.size, 0),
      deferredFiles: fresh.objects.length - next.objects.length, records: summary.records,
      malformed: summary.malformed, unreadableFiles: unreadable,
      driftedFeatures: report.features.filter((f) => f.drift).map((f) => f.name), violations: report.violations.length, reportPrefix: folder,
    },
    checkpoint: next.checkpoint,
    datapoints,
  };
}
