/**
 * Data Capture lines into a window accumulator: each row of the request is one record; its input features are read
 * by position (CSV, JSON arrays) or by name (JSON objects), and the response's row of the same index gives the
 * output features (prediction drift). A line that is not a readable capture record is counted as malformed and
 * skipped; never thrown, never silently dropped from the counts.
 */
import { isAscii } from 'buffer';
import { isSyntheticInferenceId, SYNTHETIC_INFERENCE_ID_PREFIX } from '../../../contracts/rollout-probe';
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

/**
 * Where the CSV text of one side of a capture line is, when written the way SageMaker writes it (`"data":"…"` with
 * no escapes, `"encoding":"CSV"` in the same object), found without parsing the JSON: [from, to) in the line, or
 * -1 to send the line to the full parser, which handles every other shape. The hot path of busy endpoints.
 */
function fastCsvSide(line: string, key: string, out: Int32Array): boolean {
  const at = line.indexOf(key);
  if (at < 0) return false;
  const open = at + key.length;
  const d = line.indexOf('"data":"', open);
  if (d < 0) return false;
  const close = line.indexOf('}', open);
  if (close >= 0 && close < d) return false;
  const from = d + 8;
  const to = line.indexOf('"', from);
  if (to < 0) return false;
  const end = line.indexOf('}', to);
  if (end < 0) return false;
  const slash = line.indexOf('\\', from);
  if (slash >= 0 && slash < to) return false;
  const enc = line.indexOf('"encoding":"CSV"', open);
  if (enc < 0 || enc > end || (enc > from && enc < to)) return false;
  out[0] = from;
  out[1] = to;
  return true;
}

function addCsvCells(acc: WindowAccumulator, indexes: readonly number[], line: string, from: number, to: number): void {
  let start = from;
  for (let k = 0; k < indexes.length; k++) {
    if (start > to) {
      acc.addMissing(indexes[k]);
      continue;
    }
    let comma = line.indexOf(',', start);
    if (comma < 0 || comma > to) comma = to;
    acc.addRange(indexes[k], line, start, comma);
    start = comma + 1;
  }
}

const IN_RANGE = new Int32Array(2);
const OUT_RANGE = new Int32Array(2);

/** Adds one capture line; returns the records added (0 for a malformed line, which is counted). */
export function ingestCaptureLine(acc: WindowAccumulator, layout: CaptureLayout, line: string): number {
  if (line.length === 0 || line.trim().length === 0) return 0;
  // A line naming the synthetic InferenceId prefix takes the exact path below, which skips probes and replays.
  if (line.indexOf('"captureData"') >= 0 && line.indexOf(SYNTHETIC_INFERENCE_ID_PREFIX) < 0) {
    const hasIn = layout.inputs.length > 0;
    const hasOut = layout.outputs.length > 0;
    if ((!hasIn || (fastCsvSide(line, '"endpointInput":{', IN_RANGE) && IN_RANGE[1] > IN_RANGE[0]))
      && (!hasOut || fastCsvSide(line, '"endpointOutput":{', OUT_RANGE))) {
      if (hasIn) addCsvCells(acc, layout.inputs, line, IN_RANGE[0], IN_RANGE[1]);
      if (hasOut) addCsvCells(acc, layout.outputs, line, OUT_RANGE[0], OUT_RANGE[1]);
      acc.records++;
      return 1;
    }
  }
  const rec = parseCapturedRecord(line);
  // The rollout's probes and replays (contracts/rollout-probe.ts) are not user traffic: neither data nor malformed.
  if (rec && isSyntheticInferenceId(rec.inferenceId)) return 0;
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
  private pending: Buffer | undefined;
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

  /**
   * A chunk of bytes (UTF-8). Only whole lines are decoded, so a character split across chunks is never broken;
   * pure-ASCII text (the common case) is decoded as Latin-1, which is the same and faster.
   */
  writeBytes(chunk: Buffer): void {
    const last = chunk.lastIndexOf(10);
    if (last < 0) {
      this.pending = this.pending ? Buffer.concat([this.pending, chunk]) : Buffer.from(chunk);
      return;
    }
    const head = this.pending ? Buffer.concat([this.pending, chunk.subarray(0, last + 1)]) : chunk.subarray(0, last + 1);
    this.pending = last + 1 < chunk.length ? Buffer.from(chunk.subarray(last + 1)) : undefined;
    this.write(isAscii(head) ? head.toString('latin1') : head.toString('utf8'));
  }

  end(): void {
    if (this.pending) {
      const p = this.pending;
      this.pending = undefined;
      this.write(p.toString('utf8'));
    }
    if (this.rest.length) ingestCaptureLine(this.acc, this.layout, this.rest);
    this.rest = '';
  }
}
