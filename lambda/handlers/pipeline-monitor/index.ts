/**
 * Pipeline monitor, run on a schedule: per stage of the data pipeline (raw arrivals, curated output, features),
 * the objects and bytes written since its checkpoint, and the rate of change against the previous windows; for a
 * stage with a baseline, the drift of its new rows against it (stage-drift.ts, the drift monitor's statistics).
 * Published as metrics, written as reports per stage and window, checkpoints kept.
 */
import { checkpointKey, MonitorCheckpoint, PIPELINE_ENV, PIPELINE_METRICS, windowReportPrefix } from '../../../contracts/monitoring-jobs';
import { EMPTY_PREFIX_CHECKPOINT, nextObjects, StageVolume, volumeVerdict } from '../../core/monitor-runs';
import { clients } from '../../shared/clients';
import { requireEnv } from '../../shared/env';
import { createLogger } from '../../shared/log';
import { Datapoint, getJson, listObjects, putJson, putMetrics } from '../../shared/monitoring-io';
import { readStages } from './config';
import { runStageDrift, type StageDriftRun } from './stage-drift';
import { loadConfigObjects } from '../../shared/config-objects';

interface PipelineCheckpoint extends MonitorCheckpoint {
  readonly history: Record<string, StageVolume[]>;
}

/** A file still being written in the last minute is left for the next run. */
const SETTLE_MS = 60_000;

export type StageRun = StageVolume & { rateOfChange?: number; drift?: StageDriftRun };

/** The key of a stage's drift checkpoint beside its volume checkpoint (each reads the prefix at its own pace). */
export function driftSourceKey(bucket: string, prefix: string): string {
  return `drift:${bucket}/${prefix}`;
}

export async function handler(): Promise<Record<string, StageRun>> {
  const monitorName = requireEnv(PIPELINE_ENV.monitorName);
  const reportBucket = requireEnv(PIPELINE_ENV.reportBucket);
  await loadConfigObjects(clients().s3, [PIPELINE_ENV.stages]);
  const stages = readStages();
  const log = createLogger({ monitor: monitorName });
  const { s3, cloudwatch } = clients();
  const now = Date.now();
  const saved = await getJson<PipelineCheckpoint>(s3, reportBucket, checkpointKey(monitorName));
  const sources = { ...(saved?.sources ?? {}) };
  const history: Record<string, StageVolume[]> = { ...(saved?.history ?? {}) };
  const windowStart = new Date(saved?.lastWindowEndMs ?? now - 60 * 60_000).toISOString();
  const out: Record<string, StageRun> = {};
  const datapoints: Datapoint[] = [];
  for (const stage of stages) {
    const key = `${stage.bucket}/${stage.prefix}`;
    const listed = await listObjects(s3, stage.bucket, stage.prefix);
    const next = nextObjects(listed, sources[key] ?? EMPTY_PREFIX_CHECKPOINT, now - SETTLE_MS);
    const volume: StageVolume = { objects: next.objects.length, bytes: next.objects.reduce((s, o) => s + o.size, 0) };
    const verdict = volumeVerdict(volume, history[stage.name] ?? []);
    history[stage.name] = verdict.history;
    sources[key] = next.checkpoint;
    const dims = { [PIPELINE_METRICS.dimensions.monitor]: monitorName, [PIPELINE_METRICS.dimensions.stage]: stage.name };
    datapoints.push({ name: PIPELINE_METRICS.objects, value: volume.objects, dimensions: dims, unit: 'Count' });
    datapoints.push({ name: PIPELINE_METRICS.bytes, value: volume.bytes, dimensions: dims, unit: 'Bytes' });
    if (verdict.rateOfChange !== undefined) datapoints.push({ name: PIPELINE_METRICS.rateOfChange, value: verdict.rateOfChange, dimensions: dims });
    await putJson(s3, reportBucket, `${windowReportPrefix(monitorName, stage.name, now)}volume.json`, { stage: stage.name, ...volume, rateOfChange: verdict.rateOfChange ?? null });
    out[stage.name] = { ...volume, ...(verdict.rateOfChange !== undefined ? { rateOfChange: verdict.rateOfChange } : {}) };
    if (stage.drift) {
      const dKey = driftSourceKey(stage.bucket, stage.prefix);
      const d = await runStageDrift({
        s3, monitorName, reportBucket, stage: { ...stage, drift: stage.drift }, listed, checkpoint: sources[dKey],
        windowStart, nowMs: now, settleBeforeMs: now - SETTLE_MS, log,
      });
      if (d.checkpoint) sources[dKey] = d.checkpoint;
      datapoints.push(...d.datapoints);
      out[stage.name] = { ...out[stage.name], drift: d.run };
    }
  }
  await putMetrics(cloudwatch, PIPELINE_METRICS.namespace, datapoints, new Date(now));
  // Written last: a failed run reads its window again rather than skipping it.
  await putJson(s3, reportBucket, checkpointKey(monitorName), { version: 1, sources, lastWindowEndMs: now, history } satisfies PipelineCheckpoint);
  log.info('pipeline window done', { stages: out });
  return out;
}
