/**
 * The record's count of throttled checks in a row against moto's DynamoDB: set and removed without touching the
 * state or the version, and never written into another rollout's record.
 */
import { canary, initialState } from '../../../lambda/core/rollout';
import { createLogger } from '../../../lambda/shared/log';
import { RolloutTable } from '../../../lambda/shared/rollout-table';
import { haveMoto } from '../../helpers/moto';
import { CANDIDATE, STABLE, useMotoWorld } from './moto-fixture';
import { captureLogs } from './support';

const maybe = haveMoto() ? describe : describe.skip;

maybe('RolloutTable.setThrottledChecks against moto', () => {
  const ctx = useMotoWorld();

  it('sets the count, removes it at 0, leaves state and version alone, and refuses another rollout\'s record', async () => {
    const logs = captureLogs();
    const table = new RolloutTable(ctx.world.aws.dynamo, ctx.world.tableName, createLogger());
    const endpointName = `throttled-${Date.now()}`;
    const state = { ...initialState(1), phase: 'BAKING' as const };
    await table.create({ endpointName, rolloutId: 'r1', executionArn: 'arn', stableVariant: STABLE, candidateVariant: CANDIDATE,
      plan: canary(10, 300), alarmNames: [], state, history: [], updatedAt: 1 });
    const before = (await table.get(endpointName))!;

    expect(await table.setThrottledChecks(endpointName, 'r1', 2)).toBe(true);
    const set = (await table.get(endpointName))!;
    expect(set.throttledChecks).toBe(2);
    expect(set.state).toEqual(before.state);
    expect(set.version).toBe(before.version);

    expect(await table.setThrottledChecks(endpointName, 'other-rollout', 5)).toBe(false);
    expect((await table.get(endpointName))!.throttledChecks).toBe(2);
    expect(logs.find('throttled-check count not written')).toHaveLength(1);

    expect(await table.setThrottledChecks(endpointName, 'r1', 0)).toBe(true);
    expect((await table.get(endpointName))!).not.toHaveProperty('throttledChecks');
  });
});
