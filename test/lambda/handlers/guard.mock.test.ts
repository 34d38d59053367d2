/**
 * Drain guard: before CloudFormation puts a new model on a slot, that slot is drained to weight 0 (verified live);
 * Create/Delete and unchanged slots do nothing; both slots changed, or a rollout active, fail the deploy.
 */
import {
  DescribeEndpointCommand, DescribeEndpointConfigCommand, UpdateEndpointWeightsAndCapacitiesCommand,
} from '@aws-sdk/client-sagemaker';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { canary } from '../../../lambda/core/rollout';
import { handler } from '../../../lambda/handlers/rollout-guard';
import type { GuardEvent } from '../../../lambda/handlers/rollout-guard/events';
import { configureTiming } from '../../../lambda/shared/timing';
import { IN_PROGRESS, mockAll, record, THROTTLED } from './mock-world';
import { captureLogs, fastTiming } from './support';

const slots = (blue: string, green: string) => ({ EndpointName: 'ep', Variants: ['blue', 'green'], VariantModels: { blue, green } });

/** DescribeEndpoint as SageMaker answers it: status, the live config, each slot's weight. */
const view = (status: string, blue: number, green: number) => ({
  EndpointName: 'ep', EndpointStatus: status as 'InService', EndpointConfigName: 'cfg-live',
  ProductionVariants: [{ VariantName: 'blue', CurrentWeight: blue }, { VariantName: 'green', CurrentWeight: green }],
});
const liveConfig = (blue: string, green: string) => ({
  ProductionVariants: [{ VariantName: 'blue', ModelName: blue }, { VariantName: 'green', ModelName: green }],
});

describe('rollout-guard', () => {
  const aws = mockAll();
  const update = (oldBlue: string, oldGreen: string, blue: string, green: string): GuardEvent => ({
    RequestType: 'Update', PhysicalResourceId: 'rollout-guard:ep',
    ResourceProperties: slots(blue, green), OldResourceProperties: slots(oldBlue, oldGreen),
  });

  beforeAll(fastTiming);
  beforeEach(() => {
    aws.reset();
    captureLogs();
    aws.dynamo.on(GetCommand).resolves({});
    aws.sagemaker.on(DescribeEndpointConfigCommand).resolves(liveConfig('m1', 'm2'));
  });
  afterAll(() => {
    configureTiming(undefined);
    aws.restore();
  });

  it('Create, Delete and an Update changing no model do nothing', async () => {
    const none = { DrainedVariant: '', ServingVariant: '' };
    expect(await handler({ RequestType: 'Create', ResourceProperties: slots('m1', 'm2') }))
      .toEqual({ PhysicalResourceId: 'rollout-guard:ep', Data: none });
    expect(await handler({ RequestType: 'Delete', PhysicalResourceId: 'rollout-guard:ep', ResourceProperties: slots('m1', 'm2') }))
      .toEqual({ PhysicalResourceId: 'rollout-guard:ep', Data: none });
    expect((await handler(update('m1', 'm2', 'm1', 'm2'))).Data).toEqual(none);
    expect(aws.sagemaker.calls()).toHaveLength(0);
  });

  it('refuses to change the model of the slot that serves, with the fix', async () => {
    aws.sagemaker.on(DescribeEndpointCommand).resolves(view('InService', 0, 100));
    await expect(handler(update('m1', 'm2', 'm1', 'm3'))).rejects.toThrow(
      /changes the model of green, which serves 100% of the traffic.*Put the new model in blue \(the idle slot\) instead/);
    expect(aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);
  });

  it('drains the changed slot (green, half the traffic) to 0 and the other to 100, retrying throttling and Updating, and waits for InService', async () => {
    aws.sagemaker.on(DescribeEndpointCommand)
      .resolvesOnce(view('InService', 50, 50)) // live config name and the split before the drain (one read)
      .resolvesOnce(view('InService', 50, 50)) // read before ordering (other variants' share)
      .resolvesOnce(view('InService', 50, 50)) // SageMaker has not started applying the order yet
      .resolvesOnce(view('Updating', 0, 100))
      .resolves(view('InService', 100, 0));
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).rejectsOnce(THROTTLED()).rejectsOnce(IN_PROGRESS()).resolves({});
    const r = await handler(update('m1', 'm2', 'm1', 'm3'));
    expect(r).toEqual({ PhysicalResourceId: 'rollout-guard:ep', Data: { DrainedVariant: 'green', ServingVariant: 'blue' } });
    const calls = aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand);
    expect(calls).toHaveLength(3);
    expect(calls[2].args[0].input).toEqual({ EndpointName: 'ep', DesiredWeightsAndCapacities: [
      { VariantName: 'blue', DesiredWeight: 100 }, { VariantName: 'green', DesiredWeight: 0 },
    ] });
    expect(aws.sagemaker.commandCalls(DescribeEndpointConfigCommand)[0].args[0].input).toEqual({ EndpointConfigName: 'cfg-live' });
  });

  it('does not order anything when the changed slot already has no traffic', async () => {
    aws.sagemaker.on(DescribeEndpointCommand).resolves(view('InService', 100, 0));
    const r = await handler(update('m1', 'm2', 'm1', 'm3'));
    expect(r.Data).toEqual({ DrainedVariant: 'green', ServingVariant: 'blue' });
    expect(aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);
  });

  it('fails the deploy when both slots change, naming them, before touching weights', async () => {
    aws.sagemaker.on(DescribeEndpointCommand).resolves(view('InService', 100, 0));
    await expect(handler(update('m1', 'm2', 'm3', 'm4'))).rejects.toThrow(
      'endpoint ep: this deploy changes the models of both slots (blue: m1 -> m3; green: m2 -> m4). ' +
      'Change one variant\'s model per deploy');
    expect(aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);
  });

  it('fails the deploy while a rollout is active on the endpoint, pointing at the abort command', async () => {
    aws.sagemaker.on(DescribeEndpointCommand).resolves(view('InService', 90, 10));
    aws.dynamo.on(GetCommand).resolves({ Item: record(canary(10, 300), { phase: 'BAKING' }, { candidateModel: 'm2', candidateVariant: 'green' }) });
    await expect(handler(update('m1', 'm2', 'm3', 'm2'))).rejects.toThrow(
      /endpoint ep: rollout r1 \(candidate green = m2, phase BAKING\) is still active.*npx cdk-mlops rollout abort ep/);
    expect(aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);
  });

  it('drains after a terminal rollout (e.g. the stack rollback after a rolled-back rollout puts the old model back)', async () => {
    // The failed rollout left m3 on green at 0; CloudFormation reverts green to m2.
    aws.sagemaker.on(DescribeEndpointConfigCommand).resolves(liveConfig('m1', 'm3'));
    aws.sagemaker.on(DescribeEndpointCommand).resolves(view('InService', 100, 0));
    aws.dynamo.on(GetCommand).resolves({ Item: record(canary(10, 300), { phase: 'ROLLED_BACK' }, { candidateModel: 'm3', candidateVariant: 'green' }) });
    const r = await handler(update('m1', 'm3', 'm1', 'm2'));
    expect(r.Data).toEqual({ DrainedVariant: 'green', ServingVariant: 'blue' });
    expect(aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);
  });

  it('does nothing when the endpoint already serves the new models (a stack rollback of a deploy refused before the endpoint update)', async () => {
    // The refused deploy wanted m3/m4; the rollback sends them back to m1/m2, which the endpoint still serves.
    aws.sagemaker.on(DescribeEndpointCommand).resolves(view('InService', 100, 0));
    aws.dynamo.on(GetCommand).resolves({ Item: record(canary(10, 300), { phase: 'BAKING' }) });
    const r = await handler(update('m3', 'm4', 'm1', 'm2'));
    expect(r.Data).toEqual({ DrainedVariant: '', ServingVariant: '' });
    expect(aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);
    expect(aws.sagemaker.commandCalls(DescribeEndpointCommand)).toHaveLength(1);
  });

  it('fails the deploy when SageMaker does not show the drained split in time (never weights summing to zero)', async () => {
    configureTiming({ drainMaxMs: 50 });
    aws.sagemaker.on(DescribeEndpointCommand).resolves(view('InService', 50, 50));
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).resolves({});
    await expect(handler(update('m1', 'm2', 'm1', 'm3'))).rejects.toThrow(
      /could not drain green on ep before the model update: the endpoint is InService with stable 50% \/ candidate 50%.*never takes traffic unverified/);
    for (const c of aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)) {
      const sum = c.args[0].input.DesiredWeightsAndCapacities!.reduce((s, w) => s + (w.DesiredWeight ?? 0), 0);
      expect(sum).toBeGreaterThan(0);
    }
    fastTiming();
  });

  it('leaves a shadow slot alone (it answers nobody) and does nothing on an endpoint that serves nothing', async () => {
    aws.sagemaker.on(DescribeEndpointCommand).resolves({ ...view('InService', 100, 0), ProductionVariants: [{ VariantName: 'blue', CurrentWeight: 1 }] });
    expect((await handler(update('m1', 'm2', 'm1', 'm3'))).Data).toEqual({ DrainedVariant: '', ServingVariant: '' });
    aws.sagemaker.on(DescribeEndpointCommand).resolves(view('Failed', 0, 100));
    expect((await handler(update('m1', 'm2', 'm1', 'm3'))).Data).toEqual({ DrainedVariant: '', ServingVariant: '' });
    expect(aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);
  });
});
