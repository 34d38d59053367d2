/**
 * Loads the baseline a drift comparison uses (statistics.json, and constraints.json when given): the drift monitor's
 * for an endpoint's variants, a pipeline stage's for its rows.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { ConstraintsFile, FeatureSchema, StatisticsFile } from '../../contracts/model-monitor';
import { Baseline, baselineFromStatisticsFile } from '../core/monitoring';
import { getJson, parseS3Uri } from './monitoring-io';

/** Where a baseline is and which features it must describe (DriftConfig and StageDriftSpec both have these). */
export interface BaselineSource {
  /** s3:// URI of statistics.json. */
  readonly baselineStatistics: string;
  /** s3:// URI of constraints.json, when given. */
  readonly baselineConstraints?: string;
  readonly schema: FeatureSchema;
}

/** A baseline and its constraints, when given. */
export interface LoadedBaseline {
  readonly baseline: Baseline;
  readonly constraints?: ConstraintsFile;
}

/** The baseline, or undefined when its statistics.json does not exist yet. */
export async function loadBaseline(s3: S3Client, source: BaselineSource): Promise<LoadedBaseline | undefined> {
  const stats = parseS3Uri(source.baselineStatistics);
  const file = await getJson<StatisticsFile>(s3, stats.bucket, stats.key);
  if (!file) return undefined;
  const baseline = baselineFromStatisticsFile(file, source.schema);
  let constraints: ConstraintsFile | undefined;
  if (source.baselineConstraints) {
    const c = parseS3Uri(source.baselineConstraints);
    constraints = await getJson<ConstraintsFile>(s3, c.bucket, c.key);
  }
  return { baseline, ...(constraints ? { constraints } : {}) };
}
