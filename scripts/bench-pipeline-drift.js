#!/usr/bin/env node
// Pipeline-stage drift benchmark: 1,000,000 CSV rows (a header, 20 numeric features and a label) in files, read
// back as byte chunks in this one process through the pipeline monitor's real row reader and the drift monitor's
// statistics (dist/lambda/core/monitoring: StageFileIngester, WindowAccumulator, compareWithBaseline). Generation
// runs in a child process so the peak RSS is the reader's. Reports CPU-seconds as well as wall time (the machine is
// shared). Last line: `pipeline-drift: rows-per-second=<n> mb-per-second=<n> peak-rss-mb=<n>`.
// Env: BENCH_STAGE_ROWS (default 1000000), BENCH_STAGE_FILES (default 10).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const mon = require(path.join(root, 'dist', 'lambda', 'core', 'monitoring'));
const { SeededRandom } = require(path.join(root, 'dist', 'lambda', 'core', 'stats'));

const FEATURES = 20;
const schema = { features: Array.from({ length: FEATURES }, (_, i) => ({ name: `f${i + 1}`, kind: 'numeric', source: 'input' })) };
const header = ['label', ...schema.features.map((f) => f.name)].join(',');

function row(r) {
  const cells = new Array(FEATURES);
  for (let i = 0; i < FEATURES; i++) cells[i] = (i + r.normal() * (1 + i / 10)).toFixed(4);
  return cells;
}

function generate(dir, rows, files) {
  const r = new SeededRandom(42);
  const perFile = Math.ceil(rows / files);
  let written = 0;
  for (let f = 0; f < files && written < rows; f++) {
    const fd = fs.openSync(path.join(dir, `part-${String(f).padStart(5, '0')}.csv`), 'w');
    let buf = [header];
    for (let k = 0; k < perFile && written < rows; k++, written++) {
      buf.push(`${written % 2},${row(r).join(',')}`);
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
  for (let k = 0; k < 20000; k++) row(r).forEach((c, i) => cols[`f${i + 1}`].push(Number(c)));
  return mon.computeBaseline(schema, cols);
}

async function main() {
  if (process.argv[2] === '--generate') {
    generate(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
    return;
  }
  const rows = Number(process.env.BENCH_STAGE_ROWS ?? 1000000);
  const files = Number(process.env.BENCH_STAGE_FILES ?? 10);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-stage-'));
  try {
    const g = spawnSync(process.execPath, [__filename, '--generate', dir, String(rows), String(files)], { stdio: 'inherit' });
    if (g.status !== 0) throw new Error('generation failed');
    const base = baseline();
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
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
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (summary.records !== rows) throw new Error(`read ${summary.records} rows, wrote ${rows}`);
    const rss = process.resourceUsage().maxRSS / 1024;
    console.log(`pipeline-drift: ${rows} rows in ${files} files (${(bytes / 1e6).toFixed(0)} MB), ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU (${Math.round(rows / cpuSeconds)} rows and ${(bytes / 1e6 / cpuSeconds).toFixed(1)} MB per CPU-second), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, malformed=${summary.malformed}, drifted features=${report.features.filter((f) => f.drift).length}/${report.features.length}`);
    console.log(`pipeline-drift: rows-per-second=${Math.round(rows / seconds)} mb-per-second=${(bytes / 1e6 / seconds).toFixed(1)} peak-rss-mb=${Math.round(rss)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
