/** Ordering weights and waiting for them: throttling, an endpoint still Updating, silent non-application. */
import { DescribeEndpointCommand, SageMakerClient, UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { ALL_STABLE, weightsFor } from '../../../lambda/core/rollout';
import { applyWeights, waitForWeights } from '../../../lambda/shared/endpoint';
import { createLogger } from '../../../lambda/shared/log';
import { endpointView, IN_PROGRESS, mockAll, THROTTLED, awsError } from './mock-world';
import { captureLogs, fastTiming } from './support';

describe('applyWeights / waitForWeights', () => {
  const aws = mockAll();
  const sm = new SageMakerClient({ region: 'us-east-1' });
  const pair = { stableVariant: 'stable', candidateVariant: 'candidate' };
  beforeAll(fastTiming);
  beforeEach(() => aws.reset());
  afterAll(() => aws.restore());

  it('retries a throttled UpdateEndpointWeightsAndCapacities and sends both variants', async () => {
    const logs = captureLogs();
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).rejectsOnce(THROTTLED()).rejectsOnce(THROTTLED()).resolves({});
    await applyWeights(sm, 'ep', pair, weightsFor(25), 2000, createLogger({ endpointName: 'ep' }));
    const calls = aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand);
    expect(calls).toHaveLength(3);
    expect(calls[2].args[0].input.DesiredWeightsAndCapacities).toEqual([
      { VariantName: 'stable', DesiredWeight: 75 }, { VariantName: 'candidate', DesiredWeight: 25 },
    ]);
    expect(logs.find('failed, retrying')).toHaveLength(2);
  });

  it('retries while the endpoint is in progress', async () => {
    captureLogs();
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).rejectsOnce(IN_PROGRESS()).resolves({});
    await applyWeights(sm, 'ep', pair, ALL_STABLE, 2000);
    expect(aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(2);
  });

  it('does not retry a validation error that will not go away, and gives up when the budget is spent', async () => {
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).rejects(awsError('ValidationException', 'variant not found'));
    await expect(applyWeights(sm, 'ep', pair, ALL_STABLE, 2000)).rejects.toThrow('variant not found');
    expect(aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(1);

    aws.sagemaker.reset();
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).rejects(THROTTLED());
    await expect(applyWeights(sm, 'ep', pair, ALL_STABLE, 0)).rejects.toThrow('Rate exceeded');
  });

  it('never sends weights that sum to zero', async () => {
    await expect(applyWeights(sm, 'ep', pair, { stable: 0, candidate: 0 }, 1000)).rejects.toThrow(/must sum above 0/);
    expect(aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);
  });

  it('waits while Updating, then verifies the live split', async () => {
    aws.sagemaker.on(DescribeEndpointCommand)
      .resolvesOnce(endpointView('Updating', 1, 0)).resolvesOnce(endpointView('Updating', 1, 0))
      .resolves(endpointView('InService', 0.9, 0.1));
    const r = await waitForWeights(sm, 'ep', pair, weightsFor(10), undefined, 5000);
    expect(r).toMatchObject({ settled: true, applied: true, live: { stable: 90, candidate: 10 } });
    expect(aws.sagemaker.commandCalls(DescribeEndpointCommand)).toHaveLength(3);
  });

  it('reports loudly when the endpoint is InService on other weights (silent SageMaker rollback)', async () => {
    const logs = captureLogs();
    aws.sagemaker.on(DescribeEndpointCommand).resolves(endpointView('InService', 1, 0));
    const r = await waitForWeights(sm, 'ep', pair, weightsFor(10), createLogger({ endpointName: 'ep' }));
    expect(r).toMatchObject({ settled: true, applied: false });
    expect(logs.find('WEIGHTS_NOT_APPLIED')[0]).toMatchObject({ level: 'ERROR', endpointName: 'ep' });
    expect(logs.metric('WeightsNotApplied')).toHaveLength(1);
  });

  it('answers not settled when the endpoint stays Updating past the bounded wait', async () => {
    aws.sagemaker.on(DescribeEndpointCommand).resolves(endpointView('Updating', 1, 0));
    expect(await waitForWeights(sm, 'ep', pair, weightsFor(10), undefined, 20)).toMatchObject({ settled: false, applied: false });
  });
});

describe('pairScale: a rollout moves only the share its two slots hold', () => {
  const { pairScale } = jest.requireActual('../../../lambda/shared/endpoint') as typeof import('../../../lambda/shared/endpoint');
  const view = (w: Record<string, number>) => ({ status: 'InService', weights: new Map(Object.entries(w)), instances: new Map() });
  const pair = { stableVariant: 'blue', candidateVariant: 'green' };
  it('alone on the endpoint: the split is the weights', () => {
    expect(pairScale(view({ blue: 1, green: 0 }), pair)).toBe(1);
  });
  it('beside an A/B arm at 10 of 100: the pair\'s 90 is split, so the arm keeps 10%', () => {
    const scale = pairScale(view({ blue: 90, green: 0, challenger: 10 }), pair);
    // A 10% step: blue 81, green 9, challenger 10 → the challenger still answers 10/100 of requests.
    expect([90 * scale, 10 * scale]).toEqual([81, 9]);
  });
});
