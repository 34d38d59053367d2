import type { CheckTable } from './types';

/** Checks of the drift and quality statistics (lists of stats-vectors.json). */
export const STATS_CHECKS: CheckTable = {};
