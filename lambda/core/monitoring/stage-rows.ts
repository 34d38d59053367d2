/**
 * The rows of a pipeline stage's files (raw arrivals, curated output, features) into a window accumulator, so a
 * stage's data is summarised and compared with its baseline by exactly the code of the drift monitor. CSV (RFC 4180
 * quoting, a header naming the columns or columns given in order) and JSON Lines (one object per line, features
 * by key). Files are read as byte chunks: memory is one chunk plus one line, and a line longer than the limit is
 * counted as malformed and skipped. A row that cannot be read (wrong cell count, not a JSON object) is counted as
 * malformed and skipped, never fatal. Pure: no I/O.
 */
import { isAscii } from 'buffer';
import type { WindowAccumulator } from './accumulator';
import { splitCsvLine } from './payload';

/** How a stage's files are read (contracts/pipeline-drift.ts's StageDriftSpec, without the baseline). */
export interface StageRowFormat {
  readonly format: 'csv' | 'jsonl';
  /** csv: the first line of each file names the columns. */
  readonly header: boolean;
  /** csv without a header: the columns in file order (default: the accumulator's features, in order). */
  readonly columns?: readonly string[];
}

/** What one file added. */
export interface StageFileCounts {
  readonly rows: number;
  readonly malformed: number;
  /** The file was not text in the stage's format (a Parquet file: `PAR1` magic), skipped whole. */
  readonly unreadable: boolean;
}

const PARQUET_MAGIC = Buffer.from('PAR1');
const DEFAULT_MAX_LINE = 1024 * 1024;

/**
 * Whether a key under a stage's prefix holds data: not a folder marker and not a hidden file of the writers
 * (Spark's and Glue's `_SUCCESS`, `_temporary/`, `.crc`, `…$folder$`), whose names start with `_` or `.`.
 */
export function isStageDataKey(key: string, prefix: string): boolean {
  if (key.endsWith('/') || key.endsWith('$folder$')) return false;
  const rest = key.startsWith(prefix) ? key.slice(prefix.length) : key;
  return rest.split('/').every((part) => part.length > 0 && !part.startsWith('_') && !part.startsWith('.'));
}

/**
 * Streams one file's rows into the accumulator: `writeBytes` each chunk, then `end()`. One ingester per file (a CSV
 * header is per file). Rows become `acc.records`; unreadable rows `acc.malformed`.
 */
export class StageFileIngester {
  private pending: Buffer | undefined;
  private skippingLongLine = false;
  private firstChunk = true;
  private firstLine = true;
  private unreadable = false;
  /** Accumulator index of each column (-1: not a feature). */
  private columnSlots: Int32Array | undefined;
  private columnCount = 0;
  private rows = 0;
  private malformed = 0;
  private readonly featureIndex: Map<string, number>;

  constructor(private readonly acc: WindowAccumulator, private readonly format: StageRowFormat,
    private readonly maxLineBytes = DEFAULT_MAX_LINE) {
    this.featureIndex = new Map(acc.names.map((n, i) => [n, i]));
    if (format.format === 'csv' && !format.header) this.setColumns(format.columns ?? acc.names);
  }

  writeBytes(chunk: Buffer): void {
    if (this.firstChunk) {
      this.firstChunk = false;
      if (chunk.length >= 4 && chunk.subarray(0, 4).equals(PARQUET_MAGIC)) this.unreadable = true;
    }
    if (this.unreadable) return;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      const piece = chunk.subarray(start, nl);
      if (this.skippingLongLine) this.skippingLongLine = false; // the end of a line already counted
      else if (this.pending) {
        const line = Buffer.concat([this.pending, piece]);
        this.pending = undefined;
        this.lineBytes(line);
      } else this.lineBytes(piece);
      start = nl + 1;
    }
    if (start < chunk.length && !this.skippingLongLine) {
      const rest = chunk.subarray(start);
      const size = (this.pending?.length ?? 0) + rest.length;
      if (size > this.maxLineBytes) {
        // Bounded memory: a line this long is not a row of a data file; count it once and skip to its end.
        this.pending = undefined;
        this.skippingLongLine = true;
        this.countMalformed();
      } else this.pending = this.pending ? Buffer.concat([this.pending, rest]) : Buffer.from(rest);
    }
  }

  /** The file's last line (without a final newline), and its counts. */
  end(): StageFileCounts {
    if (this.pending && !this.unreadable) this.lineBytes(this.pending);
    this.pending = undefined;
    if (this.unreadable) this.countMalformed();
    return { rows: this.rows, malformed: this.malformed, unreadable: this.unreadable };
  }

  private lineBytes(bytes: Buffer): void {
    if (bytes.length > this.maxLineBytes) {
      this.countMalformed();
      return;
    }
    this.line(isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8'));
  }

  /** One line of text (no newline). Blank lines are not rows. */
  line(raw: string): void {
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.firstLine) {
      this.firstLine = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark
    }
    if (text.trim().length === 0) return;
    if (this.format.format === 'jsonl') this.jsonRow(text);
    else if (this.columnSlots === undefined) this.setColumns(splitCsvLine(text).map((c) => c.trim()));
    else this.csvRow(text);
  }

  private setColumns(columns: readonly string[]): void {
    this.columnCount = columns.length;
    const taken = new Set<number>();
    // A feature named by two columns is read from the first.
    this.columnSlots = Int32Array.from(columns, (c) => {
      const i = this.featureIndex.get(c);
      if (i === undefined || taken.has(i)) return -1;
      taken.add(i);
      return i;
    });
  }

  private csvRow(text: string): void {
    const cells = splitCsvLine(text);
    const slots = this.columnSlots!;
    if (cells.length !== this.columnCount) {
      this.countMalformed();
      return;
    }
    const seen = new Uint8Array(this.acc.names.length);
    for (let c = 0; c < cells.length; c++) {
      const i = slots[c];
      if (i < 0) continue;
      this.acc.addText(i, cells[c].trim());
      seen[i] = 1;
    }
    for (let i = 0; i < seen.length; i++) if (!seen[i]) this.acc.addMissing(i);
    this.countRow();
  }

  private jsonRow(text: string): void {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      this.countMalformed();
      return;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      this.countMalformed();
      return;
    }
    const o = v as Record<string, unknown>;
    this.acc.names.forEach((name, i) => {
      if (Object.prototype.hasOwnProperty.call(o, name)) this.acc.addValue(i, o[name]);
      else this.acc.addMissing(i);
    });
    this.countRow();
  }

  private countRow(): void {
    this.rows++;
    this.acc.records++;
  }

  private countMalformed(): void {
    this.malformed++;
    this.acc.malformed++;
  }
}
