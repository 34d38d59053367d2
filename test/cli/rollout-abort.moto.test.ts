/**
 * Operator instructions, followed: the drain guard refuses a deploy under an active rollout whose execution died and
 * names a command; the test runs exactly that command with the CLI and the same deploy then passes. `rollout abort`
 * also frees an endpoint that was re-created since the rollout started, leaving the new endpoint's weights alone.
 */
import {
  CreateEndpointCommand, CreateEndpointConfigCommand, DeleteEndpointCommand, DescribeEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import { StopExecutionCommand } from '@aws-sdk/client-sfn';
import { canary, RolloutExecutionInput, RolloutGuardProperties } from '../../lambda/core/rollout';
import { handler as controller } from '../../lambda/handlers/rollout-controller';
import { handler as guard } from '../../lambda/handlers/rollout-guard';
import type { GuardEvent } from '../../lambda/handlers/rollout-guard/events';
import { RolloutTable } from '../../lambda/shared/rollout-table';
import { haveMoto } from '../helpers/moto';
import { CANDIDATE, STABLE, useMotoWorld } from '../lambda/handlers/moto-fixture';
import { captureLogs } from '../lambda/handlers/support';
import { useMotoCli } from './support';

const maybe = haveMoto() ? describe : describe.skip;

maybe('rollout abort follows through against moto', () => {
  const ctx = useMotoWorld();


  const cli = useMotoCli(ctx);

  async function running(rolloutId: string) {
    captureLogs();
    const { endpointName, alarmName } = await ctx.world.newEndpoint();
    const input: RolloutExecutionInput = { endpointName, stableVariant: STABLE, candidateVariant: CANDIDATE,
      plan: canary(10, 300), alarmNames: [alarmName], rolloutId, candidateModel: `${endpointName}-${CANDIDATE}` };
    const executionArn = await ctx.world.startExecution(rolloutId);
    await controller({ action: 'start', input, executionArn });
    await controller({ action: 'step', endpointName, rolloutId });
    await controller({ action: 'step', endpointName, rolloutId });
    return { endpointName, executionArn };
  }

  it('the guard\'s instruction, run as written, frees the endpoint of a dead execution and the deploy passes', async () => {
    const r = await running('dead-1');
    await ctx.world.aws.sfn.send(new StopExecutionCommand({ executionArn: r.executionArn, error: 'Killed' }));
    const props: RolloutGuardProperties = { EndpointName: r.endpointName, Variants: [STABLE, CANDIDATE],
      VariantModels: { [STABLE]: `${r.endpointName}-${STABLE}`, [CANDIDATE]: `${r.endpointName}-${CANDIDATE}` } };
    // The next deploy changes the idle slot's model again.
    const deploy: GuardEvent = { RequestType: 'Update', PhysicalResourceId: `rollout-guard:${r.endpointName}`,
      ResourceProperties: { ...props, VariantModels: { ...props.VariantModels, [CANDIDATE]: 'iris-v4' } }, OldResourceProperties: props };

    const refused = await guard(deploy).then(() => undefined, (e: Error) => e.message);
    expect(refused).toContain('is still active');
    const instruction = /npx cdk-mlops (rollout abort \S+?)\./.exec(refused!);
    expect(instruction).not.toBeNull();
    const run = await cli(...instruction![1].split(' '));
    expect(run.code).toBe(0);
    expect(run.out).toContain('The endpoint is free for the next deploy.');

    expect((await guard(deploy)).Data).toEqual({ DrainedVariant: CANDIDATE, ServingVariant: STABLE });
    expect(await ctx.world.weights(r.endpointName)).toEqual({ [STABLE]: 100, [CANDIDATE]: 0 });
  });

  it('frees a re-created endpoint without touching the new endpoint\'s weights', async () => {
    const r = await running('recreated-1');
    const table = new RolloutTable(ctx.world.aws.dynamo, ctx.world.tableName);
    const before = (await table.get(r.endpointName))!;
    // Re-created (e.g. the stack was deleted and deployed again) with an even split, at a later second.
    await new Promise((done) => setTimeout(done, 1100));
    await ctx.world.aws.sagemaker.send(new DeleteEndpointCommand({ EndpointName: r.endpointName }));
    await ctx.world.aws.sagemaker.send(new CreateEndpointConfigCommand({ EndpointConfigName: `${r.endpointName}-config-2`,
      ProductionVariants: [STABLE, CANDIDATE].map((v) => ({ VariantName: v, ModelName: `${r.endpointName}-${v}`,
        InitialInstanceCount: 1, InstanceType: 'ml.m5.large', InitialVariantWeight: 1 })) }));
    await ctx.world.aws.sagemaker.send(new CreateEndpointCommand({ EndpointName: r.endpointName, EndpointConfigName: `${r.endpointName}-config-2` }));
    const created = (await ctx.world.aws.sagemaker.send(new DescribeEndpointCommand({ EndpointName: r.endpointName }))).CreationTime!;
    expect(Math.floor(created.getTime() / 1000)).toBeGreaterThan(before.endpointCreatedAt!);

    const abort = await cli('rollout', 'abort', r.endpointName, '--json');
    expect(abort.code).toBe(0);
    expect(JSON.parse(abort.out)).toMatchObject({ endpointRecreated: true, weightsReset: 'skipped', recorded: true });
    expect(await ctx.world.weights(r.endpointName)).toEqual({ [STABLE]: 1, [CANDIDATE]: 1 });
    expect((await table.get(r.endpointName))!.state).toMatchObject({ phase: 'ABORTED', cause: 'OPERATOR_ABORT' });
  });
});
