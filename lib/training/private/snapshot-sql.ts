/**
 * The snapshot queries (pure): Athena UNLOADs that materialise every partition of the curated table written up to
 * the snapshot date into two flat CSV prefixes with no header: train (label, features: what SageMaker's XGBoost
 * reads) and holdout (label, row id, features: Batch Transform drops the first two and joins them back). The split hashes each row's content, so a row stays on the same side in every run: the
 * champion, trained by an earlier run, never saw this run's holdout rows either. `{}` are Step Functions
 * States.Format placeholders (run id, snapshot time), filled at run time.
 */

export interface SnapshotQueryOptions {
  readonly database: string;
  readonly table: string;
  readonly labelColumn: string;
  readonly featureColumns: readonly string[];
  /** Percent of rows (by hash) in the holdout. */
  readonly holdoutPercent: number;
}

/** The row id: a hex xxhash64 of the label and features, as text. */
function rowId(o: SnapshotQueryOptions): string {
  const cols = [o.labelColumn, ...o.featureColumns].map((c) => `coalesce(cast("${c}" as varchar), '')`);
  return `to_hex(xxhash64(to_utf8(concat_ws(',', ${cols.join(', ')}))))`;
}

/**
 * The SELECT of one side. Partitions count when `year-month-day` is not after the snapshot's date (the first 10
 * characters of the ISO snapshot time, placeholder 2).
 */
export function snapshotSelect(o: SnapshotQueryOptions, side: 'train' | 'holdout'): string {
  const bucket = `mod(mod(from_big_endian_64(from_hex(row_id)), 100) + 100, 100)`;
  const cmp = side === 'holdout' ? `< ${o.holdoutPercent}` : `>= ${o.holdoutPercent}`;
  const cols = [`"${o.labelColumn}"`, ...(side === 'holdout' ? ['row_id'] : []), ...o.featureColumns.map((c) => `"${c}"`)].join(', ');
  return `SELECT ${cols} FROM (SELECT *, ${rowId(o)} AS row_id FROM "${o.database}"."${o.table}"`
    + ` WHERE concat(year, '-', month, '-', day) <= substr('{}', 1, 10)) WHERE ${bucket} ${cmp}`;
}

/** The UNLOAD of one side into `<location>` (ends with '/'; placeholder 1 is in it). */
export function snapshotUnload(o: SnapshotQueryOptions, side: 'train' | 'holdout', location: string): string {
  return `UNLOAD (${snapshotSelect(o, side)}) TO '${location}' WITH (format = 'TEXTFILE', field_delimiter = ',', compression = 'NONE')`;
}
