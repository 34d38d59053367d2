/** Loads the baseline (statistics.json, and constraints.json when given) a drift monitor compares with. */
import { S3Client } from '@aws-sdk/client-s3';
import type { ConstraintsFile, StatisticsFile } from '../../../contracts/model-monitor';
import { Baseline, baselineFromStatisticsFile } from '../../core/monitoring';
import { getJson, parseS3Uri } from '../../shared/monitoring-io';
import type { DriftConfig } from './config';

/** The baseline, or undefined when its statistics.json does not exist yet. */
export async function loadBaseline(s3: S3Client, config: DriftConfig): Promise<{ baseline: Baseline; constraints?: ConstraintsFile } | undefined> {
  const stats = parseS3Uri(config.baselineStatistics);
  const file = await getJson<StatisticsFile>(s3, stats.bucket, stats.key);
  if (!file) return undefined;
  const baseline = baselineFromStatisticsFile(file, config.schema);
  let constraints: ConstraintsFile | undefined;
  if (config.baselineConstraints) {
    const c = parseS3Uri(config.baselineConstraints);
    constraints = await getJson<ConstraintsFile>(s3, c.bucket, c.key);
  }
  return { baseline, ...(constraints ? { constraints } : {}) };
}
