import type { CheckTable } from './types';

/** Checks of the experiment statistics (lists of sequential-vectors.json). */
export const SEQUENTIAL_CHECKS: CheckTable = {};
