#!/usr/bin/env node
// The reference app as cdk.json runs it, so that `npx cdk synth` always reflects the sources without a manual build
// (docs/ARCHITECTURE.md "The reference app's loader" has the measurements against tsx):
// 1. the Lambda bundles (dist/lambda-bundles) are rebuilt when a file under lambda/ or contracts/ is newer than them;
// 2. bin/app.ts and everything it imports (bin/, lib/, contracts/) are transpiled on load by esbuild, one file at a
//    time (tsconfig has isolatedModules), and cached by path, size and modification time, so an unchanged file costs
//    one cache read (CDK_MLOPS_SOURCE_MAPS=true adds source maps, for stack traces that point into the .ts files).
//    Nothing is type-checked here: `npx tsc -p tsconfig.json` (npm run build, npm test) does that.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'cdk-mlops-app');
// Stack traces with .ts line numbers on request: with source maps on, Node maps every stack trace aws-cdk-lib
// captures (one per CloudFormation resource), about 5% of the reference app's synth in a CPU profile.
const sourceMaps = process.env.CDK_MLOPS_SOURCE_MAPS === 'true';

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Oldest handler bundle, or 0 when one is missing. */
function oldestBundle() {
  const handlers = path.join(root, 'lambda', 'handlers');
  let oldest = Infinity;
  for (const e of fs.readdirSync(handlers, { withFileTypes: true })) {
    if (!e.isDirectory() || !fs.existsSync(path.join(handlers, e.name, 'index.ts'))) continue;
    const out = path.join(root, 'dist', 'lambda-bundles', e.name, 'index.js');
    if (!fs.existsSync(out)) return 0;
    oldest = Math.min(oldest, fs.statSync(out).mtimeMs);
  }
  return oldest;
}

function ensureBundles() {
  const sources = Math.max(newestMtime(path.join(root, 'lambda')), newestMtime(path.join(root, 'contracts')));
  if (sources <= oldestBundle()) return;
  process.stderr.write('cdk-mlops: Lambda sources changed; rebuilding dist/lambda-bundles\n');
  const { spawnSync } = require('child_process');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'bundle.js')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function registerTypeScript(dir = cacheDir) {
  let esbuild;
  fs.mkdirSync(dir, { recursive: true });
  const compile = (source, filename) => {
    const st = fs.statSync(filename);
    const key = crypto.createHash('sha1').update(`${filename}\0${st.size}\0${st.mtimeMs}\0${sourceMaps}`).digest('hex');
    const cached = path.join(dir, `${key}.js`);
    if (fs.existsSync(cached)) return fs.readFileSync(cached, 'utf8');
    esbuild ??= require('esbuild');
    const { code } = esbuild.transformSync(source, {
      loader: 'ts', format: 'cjs', target: 'node20', sourcefile: filename, sourcemap: sourceMaps ? 'inline' : false,
    });
    fs.writeFileSync(cached, code);
    return code;
  };
  // Only this repository's own sources; node_modules keeps Node's loaders.
  require.extensions['.ts'] = (module, filename) => {
    if (filename.includes(`${path.sep}node_modules${path.sep}`)) throw new Error(`cdk-mlops: not transpiling ${filename}`);
    module._compile(compile(fs.readFileSync(filename, 'utf8'), filename), filename);
  };
  if (sourceMaps) process.setSourceMapsEnabled?.(true);
}

module.exports = { ensureBundles, registerTypeScript };

if (require.main === module) {
  // A synth is a few seconds of code that mostly runs once: V8's optimizing compilers spend more CPU compiling it
  // than their code saves, so the app stops at the baseline compiler (about 10% of its CPU on Node.js 22, see
  // docs/ARCHITECTURE.md). Templates are the same either way; CDK_MLOPS_OPTIMIZING_JIT=true keeps V8's default tiers.
  if (process.env.CDK_MLOPS_OPTIMIZING_JIT !== 'true') require('v8').setFlagsFromString('--max-opt=1');
  ensureBundles();
  registerTypeScript();
  require(path.join(root, 'bin', 'app.ts'));
}
