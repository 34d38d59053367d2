/**
 * Drift monitoring core: baselines, streaming mergeable window summaries from Data Capture, comparison with the
 * baseline and the sample-size-aware decision, Model Monitor's files and metric names, and the Athena SQL that
 * computes the same summary at scale. Pure: no I/O.
 */
export * from './baseline';
export * from './summary';
export * from './accumulator';
export * from './payload';
export * from './ingest';
export * from './numeric-drift';
export * from './categorical-drift';
export * from './compare';
export * from './files';
export * from './byte-ingest';
export * from './calibration';
export * from './athena-sql';
export * from './stage-rows';
export * from './stage-drift';
export * from './parquet-rows';
