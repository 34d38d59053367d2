/**
 * cdk.json runs scripts/cdk-app.js: TypeScript under bin/ and lib/ is transpiled on load, so an edit shows in the
 * next `cdk synth` without a build; unchanged files come from the cache. (Run in a child Node process: jest has its
 * own module loader.)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const script = path.join(__dirname, '..', '..', 'scripts', 'cdk-app.js');

function load(file: string, cache: string): string {
  const r = spawnSync(process.execPath, ['-e',
    `require(${JSON.stringify(script)}).registerTypeScript(${JSON.stringify(cache)});` +
    `process.stdout.write(String(require(${JSON.stringify(file)}).value));`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

describe('transpile on load', () => {
  it('loads the current text of an edited .ts file, and caches by content stamp', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-app-'));
    const cache = path.join(work, 'cache');
    try {
      const file = path.join(work, 'value.ts');
      fs.writeFileSync(file, 'import { other } from \'./other\';\nexport const value: number = other + 1;\n');
      fs.writeFileSync(path.join(work, 'other.ts'), 'export const other: number = 1;\n');
      expect(load(file, cache)).toBe('2');
      expect(fs.readdirSync(cache)).toHaveLength(2);
      expect(load(file, cache)).toBe('2');
      expect(fs.readdirSync(cache)).toHaveLength(2);
      // An edit of an imported file (new size and mtime) shows in the next load.
      fs.writeFileSync(path.join(work, 'other.ts'), 'export const other: number = 41;\n');
      expect(load(file, cache)).toBe('42');
      expect(fs.readdirSync(cache)).toHaveLength(3);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('compiles modules through a V8 code cache that follows edits (scripts/compile-cache.js)', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-app-'));
    const cache = path.join(work, 'v8');
    const run = (file: string) => spawnSync(process.execPath, ['-e',
      `require(${JSON.stringify(path.join(__dirname, '..', '..', 'scripts', 'compile-cache.js'))}).enableCompileCache(${JSON.stringify(cache)});` +
      `const m = require(${JSON.stringify(file)}); process.stdout.write(String(m.value) + ' ' + m.dir + ' ' + typeof m.resolve);`],
    { encoding: 'utf8' });
    try {
      const file = path.join(work, 'value.js');
      fs.writeFileSync(path.join(work, 'other.js'), 'exports.other = 1;\n');
      fs.writeFileSync(file, "const { other } = require('./other');\nexports.value = other + 1;\nexports.dir = __dirname;\n" +
        "exports.resolve = require.resolve('./other');\n");
      expect(run(file).stdout).toBe(`2 ${work} string`);
      const written = fs.readdirSync(cache);
      expect(written).toHaveLength(1);
      const stamp = fs.statSync(path.join(cache, written[0])).mtimeMs;
      // Warm: the same answer from the cached code, and nothing rewritten.
      expect(run(file).stdout).toBe(`2 ${work} string`);
      expect(fs.statSync(path.join(cache, written[0])).mtimeMs).toBe(stamp);
      // An edit is compiled afresh.
      fs.writeFileSync(path.join(work, 'other.js'), 'exports.other = 41;\n');
      expect(run(file).stdout).toBe(`42 ${work} string`);
      // A syntax error is still reported as one, with its file.
      fs.writeFileSync(path.join(work, 'other.js'), 'exports.other = ;\n');
      const broken = run(file);
      expect(broken.status).not.toBe(0);
      expect(broken.stderr).toMatch(/other\.js[\s\S]*SyntaxError/);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('keys an installed file by size and mtime, and still compiles an edit of it afresh', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-app-'));
    const cache = path.join(work, 'v8');
    const pkg = path.join(work, 'node_modules', 'pkg');
    const run = () => spawnSync(process.execPath, ['-e',
      `require(${JSON.stringify(path.join(__dirname, '..', '..', 'scripts', 'compile-cache.js'))}).enableCompileCache(${JSON.stringify(cache)});` +
      `process.stdout.write(String(require(${JSON.stringify(path.join(pkg, 'index.js'))}).value));`], { encoding: 'utf8' });
    try {
      fs.mkdirSync(pkg, { recursive: true });
      fs.writeFileSync(path.join(pkg, 'index.js'), 'exports.value = 1;\n');
      expect(run().stdout).toBe('1');
      const file = path.join(cache, fs.readdirSync(cache)[0]);
      const stamp = fs.statSync(file).mtimeMs;
      expect(run().stdout).toBe('1');
      expect(fs.statSync(file).mtimeMs).toBe(stamp);
      // Same size, new text (a debugging edit inside node_modules): the new mtime makes it a new entry.
      fs.writeFileSync(path.join(pkg, 'index.js'), 'exports.value = 7;\n');
      fs.utimesSync(path.join(pkg, 'index.js'), new Date(), new Date(Date.now() + 5000));
      expect(run().stdout).toBe('7');
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('synthesizes, as cdk.json runs it (module caches, baseline JIT), the template of the app built in-process', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-app-out-'));
    const context = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;
    try {
      const env = { ...process.env, CDK_OUTDIR: out, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_VALIDATION: 'false' };
      const r = spawnSync(process.execPath, [script], { cwd: path.join(__dirname, '..', '..'), env, encoding: 'utf8' });
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
      const { buildReferenceApp } = require('../../bin/reference-stack');
      const { App } = require('aws-cdk-lib');
      const { stack } = buildReferenceApp(new App({ context, builtinCloudFormationValidation: false }), {});
      const { Template } = require('aws-cdk-lib/assertions');
      const inProcess = Template.fromStack(stack).toJSON();
      expect(JSON.parse(fs.readFileSync(path.join(out, 'CdkMlops.template.json'), 'utf8'))).toEqual(inProcess);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);

  it('is what cdk.json runs', () => {
    const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8'));
    expect(cdkJson.app).toBe('node scripts/cdk-app.js');
  });
});
