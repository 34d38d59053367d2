/**
 * Model-quality monitor (concept drift), run on a schedule: reads the Data Capture files and the ground-truth files
 * written since its checkpoint (as streams), joins labels with inferences by inferenceId, else eventId (late labels
 * wait within the window), computes each variant's metrics, writes statistics.json and constraint_violations.json
 * per variant and window, publishes the metrics under Model Monitor's namespace and names, and keeps its checkpoint.
 * Malformed lines are counted (logged and published), never fatal.
 */
import { isSyntheticInferenceId } from '../../../contracts/rollout-probe';
import {
  MODEL_QUALITY_DIMENSIONS, MODEL_QUALITY_NAMESPACE, QUALITY_ENV, QUALITY_RUN_METRICS,
} from '../../../contracts/model-quality';
import { REPORT_FILES } from '../../../contracts/model-monitor';
import { checkpointKey, MonitorCheckpoint, windowReportPrefix } from '../../../contracts/monitoring-jobs';
import { captureStartKey, variantCapturePrefix } from '../../core/capture';
import { EMPTY_PREFIX_CHECKPOINT, nextObjects } from '../../core/monitor-runs';
import {
  EMPTY_JOIN_STATE, joinLabels, JoinState, parseCapturedOutput, parseGroundTruthLine,
  PendingInference, qualityDatapoints, qualityStatistics, qualityViolations, qualityWindow, readPrediction,
} from '../../core/quality';
import { clients } from '../../shared/clients';
import { createLogger } from '../../shared/log';
import { Datapoint, getJson, listObjects, objectLines, putJson, putMetrics } from '../../shared/monitoring-io';
import { QualityConfig, readQualityConfig } from './config';
import { loadConfigObjects } from '../../shared/config-objects';

/** The checkpoint of this monitor: the prefixes read so far, and what still waits to be joined. */
interface QualityCheckpoint extends MonitorCheckpoint {
  readonly join: JoinState;
}

/** Files modified in the last minute are left for the next run (they may still be arriving). */
const SETTLE_MS = 60_000;

export interface QualityRunSummary {
  readonly windowEnd: string;
  readonly captureFiles: number;
  readonly groundTruthFiles: number;
  readonly inferences: number;
  readonly labels: number;
  readonly malformedCaptureLines: number;
  readonly malformedGroundTruthLines: number;
  readonly joined: number;
  readonly waiting: number;
  readonly variants: Record<string, { items: number; violations: number }>;
}

export async function handler(event: { time?: string } = {}): Promise<QualityRunSummary> {
  await loadConfigObjects(clients().s3, [QUALITY_ENV.constraints]);
  const config = readQualityConfig();
  const now = Date.now();
  const log = createLogger({ endpointName: config.endpointName, monitor: config.monitorName });
  return runQualityMonitor(config, now, log, event);
}

export async function runQualityMonitor(config: QualityConfig, nowMs: number, log = createLogger(), _event: unknown = {}): Promise<QualityRunSummary> {
  const { s3, cloudwatch } = clients();
  const cpKey = checkpointKey(config.monitorName);
  const saved = await getJson<QualityCheckpoint>(s3, config.reportBucket, cpKey);
  const sources: Record<string, MonitorCheckpoint['sources'][string]> = { ...(saved?.sources ?? {}) };

  // Captured inferences of each variant, read as streams.
  const inferences: PendingInference[] = [];
  let captureFiles = 0;
  let malformedCapture = 0;
  for (const variant of config.variantNames) {
    const prefix = variantCapturePrefix(config.capturePrefix, config.endpointName, variant);
    const cp = sources[prefix] ?? EMPTY_PREFIX_CHECKPOINT;
    // An hour's folder can receive files late: start listing an hour before the checkpoint's hour.
    const startAfter = cp.lastModifiedMs > 0 ? captureStartKey(prefix, Math.floor((cp.lastModifiedMs - 3600_000) / 1000)) : undefined;
    const next = nextObjects(await listObjects(s3, config.captureBucket, prefix, startAfter), cp, nowMs - SETTLE_MS);
    for (const o of next.objects) {
      captureFiles++;
      for await (const line of objectLines(s3, config.captureBucket, o.key)) {
        if (line.trim().length === 0) continue;
        const out = parseCapturedOutput(line);
        // The rollout's probes and replays are not user traffic (contracts/rollout-probe.ts).
        if (out && isSyntheticInferenceId(out.inferenceId)) continue;
        const prediction = out && readPrediction(out.output, out.contentType, {
          problemType: config.problemType, threshold: config.threshold, attribute: config.inferenceAttribute,
        });
        if (!out || !prediction) { malformedCapture++; continue; }
        inferences.push({
          ...(out.inferenceId ? { inferenceId: out.inferenceId } : {}),
          ...(out.eventId ? { eventId: out.eventId } : {}),
          variant,
          inferenceTimeMs: out.inferenceTimeMs || o.lastModifiedMs,
          ...prediction,
        });
      }
    }
    sources[prefix] = next.checkpoint;
  }

  // Ground truth uploaded since the last run.
  const gtPrefix = config.groundTruthPrefix;
  const gtKey = `ground-truth:${gtPrefix}`;
  const gtCp = sources[gtKey] ?? EMPTY_PREFIX_CHECKPOINT;
  // Labels are filed by the hour they were collected: start a day before the checkpoint's hour.
  const gtStart = gtCp.lastModifiedMs > 0 ? captureStartKey(gtPrefix, Math.floor((gtCp.lastModifiedMs - 86_400_000) / 1000)) : undefined;
  const gtNext = nextObjects(await listObjects(s3, config.groundTruthBucket, gtPrefix, gtStart), gtCp, nowMs - SETTLE_MS);
  const labels: Array<{ id: string; label: string }> = [];
  let malformedGt = 0;
  for (const o of gtNext.objects) {
    for await (const line of objectLines(s3, config.groundTruthBucket, o.key)) {
      if (line.trim().length === 0) continue;
      const l = parseGroundTruthLine(line);
      if (l) labels.push(l);
      else malformedGt++;
    }
  }
  sources[gtKey] = gtNext.checkpoint;

  const joined = joinLabels(saved?.join ?? EMPTY_JOIN_STATE, inferences, labels, nowMs, config.lateLabelWindowMs);
  const evaluationTime = new Date(nowMs).toISOString();
  const datapoints: Datapoint[] = [];
  const variants: QualityRunSummary['variants'] = {};
  for (const variant of config.variantNames) {
    const dims = {
      [MODEL_QUALITY_DIMENSIONS.endpoint]: config.endpointName,
      [MODEL_QUALITY_DIMENSIONS.schedule]: config.monitorName,
      [config.dimension]: variant,
    };
    const w = qualityWindow(config.problemType, joined.pairs.filter((p) => p.inference.variant === variant), config.threshold);
    const violations = qualityViolations(w, config.constraints);
    const folder = windowReportPrefix(config.monitorName, variant, nowMs);
    await putJson(s3, config.reportBucket, folder + REPORT_FILES.statistics, qualityStatistics(w, evaluationTime));
    await putJson(s3, config.reportBucket, folder + REPORT_FILES.violations, { violations });
    for (const d of qualityDatapoints(w)) datapoints.push({ ...d, dimensions: dims });
    datapoints.push({ name: QUALITY_RUN_METRICS.joined, value: w.itemCount, dimensions: dims, unit: 'Count' });
    variants[variant] = { items: w.itemCount, violations: violations.length };
    if (w.unusable > 0) log.warn('joined pairs whose label does not fit the problem type were left out', { variant, unusable: w.unusable });
  }
  const endpointDims = { [MODEL_QUALITY_DIMENSIONS.endpoint]: config.endpointName, [MODEL_QUALITY_DIMENSIONS.schedule]: config.monitorName };
  datapoints.push(
    { name: QUALITY_RUN_METRICS.expiredInferences, value: joined.expiredInferences, dimensions: endpointDims, unit: 'Count' },
    { name: QUALITY_RUN_METRICS.expiredLabels, value: joined.expiredLabels, dimensions: endpointDims, unit: 'Count' },
    { name: QUALITY_RUN_METRICS.malformed, value: malformedCapture + malformedGt, dimensions: endpointDims, unit: 'Count' },
  );
  await putMetrics(cloudwatch, MODEL_QUALITY_NAMESPACE, datapoints, new Date(nowMs));

  // The checkpoint and the join state are one object, written last: a failed run re-reads, never skips.
  const checkpoint: QualityCheckpoint = { version: 1, sources, lastWindowEndMs: nowMs, join: joined.state };
  await putJson(s3, config.reportBucket, cpKey, checkpoint);

  const summary: QualityRunSummary = {
    windowEnd: evaluationTime,
    captureFiles,
    groundTruthFiles: gtNext.objects.length,
    inferences: inferences.length,
    labels: labels.length,
    malformedCaptureLines: malformedCapture,
    malformedGroundTruthLines: malformedGt,
    joined: joined.pairs.length,
    waiting: joined.state.inferences.length,
    variants,
  };
  if (malformedCapture + malformedGt > 0) log.warn('malformed lines were counted and skipped', { malformedCapture, malformedGt });
  log.info('quality window done', { ...summary, expiredInferences: joined.expiredInferences, expiredLabels: joined.expiredLabels, duplicateLabels: joined.duplicateLabels });
  return summary;
}
