/** `cdk-mlops simulate`: strategy parsing, the summary it prints, and usage errors (no AWS involved). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../bin/cli/main';
import { planFromStrategy } from '../../bin/cli/strategy-spec';
import { UsageError } from '../../bin/cli/io';
import { canary, customSteps, linear } from '../../lambda/core/rollout';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => { out += t; }, err: (t) => { err += t; }, env: {} });
  return { code, out, err };
}

describe('cdk-mlops simulate', () => {
  it('parses every strategy form into the same plan the builders make', () => {
    expect(planFromStrategy('canary:10:300', {})).toEqual(canary(10, 300));
    expect(planFromStrategy('linear:25:60', {})).toEqual(linear(25, 60));
    expect(planFromStrategy('steps:1,5,25,100:120', {})).toEqual(customSteps([
      { candidatePercent: 1, bakeSeconds: 120 }, { candidatePercent: 5, bakeSeconds: 120 },
      { candidatePercent: 25, bakeSeconds: 120 }, { candidatePercent: 100, bakeSeconds: 0 },
    ], { name: 'steps-1-5-25-100-bake-120s' }));
    expect(planFromStrategy('blue-green:600:300', {}).name).toBe('blue-green-bake-600s-warm-300s');
    expect(() => planFromStrategy('canary:100:300', {})).toThrow(UsageError);
    expect(() => planFromStrategy('canary:ten:300', {})).toThrow(/percent is missing or not a number/);
    expect(() => planFromStrategy('zigzag:1:2', {})).toThrow(/is not a strategy/);
  });

  it('rolls back a bad candidate in every run and reports bad requests', async () => {
    const r = await run('simulate', '--strategy', 'canary:10:300', '--candidate-error-rate', '0.3', '--seeds', '4', '--json');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary).toMatchObject({ plan: 'canary-10%-300s', runs: 4, rolledBackRuns: 4, outcomes: { ROLLED_BACK: 4 } });
    expect(summary.meanBadRequests).toBeGreaterThan(0);
    expect(summary.results).toBeUndefined();
  });

  it('promotes a healthy candidate and prints a readable summary', async () => {
    const r = await run('simulate', '--strategy=linear:50:60', '--rps', '20', '--seeds', '3');
    expect(r.code).toBe(0);
    expect(r.out).toContain('strategy linear-50%-every-60s: 3 runs at 20 req/s');
    expect(r.out).toContain('outcomes:            PROMOTED 3');
    expect(r.out).toMatch(/time to 100%: +\d+ s/);
  });

  it('answers 2 with the usage for bad flags', async () => {
    for (const argv of [
      ['simulate', '--rps'], ['simulate', '--candidate-error-rate', '2'], ['simulate', '--seeds', '0'],
      ['simulate', '--on-max-hold', 'MAYBE'], ['simulate', '--wat'], ['frobnicate'], [],
    ]) {
      const r = await run(...argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
      // Either the help (a bare command) or the error with the fix.
      expect(r.err).toMatch(/Usage:|fix: /);
    }
    expect((await run('--help')).code).toBe(0);
  });

  describe('CloudFormation events injected with --stack-rollback-at, --cancel-at, --redeliver-at', () => {
    it('aborts every run at the rollback and says when stable held (the default rollback latency is 5 s)', async () => {
      const r = await run('simulate', '--strategy', 'linear:10:60', '--rps', '20', '--seeds', '2', '--stack-rollback-at', '420');
      expect(r.code).toBe(0);
      expect(r.out).toContain('outcomes:            ABORTED 2');
      expect(r.out).toContain('lifecycle (seed 1): t=420 stack rollback -> ABORTED, stable 100% at t=425');
    });

    it('injects each flag\'s event at its second (--json)', async () => {
      const r = await run('simulate', '--strategy', 'linear:10:60', '--seeds', '1', '--redeliver-at', '100', '--cancel-at', '200', '--json');
      const summary = JSON.parse(r.out);
      expect(summary.options.lifecycle).toEqual([{ atSecond: 200, event: 'CANCEL_UPDATE' }, { atSecond: 100, event: 'REDELIVER' }]);
      expect(summary.lifecycle.events.map((e: { second: number; event: string; transition: string }) => [e.second, e.event, e.transition]))
        .toEqual([[100, 'REDELIVER', 'CONTINUE'], [200, 'CANCEL_UPDATE', 'ABORT_AND_RESTORE']]);
      expect(summary.outcomes).toEqual({ ABORTED: 1 });
    });

    it('refuses a bad second, naming the flag, the value and the fix', async () => {
      const negative = await run('simulate', '--cancel-at', '-3');
      expect(negative.code).toBe(2);
      expect(negative.err).toContain("option '--cancel-at <second>' argument '-3' is invalid. use a whole number >= 0");
      const fractional = await run('simulate', '--stack-rollback-at', '1.5');
      expect(fractional.err).toContain("option '--stack-rollback-at <second>' argument '1.5' is invalid. use a whole number >= 0");
      const late = await run('simulate', '--redeliver-at', '9000', '--horizon', '3600');
      expect(late.code).toBe(2);
      expect(late.err).toContain('--redeliver-at 9000 is not before the end of the run (--horizon 3600)');
      expect(late.err).toContain('fix: use --redeliver-at below 3600, or a longer --horizon');
    });

    it('marks the event on the --plot', async () => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sim-plot-')), 'rollback.svg');
      const r = await run('simulate', '--strategy', 'linear:10:60', '--rps', '20', '--seeds', '1', '--stack-rollback-at', '420', '--plot', file);
      expect(r.code).toBe(0);
      expect(fs.readFileSync(file, 'utf8')).toMatch(/class="lifecycle-marker">.*t=420 stack rollback -&gt; ABORTED, stable 100% at t=425/);
    });
  });
});
