/**
 * Runs the drift monitor's generated Athena (Trino) SQL in DuckDB over capture lines, as a stand-in for Athena on
 * the Glue capture table: lines are lower-cased like the OpenX SerDe's case-insensitive columns and given their
 * partition (variant, dt); five Trino-only functions become DuckDB macros (the only dialect change).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { AthenaSummaryRow } from '../../lambda/core/monitoring';

const lower = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(lower);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.toLowerCase(), lower(x)]));
  return v;
};

/** Trino-only functions as DuckDB macros. */
const MACROS = [
  'CREATE MACRO trino_split(s, d) AS string_split(s, d)',
  'CREATE MACRO trino_element_at(a, i) AS list_extract(a, i)',
  'CREATE MACRO trino_from_utf8(b) AS decode(b)',
  'CREATE MACRO trino_from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
  'CREATE MACRO trino_is_finite(x) AS isfinite(x)',
];
const toDuck = (sql: string) => sql.replace(/\b(split|element_at|from_utf8|from_iso8601_timestamp|is_finite)\(/g, 'trino_$1(');

export interface CapturePartitionLine {
  readonly line: string;
  readonly variant: string;
  /** The capture hour folder, yyyy/MM/dd/HH. */
  readonly dt: string;
}

/** The query's rows, with the table `<database>.<table>` holding the lines. */
export async function runInDuckDb(lines: readonly CapturePartitionLine[], sql: string, database = 'monitoring', table = 'capture'): Promise<AthenaSummaryRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'athena-sql-'));
  try {
    const file = path.join(dir, 'capture.jsonl');
    fs.writeFileSync(file, lines.map((l) => JSON.stringify({ ...(lower(JSON.parse(l.line)) as object), variant: l.variant, dt: l.dt })).join('\n'));
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const side = 'STRUCT(observedcontenttype VARCHAR, mode VARCHAR, data VARCHAR, encoding VARCHAR)';
    await c.run(`CREATE SCHEMA "${database}"`);
    await c.run(`CREATE TABLE "${database}"."${table}" AS SELECT * FROM read_json('${file}', format = 'newline_delimited', columns = {
      capturedata: 'STRUCT(endpointinput ${side}, endpointoutput ${side})',
      eventmetadata: 'STRUCT(eventid VARCHAR, inferenceid VARCHAR, inferencetime VARCHAR)', eventversion: 'VARCHAR', variant: 'VARCHAR', dt: 'VARCHAR' })`);
    for (const m of MACROS) await c.run(m);
    const result = await c.runAndReadAll(toDuck(sql));
    return result.getRowObjectsJson() as unknown as AthenaSummaryRow[];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
