#!/usr/bin/env node
// Drift benchmark: 1,000,000 realistic Data Capture JSONL records (CSV payloads of 20 numeric features, CSV output)
// written to files, then read back as streams in this one process through the real parsing and statistics code
// (dist/lambda/core/monitoring), compared with a baseline. Generation runs in a child process so the measured
// peak RSS is the reader's. Last line: `drift: records-per-second=<n> peak-rss-mb=<n>`.
// Env: BENCH_DRIFT_RECORDS (default 1000000), BENCH_DRIFT_FILES (default 10).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const mon = require(path.join(root, 'dist', 'lambda', 'core', 'monitoring'));
const { SeededRandom } = require(path.join(root, 'dist', 'lambda', 'core', 'stats'));
const { createCaptureIngest } = require(path.join(root, 'dist', 'lambda', 'shared', 'capture-ingest-pool'));

const FEATURES = 20;
const schema = {
  features: [
    ...Array.from({ length: FEATURES }, (_, i) => ({ name: `f${i + 1}`, kind: 'numeric', source: 'input' })),
    { name: 'score', kind: 'numeric', source: 'output' },
  ],
};

function row(r, shift) {
  const cells = new Array(FEATURES);
  for (let i = 0; i < FEATURES; i++) cells[i] = (i + r.normal() * (1 + i / 10) + (i === 0 ? shift : 0)).toFixed(4);
  return cells;
}

function generate(dir, records, files) {
  const r = new SeededRandom(42);
  const perFile = Math.ceil(records / files);
  let written = 0;
  const start = Date.parse('2026-12-02T01:00:00Z');
  for (let f = 0; f < files && written < records; f++) {
    const fd = fs.openSync(path.join(dir, `capture-${String(f).padStart(3, '0')}.jsonl`), 'w');
    let buf = [];
    for (let k = 0; k < perFile && written < records; k++, written++) {
      const cells = row(r, 0);
      const score = (1 / (1 + Math.exp(-Number(cells[0])))).toFixed(6);
      const id = `${(written * 2654435761 >>> 0).toString(16).padStart(8, '0')}-6c1e-4d2f-9a3b-${String(written).padStart(12, '0')}`;
      buf.push(JSON.stringify({
        captureData: {
          endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: cells.join(','), encoding: 'CSV' },
          endpointOutput: { observedContentType: 'text/csv; charset=utf-8', mode: 'OUTPUT', data: score, encoding: 'CSV' },
        },
        eventMetadata: { eventId: id, inferenceTime: new Date(start + written * 3).toISOString() },
        eventVersion: '0',
      }));
      if (buf.length === 5000) {
        fs.writeSync(fd, buf.join('\n') + '\n');
        buf = [];
      }
    }
    if (buf.length) fs.writeSync(fd, buf.join('\n') + '\n');
    fs.closeSync(fd);
  }
}

function baseline() {
  const r = new SeededRandom(7);
  const cols = Object.fromEntries(schema.features.map((f) => [f.name, []]));
  for (let k = 0; k < 20000; k++) {
    const cells = row(r, 0);
    cells.forEach((c, i) => cols[`f${i + 1}`].push(Number(c)));
    cols.score.push(1 / (1 + Math.exp(-Number(cells[0]))));
  }
  return mon.computeBaseline(schema, cols);
}

// The drift handler's own ingest (worker threads on every core, CDK_MLOPS_INGEST_WORKERS to change it).
async function readAll(dir, base) {
  const ingest = createCaptureIngest(base, mon.layoutOf(schema.features));
  let bytes = 0;
  try {
    for (const file of fs.readdirSync(dir).sort()) {
      const stream = fs.createReadStream(path.join(dir, file), { highWaterMark: 1 << 20 });
      for await (const chunk of stream) {
        bytes += chunk.length;
        await ingest.write(chunk);
      }
      await ingest.endSource();
    }
    return { summary: await ingest.finish('2026-12-02T01:00:00Z', '2026-12-02T02:00:00Z'), bytes, workers: ingest.workers };
  } catch (e) {
    await ingest.close();
    throw e;
  }
}

async function main() {
  if (process.argv[2] === '--generate') {
    generate(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
    return;
  }
  const records = Number(process.env.BENCH_DRIFT_RECORDS ?? 1000000);
  const files = Number(process.env.BENCH_DRIFT_FILES ?? 10);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-drift-'));
  try {
    const g = spawnSync(process.execPath, [__filename, '--generate', dir, String(records), String(files)], { stdio: 'inherit' });
    if (g.status !== 0) throw new Error('generation failed');
    const size = fs.readdirSync(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
    const base = baseline();
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const { summary, workers } = await readAll(dir, base);
    const report = mon.compareWithBaseline(base, summary);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (summary.records !== records) throw new Error(`read ${summary.records} records, wrote ${records}`);
    const rss = process.resourceUsage().maxRSS / 1024;
    console.log(`drift: ${records} records in ${files} files (${(size / 1e6).toFixed(0)} MB), ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU (${Math.round(records / cpuSeconds)} records per CPU-second), ${workers} worker thread(s), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, malformed=${summary.malformed}, drifted features=${report.features.filter((f) => f.drift).length}/${report.features.length}`);
    console.log(`drift: records-per-second=${Math.round(records / seconds)} peak-rss-mb=${Math.round(rss)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
