import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runVectors } from '../../../helpers/run-vectors';

// Runs scripts/vectors.js (the code of `npm run vectors`, test/helpers/run-vectors.ts) against dist/.
const root = path.resolve(__dirname, '..', '..', '..', '..');
const shared = '../shared/reference/stats-vectors.json';

function tamperedCopy(edit: (data: any) => void): string {
  const data = JSON.parse(fs.readFileSync(path.join(root, shared), 'utf8'));
  edit(data);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vectors-'));
  const file = path.join(dir, 'vectors.json');
  fs.writeFileSync(file, JSON.stringify(data));
  return file;
}

describe('npm run vectors', () => {
  test('every list of the shared stats vectors passes', () => {
    const data = JSON.parse(fs.readFileSync(path.join(root, shared), 'utf8'));
    const cases = Object.values(data).filter(Array.isArray).reduce((n: number, l: any) => n + l.length, 0);
    const r = runVectors(shared);
    expect(r.last).toBe(`vectors: checked=${cases} failed=0`);
    expect(r.status).toBe(0);
    // One line per list, then the summary.
    expect(r.lines).toHaveLength(Object.values(data).filter(Array.isArray).length + 1);
  });

  test('a value changed beyond its tolerance fails, naming the list and the field', () => {
    const file = tamperedCopy((d) => {
      d.ks_2samp[3].statistic *= 1 + 1e-7; // tolerance is 1e-9 relative
      d.welch_ttest[0].pvalue *= 1 + 1e-5; // tolerance is 1e-6 relative
    });
    const r = runVectors(file);
    expect(r.status).toBe(1);
    expect(r.last).toMatch(/^vectors: checked=\d+ failed=2$/);
    expect(r.lines.find((l) => l.startsWith('ks_2samp:'))).toBe('ks_2samp: FAILED cases=24 failed=1');
    expect(r.lines.some((l) => /case 3: statistic: got/.test(l))).toBe(true);
    expect(r.lines.some((l) => /case 0: pvalue: got/.test(l))).toBe(true);
  });

  test('a change within tolerance still passes', () => {
    const file = tamperedCopy((d) => { d.wasserstein[0].distance *= 1 + 1e-11; });
    expect(runVectors(file).status).toBe(0);
  });

  test('a list without a check is a failure', () => {
    const file = tamperedCopy((d) => { d.energy_distance = [{ x: [1, 2], y: [3], distance: 1 }, { x: [1], y: [2], distance: 1 }]; });
    const r = runVectors(file);
    expect(r.status).toBe(1);
    expect(r.lines).toContain('energy_distance: FAILED no check implements this list (2 cases)');
    expect(r.last).toMatch(/failed=2$/);
  });
});
