/**
 * Pipeline monitor, run on a schedule: per stage of the data pipeline (raw arrivals, curated output, features),
 * the objects and bytes written since its checkpoint, and the rate of change against the previous windows;
 * published as metrics, written as a report per stage and window, checkpoint kept.
 */
import { checkpointKey, MonitorCheckpoint, PIPELINE_ENV, PIPELINE_METRICS, PipelineStageSpec, windowReportPrefix } from '../../../contracts/monitoring-jobs';
import { EMPTY_PREFIX_CHECKPOINT, nextObjects, StageVolume, volumeVerdict } from '../../core/monitor-runs';
import { clients } from '../../shared/clients';
import { requireEnv } from '../../shared/env';
import { createLogger } from '../../shared/log';
import { Datapoint, getJson, listObjects, putJson, putMetrics } from '../../shared/monitoring-io';

interface PipelineCheckpoint extends MonitorCheckpoint {
  readonly history: Record<string, StageVolume[]>;
}

export async function handler(): Promise<Record<string, StageVolume & { rateOfChange?: number }>> {
  const monitorName = requireEnv(PIPELINE_ENV.monitorName);
  const reportBucket = requireEnv(PIPELINE_ENV.reportBucket);
  let stages: PipelineStageSpec[];
  try {
    stages = JSON.parse(requireEnv(PIPELINE_ENV.stages));
  } catch {
    throw new Error(`${PIPELINE_ENV.stages} is not a JSON list of stages`);
  }
  const log = createLogger({ monitor: monitorName });
  const { s3, cloudwatch } = clients();
  const now = Date.now();
  const saved = await getJson<PipelineCheckpoint>(s3, reportBucket, checkpointKey(monitorName));
  const sources = { ...(saved?.sources ?? {}) };
  const history: Record<string, StageVolume[]> = { ...(saved?.history ?? {}) };
  const out: Record<string, StageVolume & { rateOfChange?: number }> = {};
  const datapoints: Datapoint[] = [];
  for (const stage of stages) {
    const key = `${stage.bucket}/${stage.prefix}`;
    const next = nextObjects(await listObjects(s3, stage.bucket, stage.prefix), sources[key] ?? EMPTY_PREFIX_CHECKPOINT, now - 60_000);
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
  }
  await putMetrics(cloudwatch, PIPELINE_METRICS.namespace, datapoints, new Date(now));
  await putJson(s3, reportBucket, checkpointKey(monitorName), { version: 1, sources, lastWindowEndMs: now, history } satisfies PipelineCheckpoint);
  log.info('pipeline window done', { stages: out });
  return out;
}
