/**
 * The headline figures of docs/ten-second-signals.md are the simulator's: the first row of its table and the
 * `rollout-10s:` line are recomputed here with the bench's own scenario (scripts/bench-scenario.js) and setting
 * (scripts/bench-rollout-10s.js's tenSecondScenario), 1,000 runs of a bad and of a good candidate, and must appear in
 * the guide as `npm run bench -- rollout` prints them. The simulation runs in plain Node on the build (dist/, which
 * `npm test` makes first), as the bench does: inside Jest's module sandbox it is ten times slower.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const scenario = require('../../scripts/bench-scenario.js');

const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'ten-second-signals.md'), 'utf8');

test('the guide\'s ten-second row and rollout-10s line are the simulator\'s (1,000 runs each)', () => {
  const runs = 1000;
  const script = `const s = require('./scripts/bench-scenario.js');
    const r = require('./scripts/bench-rollout-10s.js').tenSecondScenario({ sim: require('./dist/sim'),
      rollout: require('./dist/lambda/core/rollout'), ...s, minimum: s.MINIMUM }, ${runs}, 'first row');
    process.stdout.write(JSON.stringify(r));`;
  const out = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 300000 });
  expect(out.stderr).toBe('');
  const r = JSON.parse(out.stdout);
  expect(doc).toContain(`| 10 s datapoints 10 s late, 30 s alarm 1 of 1, count test, checks timed to countable periods (5 s apart for 40 s) | ` +
    `${r.bad.toFixed(1)} (${r.ratio.toFixed(2)}) | ${r.detect} s / ${r.detectP90} s | ${r.falseRollbacks}/${runs} |`);
  expect(doc.replace(/\n/g, ' ')).toContain(`\`rollout-10s: canary10 bad-requests=${Math.round(r.bad)} minimum=${Math.round(scenario.MINIMUM)} ` +
    `exposure-ratio=${r.ratio.toFixed(2)} detect-seconds=${r.detect} false-rollbacks=${r.falseRollbacks}/${runs}\``);
  // The targets, as the guide claims them met.
  expect(r.ratio).toBeLessThanOrEqual(0.5);
  expect(r.detect).toBeLessThanOrEqual(30);
  expect(r.falseRollbacks / runs).toBeLessThanOrEqual(0.01);
});
