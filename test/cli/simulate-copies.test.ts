/** `cdk-mlops simulate --copies`: the percent canary and the copy rollout of the same candidate, both printed. */
import { runCli } from './support';

const run = (...argv: string[]) => runCli(argv);

describe('cdk-mlops simulate --copies', () => {
  it('prints the percent canary and the copy-count canary of the same candidate', async () => {
    const r = await run('simulate', '--strategy', 'canary:10:300', '--candidate-error-rate', '0.2', '--copies', '4', '--seeds', '3');
    expect(r.code).toBe(0);
    expect(r.out).toContain('strategy canary-10%-300s: 3 runs at 10 req/s, candidate error rate 0.2');
    expect(r.out).toContain('copy-count canary canary-10%-300s-copies-of-4 of the same candidate: 4 copies, 180 s to start a batch');
    // 10% of 4 copies is one copy beside four: 20% of the requests.
    expect(r.out).toContain('step 1/2 (20% candidate)');
    expect(r.out.match(/outcomes: +ROLLED_BACK 3/g)).toHaveLength(2);
  });

  it('--json carries both summaries; --copy-mode rolling-update is SageMaker\'s rolling update, batches of --copy-batch', async () => {
    const r = await run('simulate', '--strategy', 'canary:10:300', '--copies', '6', '--copy-mode', 'rolling-update', '--copy-batch', '2',
      '--copy-provision', '120', '--seeds', '2', '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.plan).toBe('canary-10%-300s');
    expect(s.copies).toMatchObject({ plan: 'sagemaker-rolling-update-2-of-6-wait-300s', runs: 2, outcomes: { PROMOTED: 2 } });
    // Batches of 2 of 6 copies every 300 s, each 120 s to start: at least 3 × 120 + 2 × 300 s to 100%.
    expect(s.copies.meanSecondsTo100Percent).toBeGreaterThanOrEqual(3 * 120 + 2 * 300);
    expect(s.copies.results).toBeUndefined();
  });

  it('refuses a batch larger than the copies, a shadow strategy on copies, and a bad mode (exit 2 with the fix)', async () => {
    for (const argv of [
      ['simulate', '--copies', '4', '--copy-batch', '5'],
      ['simulate', '--copies', '4', '--strategy', 'shadow:600:canary:10:300'],
      ['simulate', '--copies', '4', '--copy-mode', 'blue-green'],
      ['simulate', '--copies', '0'],
    ]) {
      const r = await run(...argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
      expect(r.err).toMatch(/fix: |Usage:|argument/);
    }
  });
});
