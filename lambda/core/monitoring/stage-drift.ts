/**
 * The drift decision's options of a pipeline stage: the baseline's constraints.json (monitoring_config) with the
 * construct's overrides on top, exactly as the drift monitor builds them. Pure.
 */
import type { DriftThresholds } from '../../../contracts/drift-monitor';
import type { ConstraintsFile } from '../../../contracts/model-monitor';
import { optionsFromConstraints, type DriftOptions } from './compare';

export function driftOptionsOf(constraints: ConstraintsFile | undefined, t: DriftThresholds): DriftOptions {
  return optionsFromConstraints(constraints, {
    ...(t.numeric !== undefined ? { threshold: t.numeric } : {}),
    ...(t.categorical !== undefined ? { categoricalThreshold: t.categorical } : {}),
    ...(t.method ? { method: t.method } : {}),
    ...(t.categoricalMethod ? { categoricalMethod: t.categoricalMethod } : {}),
    ...(t.minRecords !== undefined ? { minRecords: t.minRecords } : {}),
  });
}
