/**
 * Every ```ts example of README.md and docs/*.md compiles against the library and synthesizes, unchanged, as it would
 * in a fresh `cdk init` TypeScript app: with the feature flags `cdk init` writes into cdk.json (its recommended flags,
 * `@aws-cdk/core:validateAgainstDefaultRules` among them), at the aws-cdk-lib installed here (the newest this
 * repository tests). scripts/doc-examples.js turns the examples into modules; scripts/peer-floor.js runs the same
 * modules in a real `cdk init` app at the peer floor (it needs the npm registry). Errors point at Markdown lines.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as esbuild from 'esbuild';
import * as ts from 'typescript';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const examples = require('../../scripts/doc-examples');

const root = path.resolve(__dirname, '..', '..');
// Inside the repository (dist/ is ignored by git) so that aws-cdk-lib resolves from node_modules.
const outDir = path.join(root, 'dist', 'doc-examples');
const libImport = path.relative(outDir, path.join(root, 'lib')).split(path.sep).join('/');

interface ExampleModule { file: string; block: { file: string; startLine: number; index: number }; offset: number; topLines: number }
let modules: ExampleModule[];
let libProgram: ts.Program;
let options: ts.CompilerOptions;

beforeAll(() => {
  options = examples.compilerOptions(ts, root);
  const lib = examples.libraryExports(ts, root, options);
  libProgram = lib.program;
  modules = examples.writeExampleModules(ts, root, outDir, { libImport, libExports: lib.names });
});

/** The context `cdk init app --language typescript` writes into cdk.json, from the CLI installed here (offline). */
function cdkInitContext(): Record<string, unknown> {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-init-')), 'app');
  fs.mkdirSync(dir);
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'aws-cdk', 'bin', 'cdk'), 'init', 'app',
    '--language', 'typescript', '--generate-only'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' } });
  if (r.status !== 0) throw new Error(`cdk init failed: ${r.stderr}`);
  const context = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.json'), 'utf8')).context;
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  return context;
}

test('the docs have TypeScript examples in the README and the guides', () => {
  expect(modules.length).toBeGreaterThan(10);
  expect(new Set(modules.map((m) => m.block.file)).has('README.md')).toBe(true);
});

test('every example compiles', () => {
  const inputs = path.join(outDir, 'input-declarations.d.ts');
  const files = new Map(modules.map((m) => [m.file, m]));
  // The second program reuses the first one's parsed library sources.
  const program = ts.createProgram([inputs, path.join(outDir, 'inputs.ts'), ...files.keys()], options, undefined, libProgram);
  const problems = ts.getPreEmitDiagnostics(program)
    .filter((d) => d.file && path.resolve(d.file.fileName).startsWith(outDir))
    .map((d) => {
      const msg = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      const where = files.get(path.resolve(d.file!.fileName));
      if (!where) return `${d.file!.fileName}: ${msg}`;
      return `${examples.markdownLine(where, d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line)} (example ${where.block.index}): ${msg}`;
    });
  if (problems.length > 0) throw new Error(`Examples do not compile:\n${problems.join('\n')}`);
});

test('every example synthesizes with the feature flags of a fresh cdk init app', () => {
  const context = cdkInitContext();
  expect(context['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);
  for (const f of ['inputs.ts', 'tracked-app.ts', ...modules.map((m) => path.basename(m.file))]) {
    const source = path.join(outDir, f);
    const { code } = esbuild.transformSync(fs.readFileSync(source, 'utf8'), { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: source });
    fs.writeFileSync(source.replace(/\.ts$/, '.js'), code);
  }
  // As `cdk synth` passes cdk.json's context: every App reads it, those the examples make themselves included.
  const previous = process.env.CDK_CONTEXT_JSON;
  process.env.CDK_CONTEXT_JSON = JSON.stringify(context);
  const failures: string[] = [];
  // Relative asset paths of the examples (ModelData.fromAsset('model.tar.gz')) resolve in the app's folder.
  const cwd = process.cwd();
  fs.writeFileSync(path.join(outDir, 'model.tar.gz'), 'not a real model');
  process.chdir(outDir);
  try {
    const { App, apps } = require(path.join(outDir, 'tracked-app.js'));
    for (const m of modules) {
      try {
        const { Example } = require(m.file.replace(/\.ts$/, '.js'));
        new Example(new App(), 'Example');
        for (const app of apps.splice(0)) app.synth();
      } catch (e) {
        apps.splice(0);
        failures.push(`${m.block.file}:${m.block.startLine} (example ${m.block.index}): ${(e as Error).message.split('\n').slice(0, 8).join('\n')}`);
      }
    }
  } finally {
    process.chdir(cwd);
    if (previous === undefined) delete process.env.CDK_CONTEXT_JSON;
    else process.env.CDK_CONTEXT_JSON = previous;
  }
  if (failures.length > 0) throw new Error(`Examples do not synthesize:\n${failures.join('\n\n')}`);
}, 600000);
