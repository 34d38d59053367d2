/**
 * Drift monitor (data and prediction drift), run on a schedule. Per variant: lists the Data Capture files written
 * since its checkpoint; streams them line by line into a mergeable window summary over the baseline's bins
 * (lambda/core/monitoring), or, above the documented switch point, computes the same summary in Athena; compares
 * it with the baseline; writes statistics.json, constraint_violations.json and summary.json under the lake's
 * monitoring area; publishes Model Monitor's metrics; and keeps its checkpoint. Malformed lines are counted in the
 * summary (and published), never fatal.
 */
import { DRIFT_ENV } from '../../../contracts/drift-monitor';
import { DATA_METRICS_DIMENSIONS, DATA_METRICS_NAMESPACE } from '../../../contracts/model-monitor';
import { checkpointKey, MonitorCheckpoint, PendingAthenaWindow, windowReportPrefix } from '../../../contracts/monitoring-jobs';
import { captureStartKey, variantCapturePrefix } from '../../core/capture';
import {
  Baseline, compareWithBaseline, driftOptionsOf, layoutOf, type WindowSummary,
} from '../../core/monitoring';
import { EMPTY_PREFIX_CHECKPOINT, nextObjects, planWindow } from '../../core/monitor-runs';
import { clients } from '../../shared/clients';
import { createLogger, Logger } from '../../shared/log';
import { createCaptureIngest } from '../../shared/capture-ingest-pool';
import { Datapoint, getJson, listObjects, objectChunks, putJson, putMetrics } from '../../shared/monitoring-io';
import { athenaClient } from '../../shared/athena';
import { awaitAthenaWindow, PollClock, REAL_CLOCK, startAthenaWindow } from './athena-window';
import { loadBaseline } from '../../shared/drift-baseline';
import { DriftConfig, readDriftConfig } from './config';
import { loadConfigObjects } from '../../shared/config-objects';
import { reportDatapoints, writeWindowReports } from '../../shared/drift-reports';

const SETTLE_MS = 60_000;
/** Time kept at the end of a run for reports, metrics and the checkpoint after the last Athena poll. */
const REPORT_RESERVE_MS = 45_000;

export interface VariantRun {
  readonly engine: 'lambda' | 'athena';
  /** PENDING: an Athena query still runs; the next run reports its window. */
  readonly status: 'DONE' | 'PENDING';
  readonly athenaQueryId?: string;
  readonly files: number;
  readonly bytes: number;
  readonly deferredFiles: number;
  readonly records: number;
  readonly malformed: number;
  readonly driftedFeatures: string[];
  readonly violations: number;
  readonly reportPrefix: string;
}

export interface DriftRunSummary {
  readonly status: 'DONE' | 'NO_BASELINE';
  readonly windowEnd: string;
  readonly variants: Record<string, VariantRun>;
}

/** The Lambda context's one member used here (its remaining time bounds the Athena polls). */
export interface RunContext {
  getRemainingTimeInMillis(): number;
}

export async function handler(_event?: unknown, context?: RunContext): Promise<DriftRunSummary> {
  await loadConfigObjects(clients().s3, [DRIFT_ENV.schema]);
  const config = readDriftConfig();
  const now = Date.now();
  const remaining = context && typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : undefined;
  const deadlineMs = remaining !== undefined ? now + remaining - REPORT_RESERVE_MS : undefined;
  return runDriftMonitor(config, now, createLogger({ endpointName: config.endpointName, monitor: config.monitorName }), deadlineMs);
}

/**
 * One run. `deadlineMs`: when the run must stop polling Athena and turn to its reports (default: 4 minutes from
 * nowMs, the shortest timeout a monitor's Lambda has); `clock` tells the time while it polls (the wall clock on Lambda).
 */
export async function runDriftMonitor(config: DriftConfig, nowMs: number, log: Logger = createLogger(), deadlineMs = nowMs + 4 * 60_000,
  clock: PollClock = REAL_CLOCK): Promise<DriftRunSummary> {
  const { s3, cloudwatch } = clients();
  const windowEnd = new Date(nowMs).toISOString();
  const loaded = await loadBaseline(s3, config);
  if (!loaded) {
    // Nothing is read, so the checkpoint stays: the windows are analysed once the baseline exists.
    log.warn('no baseline yet: run the baseline job or upload statistics.json; captures are kept for later', { baseline: config.baselineStatistics });
    return { status: 'NO_BASELINE', windowEnd, variants: {} };
  }
  const { baseline, constraints } = loaded;
  const options = driftOptionsOf(constraints, config.thresholds);

  const cpKey = checkpointKey(config.monitorName);
  const saved = await getJson<MonitorCheckpoint>(s3, config.reportBucket, cpKey);
  const sources: Record<string, MonitorCheckpoint['sources'][string]> = { ...(saved?.sources ?? {}) };
  const pendingAthena: Record<string, PendingAthenaWindow> = { ...(saved?.pendingAthena ?? {}) };
  const windowStarts: Record<string, number> = { ...(saved?.windowStartMs ?? {}) };
  const failures: string[] = [];
  const windowStart = new Date(saved?.lastWindowEndMs ?? nowMs - 15 * 60_000).toISOString();
  const variants: Record<string, VariantRun> = {};
  const datapoints: Datapoint[] = [];

  for (const variant of config.variantNames) {
    const prefix = variantCapturePrefix(config.capturePrefix, config.endpointName, variant);
    const pending = pendingAthena[prefix];
    let summary: WindowSummary;
    let engine: VariantRun['engine'];
    let files: number;
    let bytes: number;
    let deferred = 0;
    let nextCheckpoint: MonitorCheckpoint['sources'][string];
    let queryId: string | undefined;
    let start = windowStarts[prefix] !== undefined ? new Date(windowStarts[prefix]).toISOString() : windowStart;
    let end = windowEnd;
    if (pending) {
      // A window handed over by an earlier run: poll the same query, never start another.
      ({ start, end, queryId } = { start: pending.start, end: pending.end, queryId: pending.queryId });
      engine = 'athena';
      files = pending.files;
      bytes = pending.bytes;
      nextCheckpoint = pending.checkpoint;
    } else {
      const cp = sources[prefix] ?? EMPTY_PREFIX_CHECKPOINT;
      const startAfter = cp.lastModifiedMs > 0 ? captureStartKey(prefix, Math.floor((cp.lastModifiedMs - 3600_000) / 1000)) : undefined;
      const listed = await listObjects(s3, config.captureBucket, prefix, startAfter);
      const fresh = nextObjects(listed, cp, nowMs - SETTLE_MS);
      const plan = planWindow(fresh.objects, config.athenaSwitchBytes, config.athena !== undefined);
      const next = plan.deferred > 0 ? nextObjects(listed, cp, nowMs - SETTLE_MS, plan.objects.length) : fresh;
      engine = plan.engine;
      files = next.objects.length;
      bytes = plan.bytes;
      deferred = plan.deferred;
      nextCheckpoint = next.checkpoint;
      if (engine === 'athena') {
        queryId = await startAthenaWindow(athenaClient(), config, baseline, variant, start, end);
        log.info('window above the switch point: computed in Athena', { variant, files, bytes, queryId, start, end });
      } else {
        // The byte-level ingest of `npm run bench -- drift`, on every vCPU the function has (worker threads).
        const ingest = createCaptureIngest(baseline, layoutOf(baseline.features));
        try {
          for (const o of next.objects) {
            for await (const chunk of objectChunks(s3, config.captureBucket, o.key)) await ingest.write(chunk);
            await ingest.endSource();
          }
          summary = await ingest.finish(start, end);
        } catch (e) {
          await ingest.close();
          throw e;
        }
      }
    }
    if (engine === 'athena') {
      let result;
      try {
        result = await awaitAthenaWindow(athenaClient(), queryId!, baseline, start, end, deadlineMs, log, clock);
      } catch (e) {
        // Loud, and the window is not lost: the prefix stays where it was, so the next run queries it again.
        delete pendingAthena[prefix];
        windowStarts[prefix] = Date.parse(start);
        failures.push(`${variant}: ${(e as Error).message}`);
        log.error('Athena window failed; the next run queries it again', { variant, queryId, error: (e as Error).message });
        continue;
      }
      if (result.status === 'PENDING') {
        pendingAthena[prefix] = pending ?? { queryId: queryId!, start, end, startedMs: nowMs, checkpoint: nextCheckpoint, files, bytes };
        variants[variant] = {
          engine, status: 'PENDING', athenaQueryId: queryId, files, bytes, deferredFiles: 0, records: 0, malformed: 0,
          driftedFeatures: [], violations: 0, reportPrefix: '',
        };
        continue;
      }
      delete pendingAthena[prefix];
      summary = result.summary;
    }
    const report = compareWithBaseline(baseline, summary!, options);
    const folder = windowReportPrefix(config.monitorName, variant, Date.parse(end));
    await writeWindowReports(s3, config.reportBucket, folder, summary!, baseline, report);
    const dims = {
      [DATA_METRICS_DIMENSIONS.endpoint]: config.endpointName,
      [DATA_METRICS_DIMENSIONS.schedule]: config.monitorName,
      [config.dimension]: variant,
    };
    datapoints.push(...reportDatapoints(report, dims));
    sources[prefix] = nextCheckpoint;
    delete windowStarts[prefix];
    variants[variant] = {
      engine,
      status: 'DONE',
      ...(queryId ? { athenaQueryId: queryId } : {}),
      files,
      bytes,
      deferredFiles: deferred,
      records: summary!.records,
      malformed: summary!.malformed,
      driftedFeatures: report.features.filter((f) => f.drift).map((f) => f.name),
      violations: report.violations.length,
      reportPrefix: folder,
    };
    if (summary!.malformed > 0) log.warn('malformed capture lines were counted and skipped', { variant, malformed: summary!.malformed });
    if (deferred > 0) log.warn('backlog larger than one run: the rest is read by the next runs', { variant, deferredFiles: deferred });
  }
  await putMetrics(cloudwatch, DATA_METRICS_NAMESPACE, datapoints, new Date(nowMs));
  // Written last: a failed run reads its window again rather than skipping it.
  await putJson(s3, config.reportBucket, cpKey, {
    version: 1, sources, lastWindowEndMs: nowMs, ...(Object.keys(pendingAthena).length > 0 ? { pendingAthena } : {}),
    ...(Object.keys(windowStarts).length > 0 ? { windowStartMs: windowStarts } : {}),
  } satisfies MonitorCheckpoint);
  if (failures.length > 0) throw new Error(`drift windows failed in Athena (reports of the other variants were written): ${failures.join('; ')}`);
  log.info('drift window done', { windowStart, windowEnd, variants });
  return { status: 'DONE', windowEnd, variants };
}

export type { Baseline };
