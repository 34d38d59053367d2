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

  it('synthesizes, as cdk.json runs it (baseline JIT), the template of the app built in-process', () => {
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

  it('keeps cdk.json free of the context keys the CDK CLI reserves (it warns about each on every synth)', () => {
    const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8'));
    // The CLI's check (warnAboutContextKey in aws-cdk): any key of `context` that starts with 'aws:'.
    expect(Object.keys(cdkJson.context).filter((k) => k.startsWith('aws:'))).toEqual([]);
  });
});
