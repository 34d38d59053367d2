/**
 * Every rollout kept as a history row, and `cdk-mlops rollout history` reading them, against moto_server: three
 * rollouts on one endpoint (rolled back by an alarm, aborted by the operator, still running) leave three rows,
 * listed newest first as a table, as JSON and limited; the history table is found through the rollout record.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  AlarmStateChangeEvent, canary, historySortKey, RolloutExecutionInput, RolloutHistoryRow,
} from '../../lambda/core/rollout';
import { handler as controller } from '../../lambda/handlers/rollout-controller';
import { handler as rollback } from '../../lambda/handlers/rollout-rollback';
import { haveMoto } from '../helpers/moto';
import { CANDIDATE, STABLE, useMotoWorld } from '../lambda/handlers/moto-fixture';
import { captureLogs } from '../lambda/handlers/support';
import { useMotoCli } from './support';

const maybe = haveMoto() ? describe : describe.skip;

maybe('rollout history against moto', () => {
  const ctx = useMotoWorld();


  const cli = useMotoCli(ctx);

  async function startRollout(endpointName: string, alarmName: string, rolloutId: string) {
    const input: RolloutExecutionInput = {
      endpointName, stableVariant: STABLE, candidateVariant: CANDIDATE, plan: canary(10, 300, { minInvocationsPerStep: 0 }),
      alarmNames: [alarmName], rolloutId, candidateModel: `model-${rolloutId}`,
    };
    await controller({ action: 'start', input, executionArn: await ctx.world.startExecution(rolloutId) });
    await controller({ action: 'step', endpointName, rolloutId });
    await controller({ action: 'step', endpointName, rolloutId });
  }

  const rows = async (endpointName: string) => ((await ctx.world.aws.dynamo.send(new QueryCommand({
    TableName: ctx.world.historyTableName, KeyConditionExpression: 'endpointName = :e',
    ExpressionAttributeValues: { ':e': endpointName },
  }))).Items ?? []) as RolloutHistoryRow[];

  it('keeps one row per rollout through start, alarm rollback and operator abort; the CLI lists them', async () => {
    captureLogs();
    const { endpointName, alarmName } = await ctx.world.newEndpoint();
    const alarm: AlarmStateChangeEvent = { detail: { alarmName, state: { value: 'ALARM', reason: 'breached' } } };

    await startRollout(endpointName, alarmName, 'h1');
    expect(await rows(endpointName)).toEqual([expect.objectContaining({ rolloutId: 'h1', outcome: 'BAKING' })]);
    expect((await rows(endpointName))[0].endedAt).toBeUndefined();
    await ctx.world.setAlarm(alarmName, 'ALARM');
    expect((await rollback(alarm)).rollouts[0].outcome).toBe('ROLLED_BACK');
    await ctx.world.setAlarm(alarmName, 'OK');

    await startRollout(endpointName, alarmName, 'h2');
    expect((await cli('rollout', 'abort', endpointName)).code).toBe(0);
    await startRollout(endpointName, alarmName, 'h3');

    const stored = await rows(endpointName);
    expect(stored).toHaveLength(3);
    const [h1, h2, h3] = ['h1', 'h2', 'h3'].map((id) => stored.find((r) => r.rolloutId === id)!);
    expect(h1).toMatchObject({ outcome: 'ROLLED_BACK', cause: 'ALARM', strategy: 'canary-10%-300s', candidateVariant: CANDIDATE,
      candidateModel: 'model-h1', stableVariant: STABLE, startKey: historySortKey(h1.startedAt, 'h1') });
    expect(h1.reason).toContain(`${alarmName} in ALARM`);
    expect(h1.durationSeconds).toBe(h1.endedAt! - h1.startedAt);
    expect(h2).toMatchObject({ outcome: 'ABORTED', cause: 'OPERATOR_ABORT' });
    expect(h2.reason).toContain(`cdk-mlops rollout abort ${endpointName}`);
    expect(h3.endedAt).toBeUndefined();
    expect(['SHIFTING', 'BAKING']).toContain(h3.outcome);

    const json = await cli('rollout', 'history', endpointName, '--json');
    expect(json.code).toBe(0);
    const listed = JSON.parse(json.out);
    expect(listed.historyTable).toBe(ctx.world.historyTableName);
    // Newest first: h3 started last (same second possible: the rollout id breaks the tie in the sort key).
    expect(listed.rollouts.map((r: RolloutHistoryRow) => r.startKey))
      .toEqual([...stored.map((r) => r.startKey)].sort().reverse());
    expect(listed.rollouts.map((r: RolloutHistoryRow) => r.rolloutId).sort()).toEqual(['h1', 'h2', 'h3']);

    const limited = JSON.parse((await cli('rollout', 'history', endpointName, '--json', '--limit', '2')).out);
    expect(limited.rollouts).toHaveLength(2);

    const text = await cli('rollout', 'history', endpointName);
    expect(text.code).toBe(0);
    const lines = text.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^STARTED \(UTC\)\s+ROLLOUT\s+STRATEGY\s+CANDIDATE\s+OUTCOME\s+DURATION\s+REASON$/);
    expect(lines).toHaveLength(4);
    expect(text.out).toMatch(/h1\s+canary-10%-300s\s+candidate \(model-h1\)\s+ROLLED_BACK ALARM/);
    expect(text.out).toMatch(/h2 .*ABORTED OPERATOR_ABORT/);
    expect(text.out).toMatch(/h3 .*\(active\)/);

    // An explicit table works without the record; an endpoint without rollouts answers 3.
    expect((await cli('rollout', 'history', endpointName, '--history-table', ctx.world.historyTableName, '--limit', '1')).code).toBe(0);
    expect((await cli('rollout', 'history', 'no-such-endpoint')).code).toBe(3);
    expect((await cli('rollout', 'history', endpointName, '--limit', '0')).code).toBe(2);
  });
});
