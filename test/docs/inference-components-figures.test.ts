/**
 * The comparison table of docs/inference-components.md is the simulator's output: each row is recomputed here with
 * the command the guide names (`cdk-mlops simulate --strategy canary:10:300 [--candidate-error-rate 0.2] --copies N
 * [--copy-mode rolling-update] --json`) and must appear in the guide as printed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../cli/support';

const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'inference-components.md'), 'utf8');

async function simulate(...argv: string[]): Promise<any> {
  const r = await runCli(['simulate', '--strategy', 'canary:10:300', ...argv, '--json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

const secs = (v: number) => `${Math.round(v).toLocaleString('en-US')} s`;
const row = (label: string, bad: { meanBadRequests: number; meanSecondsToRollback: number }, good: { meanSecondsTo100Percent: number }) =>
  `| ${label} | ${bad.meanBadRequests.toFixed(1)} | ${secs(bad.meanSecondsToRollback)} | ${secs(good.meanSecondsTo100Percent)} |`;

test('the guide\'s comparison of the percent canary, the copy-count canary and SageMaker\'s rolling update is the simulator\'s', async () => {
  const bad10 = await simulate('--candidate-error-rate', '0.2', '--copies', '10');
  const good10 = await simulate('--copies', '10');
  const bad4 = await simulate('--candidate-error-rate', '0.2', '--copies', '4');
  const good4 = await simulate('--copies', '4');
  const badRolling = await simulate('--candidate-error-rate', '0.2', '--copies', '10', '--copy-mode', 'rolling-update');
  const goodRolling = await simulate('--copies', '10', '--copy-mode', 'rolling-update');
  const badComponent = await simulate('--candidate-error-rate', '0.2', '--copies', '10', '--copy-mode', 'component-rollout');
  const goodComponent = await simulate('--copies', '10', '--copy-mode', 'component-rollout');
  // No user request reaches the temporary candidate: there is no "first candidate request" to time the rollback from.
  expect(badComponent.copies.outcomes).toEqual({ ROLLED_BACK: 20 });
  expect(badComponent.copies.meanBadRequests).toBe(0);
  expect(doc).toContain(`| \`ComponentRollout\`: copy canary (1 temporary copy, replayed requests), then the rolling update | ` +
    `${badComponent.copies.meanBadRequests.toFixed(1)} | no user request reached it | ${secs(goodComponent.copies.meanSecondsTo100Percent)} |`);
  const rows = [
    row('percent canary on variant weights (`VariantRollout`)', bad10, good10),
    row('copy-count canary, 10 copies (1 copy beside 10 = 9.1%)', bad10.copies, good10.copies),
    row('copy-count canary, 4 copies (1 copy beside 4 = 20%)', bad4.copies, good4.copies),
    row('SageMaker rolling update, 1 copy per batch, 300 s wait', badRolling.copies, goodRolling.copies),
  ];
  for (const r of rows) expect(doc).toContain(r);
}, 120_000);
