/**
 * The operator CLI against moto_server: status (text and --json, exit codes), pause/resume through the
 * controller, abort's immediate weight reset, and the usage/not-found codes.
 */
import { canary, RolloutExecutionInput } from '../../lambda/core/rollout';
import { handler as controller } from '../../lambda/handlers/rollout-controller';
import { main } from '../../bin/cli/main';
import { haveMoto } from '../helpers/moto';
import { CANDIDATE, STABLE, useMotoWorld } from '../lambda/handlers/moto-fixture';
import { captureLogs } from '../lambda/handlers/support';
import { useMotoCli } from './support';

const maybe = haveMoto() ? describe : describe.skip;

maybe('cdk-mlops rollout against moto', () => {
  const ctx = useMotoWorld();


  const cli = useMotoCli(ctx);

  async function running() {
    captureLogs();
    const { endpointName, alarmName } = await ctx.world.newEndpoint();
    const rolloutId = `cli-${endpointName}`;
    const input: RolloutExecutionInput = {
      endpointName, stableVariant: STABLE, candidateVariant: CANDIDATE, plan: canary(10, 300), alarmNames: [alarmName], rolloutId,
    };
    await controller({ action: 'start', input, executionArn: await ctx.world.startExecution(rolloutId) });
    await controller({ action: 'step', endpointName, rolloutId });
    await controller({ action: 'step', endpointName, rolloutId });
    return { endpointName, alarmName, rolloutId, step: () => controller({ action: 'step', endpointName, rolloutId }) };
  }

  it('status shows phase, step and bake time left in one line; --json the full view with live weights and alarms', async () => {
    const r = await running();
    const text = await cli('rollout', 'status', r.endpointName);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^Progressing - step 1\/2 \(candidate 10%\), baking, \d+m\d\ds left\n$/);

    const json = await cli('rollout', 'status', r.endpointName, '--json', '--table', ctx.world.tableName);
    const view = JSON.parse(json.out);
    expect(view).toMatchObject({ rolloutId: r.rolloutId, phase: 'BAKING', active: true, step: 1, steps: 2,
      variants: [{ role: 'stable', livePercent: 90 }, { role: 'candidate', livePercent: 10 }], endpointStatus: 'InService',
      alarms: [{ name: r.alarmName, state: 'OK' }] });
    expect(view.phaseSecondsLeft).toBeGreaterThan(0);
  });

  it('pause and resume go through the controller', async () => {
    const r = await running();
    expect((await cli('rollout', 'pause', r.endpointName)).code).toBe(0);
    expect(JSON.parse((await cli('rollout', 'status', r.endpointName, '--json')).out).pendingCommand).toBe('pause');
    expect(await r.step()).toMatchObject({ phase: 'PAUSED' });
    expect((await cli('rollout', 'status', r.endpointName)).out).toMatch(/^Paused - step 1\/2/);
    expect((await cli('rollout', 'resume', r.endpointName, '--json')).code).toBe(0);
    expect(await r.step()).toMatchObject({ phase: 'BAKING' });
  });

  it('abort puts all traffic on stable at once; the controller then records ABORTED; status exits 1', async () => {
    const r = await running();
    const abort = await cli('rollout', 'abort', r.endpointName, '--json');
    expect(abort.code).toBe(0);
    expect(JSON.parse(abort.out)).toMatchObject({ command: 'abort', weightsReset: true, rolloutId: r.rolloutId });
    expect(await ctx.world.weights(r.endpointName)).toEqual({ [STABLE]: 100, [CANDIDATE]: 0 });
    // A softer command cannot replace a pending ABORT.
    expect((await cli('rollout', 'pause', r.endpointName)).code).toBe(3);

    expect(await r.step()).toMatchObject({ kind: 'ROLLED_BACK', phase: 'ABORTED' });
    const status = await cli('rollout', 'status', r.endpointName);
    expect(status.code).toBe(1);
    expect(status.out).toMatch(/^Aborted - ABORTED: aborted by operator/);
    expect((await cli('rollout', 'promote', r.endpointName)).code).toBe(3);
  });

  it('answers 3 for an unknown endpoint and 2 for usage errors', async () => {
    expect((await cli('rollout', 'status', 'no-such-endpoint')).code).toBe(3);
    expect((await cli('rollout', 'pause', 'no-such-endpoint')).code).toBe(3);
    expect((await cli('rollout', 'frobnicate', 'x')).code).toBe(2);
    expect((await cli('rollout', 'status')).code).toBe(2);
    expect((await cli('rollout', 'status', 'x', '--bogus')).code).toBe(2);
    // No --table and no CDK_MLOPS_ROLLOUT_TABLE.
    expect(await main(['rollout', 'status', 'x'], { out: () => undefined, err: () => undefined, env: {} })).toBe(2);
  });

  it('answers 4 for a wrong table, naming the table and the region, with the fix', async () => {
    const res = await cli('rollout', 'status', 'x', '--table', 'no-such-table');
    expect(res.code).toBe(4);
    expect(res.err).toBe('error: no table no-such-table (or the history table its record names) in region us-east-1\n' +
      'fix: pass --table with the stack\'s RolloutTable output and --region with the stack\'s region ' +
      '(aws cloudformation describe-stacks --stack-name <stack> --query "Stacks[0].Outputs")\n');
    const json = await cli('rollout', 'get', 'x', '--table', 'no-such-table', '--region', 'us-east-1', '--json');
    expect(JSON.parse(json.out)).toMatchObject({ error: 'TABLE_NOT_FOUND', exitCode: 4, fix: expect.stringContaining('--table') });
  });
});
