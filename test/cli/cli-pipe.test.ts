/**
 * The bundled CLI (dist/cli, built by npm test) piped into a reader that stops early (`| head`, `| true`) ends with
 * exit 0 and nothing on stderr, as command-line tools do, instead of an EPIPE stack trace and exit 1.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const cli = path.join(__dirname, '..', '..', 'dist', 'cli', 'cdk-mlops.js');

test('a closed pipe ends the CLI quietly', () => {
  // `true` exits at once, long before Node.js has started and writes: the write meets a closed pipe.
  const r = spawnSync('bash', ['-c', `"${process.execPath}" "${cli}" rollout get --help | true; echo "exit \${PIPESTATUS[0]}"`],
    { encoding: 'utf8' });
  expect(r.stdout).toBe('exit 0\n');
  expect(r.stderr).toBe('');
});
