/**
 * A drift window's outputs, the same for an endpoint variant (drift monitor) and a pipeline stage: Model Monitor's
 * statistics.json and constraint_violations.json (each drifted feature's violation says both parts of the
 * decision) plus our summary.json (the mergeable summary, and every feature's decision: which part decided) under
 * the window's folder, and the report's metrics as datapoints with the caller's dimensions.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { REPORT_FILES } from '../../contracts/model-monitor';
import {
  type Baseline, type DriftReport, reportMetrics, violationsFile, windowReportSummary, type WindowSummary, windowStatisticsFile,
} from '../core/monitoring';
import { type Datapoint, putJson } from './monitoring-io';

/** Writes the window's three report files under `folder` (a key prefix ending in '/'). */
export async function writeWindowReports(s3: S3Client, bucket: string, folder: string, summary: WindowSummary,
  baseline: Baseline, report: DriftReport): Promise<void> {
  await putJson(s3, bucket, folder + REPORT_FILES.statistics, windowStatisticsFile(summary, baseline));
  await putJson(s3, bucket, folder + REPORT_FILES.violations, violationsFile(report));
  await putJson(s3, bucket, folder + REPORT_FILES.summary, windowReportSummary(summary, report));
}

/** The report's metrics (Model Monitor's names) as datapoints with `dimensions`. */
export function reportDatapoints(report: DriftReport, dimensions: Record<string, string>): Datapoint[] {
  return reportMetrics(report).map((m) => ({ name: m.name, value: m.value, unit: m.unit, dimensions }));
}
