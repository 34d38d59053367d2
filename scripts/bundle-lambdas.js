#!/usr/bin/env node
// Pre-bundles every Lambda handler under lambda/<name>/index.ts into dist/lambda-bundles/<name>/index.js,
// so that lib/ ships them with lambda.Code.fromAsset and consumers never need esbuild or Docker at synth.
// lambda/core is shared pure logic, bundled into each handler rather than shipped on its own.
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const srcDir = path.join(root, 'lambda');
const outDir = path.join(root, 'dist', 'lambda-bundles');

const handlers = fs.readdirSync(srcDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'core' && fs.existsSync(path.join(srcDir, d.name, 'index.ts')))
  .map((d) => d.name);

fs.rmSync(outDir, { recursive: true, force: true });
for (const name of handlers) {
  esbuild.buildSync({
    entryPoints: [path.join(srcDir, name, 'index.ts')],
    outfile: path.join(outDir, name, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    // The Node.js 22 Lambda runtime provides AWS SDK v3; leaving it out keeps assets small and synth fast.
    external: ['@aws-sdk/*'],
    minify: false,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
}
console.log(`bundled ${handlers.length} lambda handler(s): ${handlers.join(', ') || '(none)'}`);
