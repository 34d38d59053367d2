import { StageDriftSpec, StageFileFormat } from '../../../contracts/pipeline-drift';
import { PipelineStage, PipelineStageDrift, StageDataFormat } from '../pipeline-monitor-props';
import { driftThresholdsContract, driftWindowsToAlarm } from './drift-thresholds';
import { invalidProp } from '../../private/validation/fail';
import { checkBaselineCovers } from './baseline-coverage';

/** Consecutive drifted windows that fire a stage's drift alarm (validated). */
export function windowsToAlarmOf(owner: string, stageName: string, drift: PipelineStageDrift, scheduleSeconds: number): number {
  return driftWindowsToAlarm(owner, `stages['${stageName}'].drift.thresholds`, drift.thresholds ?? {}, scheduleSeconds);
}

/** The handler's view of a stage's drift, after checking the props at synth. */
export function stageDriftSpec(owner: string, stage: PipelineStage, drift: PipelineStageDrift, scheduleSeconds: number): StageDriftSpec {
  const at = `stages['${stage.name}'].drift`;
  const format = drift.format ?? StageDataFormat.csv();
  // Parquet: the file's own schema names the columns; whether the features are among them is only known at run time
  // (a file without one is logged and counted as malformed).
  const schema = drift.features._schema();
  const names = schema.features.map((f) => f.name);
  if (format.columns !== undefined) {
    if (format.header) invalidProp(owner, `${at}.format.columns`, format.columns.join(','), 'Give columns only with header: false (a header names the columns itself).');
    const missing = names.filter((n) => !format.columns!.includes(n));
    if (missing.length > 0) invalidProp(owner, `${at}.format.columns`, format.columns.join(','), `Name every feature among the columns; missing: ${missing.join(', ')}.`);
    if (new Set(format.columns).size !== format.columns.length) invalidProp(owner, `${at}.format.columns`, format.columns.join(','), 'Give each column its own name.');
  }
  const thresholds = driftThresholdsContract(owner, `${at}.thresholds`, drift.thresholds);
  windowsToAlarmOf(owner, stage.name, drift, scheduleSeconds);
  checkBaselineCovers(owner, `${at}.baseline`, drift.features, drift.baseline);
  return {
    format: format.name as StageFileFormat,
    header: format.header,
    ...(format.columns ? { columns: format.columns } : {}),
    schema,
    baselineStatistics: drift.baseline.statisticsUri,
    ...(drift.baseline.constraintsUri ? { baselineConstraints: drift.baseline.constraintsUri } : {}),
    thresholds,
  };
}
