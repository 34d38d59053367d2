/**
 * API.md is the API reference generated from the code (jsii-docgen over the `.jsii` assembly that `npm run jsii`
 * writes); it must match what the current code generates.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');

test('API.md is current', () => {
  if (!fs.existsSync(path.join(root, '.jsii'))) throw new Error("No .jsii assembly: run 'npm run jsii' first (npm test does).");
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-api-')), 'API.md');
  const r = spawnSync(process.execPath, [require.resolve('jsii-docgen/bin/jsii-docgen'), '-o', out], { cwd: root, encoding: 'utf8' });
  expect(r.status).toBe(0);
  const generated = fs.readFileSync(out, 'utf8');
  const committed = fs.existsSync(path.join(root, 'API.md')) ? fs.readFileSync(path.join(root, 'API.md'), 'utf8') : '';
  if (generated !== committed) {
    throw new Error("API.md is out of date with the code. Regenerate it with 'npm run jsii && npm run docgen' and commit API.md.");
  }
});
