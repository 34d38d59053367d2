import { DRIFT_CHECKS } from './drift';
import { ERROR_COUNT_CHECKS } from './error-count';
import { QUALITY_CHECKS } from './quality';
import { SEQUENTIAL_CHECKS } from './sequential';
import { STATS_CHECKS } from './stats';
import type { CheckTable } from './types';

export * from './types';

/** Every reference check the library has, by list name. A list without a check here is a failure. */
export const REFERENCE_CHECKS: CheckTable = { ...STATS_CHECKS, ...QUALITY_CHECKS, ...SEQUENTIAL_CHECKS, ...DRIFT_CHECKS, ...ERROR_COUNT_CHECKS };
