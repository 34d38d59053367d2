/**
 * `cdk-mlops report` against moto_server: a canary started and rolled back by its alarm through the real controller
 * and rollback handlers, reported from the rollout tables (the weights read from the policy's own reasons); a drift
 * window read from an s3:// prefix.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AlarmStateChangeEvent, canary, RolloutExecutionInput } from '../../lambda/core/rollout';
import { handler as controller } from '../../lambda/handlers/rollout-controller';
import { handler as rollback } from '../../lambda/handlers/rollout-rollback';
import { haveMoto, motoClientConfig } from '../helpers/moto';
import { writeSampleDriftWindow } from '../helpers/report-samples';
import { CANDIDATE, STABLE, useMotoWorld } from '../lambda/handlers/moto-fixture';
import { captureLogs } from '../lambda/handlers/support';
import { useMotoCli } from './support';

const maybe = haveMoto() ? describe : describe.skip;

maybe('cdk-mlops report against moto', () => {
  const ctx = useMotoWorld();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-moto-'));


  const cli = useMotoCli(ctx);

  it('report rollout <endpoint>: a canary rolled back by its alarm, from the rollout tables', async () => {
    captureLogs();
    const { endpointName, alarmName } = await ctx.world.newEndpoint();
    const input: RolloutExecutionInput = {
      endpointName, stableVariant: STABLE, candidateVariant: CANDIDATE, plan: canary(10, 300, { minInvocationsPerStep: 0 }),
      alarmNames: [alarmName], rolloutId: 'r1', candidateModel: 'model-r1',
    };
    await controller({ action: 'start', input, executionArn: await ctx.world.startExecution('r1') });
    await controller({ action: 'step', endpointName, rolloutId: 'r1' });
    await controller({ action: 'step', endpointName, rolloutId: 'r1' });
    await ctx.world.setAlarm(alarmName, 'ALARM');
    const alarm: AlarmStateChangeEvent = { detail: { alarmName, state: { value: 'ALARM', reason: 'breached' } } };
    expect((await rollback(alarm)).rollouts[0].outcome).toBe('ROLLED_BACK');

    const out = path.join(dir, 'rollout.html');
    const r = await cli('report', 'rollout', endpointName, '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^report: ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(ROLLED_BACK at \\d+ s\\)\n$`));
    const html = fs.readFileSync(out, 'utf8');
    // The policy's SHIFT reason carries the weights: the ordered line climbs to the canary's 10% (y = 270 - 22 = 248).
    expect(html).toMatch(/<path id="ordered-weight" d="M70,270 [^"]*V248/);
    expect(html).toContain('ROLLED_BACK');
    expect(html).toMatch(/deciding alarm: [^<]*in ALARM/);
    const missing = await cli('report', 'rollout', 'no-such-endpoint', '--out', out, '--json');
    expect(JSON.parse(missing.out)).toMatchObject({ exitCode: 3 });
  });

  it('report drift s3://...: the window and the baseline read from S3', async () => {
    const sample = writeSampleDriftWindow(dir);
    const s3 = new S3Client(motoClientConfig(ctx.moto.endpoint));
    await s3.send(new CreateBucketCommand({ Bucket: 'reports' }));
    const put = (key: string, file: string) => s3.send(new PutObjectCommand({ Bucket: 'reports', Key: key, Body: fs.readFileSync(file) }));
    const prefix = 'drift/iris/blue/2026-12-02T10:00:00.000Z/';
    for (const f of ['statistics.json', 'constraint_violations.json', 'summary.json']) await put(prefix + f, path.join(sample.window, f));
    await put('baselines/statistics.json', sample.baseline);
    const out = path.join(dir, 'drift.html');
    const r = await cli('report', 'drift', `s3://reports/${prefix}`, '--baseline', 's3://reports/baselines/statistics.json', '--out', out);
    expect(r.err).toBe('');
    expect(r.out).toBe(`report: ${out} (4 features, drift in petal_length, species)\n`);
    expect(fs.readFileSync(out, 'utf8')).toContain(`s3://reports/${prefix}`);
  });
});
