import { Token } from 'aws-cdk-lib';
import { DriftThresholds as DriftThresholdsContract } from '../../../contracts/drift-monitor';
import { DriftThresholds } from '../drift-monitor-props';
import { invalidProp, validateFraction } from './validate-monitor';

/**
 * The drift decision's settings of a DriftMonitor or a PipelineMonitor stage, checked at synth, as the handlers
 * read them. `at` is where they are in the props (e.g. `thresholds`, `stages['raw'].drift.thresholds`).
 */
export function driftThresholdsContract(owner: string, at: string, t: DriftThresholds = {}): DriftThresholdsContract {
  validateFraction(owner, `${at}.numeric`, t.numeric);
  validateFraction(owner, `${at}.categorical`, t.categorical);
  if (t.minRecords !== undefined && !Token.isUnresolved(t.minRecords) && !(Number.isInteger(t.minRecords) && t.minRecords >= 1)) {
    invalidProp(owner, `${at}.minRecords`, t.minRecords, 'use a whole number, at least 1.');
  }
  return {
    ...(t.numeric !== undefined ? { numeric: t.numeric } : {}),
    ...(t.categorical !== undefined ? { categorical: t.categorical } : {}),
    ...(t.method ? { method: t.method.name as 'robust' | 'simple' } : {}),
    ...(t.minRecords !== undefined ? { minRecords: t.minRecords } : {}),
  };
}

/** Consecutive drifted windows that fire the drift alarm: 1 (default) to 24. */
export function driftWindowsToAlarm(owner: string, at: string, t: DriftThresholds = {}): number {
  const w = t.windowsToAlarm ?? 1;
  if (!Token.isUnresolved(w) && !(Number.isInteger(w) && w >= 1 && w <= 24)) {
    invalidProp(owner, `${at}.windowsToAlarm`, w, 'use a whole number from 1 to 24.');
  }
  return w;
}
