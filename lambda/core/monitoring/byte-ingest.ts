/**
 * The hot path of the drift monitor: capture files read as byte chunks, split into lines and, for lines written
 * the way SageMaker writes CSV captures (`"data":"…"` without escapes and `"encoding":"CSV"` in the same object),
 * their cells parsed straight from the bytes, with no string per line. Any other line is decoded and goes through
 * ingestCaptureLine (JSON, BASE64, escapes, malformed lines), so both paths give the same summary.
 */
import { SYNTHETIC_INFERENCE_ID_PREFIX } from '../../../contracts/rollout-probe';
import type { WindowAccumulator } from './accumulator';
import { ingestCaptureLine, type CaptureLayout } from './ingest';

const INPUT = Buffer.from('"endpointInput":{');
const SYNTHETIC = Buffer.from(SYNTHETIC_INFERENCE_ID_PREFIX);
const OUTPUT = Buffer.from('"endpointOutput":{');
const DATA = Buffer.from('"data":"');
const CSV_AFTER = Buffer.from('","encoding":"CSV"}');
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Whether buf[at, at + word.length) equals word. */
function matches(buf: Buffer, at: number, word: Buffer): boolean {
  if (at + word.length > buf.length) return false;
  for (let k = 0; k < word.length; k++) if (buf[at + k] !== word[k]) return false;
  return true;
}

/**
 * [from, to) of the CSV data of one side of the line buf[start, end), or false for the slow path. Only SageMaker's
 * own key order is taken (`…"data":"<csv>","encoding":"CSV"}`): searches stay within the line.
 */
function csvSide(buf: Buffer, start: number, end: number, key: Buffer, out: Int32Array): boolean {
  const at = buf.indexOf(key, start);
  if (at < 0 || at >= end) return false;
  const open = at + key.length;
  const d = buf.indexOf(DATA, open);
  if (d < 0 || d >= end) return false;
  for (let k = open; k < d; k++) if (buf[k] === 125) return false; // the object closed before its data
  const from = d + DATA.length;
  let to = from;
  for (; to < end; to++) {
    const c = buf[to];
    if (c === 34) break;
    if (c === 92) return false; // an escape: the slow path decodes it
  }
  if (to >= end || !matches(buf, to, CSV_AFTER)) return false;
  out[0] = from;
  out[1] = to;
  return true;
}

/** A plain decimal from bytes (see parsePlainDecimal); NaN for anything else. */
function decimal(b: Buffer, from: number, to: number): number {
  let i = from;
  let c = b[i];
  const neg = c === 45;
  if (neg || c === 43) i++;
  let mant = 0;
  let digits = 0;
  let scale = 0;
  while (i < to) {
    c = b[i];
    if (c < 48 || c > 57) break;
    mant = mant * 10 + (c - 48);
    digits++;
    i++;
  }
  if (i < to && b[i] === 46) {
    i++;
    while (i < to) {
      c = b[i];
      if (c < 48 || c > 57) break;
      mant = mant * 10 + (c - 48);
      digits++;
      scale++;
      i++;
    }
  }
  if (i !== to || digits === 0 || digits > 15) return NaN;
  const v = scale ? mant / POW10[scale] : mant;
  return neg ? -v : v;
}

function cells(acc: WindowAccumulator, indexes: readonly number[], buf: Buffer, from: number, to: number): void {
  let start = from;
  for (let k = 0; k < indexes.length; k++) {
    const i = indexes[k];
    if (start > to) {
      acc.addMissing(i);
      continue;
    }
    let comma = start;
    while (comma < to && buf[comma] !== 44) comma++;
    if (comma === start) acc.addMissing(i);
    else {
      const slot = acc.numericSlot(i);
      const v = slot ? decimal(buf, start, comma) : NaN;
      if (v === v) slot!.add(v);
      else acc.addText(i, buf.toString('utf8', start, comma));
    }
    start = comma + 1;
  }
}

const IN = new Int32Array(2);
const OUT = new Int32Array(2);
// Values of the line's input and output cells, parsed before anything is added (so a line that turns out not to
// fit the fastest path leaves the accumulator untouched and takes the next one).
let scratchIn = new Float64Array(64);
let scratchOut = new Float64Array(8);
/** Where the last fusedCells call stopped: the closing quote of the data. */
let fusedEnd = 0;

/**
 * The fastest path: numeric cells parsed in the same pass that finds the end of the data, from `from` to the
 * closing quote, into `out`; false (nothing added) on anything else: a cell that is not a plain decimal, an empty
 * cell, fewer or more cells than features, an escape, a categorical feature.
 */
function fusedCells(acc: WindowAccumulator, indexes: readonly number[], buf: Buffer, from: number, end: number, out: Float64Array): boolean {
  let i = from;
  const last = indexes.length - 1;
  for (let k = 0; k <= last; k++) {
    if (!acc.numericSlot(indexes[k])) return false;
    let c = buf[i];
    const neg = c === 45;
    if (neg || c === 43) i++;
    let mant = 0;
    let digits = 0;
    let scale = 0;
    for (; i < end; i++) {
      c = buf[i];
      if (c < 48 || c > 57) break;
      mant = mant * 10 + (c - 48);
      digits++;
    }
    if (i < end && buf[i] === 46) {
      for (i++; i < end; i++) {
        c = buf[i];
        if (c < 48 || c > 57) break;
        mant = mant * 10 + (c - 48);
        digits++;
        scale++;
      }
    }
    if (digits === 0 || digits > 15 || i >= end) return false;
    const v = scale ? mant / POW10[scale] : mant;
    out[k] = neg ? -v : v;
    c = buf[i];
    if (k < last ? c !== 44 : c !== 34) return false;
    i++;
  }
  fusedEnd = i - 1;
  return matches(buf, fusedEnd, CSV_AFTER);
}

/** [open, data) of one side: the position after `"data":"` of the object that follows key, or -1. */
function dataStart(buf: Buffer, start: number, end: number, key: Buffer, guess: number): number {
  const at = matches(buf, guess, key) ? guess : buf.indexOf(key, start);
  if (at < 0 || at >= end) return -1;
  const open = at + key.length;
  const d = buf.indexOf(DATA, open);
  if (d < 0 || d >= end) return -1;
  for (let k = open; k < d; k++) if (buf[k] === 125) return -1; // the object closed before its data
  return d + DATA.length;
}

/**
 * The line buf[start, end): the fast path when it applies, else ingestCaptureLine on its text. `marked`: the line
 * holds the synthetic InferenceId prefix (a rollout probe or replay, contracts/rollout-probe.ts), so it takes the
 * exact path, which skips such records.
 */
export function ingestCaptureLineBytes(acc: WindowAccumulator, layout: CaptureLayout, buf: Buffer, start = 0, end = buf.length,
  marked = false): number {
  if (marked) return ingestCaptureLine(acc, layout, buf.toString('utf8', start, end));
  const ins = layout.inputs;
  const outs = layout.outputs;
  const hasIn = ins.length > 0;
  const hasOut = outs.length > 0;
  if (hasIn && ins.length > scratchIn.length) scratchIn = new Float64Array(ins.length);
  if (hasOut && outs.length > scratchOut.length) scratchOut = new Float64Array(outs.length);
  // SageMaker's own line starts `{"captureData":{"endpointInput":{`: the input key is looked for there first.
  const inData = hasIn ? dataStart(buf, start, end, INPUT, start + 16) : 0;
  if (inData >= 0 && (!hasIn || fusedCells(acc, ins, buf, inData, end, scratchIn))) {
    const outData = hasOut ? dataStart(buf, start, end, OUTPUT, hasIn ? fusedEnd + CSV_AFTER.length + 1 : start) : 0;
    if (outData >= 0 && (!hasOut || fusedCells(acc, outs, buf, outData, end, scratchOut))) {
      for (let k = 0; k < ins.length; k++) acc.numericSlot(ins[k])!.add(scratchIn[k]);
      for (let k = 0; k < outs.length; k++) acc.numericSlot(outs[k])!.add(scratchOut[k]);
      acc.records++;
      return 1;
    }
  }
  if ((!hasIn || (csvSide(buf, start, end, INPUT, IN) && IN[1] > IN[0])) && (!hasOut || csvSide(buf, start, end, OUTPUT, OUT))) {
    if (hasIn) cells(acc, ins, buf, IN[0], IN[1]);
    if (hasOut) cells(acc, outs, buf, OUT[0], OUT[1]);
    acc.records++;
    return 1;
  }
  return ingestCaptureLine(acc, layout, buf.toString('utf8', start, end));
}

/** Capture files as byte chunks into an accumulator; memory is one chunk plus one partial line. */
export class CaptureByteIngester {
  private pending: Buffer | undefined;
  constructor(private readonly acc: WindowAccumulator, private readonly layout: CaptureLayout) {}

  write(chunk: Buffer): void {
    let pos = 0;
    if (this.pending) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.pending = Buffer.concat([this.pending, chunk]);
        return;
      }
      const first = Buffer.concat([this.pending, chunk.subarray(0, nl)]);
      this.line(first, 0, first.length, first.indexOf(SYNTHETIC) >= 0);
      this.pending = undefined;
      pos = nl + 1;
    }
    // One search per chunk (and per marked line) finds the rollout's synthetic records, not one per line.
    let mark = chunk.indexOf(SYNTHETIC, pos);
    for (;;) {
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) break;
      const marked = mark >= 0 && mark < nl;
      if (marked) mark = chunk.indexOf(SYNTHETIC, nl);
      if (nl > pos) this.line(chunk, pos, nl, marked);
      pos = nl + 1;
    }
    if (pos < chunk.length) this.pending = Buffer.from(chunk.subarray(pos));
  }

  end(): void {
    if (this.pending) this.line(this.pending, 0, this.pending.length, this.pending.indexOf(SYNTHETIC) >= 0);
    this.pending = undefined;
  }

  private line(buf: Buffer, start: number, end: number, marked: boolean): void {
    while (end > start && (buf[end - 1] === 13 || buf[end - 1] === 32)) end--;
    if (end > start) ingestCaptureLineBytes(this.acc, this.layout, buf, start, end, marked);
  }
}
