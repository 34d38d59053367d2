/**
 * The Glue scripts shipped in assets/glue: they compile, and the pure transformation module passes its python
 * unit tests (test/python), so `npm test` covers them. The Spark scripts themselves need Glue to run.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { haveCommand } from '../helpers/validators';

const root = path.join(__dirname, '..', '..');
const glueDir = path.join(root, 'assets', 'glue');
const python = haveCommand('python3');

if (!python) {
  if (process.env.CI === 'true') throw new Error('python3 is required under CI=true to test the Glue scripts.');
  // eslint-disable-next-line no-console
  console.warn('SKIPPED: python3 is not installed, so the Glue scripts were NOT checked.');
}
const maybe = python ? test : test.skip;

describe('Glue scripts', () => {
  const scripts = fs.readdirSync(glueDir).filter((f) => f.endsWith('.py'));

  test('every script the constructs reference is shipped', () => {
    expect(scripts).toEqual(expect.arrayContaining(['raw_to_curated.py', 'stream_to_lake.py', 'cdk_mlops_transforms.py']));
  });

  maybe.each(scripts)('%s compiles', (script) => {
    const r = spawnSync('python3', ['-c', 'import sys, py_compile; py_compile.compile(sys.argv[1], doraise=True, cfile=None)',
      path.join(glueDir, script)], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONPYCACHEPREFIX: '/tmp/cdk-mlops-pycache' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  maybe('the transformation module passes its unit tests', () => {
    const r = spawnSync('python3', ['-m', 'unittest', 'discover', '-s', 'test/python', '-p', 'test_*.py'],
      { cwd: root, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    expect(r.stderr).toMatch(/\nOK\s*$/);
    expect(r.status).toBe(0);
  });
});
