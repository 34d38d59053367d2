/**
 * Controller and rollback Lambdas against moto_server: start → shift → alarm → rollback puts 100% back on the
 * stable variant, stops the execution, records why once and notifies; duplicate and concurrent rollbacks are safe.
 */
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand } from '@aws-sdk/client-sns';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  AlarmStateChangeEvent, canary, allAtOnce, ControllerEvent, RolloutExecutionInput, RolloutPlan, RolloutRecord,
} from '../../../lambda/core/rollout';
import { handler as controller } from '../../../lambda/handlers/rollout-controller';
import { handler as rollback } from '../../../lambda/handlers/rollout-rollback';
import { RolloutTable } from '../../../lambda/shared/rollout-table';
import { haveMoto } from '../../helpers/moto';
import { CANDIDATE, STABLE, useMotoWorld } from './moto-fixture';
import { captureLogs, controllableClock, commandsOf } from './support';

const maybe = haveMoto() ? describe : describe.skip;

maybe('rollout controller and rollback against moto', () => {
  const ctx = useMotoWorld();
  let ids = 0;


  const table = () => new RolloutTable(ctx.world.aws.dynamo, ctx.world.tableName);
  const alarmEvent = (alarmName: string): AlarmStateChangeEvent => ({
    source: 'aws.cloudwatch', 'detail-type': 'CloudWatch Alarm State Change',
    detail: { alarmName, state: { value: 'ALARM', reason: 'Threshold Crossed: 1 datapoint [0.2] > 0.05' } },
  });

  async function begin(plan: RolloutPlan, extra: Partial<RolloutExecutionInput> = {}) {
    const { endpointName, alarmName } = await ctx.world.newEndpoint();
    const rolloutId = `r-${++ids}`;
    const executionArn = await ctx.world.startExecution(rolloutId);
    const input: RolloutExecutionInput = {
      endpointName, stableVariant: STABLE, candidateVariant: CANDIDATE, plan, alarmNames: [alarmName], rolloutId, ...extra,
    };
    const step: ControllerEvent = { action: 'step', endpointName, rolloutId };
    return { endpointName, alarmName, rolloutId, executionArn, input, step };
  }

  it('shifts, then rolls back to 100% stable on the alarm event, stops the execution and notifies once', async () => {
    const logs = captureLogs();
    const r = await begin(canary(10, 60, { minInvocationsPerStep: 0 }));
    expect(await controller({ action: 'start', input: r.input, executionArn: r.executionArn }))
      .toMatchObject({ kind: 'WAIT', phase: 'PENDING' });

    expect(await controller(r.step)).toMatchObject({ kind: 'WAIT', phase: 'SHIFTING' });
    expect(await ctx.world.weights(r.endpointName)).toEqual({ [STABLE]: 90, [CANDIDATE]: 10 });
    expect(await controller(r.step)).toMatchObject({ kind: 'WAIT', phase: 'BAKING' });

    const publish = jest.spyOn(ctx.world.aws.sns, 'send');
    const putEvents = jest.spyOn(ctx.world.aws.events, 'send');
    await ctx.world.setAlarm(r.alarmName, 'ALARM');
    const result = await rollback(alarmEvent(r.alarmName));

    expect(result.rollouts).toEqual([{ endpointName: r.endpointName, rolloutId: r.rolloutId, outcome: 'ROLLED_BACK' }]);
    expect(await ctx.world.weights(r.endpointName)).toEqual({ [STABLE]: 100, [CANDIDATE]: 0 });
    const rec = (await table().get(r.endpointName))!;
    expect(rec.state).toMatchObject({ phase: 'ROLLED_BACK', cause: 'ALARM', weights: { stable: 100, candidate: 0 } });
    expect(rec.state.reason).toContain(`${r.alarmName} in ALARM`);
    expect(rec.state.reason).toContain('Threshold Crossed');
    expect(rec.history.filter((h) => h.kind === 'ROLLBACK')).toHaveLength(1);
    const exec = await ctx.world.aws.sfn.send(new DescribeExecutionCommand({ executionArn: r.executionArn }));
    expect(exec.status).toBe('ABORTED');
    expect(publish.mock.calls.filter(([c]) => c instanceof PublishCommand)).toHaveLength(1);
    const events = commandsOf(putEvents.mock.calls, PutEventsCommand);
    expect(events).toHaveLength(1);
    expect(events[0].input.Entries![0]).toMatchObject({ Source: 'cdk-mlops', DetailType: 'Rollout Status Change' });
    expect(JSON.parse(events[0].input.Entries![0].Detail!)).toMatchObject({ phase: 'ROLLED_BACK', cause: 'ALARM' });
    expect(logs.find('failed')).toEqual([]);
    expect(logs.metric('RolloutRolledBack')).toHaveLength(1);
    // Every line carries the rollout it is about.
    expect(logs.find('stable weights live')[0]).toMatchObject({ endpointName: r.endpointName, rolloutId: r.rolloutId });

    // A duplicate event finds no active rollout: logged, not an error, nothing changes.
    publish.mockClear();
    expect(await rollback(alarmEvent(r.alarmName))).toEqual({ alarmName: r.alarmName, rollouts: [] });
    expect(logs.find('no active rollout')).toHaveLength(1);
    expect(publish).not.toHaveBeenCalled();
    expect((await table().get(r.endpointName))!.history.filter((h) => h.kind === 'ROLLBACK')).toHaveLength(1);

    // The controller's next step sees the ended rollout and answers ROLLED_BACK without touching traffic.
    expect(await controller(r.step)).toMatchObject({ kind: 'ROLLED_BACK', phase: 'ROLLED_BACK' });
    expect(await ctx.world.weights(r.endpointName)).toEqual({ [STABLE]: 100, [CANDIDATE]: 0 });
    publish.mockRestore();
    putEvents.mockRestore();
  });

  it('two concurrent rollbacks both succeed and leave one ROLLED_BACK record (or a harmless duplicate)', async () => {
    captureLogs();
    const r = await begin(canary(25, 600));
    await controller({ action: 'start', input: r.input, executionArn: r.executionArn });
    await controller(r.step);
    await ctx.world.setAlarm(r.alarmName, 'ALARM');

    const results = await Promise.all([rollback(alarmEvent(r.alarmName)), rollback(alarmEvent(r.alarmName))]);

    // Real DynamoDB lets exactly one conditional write win (rollback.mock.test.ts pins that path: the loser answers
    // ALREADY_ENDED). moto_server does not serialize concurrent conditional writes, so here both may "win": the
    // result must then still be a harmless duplicate, never an error or a lost rollback.
    const outcomes = results.flatMap((x) => x.rollouts.map((o) => o.outcome));
    expect(outcomes.filter((o) => o === 'ROLLED_BACK').length).toBeGreaterThanOrEqual(1);
    const rec = (await table().get(r.endpointName))!;
    expect(rec.state).toMatchObject({ phase: 'ROLLED_BACK', cause: 'ALARM' });
    const entries = rec.history.filter((h) => h.kind === 'ROLLBACK').length;
    expect(entries).toBeGreaterThanOrEqual(1);
    expect(entries).toBeLessThanOrEqual(2);
    expect(await ctx.world.weights(r.endpointName)).toEqual({ [STABLE]: 100, [CANDIDATE]: 0 });
  });

  it('ignores alarm events that are not ALARM and alarms that guard no rollout', async () => {
    const logs = captureLogs();
    expect(await rollback({ detail: { alarmName: 'x', state: { value: 'OK' } } })).toEqual({ alarmName: 'x', rollouts: [] });
    expect(await rollback(alarmEvent('unrelated-alarm'))).toEqual({ alarmName: 'unrelated-alarm', rollouts: [] });
    expect(logs.find('no active rollout')).toHaveLength(1);
  });

  it('runs a canary to PROMOTED: bake, shift to 100%, promote, complete', async () => {
    captureLogs();
    const clock = controllableClock();
    try {
      const r = await begin(canary(10, 60, { minInvocationsPerStep: 0 }), { candidateModel: 'model-v2' });
      await controller({ action: 'start', input: r.input, executionArn: r.executionArn });
      await controller(r.step); // SHIFT 10%
      const baking = await controller(r.step);
      expect(baking).toMatchObject({ kind: 'WAIT', phase: 'BAKING' });
      expect(baking.waitSeconds).toBeLessThanOrEqual(10);
      clock.advance(61);
      expect(await controller(r.step)).toMatchObject({ kind: 'WAIT', phase: 'SHIFTING' });
      expect(await ctx.world.weights(r.endpointName)).toEqual({ [STABLE]: 0, [CANDIDATE]: 100 });
      expect(await controller(r.step)).toMatchObject({ kind: 'WAIT', phase: 'KEEP_WARM' });
      expect(await controller(r.step)).toMatchObject({ kind: 'COMPLETE', phase: 'PROMOTED' });
      const rec = (await table().get(r.endpointName))!;
      expect(rec.state.phase).toBe('PROMOTED');
      expect(rec.candidateModel).toBe('model-v2');
      expect(rec.history.map((h) => h.kind)).toEqual(['START', 'SHIFT', 'WAIT', 'SHIFT', 'PROMOTE', 'COMPLETE']);
    } finally {
      clock.restore();
    }
  });

  it('refuses to start while a guarding alarm fires, unless overridden (and logs the override)', async () => {
    const logs = captureLogs();
    const r = await begin(allAtOnce());
    await ctx.world.setAlarm(r.alarmName, 'ALARM');
    const refused = await controller({ action: 'start', input: r.input, executionArn: r.executionArn });
    expect(refused).toMatchObject({ kind: 'FAILED', phase: 'FAILED' });
    expect(refused.reason).toContain(`refusing to start: ${r.alarmName} in ALARM`);
    expect((await table().get(r.endpointName))!.history[0]).toMatchObject({ kind: 'REFUSED' });

    const input = { ...r.input, rolloutId: `${r.rolloutId}-override`, overrideFiringAlarms: true };
    expect(await controller({ action: 'start', input, executionArn: r.executionArn })).toMatchObject({ kind: 'WAIT' });
    const warning = logs.find('OVERRIDE_FIRING_ALARMS');
    expect(warning).toHaveLength(1);
    expect(warning[0]).toMatchObject({ level: 'WARN', firingAlarms: [r.alarmName], rolloutId: input.rolloutId });
    expect((await table().get(r.endpointName))!.overrideFiringAlarms).toBe(true);
  });

  it('refuses a missing variant and a second active rollout; a retried start is idempotent', async () => {
    captureLogs();
    const r = await begin(allAtOnce());
    const missing = await controller({ action: 'start', input: { ...r.input, candidateVariant: 'nope' }, executionArn: r.executionArn });
    expect(missing.kind).toBe('FAILED');
    expect(missing.reason).toContain('has no production variant nope');

    const ok = { ...r.input, rolloutId: `${r.rolloutId}-b` };
    expect(await controller({ action: 'start', input: ok, executionArn: r.executionArn })).toMatchObject({ kind: 'WAIT' });
    expect(await controller({ action: 'start', input: ok, executionArn: r.executionArn })).toMatchObject({ kind: 'WAIT' });
    const other = await controller({ action: 'start', input: { ...ok, rolloutId: 'someone-else' }, executionArn: r.executionArn });
    expect(other.kind).toBe('FAILED');
    expect(other.reason).toContain(`another rollout (${ok.rolloutId}`);
    expect((await table().get(r.endpointName))!.rolloutId).toBe(ok.rolloutId);
  });

  it('records hook results; a failed pre-traffic hook rolls back before any traffic moves', async () => {
    captureLogs();
    const r = await begin(canary(10, 60, { hooks: { preTraffic: true } }));
    await controller({ action: 'start', input: r.input, executionArn: r.executionArn });
    expect(await controller(r.step)).toMatchObject({ kind: 'RUN_PRE_TRAFFIC_HOOK', phase: 'PRE_TRAFFIC_HOOK' });
    const recorded = await controller({ action: 'hook-result', endpointName: r.endpointName, rolloutId: r.rolloutId,
      hook: 'preTraffic', passed: false, details: 'setosa-typical: HTTP 500' });
    expect(recorded.reason).toContain('preTraffic hook failed: setosa-typical: HTTP 500');
    const rec: RolloutRecord = (await table().get(r.endpointName))!;
    expect(rec.state.hooks.preTraffic).toBe('FAILED');
    expect(await controller(r.step)).toMatchObject({ kind: 'ROLLED_BACK', phase: 'ROLLED_BACK' });
    expect(await ctx.world.weights(r.endpointName)).toEqual({ [STABLE]: 100, [CANDIDATE]: 0 });
    expect((await table().get(r.endpointName))!.state.cause).toBe('PRE_TRAFFIC_HOOK_FAILED');
  });
});
