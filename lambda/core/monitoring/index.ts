/**
 * Drift monitoring core: baselines, streaming mergeable window summaries from Data Capture, comparison with the
 * baseline and the drift decision (an effect size and a false-alarm budget), Model Monitor's files and metric
 * names, and the Athena SQL that computes the same summary at scale. Pure: no I/O.
 */
export * from './baseline';
export * from './summary';
export * from './accumulator';
export * from './payload';
export * from './ingest';
export * from './numeric-drift';
export * from './categorical-drift';
export * from './drift-decision';
export * from './compare';
export * from './files';
export * from './byte-ingest';
export * from './athena-sql';
export * from './stage-rows';
export * from './stage-drift';
export * from './parquet-rows';
