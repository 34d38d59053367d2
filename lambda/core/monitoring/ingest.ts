/**
 * Data Capture lines into a window accumulator: each row of the request is one record; its input features are read
 * by position (CSV, JSON arrays) or by name (JSON objects), and the response's row of the same index gives the
 * output features (prediction drift). A line that is not a readable capture record is counted as malformed and
 * skipped; never thrown, never silently dropped from the counts.
 */
import { parseCapturedRecord, type CapturedPart } from '../capture/record';
import type { WindowAccumulator } from './accumulator';
import { payloadRows, type PayloadRow } from './payload';

/** Where each feature of the accumulator is read: its side and its position among that side's features. */
export interface CaptureLayout {
  /** Accumulator indexes of the input features, in CSV column order. */
  readonly inputs: readonly number[];
  /** Accumulator indexes of the output features, in CSV column order. */
  readonly outputs: readonly number[];
}

/** The layout of a schema whose features were given to the accumulator in schema order. */
export function layoutOf(features: readonly { readonly source?: 'input' | 'output' }[]): CaptureLayout {
  const inputs: number[] = [];
  const outputs: number[] = [];
  features.forEach((f, i) => ((f.source ?? 'input') === 'output' ? outputs : inputs).push(i));
  return { inputs, outputs };
}

function addRow(acc: WindowAccumulator, indexes: readonly number[], row: PayloadRow | undefined): void {
  if (row === undefined) {
    for (const i of indexes) acc.addMissing(i);
    return;
  }
  if (Array.isArray(row)) {
    for (let k = 0; k < indexes.length; k++) {
      const v = row[k];
      if (typeof v === 'string') acc.addText(indexes[k], v);
      else acc.addValue(indexes[k], v);
    }
    return;
  }
  const obj = row as Record<string, unknown>;
  for (const i of indexes) {
    const name = acc.names[i];
    if (name in obj) acc.addValue(i, obj[name]);
    else if (indexes.length === 1 && acc.names.length > 0) {
      // A single output read from an object without its name: the first number (e.g. {"score": 0.7}).
      const first = Object.values(obj).find((v) => typeof v === 'number' || typeof v === 'string');
      acc.addValue(i, first);
    } else acc.addMissing(i);
  }
}

function rowsOf(part: CapturedPart | undefined): PayloadRow[] | undefined | null {
  if (!part) return null;
  return payloadRows(part.text, part.contentType);
}

/** Adds one capture line; returns the records added (0 for a malformed line, which is counted). */
export function ingestCaptureLine(acc: WindowAccumulator, layout: CaptureLayout, line: string): number {
  if (line.length === 0 || line.trim().length === 0) return 0;
  const rec = parseCapturedRecord(line);
  if (!rec || (layout.inputs.length > 0 && !rec.input)) {
    acc.malformed++;
    return 0;
  }
  const inputRows = layout.inputs.length > 0 ? rowsOf(rec.input) : null;
  if (inputRows === undefined || (inputRows !== null && inputRows.length === 0)) {
    acc.malformed++;
    return 0;
  }
  const outputRows = layout.outputs.length > 0 ? rowsOf(rec.output) : null;
  const n = inputRows ? inputRows.length : outputRows ? outputRows.length : 0;
  if (n === 0) {
    acc.malformed++;
    return 0;
  }
  for (let r = 0; r < n; r++) {
    if (inputRows) addRow(acc, layout.inputs, inputRows[r]);
    if (layout.outputs.length > 0) addRow(acc, layout.outputs, outputRows ? outputRows[r] : undefined);
  }
  acc.records += n;
  return n;
}

/**
 * Splits a stream of text chunks into lines (a line may span chunks) and ingests each: memory is one chunk plus
 * one partial line. Call `end()` after the last chunk.
 */
export class CaptureStreamIngester {
  private rest = '';
  constructor(private readonly acc: WindowAccumulator, private readonly layout: CaptureLayout) {}

  write(chunk: string): void {
    let text = this.rest.length ? this.rest + chunk : chunk;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      ingestCaptureLine(this.acc, this.layout, text.slice(start, nl));
      start = nl + 1;
    }
    this.rest = start < text.length ? text.slice(start) : '';
    text = '';
  }

  end(): void {
    if (this.rest.length) ingestCaptureLine(this.acc, this.layout, this.rest);
    this.rest = '';
  }
}
