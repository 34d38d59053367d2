/**
 * Athena (Trino) SQL that computes a window's summary over the capture table (contracts/capture-table.ts) with the
 * same definitions as the Lambda path: each request's CSV row (CSV or BASE64 encoding) split into the schema's
 * columns; per numeric feature the count on the baseline's bins (bin i: edges[i-1] <= v < edges[i]), the sums of
 * deviations from the baseline mean, min and max; per categorical feature the count of each category; missing
 * (empty or absent) and invalid (not a finite number) values. The rows come back in one shape and
 * summaryFromAthenaRows turns them into a WindowSummary that merges and compares like any other.
 * Limits of the SQL path: one CSV row per request (requests holding several rows are counted in `multi_row`),
 * JSON-encoded requests are counted as malformed (the Lambda path reads them).
 */
import type { FeatureSchema } from '../../../contracts/model-monitor';
import { SYNTHETIC_INFERENCE_ID_PREFIX } from '../../../contracts/rollout-probe';
import type { Baseline, NumericBaseline } from './baseline';
import { binsId, type FeatureSummary, type WindowSummary } from './summary';

export interface WindowQueryOptions {
  readonly database: string;
  readonly table: string;
  readonly variant: string;
  /** Window [start, end) as ISO 8601 UTC. */
  readonly start: string;
  readonly end: string;
  /** Distinct categories returned per categorical feature. Default 1,000. */
  readonly maxCategories?: number;
}

const quoteId = (s: string) => `"${s.replace(/"/g, '""')}"`;
const quoteStr = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** A DOUBLE literal (Trino types a literal with an exponent as double), shortest round-trip digits: exact. */
const num = (x: number) => x.toExponential().replace('e+', 'E').replace('e-', 'E-');

/** The capture-hour partitions (`dt`) that hold a window: every hour from start's to end's (end exclusive). */
export function windowPartitions(start: string, end: string): { first: string; last: string } {
  const fmt = (ms: number) => {
    const d = new Date(ms);
    const two = (n: number) => String(n).padStart(2, '0');
    return `${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${two(d.getUTCHours())}`;
  };
  const s = Date.parse(start);
  const e = Date.parse(end);
  if (!Number.isFinite(s) || !Number.isFinite(e) || e <= s) throw new Error(`window [${start}, ${end}) is not a valid ISO 8601 range`);
  // Files of an hour can hold records of the previous minutes: start one hour early.
  return { first: fmt(s - 3600_000), last: fmt(e - 1) };
}

function binExpression(column: string, b: NumericBaseline): string {
  if (b.edges.length === 0) return '0';
  const whens = b.edges.map((e, i) => `WHEN ${column} < ${num(e)} THEN ${i}`).join(' ');
  return `CASE ${whens} ELSE ${b.edges.length} END`;
}

function decoded(side: string): string {
  const p = `capturedata.${side}`;
  return `CASE upper(${p}.encoding) WHEN 'CSV' THEN ${p}.data WHEN 'BASE64' THEN from_utf8(from_base64(${p}.data)) END`;
}

/** The SQL of one window (one variant). Result columns: feature, bin, category, n, s1, s2, vmin, vmax. */
export function windowSummarySql(schema: FeatureSchema, baseline: Baseline, o: WindowQueryOptions): string {
  const byName = new Map(baseline.features.map((f) => [f.name, f]));
  const inputs = schema.features.filter((f) => (f.source ?? 'input') === 'input');
  const outputs = schema.features.filter((f) => f.source === 'output');
  const { first, last } = windowPartitions(o.start, o.end);
  const cellsOf = (k: number, side: 'input_cells' | 'output_cells') => `element_at(${side}, ${k + 1})`;
  const columns: string[] = [];
  schema.features.forEach((f, i) => {
    const side = (f.source ?? 'input') === 'input' ? 'input_cells' : 'output_cells';
    const k = (f.source ?? 'input') === 'input' ? inputs.indexOf(f) : outputs.indexOf(f);
    const text = `trim(${cellsOf(k, side)})`;
    columns.push(`${text} AS t${i}`);
    if (f.kind === 'numeric') columns.push(`try_cast(${text} AS double) AS v${i}`);
  });
  const selects: string[] = [];
  const maxCategories = o.maxCategories ?? 1000;
  schema.features.forEach((f, i) => {
    const b = byName.get(f.name);
    if (!b) throw new Error(`the baseline has no feature '${f.name}'`);
    const name = quoteStr(f.name);
    const missing = `t${i} IS NULL OR t${i} = ''`;
    if (f.kind === 'numeric' && b.kind === 'numeric') {
      const v = `v${i}`;
      const shift = num(Number.isFinite(b.mean) ? b.mean : 0);
      selects.push(`SELECT ${name} AS feature, ${binExpression(v, b)} AS bin, CAST(NULL AS varchar) AS category, count(*) AS n, `
        + `sum(${v} - ${shift}) AS s1, sum((${v} - ${shift}) * (${v} - ${shift})) AS s2, min(${v}) AS vmin, max(${v}) AS vmax `
        + `FROM parsed WHERE ${v} IS NOT NULL AND is_finite(${v}) GROUP BY 1, 2, 3`);
      selects.push(`SELECT ${name}, -1, NULL, sum(CASE WHEN ${missing} THEN 1 ELSE 0 END), NULL, NULL, NULL, NULL FROM parsed`);
      selects.push(`SELECT ${name}, -2, NULL, sum(CASE WHEN NOT (${missing}) AND (${v} IS NULL OR NOT is_finite(${v})) THEN 1 ELSE 0 END), NULL, NULL, NULL, NULL FROM parsed`);
    } else {
      selects.push(`SELECT feature, bin, category, n, s1, s2, vmin, vmax FROM (SELECT ${name} AS feature, 0 AS bin, t${i} AS category, count(*) AS n, CAST(NULL AS double) AS s1, CAST(NULL AS double) AS s2, `
        + `CAST(NULL AS double) AS vmin, CAST(NULL AS double) AS vmax FROM parsed WHERE NOT (${missing}) GROUP BY 1, 2, 3 ORDER BY 4 DESC LIMIT ${maxCategories}) AS top${i}`);
      selects.push(`SELECT ${name}, 2, NULL, count(*), NULL, NULL, NULL, NULL FROM parsed WHERE NOT (${missing})`);
      selects.push(`SELECT ${name}, -1, NULL, sum(CASE WHEN ${missing} THEN 1 ELSE 0 END), NULL, NULL, NULL, NULL FROM parsed`);
    }
  });
  selects.push(`SELECT '', -3, NULL, count(*), NULL, NULL, NULL, NULL FROM parsed`);
  selects.push(`SELECT '', -4, NULL, sum(CASE WHEN input_text IS NULL OR input_text = '' THEN 1 ELSE 0 END), NULL, NULL, NULL, NULL FROM captured`);
  selects.push(`SELECT '', -5, NULL, sum(CASE WHEN strpos(input_text, chr(10)) > 0 THEN 1 ELSE 0 END), NULL, NULL, NULL, NULL FROM captured`);
  return [
    'WITH captured AS (',
    `  SELECT ${decoded('endpointinput')} AS input_text, ${decoded('endpointoutput')} AS output_text`,
    `  FROM ${quoteId(o.database)}.${quoteId(o.table)}`,
    `  WHERE variant = ${quoteStr(o.variant)} AND dt BETWEEN ${quoteStr(first)} AND ${quoteStr(last)}`,
    `    AND from_iso8601_timestamp(eventmetadata.inferencetime) >= from_iso8601_timestamp(${quoteStr(o.start)})`,
    `    AND from_iso8601_timestamp(eventmetadata.inferencetime) < from_iso8601_timestamp(${quoteStr(o.end)})`,
    // The rollout's probes and replays are not user traffic (the Lambda path skips them too).
    `    AND (eventmetadata.inferenceid IS NULL OR NOT starts_with(eventmetadata.inferenceid, ${quoteStr(SYNTHETIC_INFERENCE_ID_PREFIX)}))`,
    '),',
    'cells AS (',
    "  SELECT split(input_text, ',') AS input_cells, split(output_text, ',') AS output_cells FROM captured WHERE input_text IS NOT NULL AND input_text <> ''",
    '),',
    'parsed AS (',
    `  SELECT ${columns.join(', ')} FROM cells`,
    ')',
    selects.join('\nUNION ALL\n'),
  ].join('\n');
}

/** One result row of windowSummarySql. */
export interface AthenaSummaryRow {
  readonly feature: string;
  readonly bin: number;
  readonly category: string | null;
  readonly n: number;
  readonly s1: number | null;
  readonly s2: number | null;
  readonly vmin: number | null;
  readonly vmax: number | null;
}

/** The window summary from the query's rows (numbers may come as strings from Athena's GetQueryResults). */
export function summaryFromAthenaRows(rows: readonly AthenaSummaryRow[], baseline: Baseline, start: string, end: string): WindowSummary {
  const toNum = (v: unknown) => (v === null || v === undefined || v === '' ? 0 : Number(v));
  const features: Record<string, FeatureSummary> = {};
  let records = 0;
  let malformed = 0;
  for (const b of baseline.features) {
    const mine = rows.filter((r) => r.feature === b.name);
    if (b.kind === 'numeric') {
      const counts = new Array(b.edges.length + 1).fill(0);
      let n = 0;
      let s1 = 0;
      let s2 = 0;
      let min = Infinity;
      let max = -Infinity;
      let missing = 0;
      let invalid = 0;
      for (const r of mine) {
        const bin = Number(r.bin);
        if (bin === -1) missing += toNum(r.n);
        else if (bin === -2) invalid += toNum(r.n);
        else {
          counts[bin] += toNum(r.n);
          n += toNum(r.n);
          s1 += toNum(r.s1);
          s2 += toNum(r.s2);
          min = Math.min(min, toNum(r.vmin));
          max = Math.max(max, toNum(r.vmax));
        }
      }
      const shift = Number.isFinite(b.mean) ? b.mean : 0;
      features[b.name] = {
        kind: 'numeric', count: n, missing, invalid, mean: n ? shift + s1 / n : 0, m2: n ? Math.max(0, s2 - (s1 * s1) / n) : 0,
        min, max, counts,
      };
    } else {
      const counts: Record<string, number> = {};
      let kept = 0;
      let present = 0;
      let missing = 0;
      for (const r of mine) {
        const bin = Number(r.bin);
        if (bin === -1) missing += toNum(r.n);
        else if (bin === 2) present += toNum(r.n);
        else if (r.category !== null) {
          counts[r.category] = toNum(r.n);
          kept += toNum(r.n);
        }
      }
      // Categories beyond maxCategories: present values not in the kept ones.
      features[b.name] = { kind: 'categorical', count: present, missing, counts, overflow: present - kept };
    }
  }
  for (const r of rows) {
    if (r.feature !== '') continue;
    if (Number(r.bin) === -3) records = toNum(r.n);
    if (Number(r.bin) === -4) malformed = toNum(r.n);
  }
  return { version: 1, binsId: binsId(baseline), start, end, records, malformed, features };
}
