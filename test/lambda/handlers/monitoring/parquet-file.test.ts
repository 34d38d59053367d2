/**
 * A Parquet stage's files into the drift monitor's window accumulator (hyparquet, row group by row group, the
 * features' columns only), checked against an implementation independent of the reader: DuckDB writes the files,
 * the same rows written as CSV by DuckDB and read by the CSV path give the identical summary, and DuckDB's own
 * aggregates give the counts, nulls, means and bins.
 */
import * as zlib from 'zlib';
import { parquetMetadata } from 'hyparquet';
import type { FeatureSchema, StatisticsFile } from '../../../../contracts/model-monitor';
import { baselineFromStatisticsFile, StageFileIngester, WindowAccumulator } from '../../../../lambda/core/monitoring';
import { ingestParquet, READABLE_CODECS } from '../../../../lambda/handlers/pipeline-monitor/parquet-file';
import { duckCsv, duckParquet, duckQueryParquet, memoryBuffer } from '../../../helpers/duckdb-parquet';

const buckets = (lows: number[], count: number) => ({ kll: { buckets: lows.map((lo) => ({ lower_bound: lo, upper_bound: lo + 1, count })) } });
const numeric = (name: string, lows: number[]) => ({
  name, inferred_type: 'Fractional' as const,
  numerical_statistics: { common: { num_present: 1000, num_missing: 0 }, mean: 1, sum: 1000, std_dev: 1, min: lows[0], max: lows[lows.length - 1] + 1, distribution: buckets(lows, 1000 / lows.length) },
});
const categorical = (name: string, values: string[]) => ({
  name, inferred_type: 'String' as const,
  string_statistics: { common: { num_present: 1000, num_missing: 0 }, distinct_count: values.length, distribution: { categorical: { buckets: values.map((value) => ({ value, count: 1000 / values.length })) } } },
});
const statistics: StatisticsFile = {
  version: 0,
  dataset: { item_count: 1000 },
  features: [
    numeric('x', [0, 1, 2, 3]), numeric('d', [0, 1, 2, 3]), numeric('n', [0, 1, 2, 3, 4]),
    categorical('color', ['red', 'green', 'blue']), categorical('flag', ['true', 'false']),
  ],
};
const schema: FeatureSchema = { features: [
  { name: 'x', kind: 'numeric' }, { name: 'd', kind: 'numeric' }, { name: 'n', kind: 'numeric' },
  { name: 'color', kind: 'categorical' }, { name: 'flag', kind: 'categorical' },
] };
const baseline = baselineFromStatisticsFile(statistics, schema);

/**
 * 10,000 rows: x DOUBLE (null every 13th row), d DECIMAL(9,2), n BIGINT 0..6, color VARCHAR (null every 11th row),
 * flag BOOLEAN, and two columns that are not features: payload (128 hex characters a row, barely compressible) and id.
 */
const ROWS = `SELECT
  CASE WHEN i % 13 = 0 THEN NULL ELSE ((i * 37) % 400) / 100.0 END::DOUBLE AS x,
  (((i * 53) % 400) / 100.0)::DECIMAL(9,2) AS d,
  (i % 7)::BIGINT AS n,
  CASE WHEN i % 11 = 0 THEN NULL WHEN i % 5 < 2 THEN 'red' WHEN i % 5 < 4 THEN 'green' ELSE 'blue' END AS color,
  (i % 3 = 0) AS flag,
  md5(i::VARCHAR) || md5((i + 1)::VARCHAR) || md5((i + 2)::VARCHAR) || md5((i + 3)::VARCHAR) AS payload,
  i AS id
FROM range(10000) r(i)`;

const WINDOW = ['2026-12-02T06:00:00.000Z', '2026-12-02T07:00:00.000Z'] as const;

async function readParquet(bytes: Buffer) {
  const acc = new WindowAccumulator(baseline);
  const file = memoryBuffer(bytes);
  const result = await ingestParquet(file, acc);
  return { result, file, summary: acc.summary(...WINDOW) };
}

function readCsv(bytes: Buffer) {
  const acc = new WindowAccumulator(baseline);
  const file = new StageFileIngester(acc, { format: 'csv', header: true });
  file.writeBytes(bytes);
  file.end();
  return acc.summary(...WINDOW);
}

describe('Parquet stage files into the window accumulator', () => {
  let snappy: Buffer;
  beforeAll(async () => { snappy = await duckParquet(ROWS, 'COMPRESSION SNAPPY, ROW_GROUP_SIZE 2048'); }, 60_000);

  test('the same rows as CSV and as Parquet (several snappy row groups, nulls) give the identical summary', async () => {
    expect(parquetMetadata(snappy.buffer.slice(snappy.byteOffset, snappy.byteOffset + snappy.length) as ArrayBuffer).row_groups.length).toBeGreaterThan(1);
    const { result, summary } = await readParquet(snappy);
    expect(result).toEqual({ rows: 10_000 });
    expect(summary).toEqual(readCsv(await duckCsv(ROWS)));
  });

  test('counts, nulls, means, extremes and bins equal DuckDB\'s own aggregates', async () => {
    const { summary } = await readParquet(snappy);
    const [agg] = await duckQueryParquet(snappy, `SELECT count(*) AS rows, count(x) AS x_n, count(*) - count(x) AS x_null, avg(x) AS x_mean,
      min(x) AS x_min, max(x) AS x_max, avg(d::DOUBLE) AS d_mean, avg(n) AS n_mean, count(*) - count(color) AS color_null,
      count(*) FILTER (x >= 1 AND x < 2) AS x_bin1, count(*) FILTER (n >= 4) AS n_top FROM {t}`);
    expect(summary.records).toBe(Number(agg.rows));
    const x = summary.features.x;
    if (x.kind !== 'numeric') throw new Error('x is numeric');
    expect([x.count, x.missing, x.invalid, x.min, x.max]).toEqual([Number(agg.x_n), Number(agg.x_null), 0, Number(agg.x_min), Number(agg.x_max)]);
    expect(x.mean).toBeCloseTo(Number(agg.x_mean), 10);
    // Bins: the baseline's inner edges 1, 2, 3; bin 1 holds [1, 2).
    expect(x.counts[1]).toBe(Number(agg.x_bin1));
    const d = summary.features.d;
    const n = summary.features.n;
    if (d.kind !== 'numeric' || n.kind !== 'numeric') throw new Error('d and n are numeric');
    expect(d.mean).toBeCloseTo(Number(agg.d_mean), 10);
    expect(n.mean).toBeCloseTo(Number(agg.n_mean), 10);
    expect(n.counts[n.counts.length - 1]).toBe(Number(agg.n_top)); // the last bin: at or above the top inner edge, 4
    const groups = await duckQueryParquet(snappy, 'SELECT color, count(*) AS c FROM {t} WHERE color IS NOT NULL GROUP BY color');
    const color = summary.features.color;
    if (color.kind !== 'categorical') throw new Error('color is categorical');
    expect(color.counts).toEqual(Object.fromEntries(groups.map((g) => [g.color, Number(g.c)])));
    expect(color.missing).toBe(Number(agg.color_null));
    const flag = summary.features.flag;
    expect(flag.kind === 'categorical' && flag.counts).toEqual({ true: 3334, false: 6666 }); // i % 3 = 0 for 3,334 of 0..9,999
  });

  test('only the footer and the features\' column chunks are fetched, one row group at a time', async () => {
    const { file } = await readParquet(snappy);
    const meta = parquetMetadata(snappy.buffer.slice(snappy.byteOffset, snappy.byteOffset + snappy.length) as ArrayBuffer);
    const features = new Set(schema.features.map((f) => f.name));
    const chunkRange = (c: (typeof meta.row_groups)[number]['columns'][number]) => {
      const m = c.meta_data!;
      const start = Number(m.dictionary_page_offset || m.data_page_offset);
      return [start, start + Number(m.total_compressed_size)] as const;
    };
    const footerStart = Math.min(...meta.row_groups.flatMap((g) => g.columns.map((c) => chunkRange(c)[1])));
    const payloadBytes = meta.row_groups.reduce((s, g) => s + g.columns.filter((c) => !features.has(c.meta_data!.path_in_schema[0])).reduce((t, c) => t + Number(c.meta_data!.total_compressed_size), 0), 0);
    expect(payloadBytes).toBeGreaterThan(snappy.length / 2); // the non-feature columns are most of the file
    for (const [start, end] of file.slices) {
      if (end === snappy.length) continue; // the footer read
      // Each read lies within the feature column chunks of one row group (hyparquet coalesces adjacent chunks).
      const group = meta.row_groups.find((g) => g.columns.some((c) => features.has(c.meta_data!.path_in_schema[0]) && chunkRange(c)[0] <= start && start < chunkRange(c)[1]));
      expect(group).toBeDefined();
      const inGroup = group!.columns.filter((c) => features.has(c.meta_data!.path_in_schema[0])).map(chunkRange);
      expect(end).toBeLessThanOrEqual(Math.max(...inGroup.map((r) => r[1])));
      expect(start).toBeGreaterThanOrEqual(Math.min(...inGroup.map((r) => r[0])));
    }
    const fetched = file.slices.reduce((s, [a, b]) => s + (b - a), 0);
    expect(fetched).toBeLessThan(snappy.length - payloadBytes + (snappy.length - footerStart) + 1);
  });

  test('GZIP and BROTLI files read as snappy ones; ZSTD where the runtime\'s zlib has it; LZ4_RAW is unreadable with the codec named', async () => {
    const expected = (await readParquet(snappy)).summary;
    for (const codec of ['GZIP', 'BROTLI', 'UNCOMPRESSED']) {
      const { result, summary } = await readParquet(await duckParquet(ROWS, `COMPRESSION ${codec}, ROW_GROUP_SIZE 4096`));
      expect([codec, result]).toEqual([codec, { rows: 10_000 }]);
      expect(summary).toEqual(expected);
    }
    const zstdRuntime = typeof (zlib as { zstdDecompressSync?: unknown }).zstdDecompressSync === 'function';
    expect(READABLE_CODECS.has('ZSTD')).toBe(zstdRuntime);
    const zstd = await readParquet(await duckParquet(ROWS, 'COMPRESSION ZSTD'));
    if (zstdRuntime) expect(zstd.summary).toEqual(expected);
    else expect(zstd.result.unreadable?.detail).toMatchObject({ codec: 'ZSTD' });
    const lz4 = await readParquet(await duckParquet(ROWS, 'COMPRESSION LZ4_RAW'));
    expect(lz4.result.rows).toBe(0);
    expect(lz4.result.unreadable!.reason).toMatch(/codec the monitor cannot decompress/);
    expect(lz4.result.unreadable!.detail).toMatchObject({ codec: 'LZ4_RAW', column: 'x' });
    expect([lz4.summary.records, lz4.summary.malformed]).toEqual([0, 1]);
  }, 60_000);

  test('a file without a feature column, with one nested, or not Parquet at all: skipped, one malformed, the reason named', async () => {
    const missing = await readParquet(await duckParquet('SELECT 1.5::DOUBLE AS x, 2.0::DOUBLE AS d, 3::BIGINT AS n, \'red\' AS colour, true AS flag'));
    expect(missing.result.unreadable!.detail).toEqual({ missingColumns: ['color'], fileColumns: ['x', 'd', 'n', 'colour', 'flag'] });
    expect([missing.summary.records, missing.summary.malformed]).toEqual([0, 1]);
    const nested = await readParquet(await duckParquet('SELECT 1.5::DOUBLE AS x, 2.0::DOUBLE AS d, [3]::BIGINT[] AS n, {a: 1} AS color, true AS flag'));
    expect(nested.result.unreadable!.detail).toEqual({ nestedColumns: ['n', 'color'] });
    const csv = await readParquet(await duckCsv('SELECT 1 AS x'));
    expect(csv.result.unreadable!.reason).toMatch(/not a Parquet file/);
    expect(csv.summary.malformed).toBe(1);
  }, 60_000);
});
