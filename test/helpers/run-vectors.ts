import { spawnSync } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');

/**
 * Runs scripts/vectors.js (the code of `npm run vectors`) on a vectors file (relative to the repository root, or
 * absolute) against dist/, which `npm test` builds first: its exit status, its lines and the last one.
 */
export function runVectors(file: string): { status: number | null; lines: string[]; last: string } {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'vectors.js'), file], { cwd: root, encoding: 'utf8' });
  const lines = r.stdout.trim().split('\n');
  return { status: r.status, lines, last: lines[lines.length - 1] };
}
