/** The pipeline monitor's stages, validated (PipelineMonitor sets them; shapes in contracts/). */
import { validateSchema } from '../../../contracts/model-monitor';
import { PIPELINE_ENV, type PipelineStageSpec } from '../../../contracts/monitoring-jobs';
import { STAGE_FILE_FORMATS } from '../../../contracts/pipeline-drift';
import { requireEnv } from '../../shared/env';

/** The stages of PIPELINE_ENV.stages, or an Error naming the stage and the field. */
export function readStages(): PipelineStageSpec[] {
  let stages: unknown;
  try {
    stages = JSON.parse(requireEnv(PIPELINE_ENV.stages));
  } catch (e) {
    if ((e as Error).message.includes('is not set')) throw e;
    throw new Error(`${PIPELINE_ENV.stages} is not a JSON list of stages`);
  }
  if (!Array.isArray(stages) || stages.length === 0) throw new Error(`${PIPELINE_ENV.stages} is not a JSON list of stages`);
  return stages.map((s: PipelineStageSpec, i) => {
    const where = `${PIPELINE_ENV.stages}[${i}]`;
    if (!s || typeof s !== 'object' || typeof s.name !== 'string' || typeof s.bucket !== 'string' || typeof s.prefix !== 'string') {
      throw new Error(`${where}: a stage needs string name, bucket and prefix`);
    }
    const d = s.drift;
    if (d !== undefined) {
      if (!STAGE_FILE_FORMATS.includes(d.format)) throw new Error(`${where} (${s.name}): drift.format is '${d.format}'; use one of ${STAGE_FILE_FORMATS.join(', ')}`);
      const problems = d.schema ? validateSchema(d.schema) : ['no schema'];
      if (problems.length > 0) throw new Error(`${where} (${s.name}): drift.schema: ${problems.join('; ')}`);
      if (typeof d.baselineStatistics !== 'string' || !d.baselineStatistics.startsWith('s3://')) {
        throw new Error(`${where} (${s.name}): drift.baselineStatistics must be an s3:// URI`);
      }
    }
    return s;
  });
}
