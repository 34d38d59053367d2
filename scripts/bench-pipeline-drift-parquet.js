#!/usr/bin/env node
// Pipeline-stage drift benchmark, Parquet: 1,000,000 rows (20 DOUBLE features and a label) written by DuckDB as
// snappy Parquet files (its default row groups of 122,880 rows), read back in this one process through the pipeline
// monitor's real Parquet reader (dist/lambda/handlers/pipeline-monitor/parquet-file.js: footer, then row group by
// row group only the features' column chunks) into the drift monitor's statistics, from local files through the
// same AsyncBuffer interface the Lambda serves with ranged S3 GETs. Generation runs in a child process so the peak
// RSS is the reader's. Last line: `pipeline-drift-parquet: rows-per-second=<n> mb-per-second=<n> peak-rss-mb=<n>`.
// Env: BENCH_STAGE_ROWS (default 1000000), BENCH_STAGE_FILES (default 10).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const FEATURES = 20;

async function generate(dir, rows, files) {
  const { DuckDBInstance } = require('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  // f_k ~ Normal(k - 1, 1 + (k - 1) / 10), as the CSV benchmark's rows (Box-Muller on DuckDB's seeded random()).
  await c.run('SELECT setseed(0.42)');
  const cols = Array.from({ length: FEATURES }, (_, i) => `(${i} + sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) * ${1 + i / 10})::DOUBLE AS f${i + 1}`);
  const perFile = Math.ceil(rows / files);
  for (let f = 0; f < files; f++) {
    const n = Math.min(perFile, rows - f * perFile);
    if (n <= 0) break;
    await c.run(`COPY (SELECT (i % 2)::INTEGER AS label, ${cols.join(', ')} FROM range(${n}) r(i))
      TO '${path.join(dir, `part-${String(f).padStart(5, '0')}.snappy.parquet`)}' (FORMAT PARQUET, COMPRESSION SNAPPY)`);
  }
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

async function main() {
  if (process.argv[2] === '--generate') {
    await generate(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
    return;
  }
  const mon = require(path.join(root, 'dist', 'lambda', 'core', 'monitoring'));
  const { ingestParquet } = require(path.join(root, 'dist', 'lambda', 'handlers', 'pipeline-monitor', 'parquet-file'));
  const { SeededRandom } = require(path.join(root, 'dist', 'lambda', 'core', 'stats'));
  const rows = Number(process.env.BENCH_STAGE_ROWS ?? 1000000);
  const files = Number(process.env.BENCH_STAGE_FILES ?? 10);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-stage-parquet-'));
  try {
    const g = spawnSync(process.execPath, [__filename, '--generate', dir, String(rows), String(files)], { stdio: 'inherit' });
    if (g.status !== 0) throw new Error('generation failed');
    const schema = { features: Array.from({ length: FEATURES }, (_, i) => ({ name: `f${i + 1}`, kind: 'numeric', source: 'input' })) };
    const r = new SeededRandom(7);
    const cols = Object.fromEntries(schema.features.map((f, i) => [f.name, Array.from({ length: 20000 }, () => i + r.normal() * (1 + i / 10))]));
    const base = mon.computeBaseline(schema, cols);
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const acc = new mon.WindowAccumulator(base);
    let bytes = 0;
    let fetched = 0;
    for (const name of fs.readdirSync(dir).sort()) {
      const file = fileBuffer(path.join(dir, name));
      const result = await ingestParquet(file, acc);
      if (result.unreadable) throw new Error(`${name}: ${result.unreadable.reason}`);
      bytes += file.byteLength;
      fetched += file.fetched;
      file.close();
    }
    const summary = acc.summary('2026-12-02T01:00:00Z', '2026-12-02T02:00:00Z');
    const report = mon.compareWithBaseline(base, summary);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (summary.records !== rows) throw new Error(`read ${summary.records} rows, wrote ${rows}`);
    const rss = process.resourceUsage().maxRSS / 1024;
    console.log(`pipeline-drift-parquet: ${rows} rows in ${files} snappy files (${(bytes / 1e6).toFixed(0)} MB, ${(fetched / 1e6).toFixed(0)} MB fetched), ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU (${Math.round(rows / cpuSeconds)} rows and ${(bytes / 1e6 / cpuSeconds).toFixed(1)} MB per CPU-second), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, malformed=${summary.malformed}, drifted features=${report.features.filter((f) => f.drift).length}/${report.features.length}`);
    console.log(`pipeline-drift-parquet: rows-per-second=${Math.round(rows / seconds)} mb-per-second=${(bytes / 1e6 / seconds).toFixed(1)} peak-rss-mb=${Math.round(rss)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
