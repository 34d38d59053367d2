#!/usr/bin/env node
// Which aws-cdk-lib versions the packed library really works with.
// Usage: npm run build && node scripts/peer-floor.js [2.200.0 ...]   (default: the floor in package.json's
//        peerDependencies, i.e. `npm run peer-floor` proves the declared floor)
// For each version: a fresh app under the OS temp folder installs that aws-cdk-lib, constructs and the `npm pack`
// tarball of this repository (peer ranges ignored, so an older aws-cdk-lib can be tried); then
//   synth  - a JavaScript app builds MlPlatform (every area of the library) plus a standalone endpoint and synthesizes;
//   types  - a TypeScript app using the same API is type-checked against that aws-cdk-lib's declarations
//            (skipLibCheck off, so the library's own .d.ts files are checked too).
// It needs the npm registry (or those versions in the npm cache). Exit code 1 when a version fails.
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const declared = require(path.join(root, 'package.json')).peerDependencies['aws-cdk-lib'].replace(/^[\^~>=]+/, '');
const versions = process.argv.length > 2 ? process.argv.slice(2) : [declared];

const APP_JS = `
const { App, Stack } = require('aws-cdk-lib');
const { MlPlatform, ModelEndpoint, Model, ContainerImage, BuiltInAlgorithm } = require('cdk-mlops');
const app = new App();
const stack = new Stack(app, 'Consumer');
new MlPlatform(stack, 'Platform', { alarmEmail: 'ops@example.com' });
const model = new Model(stack, 'Extra', { image: ContainerImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST_1_7) });
new ModelEndpoint(stack, 'Own', { variants: [{ variantName: 'only', model }] });
app.synth();
`;
const APP_TS = `
import { App, Stack } from 'aws-cdk-lib';
import { BuiltInAlgorithm, ContainerImage, MlPlatform, Model, ModelEndpoint } from 'cdk-mlops';
const app = new App();
const stack = new Stack(app, 'Consumer');
const platform: MlPlatform = new MlPlatform(stack, 'Platform');
const model = new Model(stack, 'Extra', { image: ContainerImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST_1_7) });
new ModelEndpoint(stack, 'Own', { variants: [{ variantName: 'only', model }] });
export const endpointName: string = platform.endpoint.endpointName;
`;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-peer-'));
const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
const tarball = path.join(work, JSON.parse(packed.slice(packed.indexOf('[')))[0].filename);
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
let failed = false;

for (const version of versions) {
  const dir = path.join(work, `aws-cdk-lib-${version}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'peer-floor-app', private: true,
    dependencies: { 'aws-cdk-lib': version, constructs: '^10.0.0', 'cdk-mlops': `file:${tarball}` },
  }, null, 2));
  const install = spawnSync('npm', ['install', '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund',
    '--prefer-offline'], { cwd: dir, encoding: 'utf8' });
  if (install.status !== 0) {
    console.log(`aws-cdk-lib ${version}: install FAILED\n${install.stderr.split('\n').slice(0, 5).join('\n')}`);
    failed = true;
    continue;
  }
  fs.writeFileSync(path.join(dir, 'app.js'), APP_JS);
  const synth = spawnSync(process.execPath, ['app.js'], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_PATH: '', CDK_OUTDIR: path.join(dir, 'cdk.out') },
  });
  const synthOk = synth.status === 0;
  fs.writeFileSync(path.join(dir, 'app.ts'), APP_TS);
  const types = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--skipLibCheck', 'false', '--target', 'ES2022',
    '--module', 'commonjs', '--moduleResolution', 'node', '--types', 'node', '--typeRoots',
    path.join(root, 'node_modules', '@types'), 'app.ts'], { cwd: dir, encoding: 'utf8' });
  const typesOk = types.status === 0;
  const firstLine = (s) => s.split('\n').find((l) => /error|Error/.test(l)) ?? s.split('\n')[0];
  console.log(`aws-cdk-lib ${version}: synth ${synthOk ? 'ok' : `FAILED (${firstLine(synth.stderr)})`}, ` +
    `types ${typesOk ? 'ok' : `FAILED (${firstLine(types.stdout + types.stderr)})`}`);
  failed ||= !synthOk || !typesOk;
}
fs.rmSync(work, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
