/**
 * Parquet and CSV fixtures written by DuckDB (a writer independent of the monitor's reader), and DuckDB's own
 * aggregates over them, for the Parquet stage tests.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { AsyncBuffer } from 'hyparquet';

/** Runs `fn` with a DuckDB connection and a scratch folder, removed afterwards. */
async function withDuck<T>(fn: (run: (sql: string) => Promise<Record<string, unknown>[]>, dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duck-parquet-'));
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    return await fn(async (sql) => (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[], dir);
  } finally {
    c.closeSync();
    db.closeSync();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The rows of `select` written by DuckDB's COPY with the given options (e.g. `COMPRESSION SNAPPY, ROW_GROUP_SIZE 2048`). */
export function duckFile(select: string, options: string): Promise<Buffer> {
  return withDuck(async (run, dir) => {
    const file = path.join(dir, 'out');
    await run(`COPY (${select}) TO '${file}' (${options})`);
    return fs.readFileSync(file);
  });
}

/** A Parquet file of `select`'s rows. */
export function duckParquet(select: string, options = 'COMPRESSION SNAPPY'): Promise<Buffer> {
  return duckFile(select, `FORMAT PARQUET, ${options}`);
}

/** A CSV file (header line, NULL as an empty cell) of `select`'s rows. */
export function duckCsv(select: string): Promise<Buffer> {
  return duckFile(select, 'FORMAT CSV, HEADER true');
}

/** DuckDB's answer to `sql`, in which `{t}` reads the bytes (a Parquet file). */
export function duckQueryParquet(bytes: Buffer, sql: string): Promise<Record<string, unknown>[]> {
  return withDuck(async (run, dir) => {
    const file = path.join(dir, 't.parquet');
    fs.writeFileSync(file, bytes);
    return run(sql.split('{t}').join(`read_parquet('${file}')`));
  });
}

/** An in-memory AsyncBuffer that records each slice it serves. */
export function memoryBuffer(bytes: Buffer): AsyncBuffer & { slices: [number, number][] } {
  const slices: [number, number][] = [];
  return {
    byteLength: bytes.length,
    slices,
    slice(start: number, end = bytes.length) {
      slices.push([start, end]);
      const copy = new Uint8Array(end - start);
      copy.set(bytes.subarray(start, end));
      return copy.buffer;
    },
  };
}
