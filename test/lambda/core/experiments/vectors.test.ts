import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runVectors } from '../../../helpers/run-vectors';

// Runs scripts/vectors.js (the code of `npm run vectors`, test/helpers/run-vectors.ts) against dist/.
const root = path.resolve(__dirname, '..', '..', '..', '..');
const shared = '../shared/reference/sequential-vectors.json';

describe('npm run vectors on the sequential statistics', () => {
  test('every list of the shared sequential vectors passes', () => {
    const data = JSON.parse(fs.readFileSync(path.join(root, shared), 'utf8'));
    const lists = Object.values(data).filter(Array.isArray) as unknown[][];
    const cases = lists.reduce((n, l) => n + l.length, 0);
    const r = runVectors(shared);
    expect(r.last).toBe(`vectors: checked=${cases} failed=0`);
    expect(r.status).toBe(0);
    expect(r.lines).toHaveLength(lists.length + 1);
  });

  test('values moved beyond their tolerance fail, naming the list and the field', () => {
    const data = JSON.parse(fs.readFileSync(path.join(root, shared), 'utf8'));
    data.msprt_normal[0].expected.per_look[0].log_lambda *= 1 + 1e-7; // relative 1e-9
    data.gst_spending[1].expected.z_bounds[2] += 1e-5; // absolute 1e-6
    data.beta_binomial_thompson[2].expected.prob_best[0] += 1e-5; // absolute 1e-6
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seq-vectors-'));
    const file = path.join(dir, 'vectors.json');
    fs.writeFileSync(file, JSON.stringify(data));
    const r = runVectors(file);
    expect(r.status).toBe(1);
    expect(r.last).toMatch(/^vectors: checked=\d+ failed=3$/);
    expect(r.lines).toContain('gst_spending: FAILED cases=15 failed=1');
    expect(r.lines.some((l) => /case 0: look 0 log_lambda: got/.test(l))).toBe(true);
    expect(r.lines.some((l) => /case 2: prob_best\[0\]: got/.test(l))).toBe(true);
  });
});
