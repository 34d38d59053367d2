import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runVectors } from '../../../helpers/run-vectors';

// The drift statistics on tied data against scipy (reference/drift-vectors.json, scripts/drift-vectors.py), through
// scripts/vectors.js (the code of `npm run vectors`) against dist/, which `npm test` builds first.
const file = path.join(__dirname, 'reference', 'drift-vectors.json');

describe('npm run vectors on the drift reference cases', () => {
  test('every numeric case with ties and every categorical case matches scipy', () => {
    const r = runVectors(file);
    expect(r.lines).toEqual(['drift_numeric_ties: ok cases=12 failed=0', 'drift_categorical: ok cases=6 failed=0', 'vectors: checked=18 failed=0']);
    expect(r.status).toBe(0);
  });

  test('a KS distance off by one window value fails, naming the case and the field', () => {
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    data.drift_numeric_ties[0].ks_statistic += 0.01;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-vectors-'));
    fs.writeFileSync(path.join(dir, 'v.json'), JSON.stringify(data));
    const r = runVectors(path.join(dir, 'v.json'));
    expect(r.status).toBe(1);
    expect(r.lines).toContain('drift_numeric_ties: FAILED cases=12 failed=1');
    expect(r.lines.some((l) => /case 0: ks_statistic: got 0\.060*5?, expected 0\.0(7|69+)/.test(l))).toBe(true);
  });
});
