/**
 * One Parquet object of a stage into the window accumulator, read with ranged GETs: the footer, then row group by row
 * group only the features' column chunks, so memory is one row group's feature columns, not the file. hyparquet
 * decodes (pure JavaScript, bundled); which columns and groups, and how values count, is lambda/core's
 * (parquet-rows.ts).
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parquetMetadataAsync, parquetRead, type AsyncBuffer, type Compressors } from 'hyparquet';
import * as zlib from 'zlib';
import { addParquetValues, planParquetFile, type ParquetUnreadable, type WindowAccumulator } from '../../core/monitoring';

/**
 * Decompressors besides hyparquet's own (UNCOMPRESSED, SNAPPY): GZIP and BROTLI by Node.js's zlib, ZSTD when the
 * runtime's zlib has it (Node.js 22.15 and later). LZO, LZ4 and LZ4_RAW are not read.
 */
function nodeCompressors(): Compressors {
  const z = zlib as typeof zlib & { zstdDecompressSync?: (b: Uint8Array) => Buffer };
  return {
    // unzipSync takes a gzip or a zlib header: writers differ.
    GZIP: (input) => zlib.unzipSync(input),
    BROTLI: (input) => zlib.brotliDecompressSync(input),
    ...(typeof z.zstdDecompressSync === 'function' ? { ZSTD: (input: Uint8Array) => z.zstdDecompressSync!(input) } : {}),
  };
}

const COMPRESSORS = nodeCompressors();

/** The codecs a stage's Parquet files may use. */
export const READABLE_CODECS: ReadonlySet<string> = new Set(['UNCOMPRESSED', 'SNAPPY', ...Object.keys(COMPRESSORS)]);

/** Ranged GETs of one object of known size (from the listing); counts what it fetched. */
export class S3RangeBuffer implements AsyncBuffer {
  requests = 0;
  bytesRead = 0;
  constructor(private readonly s3: S3Client, private readonly bucket: string, private readonly key: string, readonly byteLength: number) {}

  async slice(start: number, end = this.byteLength): Promise<ArrayBuffer> {
    if (end <= start) return new ArrayBuffer(0);
    this.requests++;
    const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key, Range: `bytes=${start}-${end - 1}` }));
    const bytes = await res.Body!.transformToByteArray();
    this.bytesRead += bytes.byteLength;
    return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? bytes.buffer as ArrayBuffer
      : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
}

/** What one file added: its rows, or why it was skipped (then counted as one malformed row). */
export interface ParquetFileResult {
  readonly rows: number;
  readonly unreadable?: ParquetUnreadable;
}

/**
 * Reads one Parquet file into the accumulator. A row group is decoded whole before its values count, so a file that
 * fails to decode part way keeps only the row groups before the failure, and is counted as unreadable.
 */
export async function ingestParquet(file: AsyncBuffer, acc: WindowAccumulator): Promise<ParquetFileResult> {
  const unreadable = (u: ParquetUnreadable, rows = 0): ParquetFileResult => {
    acc.malformed++;
    return { rows, unreadable: u };
  };
  let metadata;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    return unreadable({ reason: 'not a Parquet file (no readable footer): skipped and counted as malformed', detail: { error: (e as Error).message } });
  }
  const planned = planParquetFile(metadata, acc.names, READABLE_CODECS);
  if ('unreadable' in planned) return unreadable(planned.unreadable);
  const { plan } = planned;
  const slot = new Map(plan.columns.map((c, i) => [c, i]));
  let rows = 0;
  for (const g of plan.groups) {
    const chunks: { i: number; data: ArrayLike<unknown> }[] = [];
    try {
      await parquetRead({
        file, metadata, columns: [...plan.columns], rowStart: g.rowStart, rowEnd: g.rowEnd, compressors: COMPRESSORS,
        onChunk: (c) => { chunks.push({ i: slot.get(c.columnName)!, data: c.columnData as ArrayLike<unknown> }); },
      });
    } catch (e) {
      return unreadable({
        reason: 'Parquet row group could not be decoded: the rest of the file is skipped and counted as malformed',
        detail: { rowStart: g.rowStart, rowsRead: rows, error: (e as Error).message },
      }, rows);
    }
    for (const c of chunks) addParquetValues(acc, c.i, c.data);
    const n = g.rowEnd - g.rowStart;
    acc.records += n;
    rows += n;
  }
  return { rows };
}
