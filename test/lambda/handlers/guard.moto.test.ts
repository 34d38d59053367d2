/**
 * The drain guard and the deploy trigger against moto_server, in CloudFormation's order for a deploy that changes
 * one slot's model: guard (drain) → endpoint update (retained weights) → trigger (rollout of the changed slot).
 */
import { UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { canary, initialState, RolloutExecutionInput, RolloutGuardProperties } from '../../../lambda/core/rollout';
import { handler as guard } from '../../../lambda/handlers/rollout-guard';
import type { GuardEvent } from '../../../lambda/handlers/rollout-guard/events';
import type { TriggerEvent } from '../../../lambda/handlers/rollout-trigger/events';
import { onEvent } from '../../../lambda/handlers/rollout-trigger';
import { RolloutTable } from '../../../lambda/shared/rollout-table';
import { haveMoto } from '../../helpers/moto';
import { CANDIDATE, STABLE, useMotoWorld } from './moto-fixture';
import { captureLogs } from './support';

const maybe = haveMoto() ? describe : describe.skip;

maybe('drain guard and trigger against moto', () => {
  const ctx = useMotoWorld();


  /** A moto endpoint whose slots serve `<name>-stable` and `<name>-candidate`, as deployed. */
  async function deployed() {
    const { endpointName, alarmName } = await ctx.world.newEndpoint();
    const props: RolloutGuardProperties = { EndpointName: endpointName, Variants: [STABLE, CANDIDATE],
      VariantModels: { [STABLE]: `${endpointName}-${STABLE}`, [CANDIDATE]: `${endpointName}-${CANDIDATE}` } };
    const change = (models: Record<string, string>): GuardEvent => ({ RequestType: 'Update',
      PhysicalResourceId: `rollout-guard:${endpointName}`, ResourceProperties: { ...props, VariantModels: { ...props.VariantModels, ...models } },
      OldResourceProperties: props });
    return { endpointName, alarmName, props, change };
  }

  it('Create does nothing', async () => {
    captureLogs();
    const { endpointName, props } = await deployed();
    expect(await guard({ RequestType: 'Create', ResourceProperties: props }))
      .toEqual({ PhysicalResourceId: `rollout-guard:${endpointName}`, Data: { DrainedVariant: '', ServingVariant: '' } });
    expect(await ctx.world.weights(endpointName)).toEqual({ [STABLE]: 1, [CANDIDATE]: 0 });
  });

  it('drains the slot whose model changes (serving half the traffic) to 0 and the other to 100; the trigger then rolls it out', async () => {
    captureLogs();
    const { endpointName, alarmName, change } = await deployed();
    // Both slots serve (a slot that serves most of the traffic is refused: see guard.mock.test.ts).
    await ctx.world.aws.sagemaker.send(new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName: endpointName,
      DesiredWeightsAndCapacities: [{ VariantName: STABLE, DesiredWeight: 50 }, { VariantName: CANDIDATE, DesiredWeight: 50 }] }));
    expect(await ctx.world.weights(endpointName)).toEqual({ [STABLE]: 50, [CANDIDATE]: 50 });

    const event = change({ [CANDIDATE]: 'iris-v3' });
    expect((await guard(event)).Data).toEqual({ DrainedVariant: CANDIDATE, ServingVariant: STABLE });
    expect(await ctx.world.weights(endpointName)).toEqual({ [STABLE]: 100, [CANDIDATE]: 0 });

    // The trigger gets the same variant models plus its plan and alarms (its old properties only need the models).
    const trigger = await onEvent({ ...event, PhysicalResourceId: `rollout:${endpointName}`,
      ResourceProperties: { ...event.ResourceProperties, Plan: JSON.stringify(canary(10, 300)),
        SlotAlarmNames: { [STABLE]: ['stable-5xx'], [CANDIDATE]: [alarmName] }, AlarmNames: ['kpi'] } } as TriggerEvent);
    const exec = await ctx.world.aws.sfn.send(new DescribeExecutionCommand({ executionArn: trigger.Data!.ExecutionArn }));
    expect(JSON.parse(exec.input!) as RolloutExecutionInput).toMatchObject({
      candidateVariant: CANDIDATE, stableVariant: STABLE, candidateModel: 'iris-v3', alarmNames: [alarmName, 'kpi'],
    });
  });

  it('fails the deploy when both slots change, leaving weights as they were', async () => {
    captureLogs();
    const { endpointName, change } = await deployed();
    await expect(guard(change({ [STABLE]: 'a', [CANDIDATE]: 'b' }))).rejects.toThrow(/change one variant's model per deploy/i);
    expect(await ctx.world.weights(endpointName)).toEqual({ [STABLE]: 1, [CANDIDATE]: 0 });
  });

  it('fails the deploy while a rollout is active on the endpoint', async () => {
    captureLogs();
    const { endpointName, change } = await deployed();
    await new RolloutTable(ctx.world.aws.dynamo, ctx.world.tableName).create({
      endpointName, rolloutId: 'r-active', executionArn: 'arn', stableVariant: STABLE, candidateVariant: CANDIDATE,
      plan: canary(10, 300), alarmNames: [], state: { ...initialState(1), phase: 'BAKING' }, history: [], updatedAt: 1,
    });
    await expect(guard(change({ [STABLE]: 'iris-v4' }))).rejects.toThrow(
      `endpoint ${endpointName}: rollout r-active (candidate ${CANDIDATE}, phase BAKING) is still active`);
    expect(await ctx.world.weights(endpointName)).toEqual({ [STABLE]: 1, [CANDIDATE]: 0 });
  });
});
