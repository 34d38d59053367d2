#!/usr/bin/env node
// Build-time bundling with esbuild:
// - every Lambda handler lambda/handlers/<name>/index.ts into dist/lambda-bundles/<name>/index.js, so that lib/ ships them
//   with lambda.Code.fromAsset and consumers never need esbuild or Docker at synth (lambda/core and lambda/shared
//   are bundled into each handler rather than shipped on their own);
// - the operator CLI bin/cli.ts into dist/cli/cdk-mlops.js, with the AWS SDK inside, so `npx cdk-mlops` works
//   without the SDK being a dependency of the construct library.
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const srcDir = path.join(root, 'lambda', 'handlers');
const outDir = path.join(root, 'dist', 'lambda-bundles');

const handlers = fs.readdirSync(srcDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(srcDir, d.name, 'index.ts')))
  .map((d) => d.name);

/**
 * esbuild's options for a handler or worker script on the Node.js 22 Lambda runtime, which provides AWS SDK v3 (left
 * out: small assets, fast synth). The permissions audit (test/helpers/iam-audit) bundles with the same options.
 */
const LAMBDA_BUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  external: ['@aws-sdk/*'],
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
};

function bundleForLambda(entry, outfile) {
  esbuild.buildSync({ ...LAMBDA_BUILD_OPTIONS, entryPoints: [entry], outfile });
}

module.exports = { LAMBDA_BUILD_OPTIONS };
if (require.main !== module) return;

fs.rmSync(outDir, { recursive: true, force: true });
for (const name of handlers) bundleForLambda(path.join(srcDir, name, 'index.ts'), path.join(outDir, name, 'index.js'));
// Worker-thread scripts (lambda/shared/*.worker.ts): a module that starts one finds it next to itself
// (path.join(__dirname, '<name>.worker.js')), so each handler bundle that names one gets its own copy.
const workerDir = path.join(root, 'lambda', 'shared');
const workers = fs.readdirSync(workerDir).filter((f) => f.endsWith('.worker.ts')).map((f) => f.replace(/\.ts$/, ''));
for (const name of handlers) {
  const bundle = fs.readFileSync(path.join(outDir, name, 'index.js'), 'utf8');
  for (const w of workers.filter((w) => bundle.includes(`${w}.js`))) {
    bundleForLambda(path.join(workerDir, `${w}.ts`), path.join(outDir, name, `${w}.js`));
  }
}
console.log(`bundled ${handlers.length} lambda handler(s): ${handlers.join(', ') || '(none)'}`);

const cliOut = path.join(root, 'dist', 'cli', 'cdk-mlops.js');
fs.rmSync(path.dirname(cliOut), { recursive: true, force: true });
esbuild.buildSync({
  entryPoints: [path.join(root, 'bin', 'cli.ts')],
  outfile: cliOut,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // The ES module builds of the AWS SDK (and others) first: esbuild drops what the CLI never imports, which their
  // CommonJS builds (one index module per client) do not let it do.
  mainFields: ['module', 'main'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
fs.chmodSync(cliOut, 0o755);
console.log('bundled the operator CLI: dist/cli/cdk-mlops.js');
