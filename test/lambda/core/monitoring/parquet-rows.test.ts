/**
 * The pure half of Parquet stage drift: which columns and row groups of a file are read (from its footer, written by
 * DuckDB), and how decoded values count in the window accumulator, the way CSV cells and JSON values count.
 */
import { parquetMetadata } from 'hyparquet';
import type { StatisticsFile } from '../../../../contracts/model-monitor';
import { addParquetValues, baselineFromStatisticsFile, planParquetFile, WindowAccumulator } from '../../../../lambda/core/monitoring';
import { duckParquet } from '../../../helpers/duckdb-parquet';

const statistics: StatisticsFile = {
  version: 0,
  dataset: { item_count: 100 },
  features: [
    {
      name: 'x', inferred_type: 'Fractional',
      numerical_statistics: {
        common: { num_present: 100, num_missing: 0 }, mean: 1.5, sum: 150, std_dev: 1, min: 0, max: 4,
        distribution: { kll: { buckets: [0, 1, 2, 3].map((lo) => ({ lower_bound: lo, upper_bound: lo + 1, count: 25 })) } },
      },
    },
    {
      name: 'color', inferred_type: 'String',
      string_statistics: { common: { num_present: 100, num_missing: 0 }, distinct_count: 1, distribution: { categorical: { buckets: [{ value: 'red', count: 100 }] } } },
    },
  ],
};
const baseline = baselineFromStatisticsFile(statistics, { features: [{ name: 'x', kind: 'numeric' }, { name: 'color', kind: 'categorical' }] });
const metaOf = (b: Buffer) => parquetMetadata(b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer);

describe('Parquet rows: plan and values', () => {
  test('the plan: the features\' columns, every row group with its rows; a codec outside the readable set makes it unreadable', async () => {
    // 5,000 rows in row groups of at least 2,048 rows (DuckDB writes whole vectors of 2,048).
    const meta = metaOf(await duckParquet('SELECT (i % 4)::DOUBLE AS x, \'red\' AS color, i AS id FROM range(5000) r(i)', 'COMPRESSION ZSTD, ROW_GROUP_SIZE 2048'));
    const sizes = meta.row_groups.map((g) => Number(g.num_rows));
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(5000);
    const planned = planParquetFile(meta, ['x', 'color'], new Set(['SNAPPY', 'ZSTD']));
    if (!('plan' in planned)) throw new Error('readable');
    expect(planned.plan.columns).toEqual(['x', 'color']);
    expect(planned.plan.rows).toBe(5000);
    let start = 0;
    expect(planned.plan.groups).toEqual(sizes.map((n) => ({ rowStart: start, rowEnd: (start += n) })));
    expect(planParquetFile(meta, ['x', 'color'], new Set(['SNAPPY']))).toEqual({ unreadable: {
      reason: expect.stringMatching(/codec the monitor cannot decompress/),
      detail: { codec: 'ZSTD', column: 'x', readableCodecs: ['SNAPPY'] },
    } });
  });

  test('values of a numeric feature count as CSV cells and JSON values do', () => {
    const acc = new WindowAccumulator(baseline);
    // 0.5 and 1 (INT32), 2n (INT64), "3.5" (a numeric string, parsed as a CSV cell), true (1, as in JSON): 5 values;
    // null and undefined: missing; NaN, Infinity, a timestamp and bytes: invalid; "" is missing, as an empty cell.
    addParquetValues(acc, 0, [0.5, 1, 2n, '3.5', true, null, undefined, NaN, Infinity, new Date(0), new Uint8Array([1]), '']);
    const x = acc.summary('a', 'b').features.x;
    expect(x).toMatchObject({ kind: 'numeric', count: 5, missing: 3, invalid: 4, min: 0.5, max: 3.5, counts: [1, 2, 1, 1] });
    expect(x.kind === 'numeric' && x.mean).toBeCloseTo((0.5 + 1 + 2 + 3.5 + 1) / 5, 12);
    // A typed array (a column without nulls) reads the same way.
    const typed = new WindowAccumulator(baseline);
    addParquetValues(typed, 0, Float64Array.of(0.5, 1, 2, 3.5, 1));
    addParquetValues(typed, 0, BigInt64Array.of(9007199254740993n)); // INT64 beyond 2^53: its nearest double
    expect(typed.summary('a', 'b').features.x).toMatchObject({ count: 6, max: 9007199254740992 });
  });

  test('values of a categorical feature are their text: numbers as a CSV file writes them, timestamps in ISO 8601, bytes in hex', () => {
    const acc = new WindowAccumulator(baseline);
    addParquetValues(acc, 1, ['red', 3, 4n, false, new Date(Date.UTC(2026, 11, 2)), Uint8Array.of(0xca, 0xfe), null, '', 'red']);
    expect(acc.summary('a', 'b').features.color).toEqual({
      kind: 'categorical', count: 7, missing: 2, overflow: 0,
      counts: { 'red': 2, '3': 1, '4': 1, 'false': 1, '2026-12-02T00:00:00.000Z': 1, 'cafe': 1 },
    });
  });
});
