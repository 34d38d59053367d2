#!/usr/bin/env node
// Pipeline-stage drift benchmark, Parquet: the CSV benchmark's 1,000,000 rows (the same seeded 20 features and a
// label, bench-support.js) converted by DuckDB into snappy Parquet files (its default row groups of 122,880 rows),
// read back in this one process through the pipeline monitor's real Parquet reader
// (dist/lambda/handlers/pipeline-monitor/parquet-file.js: the footer, then row group by row group only the features'
// column chunks) into the drift monitor's statistics, from local files through the AsyncBuffer interface the Lambda
// serves with ranged S3 GETs. Generation runs in a child process so the peak RSS is the reader's.
// Last line: `pipeline-drift-parquet: rows-per-second=<n> mb-per-second=<n> peak-rss-mb=<n>`.
// Env: BENCH_STAGE_ROWS (default 1000000), BENCH_STAGE_FILES (default 10).
const fs = require('fs');
const path = require('path');
const { root, featureNames, featureRow, writeFiles, baselineColumns, startMeasure, loadAverage, benchMain } = require('./bench-support');

const schema = { features: featureNames.map((name) => ({ name, kind: 'numeric', source: 'input' })) };

async function generate(dir, rows, files) {
  const csv = path.join(dir, 'csv');
  fs.mkdirSync(csv);
  writeFiles(csv, rows, files, {
    seed: 42,
    fileName: (f) => `part-${String(f).padStart(5, '0')}.csv`,
    header: ['label', ...featureNames].join(','),
    line: (r, n) => `${n % 2},${featureRow(r).join(',')}`,
  });
  const { DuckDBInstance } = require('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const types = `{'label': 'INTEGER', ${featureNames.map((f) => `'${f}': 'DOUBLE'`).join(', ')}}`;
  for (const name of fs.readdirSync(csv).sort()) {
    await c.run(`COPY (SELECT * FROM read_csv('${path.join(csv, name)}', header = true, columns = ${types}))
      TO '${path.join(dir, name.replace(/\.csv$/, '.snappy.parquet'))}' (FORMAT PARQUET, COMPRESSION SNAPPY)`);
  }
  c.closeSync();
  db.closeSync();
  fs.rmSync(csv, { recursive: true, force: true });
}

/** An AsyncBuffer over a local file (positional reads), as S3RangeBuffer serves one object with ranged GETs. */
function fileBuffer(file) {
  const fd = fs.openSync(file, 'r');
  const size = fs.fstatSync(fd).size;
  return {
    byteLength: size,
    fetched: 0,
    close: () => fs.closeSync(fd),
    slice(start, end = size) {
      const b = Buffer.allocUnsafe(end - start);
      fs.readSync(fd, b, 0, b.length, start);
      this.fetched += b.length;
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
    },
  };
}

const rows = Number(process.env.BENCH_STAGE_ROWS ?? 1000000);
const files = Number(process.env.BENCH_STAGE_FILES ?? 10);
benchMain({
  script: __filename, tmpPrefix: 'cdk-mlops-stage-parquet-', total: rows, files, generate,
  async run(dir) {
    const mon = require(path.join(root, 'dist', 'lambda', 'core', 'monitoring'));
    const { ingestParquet } = require(path.join(root, 'dist', 'lambda', 'handlers', 'pipeline-monitor', 'parquet-file'));
    const base = mon.computeBaseline(schema, baselineColumns(20000));
    const measured = startMeasure();
    const acc = new mon.WindowAccumulator(base);
    let bytes = 0;
    let fetched = 0;
    for (const name of fs.readdirSync(dir).sort()) {
      const file = fileBuffer(path.join(dir, name));
      const result = await ingestParquet(file, acc);
      file.close();
      if (result.unreadable) throw new Error(`${name}: ${result.unreadable.reason}`);
      bytes += file.byteLength;
      fetched += file.fetched;
    }
    const summary = acc.summary('2026-12-02T01:00:00Z', '2026-12-02T02:00:00Z');
    const report = mon.compareWithBaseline(base, summary);
    const { seconds, cpuSeconds, peakRssMb } = measured();
    if (summary.records !== rows) throw new Error(`read ${summary.records} rows, wrote ${rows}`);
    console.log(`pipeline-drift-parquet: ${rows} rows in ${files} snappy files (${(bytes / 1e6).toFixed(0)} MB, ${(fetched / 1e6).toFixed(0)} MB fetched), ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU (${Math.round(rows / cpuSeconds)} rows and ${(bytes / 1e6 / cpuSeconds).toFixed(1)} MB per CPU-second), load average ${loadAverage()}, malformed=${summary.malformed}, drifted features=${report.features.filter((f) => f.drift).length}/${report.features.length}`);
    console.log(`pipeline-drift-parquet: rows-per-second=${Math.round(rows / seconds)} mb-per-second=${(bytes / 1e6 / seconds).toFixed(1)} peak-rss-mb=${Math.round(peakRssMb)}`);
  },
});
