/** The drift decision's calibration study (npm run bench -- drift-calibration; docs/drift-statistics.md). */
export * from './feature-types';
export * from './calibration';
