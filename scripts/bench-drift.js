#!/usr/bin/env node
// Drift benchmark: 1,000,000 realistic Data Capture JSONL records (CSV payloads of 20 numeric features, CSV output)
// written to files, then read back as streams in this one process through the real parsing and statistics code
// (dist/lambda/core/monitoring), compared with a baseline. Generation runs in a child process so the measured
// peak RSS is the reader's. Last line: `drift: records-per-second=<n> peak-rss-mb=<n>`.
// Env: BENCH_DRIFT_RECORDS (default 1000000), BENCH_DRIFT_FILES (default 10).
const fs = require('fs');
const path = require('path');
const { root, featureNames, featureRow, writeFiles, baselineColumns, startMeasure, loadAverage, benchMain } = require('./bench-support');

const mon = require(path.join(root, 'dist', 'lambda', 'core', 'monitoring'));
const { createCaptureIngest } = require(path.join(root, 'dist', 'lambda', 'shared', 'capture-ingest-pool'));

const schema = {
  features: [
    ...featureNames.map((name) => ({ name, kind: 'numeric', source: 'input' })),
    { name: 'score', kind: 'numeric', source: 'output' },
  ],
};
const score = (cells) => 1 / (1 + Math.exp(-Number(cells[0])));

function generate(dir, records, files) {
  const start = Date.parse('2026-12-02T01:00:00Z');
  writeFiles(dir, records, files, {
    seed: 42,
    fileName: (f) => `capture-${String(f).padStart(3, '0')}.jsonl`,
    line(r, n) {
      const cells = featureRow(r);
      const id = `${(n * 2654435761 >>> 0).toString(16).padStart(8, '0')}-6c1e-4d2f-9a3b-${String(n).padStart(12, '0')}`;
      return JSON.stringify({
        captureData: {
          endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: cells.join(','), encoding: 'CSV' },
          endpointOutput: { observedContentType: 'text/csv; charset=utf-8', mode: 'OUTPUT', data: score(cells).toFixed(6), encoding: 'CSV' },
        },
        eventMetadata: { eventId: id, inferenceTime: new Date(start + n * 3).toISOString() },
        eventVersion: '0',
      });
    },
  });
}

// The drift handler's own ingest (worker threads on every core, CDK_MLOPS_INGEST_WORKERS to change it).
async function readAll(dir, base) {
  const ingest = createCaptureIngest(base, mon.layoutOf(schema.features));
  try {
    for (const file of fs.readdirSync(dir).sort()) {
      for await (const chunk of fs.createReadStream(path.join(dir, file), { highWaterMark: 1 << 20 })) await ingest.write(chunk);
      await ingest.endSource();
    }
    return { summary: await ingest.finish('2026-12-02T01:00:00Z', '2026-12-02T02:00:00Z'), workers: ingest.workers };
  } catch (e) {
    await ingest.close();
    throw e;
  }
}

const records = Number(process.env.BENCH_DRIFT_RECORDS ?? 1000000);
const files = Number(process.env.BENCH_DRIFT_FILES ?? 10);
benchMain({
  script: __filename, tmpPrefix: 'cdk-mlops-drift-', total: records, files, generate,
  async run(dir) {
    const size = fs.readdirSync(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
    const base = mon.computeBaseline(schema, baselineColumns(20000, { score }));
    const measured = startMeasure();
    const { summary, workers } = await readAll(dir, base);
    const report = mon.compareWithBaseline(base, summary);
    const { seconds, cpuSeconds, peakRssMb } = measured();
    if (summary.records !== records) throw new Error(`read ${summary.records} records, wrote ${records}`);
    console.log(`drift: ${records} records in ${files} files (${(size / 1e6).toFixed(0)} MB), ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU (${Math.round(records / cpuSeconds)} records per CPU-second), ${workers} worker thread(s), load average ${loadAverage()}, malformed=${summary.malformed}, drifted features=${report.features.filter((f) => f.drift).length}/${report.features.length}`);
    console.log(`drift: records-per-second=${Math.round(records / seconds)} peak-rss-mb=${Math.round(peakRssMb)}`);
  },
});
