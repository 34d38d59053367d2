#!/usr/bin/env node
// Benchmarks. Usage: npm run bench -- [synth|rollout|experiments|all]
//   synth    times `cdk synth` of the reference app, as cdk.json runs it (scripts/cdk-app.js: transpile-on-load with
//            its cache warm, bundles fresh), against a minimal app with one bare CfnEndpoint, through the same runner
//            (the cdk CLI), alternating runs, and prints the medians and their ratio.
//   rollout  runs the rollout simulator (scripts/bench-rollout.js).
//   drift    1,000,000 captured records through the drift monitor's parsing and statistics (scripts/bench-drift.js).
//   pipeline-drift  1,000,000 CSV rows of a pipeline stage through its row reader and the drift statistics (scripts/bench-pipeline-drift.js),
//            then 1,000,000 snappy Parquet rows through its Parquet reader (scripts/bench-pipeline-drift-parquet.js).
//   drift-calibration  false alarms and detection of the drift decision by feature type, window size and change, beside
//            a reference KS / chi-square test on the same samples (scripts/bench-drift-calibration.js).
//   experiments  false rollbacks and detection time of the sequential rollout gate (scripts/bench-experiments.js).
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const cdkCli = path.join(root, 'node_modules', 'aws-cdk', 'bin', 'cdk');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function timeSynth(app, outdir, validation) {
  fs.rmSync(outdir, { recursive: true, force: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cdkCli, 'synth', '--quiet', '--app', app, '--output', outdir, '--no-notices', '--no-version-reporting'], {
    cwd: root, encoding: 'utf8', env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_VALIDATION: String(validation) },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`cdk synth --app '${app}' failed:\n${r.stderr}`);
  return seconds;
}

// Both apps run with the same setting of aws-cdk-lib's built-in (WebAssembly) CloudFormation validation: off for
// the headline figures (the reference app turns it off, cfn-lint checks its templates in npm test), and on for
// a second, informational pair of figures.
function benchSynth(runs) {
  const off = synthPair(runs, false);
  const on = synthPair(Math.max(1, Math.floor(runs / 2)), true);
  const serving = synthPair(Math.max(1, Math.floor(runs / 2)), false, servingOnlyApp);
  console.log(`synth serving core only (2 models, A/B endpoint, capture, alarms): reference=${serving.ref.toFixed(2)}s minimal=${serving.min.toFixed(2)}s ratio=${(serving.ref / serving.min).toFixed(2)}`);
  console.log(`synth with built-in validation: reference=${on.ref.toFixed(2)}s minimal=${on.min.toFixed(2)}s ratio=${(on.ref / on.min).toFixed(2)}`);
  console.log(`synth: reference=${off.ref.toFixed(2)}s minimal=${off.min.toFixed(2)}s ratio=${(off.ref / off.min).toFixed(2)}`);
}

// The serving core of the reference app on its own, as the library's first issue defined the reference app.
function servingOnlyApp(work) {
  const file = path.join(work, 'serving.js');
  fs.writeFileSync(file, [
    `const { App, Stack } = require(${JSON.stringify(path.join(root, 'node_modules', 'aws-cdk-lib'))});`,
    `const s3 = require(${JSON.stringify(path.join(root, 'node_modules', 'aws-cdk-lib', 'aws-s3'))});`,
    `const lib = require(${JSON.stringify(path.join(root, 'dist', 'lib'))});`,
    'const app = new App();',
    "const stack = new Stack(app, 'Serving');",
    "const bucket = new s3.Bucket(stack, 'Capture', { enforceSSL: true, encryption: s3.BucketEncryption.KMS });",
    'const image = lib.ContainerImage.fromBuiltInAlgorithm(lib.BuiltInAlgorithm.XGBOOST_1_7);',
    `const data = lib.ModelData.fromAsset(${JSON.stringify(path.join(root, 'assets', 'model', 'model.tar.gz'))});`,
    "const champion = new lib.Model(stack, 'Champion', { image, modelData: data, networkIsolation: true });",
    "const challenger = new lib.Model(stack, 'Challenger', { image, modelData: data, networkIsolation: true });",
    "new lib.ModelEndpoint(stack, 'Endpoint', { variants: [",
    "  { variantName: 'champion', model: champion, initialWeight: 90 },",
    "  { variantName: 'challenger', model: challenger, initialWeight: 10 },",
    "], dataCapture: { bucket } });",
    'app.synth();',
  ].join('\n'));
  return `node ${file}`;
}

function synthPair(runs, validation, referenceApp) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-bench-'));
  const minimal = path.join(work, 'minimal.js');
  fs.writeFileSync(minimal, [
    `const { App, Stack } = require(${JSON.stringify(path.join(root, 'node_modules', 'aws-cdk-lib'))});`,
    `const sagemaker = require(${JSON.stringify(path.join(root, 'node_modules', 'aws-cdk-lib', 'aws-sagemaker'))});`,
    'const app = new App();',
    "const stack = new Stack(app, 'Minimal');",
    "new sagemaker.CfnEndpoint(stack, 'Endpoint', { endpointConfigName: 'config' });",
    'app.synth();',
  ].join('\n'));
  const reference = referenceApp ? referenceApp(work) : `node ${path.join(root, 'scripts', 'cdk-app.js')}`;
  const times = { reference: [], minimal: [] };
  // One warm-up of each, not counted (file-system caches).
  timeSynth(reference, path.join(work, 'out-ref'), validation);
  timeSynth(`node ${minimal}`, path.join(work, 'out-min'), validation);
  for (let i = 0; i < runs; i++) {
    times.reference.push(timeSynth(reference, path.join(work, 'out-ref'), validation));
    times.minimal.push(timeSynth(`node ${minimal}`, path.join(work, 'out-min'), validation));
    console.log(`run ${i + 1} (validation ${validation ? 'on' : 'off'}): reference=${times.reference[i].toFixed(2)}s minimal=${times.minimal[i].toFixed(2)}s`);
  }
  fs.rmSync(work, { recursive: true, force: true });
  return { ref: median(times.reference), min: median(times.minimal) };
}

const what = process.argv[2] ?? 'all';
const runs = Number(process.env.BENCH_RUNS ?? 9);
if (what === 'rollout' || what === 'all') {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'bench-rollout.js')], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
if (what === 'experiments' || what === 'all') {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'bench-experiments.js')], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
for (const [name, script] of [['drift-calibration', 'bench-drift-calibration.js'], ['drift', 'bench-drift.js'], ['pipeline-drift', 'bench-pipeline-drift.js'], ['pipeline-drift', 'bench-pipeline-drift-parquet.js']]) {
  if (what === name || what === 'all') {
    const r = spawnSync(process.execPath, [path.join(__dirname, script)], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
if (what === 'synth' || what === 'all') benchSynth(runs);
if (!['synth', 'rollout', 'experiments', 'drift', 'drift-calibration', 'pipeline-drift', 'all'].includes(what)) {
  console.error(`unknown benchmark '${what}'; use synth, rollout, experiments, drift, drift-calibration, pipeline-drift or all`);
  process.exit(2);
}
