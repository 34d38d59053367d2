#!/usr/bin/env node
// Generates the Python, Java and .NET packages of the public API with jsii-pacmak (needs `npm run jsii` first) and
// checks what can be checked on a machine without PyPI, Maven Central or the .NET SDK:
// - the three targets' sources are generated (pacmak --code-only) into dist/packages/<language>;
// - the generated Python is byte-compiled (a syntax check of every generated module);
// - the Python package is imported (a smoke test) only when the jsii Python runtime and aws-cdk-lib for Python are
//   installed; neither is reachable offline, so that step reports why it did not run.
// Building the distributables (wheel, jar, nupkg) needs what pacmak downloads: `node scripts/jsii-bindings.js --build`
// tries it and reports each target's outcome (expected to fail offline, see README "Other languages").
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const outdir = path.join(root, pkg.jsii.outdir);
const targets = ['python', 'java', 'dotnet'];
const build = process.argv.includes('--build');

function run(cmd, args, options = {}) {
  return spawnSync(cmd, args, { cwd: root, encoding: 'utf8', ...options });
}

function fail(message) {
  console.error(`jsii-bindings: ${message}`);
  process.exit(1);
}

if (!fs.existsSync(path.join(root, '.jsii'))) {
  fail("no .jsii assembly; run 'npm run jsii' first.");
}

const pacmak = require.resolve('jsii-pacmak/bin/jsii-pacmak');
// pacmak packs the package with `npm pack`; scripts off so that it does not rebuild (npm test has just built).
const env = { ...process.env, npm_config_ignore_scripts: 'true' };
const gen = run(process.execPath, [pacmak, '--code-only', '--force', '--targets', targets.join(','), '--outdir', outdir], { env });
if (gen.status !== 0) {
  fail(`jsii-pacmak --code-only failed:\n${gen.stdout}\n${gen.stderr}`);
}

const expected = {
  python: path.join('python', 'src', pkg.jsii.targets.python.module, '__init__.py'),
  java: path.join('java', 'src', 'main', 'java', ...pkg.jsii.targets.java.package.split('.')),
  dotnet: path.join('dotnet', pkg.jsii.targets.dotnet.packageId, pkg.jsii.targets.dotnet.namespace),
};
for (const [target, rel] of Object.entries(expected)) {
  if (!fs.existsSync(path.join(outdir, rel))) fail(`${target}: pacmak produced no ${rel} under ${outdir}.`);
  console.log(`jsii-bindings: ${target} sources generated (${path.relative(root, path.join(outdir, rel))})`);
}

const pySrc = path.join(outdir, 'python', 'src');
const compile = run('python3', ['-m', 'compileall', '-q', pySrc]);
if (compile.status !== 0) fail(`the generated Python does not compile:\n${compile.stdout}\n${compile.stderr}`);
console.log('jsii-bindings: python sources byte-compile');

const probe = run('python3', ['-c', 'import jsii, aws_cdk, constructs']);
if (probe.status === 0) {
  const smoke = run('python3', ['-c', `import ${pkg.jsii.targets.python.module} as m; assert m.ModelEndpoint; print('ok')`],
    { env: { ...process.env, PYTHONPATH: pySrc } });
  if (smoke.status !== 0) fail(`Python smoke import failed:\n${smoke.stdout}\n${smoke.stderr}`);
  console.log('jsii-bindings: python smoke import passed');
} else {
  console.log('jsii-bindings: python smoke import not run: the jsii Python runtime and aws-cdk-lib for Python are not ' +
    'installed (PyPI is unreachable here); see README "Other languages".');
}

if (build) {
  for (const target of targets) {
    const r = run(process.execPath, [pacmak, '--force', '--targets', target, '--outdir', outdir], { env });
    const last = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /error|ERROR|ENOENT/.test(l)).slice(0, 2).join(' | ');
    console.log(`jsii-bindings: ${target} package build ${r.status === 0 ? 'passed' : `failed: ${last.slice(0, 300)}`}`);
  }
}
