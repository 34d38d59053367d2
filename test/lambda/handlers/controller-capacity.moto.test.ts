/**
 * Capacity before traffic against moto_server: moto accepts DesiredInstanceCount in UpdateEndpointWeightsAndCapacities
 * and applies it at once (it also clears the fields an order leaves out, which real SageMaker keeps: only a real
 * account shows that a capacity-only order leaves the weight alone). An all-at-once rollout orders the stable slot's
 * count for the candidate, then the weights.
 */
import { DescribeEndpointCommand, UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { allAtOnce, RolloutExecutionInput } from '../../../lambda/core/rollout';
import { handler as controller } from '../../../lambda/handlers/rollout-controller';
import { RolloutTable } from '../../../lambda/shared/rollout-table';
import { haveMoto } from '../../helpers/moto';
import { CANDIDATE, STABLE, useMotoWorld } from './moto-fixture';
import { captureLogs, commandsOf } from './support';

const maybe = haveMoto() ? describe : describe.skip;

maybe('capacity before traffic against moto', () => {
  const ctx = useMotoWorld();

  it('orders the candidate 3 instances alone, then 100% once they are InService', async () => {
    captureLogs();
    const sm = ctx.world.aws.sagemaker;
    const { endpointName, alarmName } = await ctx.world.newEndpoint();
    // The stable slot serves on 3 instances; the idle candidate has 1.
    await sm.send(new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName: endpointName,
      DesiredWeightsAndCapacities: [{ VariantName: STABLE, DesiredWeight: 1, DesiredInstanceCount: 3 }] }));
    const input: RolloutExecutionInput = { endpointName, stableVariant: STABLE, candidateVariant: CANDIDATE, plan: allAtOnce(),
      alarmNames: [alarmName], rolloutId: 'cap-1' };
    const executionArn = await ctx.world.startExecution('cap-1');
    const step = { action: 'step' as const, endpointName, rolloutId: 'cap-1' };
    const orders = jest.spyOn(sm, 'send');
    expect(await controller({ action: 'start', input, executionArn })).toMatchObject({ phase: 'PENDING' });

    expect(await controller(step)).toMatchObject({ kind: 'WAIT', phase: 'PENDING' });
    const updates = commandsOf(orders.mock.calls, UpdateEndpointWeightsAndCapacitiesCommand);
    expect(updates.map((c) => c.input.DesiredWeightsAndCapacities)).toEqual([[{ VariantName: CANDIDATE, DesiredInstanceCount: 3 }]]);
    const scaled = await sm.send(new DescribeEndpointCommand({ EndpointName: endpointName }));
    expect(scaled.ProductionVariants!.find((v) => v.VariantName === CANDIDATE)).toMatchObject({ CurrentInstanceCount: 3 });
    expect(await ctx.world.weights(endpointName)).toEqual({ [STABLE]: 1, [CANDIDATE]: 0 });

    expect(await controller(step)).toMatchObject({ kind: 'WAIT', phase: 'SHIFTING' });
    expect(await ctx.world.weights(endpointName)).toEqual({ [STABLE]: 0, [CANDIDATE]: 100 });
    const rec = (await new RolloutTable(ctx.world.aws.dynamo, ctx.world.tableName).get(endpointName))!;
    expect(rec.state.capacity).toMatchObject({ instanceCount: 3, previousInstanceCount: 1, readyAt: expect.any(Number) });
    expect(rec.history.filter((h) => h.kind === 'CAPACITY').map((h) => h.reason)).toEqual([
      'candidate has 1 instance(s), stable 3: scaling the candidate to 3 before it takes traffic',
      expect.stringMatching(/^candidate has 3 instance\(s\) InService, \d+ s after the order; ordering the weights$/),
    ]);
  });
});
