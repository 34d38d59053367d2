/**
 * The rows of a pipeline stage's Parquet files into the same window accumulator as its CSV and JSON Lines rows: which
 * columns and row groups of a file are read (from its footer), and how a decoded column's values count. A feature is
 * the top-level column of its name; a file that lacks one, holds it nested, or compresses it with a codec the reader
 * has no decompressor for is unreadable (skipped whole, counted as one malformed row, like a Parquet file in a CSV
 * stage). Pure: the handler reads the footer and the row groups' column chunks.
 */
import type { FileMetaData } from 'hyparquet';
import type { WindowAccumulator } from './accumulator';

/** One row group of a file: the rows [rowStart, rowEnd) of the file. */
export interface ParquetRowGroupRange {
  readonly rowStart: number;
  readonly rowEnd: number;
}

/** What to read of one file. */
export interface ParquetReadPlan {
  /** The features' column names, in the accumulator's order (one per feature). */
  readonly columns: readonly string[];
  /** Row groups with rows, in file order (read one at a time: memory is one group's feature columns). */
  readonly groups: readonly ParquetRowGroupRange[];
  /** Rows of the file. */
  readonly rows: number;
}

/** Why a file is not read. */
export interface ParquetUnreadable {
  /** What is wrong and what is read instead, for the log line. */
  readonly reason: string;
  /** The details of the log line (missing columns, the codec, the file's columns). */
  readonly detail: Record<string, unknown>;
}

export type ParquetPlanResult = { readonly plan: ParquetReadPlan } | { readonly unreadable: ParquetUnreadable };

/** Top-level columns of the file's schema: name to whether it is a plain (non-nested, non-repeated) column. */
function topLevelColumns(meta: FileMetaData): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const schema = meta.schema;
  const rootChildren = schema[0]?.num_children ?? 0;
  // The schema is a depth-first list: skip each child's subtree to reach the next top-level column.
  let i = 1;
  for (let c = 0; c < rootChildren && i < schema.length; c++) {
    const el = schema[i];
    out.set(el.name, !(el.num_children && el.num_children > 0) && el.repetition_type !== 'REPEATED');
    let pending = el.num_children ?? 0;
    i++;
    while (pending > 0 && i < schema.length) {
      pending += (schema[i].num_children ?? 0) - 1;
      i++;
    }
  }
  return out;
}

/**
 * What to read of a file for the features (`features`: the accumulator's names), or why it is unreadable.
 * `codecs`: the compression codecs the reader can decompress.
 */
export function planParquetFile(meta: FileMetaData, features: readonly string[], codecs: ReadonlySet<string>): ParquetPlanResult {
  const columns = topLevelColumns(meta);
  const missing = features.filter((f) => !columns.has(f));
  if (missing.length > 0) {
    return { unreadable: {
      reason: 'Parquet file lacks feature columns: skipped and counted as malformed (features are top-level columns found by name)',
      detail: { missingColumns: missing, fileColumns: [...columns.keys()] },
    } };
  }
  const nested = features.filter((f) => columns.get(f) === false);
  if (nested.length > 0) {
    return { unreadable: {
      reason: 'Parquet feature columns are nested (a group, list or map): skipped and counted as malformed (a feature is one plain value per row)',
      detail: { nestedColumns: nested },
    } };
  }
  const wanted = new Set(features);
  const groups: ParquetRowGroupRange[] = [];
  let start = 0;
  for (const g of meta.row_groups) {
    for (const chunk of g.columns) {
      const m = chunk.meta_data;
      if (!m || !wanted.has(m.path_in_schema[0])) continue;
      if (!codecs.has(m.codec)) {
        return { unreadable: {
          reason: 'Parquet column compressed with a codec the monitor cannot decompress: skipped and counted as malformed',
          detail: { codec: m.codec, column: m.path_in_schema.join('.'), readableCodecs: [...codecs] },
        } };
      }
    }
    const rows = Number(g.num_rows);
    if (rows > 0) groups.push({ rowStart: start, rowEnd: start + rows });
    start += rows;
  }
  return { plan: { columns: [...features], groups, rows: start } };
}

/**
 * The decoded values of feature i (one column of a row group, or part of one) into the accumulator, as the CSV and
 * JSON Lines rows count them: null is missing (an empty CSV cell); a numeric feature takes numbers (INT64 as their
 * nearest double, DECIMAL as hyparquet's double), numeric strings parsed like CSV cells and booleans as 1/0 (like
 * JSON), anything else (a timestamp, bytes) is invalid; a categorical feature takes each value as its text (an
 * integer `3` is the category `3`, as in a CSV file; a timestamp its ISO 8601 text, bytes their hex). NaN and
 * ±Infinity are invalid numbers, as `NaN` in a CSV cell.
 */
export function addParquetValues(acc: WindowAccumulator, i: number, values: ArrayLike<unknown>): void {
  const n = values.length;
  if (acc.isNumeric(i)) {
    for (let k = 0; k < n; k++) {
      const v = values[k];
      if (typeof v === 'number') acc.addNumber(i, v);
      else if (typeof v === 'bigint') acc.addNumber(i, Number(v));
      else if (v === null || v === undefined) acc.addMissing(i);
      else if (typeof v === 'string' || typeof v === 'boolean') acc.addValue(i, v);
      else acc.addNumber(i, NaN);
    }
    return;
  }
  for (let k = 0; k < n; k++) {
    const v = values[k];
    if (typeof v === 'string') acc.addText(i, v);
    else if (v === null || v === undefined) acc.addMissing(i);
    else if (v instanceof Date) acc.addText(i, Number.isNaN(v.getTime()) ? String(v) : v.toISOString());
    else if (v instanceof Uint8Array) acc.addText(i, Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex'));
    else acc.addText(i, String(v));
  }
}
