/**
 * Rows of feature values from a request or response body, by content type: CSV (one row per line, comma
 * separated, double quotes for cells with commas) or JSON (an array of values, an array of rows, an object by
 * feature name, or the common envelopes `instances`, `inputs`, `data`, `features`, `predictions`, `outputs`).
 * A row is either positional (an array) or by name (an object).
 */

export type PayloadRow = readonly unknown[] | { readonly [name: string]: unknown };

/** Splits one CSV line into cells (RFC 4180 quoting; fast path without quotes). */
export function splitCsvLine(line: string): string[] {
  if (line.indexOf('"') < 0) return line.split(',');
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

/** CSV rows of a body (blank lines skipped; \r\n tolerated). */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let line = text.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim().length > 0) rows.push(splitCsvLine(line));
    start = end + 1;
  }
  return rows;
}

const ENVELOPES = ['instances', 'inputs', 'data', 'features', 'predictions', 'outputs', 'results'];

function rowsOfJson(v: unknown): PayloadRow[] | undefined {
  if (Array.isArray(v)) {
    if (v.length === 0) return [];
    if (v.every((x) => Array.isArray(x))) return v as unknown[][];
    if (v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x))) {
      return v.map((x) => {
        const o = x as Record<string, unknown>;
        // {"features": [...]} per instance (SageMaker's JSON Lines / jsonlines convention)
        return Array.isArray(o.features) ? (o.features as unknown[]) : Array.isArray(o.values) ? (o.values as unknown[]) : o;
      });
    }
    return [v];
  }
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    for (const key of ENVELOPES) if (key in o && (Array.isArray(o[key]) || typeof o[key] === 'object')) return rowsOfJson(o[key]);
    return [o];
  }
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return [[v]];
  return undefined;
}

/** Rows of a body; undefined when the body cannot be read (counted as malformed by the caller). */
export function payloadRows(text: string, contentType: string): PayloadRow[] | undefined {
  const ct = contentType.toLowerCase();
  const trimmed = text.trim();
  const looksJson = trimmed.startsWith('{') || trimmed.startsWith('[');
  if (ct.includes('json') || (!ct.includes('csv') && looksJson)) {
    if (ct.includes('jsonlines') || ct.includes('x-ndjson')) {
      const rows: PayloadRow[] = [];
      for (const line of trimmed.split('\n')) {
        if (!line.trim()) continue;
        try {
          const r = rowsOfJson(JSON.parse(line));
          if (!r) return undefined;
          rows.push(...r);
        } catch {
          return undefined;
        }
      }
      return rows;
    }
    try {
      return rowsOfJson(JSON.parse(trimmed));
    } catch {
      return undefined;
    }
  }
  return csvRows(text);
}
