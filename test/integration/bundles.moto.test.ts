/**
 * The shipped bundles, not the TypeScript sources: dist/lambda-bundles/<name>/index.js (built by
 * `node scripts/bundle.js`, which `npm test` runs first) and the CLI bundle dist/cli/cdk-mlops.js, against
 * moto_server. The bundles build their own AWS clients from the environment (AWS_ENDPOINT_URL), as on Lambda.
 * Paths: start, shift, promote (operator), alarm rollback, abort (operator) of a rollout whose execution is dead.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DescribeExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { canary, RolloutExecutionInput, RolloutRecord, StepResult } from '../../lambda/core/rollout';
import { RolloutTable } from '../../lambda/shared/rollout-table';
import { haveMoto } from '../helpers/moto';
import { CANDIDATE, STABLE, useMotoWorld } from '../lambda/handlers/moto-fixture';

const ROOT = path.join(__dirname, '..', '..');
const bundle = (name: string) => path.join(ROOT, 'dist', 'lambda-bundles', name, 'index.js');
const CLI = path.join(ROOT, 'dist', 'cli', 'cdk-mlops.js');
const built = fs.existsSync(bundle('rollout-controller')) && fs.existsSync(CLI);
if (!built && process.env.CI === 'true') throw new Error('the Lambda bundles are missing: run node scripts/bundle.js (npm test does)');
const maybe = haveMoto() && built ? describe : describe.skip;

type Handler = (event: unknown) => Promise<unknown>;

maybe('shipped bundles against moto', () => {
  const ctx = useMotoWorld();
  let controller: Handler;
  let rollback: Handler;
  const lines: string[] = [];
  let write: jest.SpyInstance;

  beforeAll(() => {
    Object.assign(process.env, { AWS_ENDPOINT_URL: ctx.moto.endpoint, AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' });
    // The bundles log to stdout (JSON lines and EMF): kept for assertions, not printed.
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    controller = require(bundle('rollout-controller')).handler;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    rollback = require(bundle('rollout-rollback')).handler;
  });
  afterAll(() => {
    write.mockRestore();
    delete process.env.AWS_ENDPOINT_URL;
  });

  const table = () => new RolloutTable(ctx.world.aws.dynamo, ctx.world.tableName);
  const cli = (...argv: string[]) => spawnSync(process.execPath, [CLI, ...argv], {
    encoding: 'utf8', timeout: 120000,
    env: { ...process.env, CDK_MLOPS_ROLLOUT_TABLE: ctx.world.tableName },
  });

  async function started(id: string) {
    const { endpointName, alarmName } = await ctx.world.newEndpoint();
    const input: RolloutExecutionInput = {
      endpointName, stableVariant: STABLE, candidateVariant: CANDIDATE, plan: canary(10, 60, { minInvocationsPerStep: 0 }),
      alarmNames: [alarmName], rolloutId: id,
    };
    const executionArn = await ctx.world.startExecution(id);
    const step = () => controller({ action: 'step', endpointName, rolloutId: id }) as Promise<StepResult>;
    expect(await controller({ action: 'start', input, executionArn })).toMatchObject({ kind: 'WAIT', phase: 'PENDING' });
    expect(await step()).toMatchObject({ phase: 'SHIFTING' });
    expect(await ctx.world.weights(endpointName)).toEqual({ [STABLE]: 90, [CANDIDATE]: 10 });
    expect(await step()).toMatchObject({ phase: 'BAKING' });
    return { endpointName, alarmName, executionArn, step };
  }

  it('start, shift and an operator promote run to COMPLETE with 100% on the candidate', async () => {
    const r = await started('b-promote');
    const promote = cli('rollout', 'promote', r.endpointName, '--json');
    expect(promote.status).toBe(0);
    expect(JSON.parse(promote.stdout)).toMatchObject({ command: 'promote' });
    let last: StepResult | undefined;
    for (let i = 0; i < 6 && last?.kind !== 'COMPLETE'; i++) last = await r.step();
    expect(last).toMatchObject({ kind: 'COMPLETE', phase: 'PROMOTED' });
    expect(await ctx.world.weights(r.endpointName)).toEqual({ [STABLE]: 0, [CANDIDATE]: 100 });
  });

  it('an alarm rollback puts 100% back on stable, read back, and records ROLLED_BACK', async () => {
    const r = await started('b-rollback');
    await ctx.world.setAlarm(r.alarmName, 'ALARM');
    const out = await rollback({ detail: { alarmName: r.alarmName, state: { value: 'ALARM', reason: 'breached' } } });
    expect(out).toEqual({ alarmName: r.alarmName, rollouts: [{ endpointName: r.endpointName, rolloutId: 'b-rollback', outcome: 'ROLLED_BACK' }] });
    expect(await ctx.world.weights(r.endpointName)).toEqual({ [STABLE]: 100, [CANDIDATE]: 0 });
    expect((await table().get(r.endpointName))!.state).toMatchObject({ phase: 'ROLLED_BACK', cause: 'ALARM' });
    const exec = await ctx.world.aws.sfn.send(new DescribeExecutionCommand({ executionArn: r.executionArn }));
    expect(exec.status).toBe('ABORTED');
    expect(lines.some((l) => l.includes('"msg":"stable weights live"') && l.includes(r.endpointName))).toBe(true);
    expect(lines.some((l) => l.includes('RollbackFailed'))).toBe(false);
  });

  it('a malformed event is refused by name before any AWS call', async () => {
    await expect(controller({ action: 'step' })).rejects.toThrow(
      'rollout-controller: invalid event: endpointName must be a non-empty string, got nothing; rolloutId must be a non-empty string, got nothing');
    await expect(rollback({ detail: {} })).rejects.toThrow(/rollout-rollback: invalid event: detail.alarmName must be a non-empty string/);
  });

  it('abort frees an endpoint whose execution died, so the next rollout starts', async () => {
    const r = await started('b-dead');
    // The execution dies with the record still active (the lock the next deploy's guard refuses on).
    await ctx.world.aws.sfn.send(new StopExecutionCommand({ executionArn: r.executionArn, error: 'Killed' }));
    const abort = cli('rollout', 'abort', r.endpointName, '--json');
    expect(abort.status).toBe(0);
    // moto answers StopExecution on a stopped execution with success (STOPPED); AWS may say it is not running.
    expect(JSON.parse(abort.stdout)).toMatchObject({ weightsReset: true, recorded: true, execution: expect.stringMatching(/^(STOPPED|NOT_RUNNING)$/) });
    expect(await ctx.world.weights(r.endpointName)).toEqual({ [STABLE]: 100, [CANDIDATE]: 0 });
    const rec = (await table().get(r.endpointName)) as RolloutRecord;
    expect(rec.state).toMatchObject({ phase: 'ABORTED', cause: 'OPERATOR_ABORT' });
    const next: RolloutExecutionInput = { endpointName: r.endpointName, stableVariant: STABLE, candidateVariant: CANDIDATE,
      plan: canary(10, 60), alarmNames: [], rolloutId: 'b-next' };
    expect(await controller({ action: 'start', input: next, executionArn: await ctx.world.startExecution('b-next') }))
      .toMatchObject({ kind: 'WAIT', phase: 'PENDING' });
  });
});
