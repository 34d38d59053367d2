#!/usr/bin/env node
// Pipeline-stage drift benchmark: 1,000,000 CSV rows (a header, 20 numeric features and a label) in files, read
// back as byte chunks in this one process through the pipeline monitor's real row reader and the drift monitor's
// statistics (dist/lambda/core/monitoring: StageFileIngester, WindowAccumulator, compareWithBaseline). Generation
// runs in a child process so the peak RSS is the reader's. Reports CPU-seconds as well as wall time (the machine is
// shared). Last line: `pipeline-drift: rows-per-second=<n> mb-per-second=<n> peak-rss-mb=<n>`.
// Env: BENCH_STAGE_ROWS (default 1000000), BENCH_STAGE_FILES (default 10).
const fs = require('fs');
const path = require('path');
const { root, featureNames, featureRow, writeFiles, baselineColumns, startMeasure, loadAverage, benchMain } = require('./bench-support');

const mon = require(path.join(root, 'dist', 'lambda', 'core', 'monitoring'));

const schema = { features: featureNames.map((name) => ({ name, kind: 'numeric', source: 'input' })) };

function generate(dir, rows, files) {
  writeFiles(dir, rows, files, {
    seed: 42,
    fileName: (f) => `part-${String(f).padStart(5, '0')}.csv`,
    header: ['label', ...featureNames].join(','),
    line: (r, n) => `${n % 2},${featureRow(r).join(',')}`,
  });
}

const rows = Number(process.env.BENCH_STAGE_ROWS ?? 1000000);
const files = Number(process.env.BENCH_STAGE_FILES ?? 10);
benchMain({
  script: __filename, tmpPrefix: 'cdk-mlops-stage-', total: rows, files, generate,
  async run(dir) {
    const base = mon.computeBaseline(schema, baselineColumns(20000));
    const measured = startMeasure();
    const acc = new mon.WindowAccumulator(base);
    let bytes = 0;
    for (const file of fs.readdirSync(dir).sort()) {
      const ingester = new mon.StageFileIngester(acc, { format: 'csv', header: true });
      for await (const chunk of fs.createReadStream(path.join(dir, file), { highWaterMark: 1 << 20 })) {
        bytes += chunk.length;
        ingester.writeBytes(chunk);
      }
      ingester.end();
    }
    const summary = acc.summary('2026-12-02T01:00:00Z', '2026-12-02T02:00:00Z');
    const report = mon.compareWithBaseline(base, summary);
    const { seconds, cpuSeconds, peakRssMb } = measured();
    if (summary.records !== rows) throw new Error(`read ${summary.records} rows, wrote ${rows}`);
    console.log(`pipeline-drift: ${rows} rows in ${files} files (${(bytes / 1e6).toFixed(0)} MB), ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU (${Math.round(rows / cpuSeconds)} rows and ${(bytes / 1e6 / cpuSeconds).toFixed(1)} MB per CPU-second), load average ${loadAverage()}, malformed=${summary.malformed}, drifted features=${report.features.filter((f) => f.drift).length}/${report.features.length}`);
    console.log(`pipeline-drift: rows-per-second=${Math.round(rows / seconds)} mb-per-second=${(bytes / 1e6 / seconds).toFixed(1)} peak-rss-mb=${Math.round(peakRssMb)}`);
  },
});
