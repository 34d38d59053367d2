#!/usr/bin/env node
// Whether the packed library works, as a user gets it, with an aws-cdk-lib version: a fresh `cdk init app
// --language typescript` (the CLI installed here; its templates ship inside aws-cdk), its cdk.json and its
// recommended feature flags untouched (`@aws-cdk/core:validateAgainstDefaultRules: true` among them).
// Usage: node scripts/peer-floor.js [2.271.0 ...]   (default: the floor in package.json's peerDependencies, i.e.
//        `npm run peer-floor` proves the declared floor). The tarball is what a publish ships: `npm pack` runs prepack
//        (the jsii build and the bundles).
// For each version, in a folder under the OS temp folder:
//   install  - the app's dependencies with that aws-cdk-lib, the declared constructs floor and the `npm pack` tarball
//              (peer ranges enforced for the declared floor; ignored for other versions, so older ones can be tried);
//   synth    - `npx cdk synth` of the app with MlPlatform (every area of the library) and a standalone endpoint in its
//              stack: cdk.json's own command, `tsc` (the template's TypeScript, checking every example below too) then tsx;
//   examples - every TypeScript example of README.md and docs/*.md (scripts/doc-examples.js), each in its own app with
//              cdk.json's context, synthesized unchanged.
// It needs the npm registry (or those versions in the npm cache). Exit code 1 when a version fails.
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const ts = require('typescript');
const docExamples = require('./doc-examples');

const root = path.resolve(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
const floorOf = (range) => range.replace(/^[\^~>=]+/, '');
const declared = floorOf(pkg.peerDependencies['aws-cdk-lib']);
const versions = process.argv.length > 2 ? process.argv.slice(2) : [declared];
const cdkCli = path.join(root, 'node_modules', 'aws-cdk', 'bin', 'cdk');

const STACK_TS = `import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BuiltInAlgorithm, ContainerImage, MlPlatform, Model, ModelEndpoint } from 'cdk-mlops';

export class AppStack extends Stack {
  public readonly endpointName: string;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const platform = new MlPlatform(this, 'Platform', { alarmEmail: 'ops@example.com' });
    const model = new Model(this, 'Extra', { image: ContainerImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST_1_7) });
    new ModelEndpoint(this, 'Own', { variants: [{ variantName: 'only', model }] });
    this.endpointName = platform.endpoint.endpointName;
  }
}
`;

/** Runs the examples as `cdk synth` would: cdk.json's context in CDK_CONTEXT_JSON, one app per example. */
function runnerTs(modules) {
  const list = modules.map((m) => `  ['./${path.basename(m.file, '.ts')}', '${m.block.file}:${m.block.startLine}'],`).join('\n');
  return `import * as fs from 'fs';
import * as path from 'path';

const examples: Array<[string, string]> = [
${list}
];
process.env.CDK_CONTEXT_JSON = JSON.stringify(JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')).context ?? {});
process.chdir(__dirname);
const { App, apps } = require('./tracked-app');
let failed = 0;
for (const [file, where] of examples) {
  try {
    const { Example } = require(file);
    new Example(new App(), 'Example');
    for (const app of apps.splice(0)) app.synth();
  } catch (e) {
    apps.splice(0);
    failed++;
    console.log(\`\${where}: \${String((e as Error).message).split('\\n').slice(0, 6).join('\\n')}\`);
  }
}
console.log(\`examples: \${examples.length - failed}/\${examples.length} synthesized\`);
process.exitCode = failed > 0 ? 1 : 0;
`;
}

function run(cmd, args, cwd, extraEnv = {}) {
  return spawnSync(cmd, args, {
    cwd, encoding: 'utf8', env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', ...extraEnv }, maxBuffer: 64 * 1024 * 1024,
  });
}

/** The first error lines, with example modules' lines turned back into Markdown lines. */
function firstErrors(text, modules, n = 5) {
  const byFile = new Map(modules.map((m) => [path.basename(m.file), m]));
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter((l) => /error|Error|ERROR|FAILED/.test(l)).slice(0, n).map((l) => l.replace(
    /examples[\\/](example-\d+\.ts)[(:](\d+)[,:]\d+\)?/, (all, f, line) => (byFile.has(f) ? docExamples.markdownLine(byFile.get(f), Number(line) - 1) : all),
  )).join('\n    ');
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-peer-'));
// The build's output goes to stderr; the tarball is the one file npm pack writes into the empty folder.
execFileSync('npm', ['pack', '--pack-destination', work], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const tarball = path.join(work, fs.readdirSync(work).find((f) => f.endsWith('.tgz')));
const { names: libExports } = docExamples.libraryExports(ts, root, docExamples.compilerOptions(ts, root));
let failed = false;

for (const version of versions) {
  const dir = path.join(work, `aws-cdk-lib-${version}`, 'app');
  fs.mkdirSync(dir, { recursive: true });
  const init = run(process.execPath, [cdkCli, 'init', 'app', '--language', 'typescript', '--generate-only'], dir);
  if (init.status !== 0) throw new Error(`cdk init failed: ${init.stderr}`);
  const appPkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  appPkg.dependencies = { 'aws-cdk-lib': version, constructs: floorOf(pkg.peerDependencies.constructs), 'cdk-mlops': `file:${tarball}` };
  // The template's test runner is not needed to synthesize (its types are: tsconfig lists them).
  for (const dev of ['jest', '@swc/core', '@swc/jest']) delete appPkg.devDependencies[dev];
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(appPkg, null, 2));
  const install = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline',
    ...(version === declared ? [] : ['--legacy-peer-deps'])], dir);
  if (install.status !== 0) {
    console.log(`aws-cdk-lib ${version}: install FAILED\n    ${install.stderr.split('\n').slice(0, 5).join('\n    ')}`);
    failed = true;
    continue;
  }
  fs.writeFileSync(path.join(dir, 'lib', 'app-stack.ts'), STACK_TS);
  const modules = docExamples.writeExampleModules(ts, root, path.join(dir, 'examples'), { libImport: 'cdk-mlops', libExports });
  fs.writeFileSync(path.join(dir, 'examples', 'model.tar.gz'), 'not a real model');
  fs.writeFileSync(path.join(dir, 'examples', 'run.ts'), runnerTs(modules));
  const synth = run('npx', ['cdk', 'synth', '--quiet'], dir);
  const synthOk = synth.status === 0;
  const ex = run('npx', ['tsx', path.join('examples', 'run.ts')], dir);
  const exOk = ex.status === 0;
  const summary = (ex.stdout.trim().split('\n').pop() ?? '').replace(/^examples: /, '');
  console.log(`aws-cdk-lib ${version}: synth ${synthOk ? 'ok' : 'FAILED'}, examples ${exOk ? `ok (${summary})` : `FAILED (${summary})`}`);
  if (!synthOk) console.log(`    ${firstErrors(synth.stdout + synth.stderr, modules)}`);
  if (!exOk) console.log(`    ${ex.stdout.split('\n').slice(0, -2).join('\n    ')}${ex.stderr ? `\n    ${firstErrors(ex.stderr, modules)}` : ''}`);
  failed ||= !synthOk || !exOk;
}
if (process.env.CDK_MLOPS_KEEP_PEER_FLOOR === 'true') console.log(`kept ${work}`);
else fs.rmSync(work, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
