/**
 * The drift decision's options of a drift monitor or a pipeline stage: the baseline's constraints.json
 * (monitoring_config) with the construct's overrides (DriftThresholds) on top. Pure.
 */
import type { DriftThresholds } from '../../../contracts/drift-monitor';
import type { ConstraintsFile } from '../../../contracts/model-monitor';
import { optionsFromConstraints, type DriftOptions } from './compare';

export function driftOptionsOf(constraints: ConstraintsFile | undefined, t: DriftThresholds): DriftOptions {
  return optionsFromConstraints(constraints, {
    ...(t.numericEffect !== undefined ? { numericEffect: t.numericEffect } : {}),
    ...(t.categoricalEffect !== undefined ? { categoricalEffect: t.categoricalEffect } : {}),
    ...(t.falseAlarmBudget !== undefined ? { falseAlarmBudget: t.falseAlarmBudget } : {}),
    ...(t.minRecords !== undefined ? { minRecords: t.minRecords } : {}),
  });
}
