/**
 * The shadow-analysis and ab-allocator handlers against moto_server: captures of a production and a shadow variant
 * paired and compared, metrics published; Thompson reweighting applied with UpdateEndpointWeightsAndCapacities, and
 * held back while the rollout table has an active rollout for the endpoint.
 */
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { AB_ENV, ALLOCATOR_ENV, EXPERIMENT_NAMESPACE, SHADOW_ENV } from '../../../../contracts/experiments';
import { handler as allocator } from '../../../../lambda/handlers/ab-allocator';
import { handler as shadowAnalysis } from '../../../../lambda/handlers/shadow-analysis';
import { setLogSink } from '../../../../lambda/shared/log';
import { CANDIDATE, STABLE, useMotoWorld } from '../moto-fixture';
import { captureLine } from '../monitoring/capture-fixture';

const ctx = useMotoWorld();
const bucket = 'capture';
const hourKey = (d: Date) => d.toISOString().slice(0, 13).replace(/[-T]/g, '/');

describe('shadow-analysis and ab-allocator handlers (moto_server)', () => {
  beforeAll(async () => {
    setLogSink(() => undefined);
    await ctx.world.aws.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(() => setLogSink(undefined));
  const put = (key: string, body: string) => ctx.world.aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));

  test('pairs shadow and production answers, publishes agreement, counts a malformed line', async () => {
    const now = new Date();
    const t = now.toISOString();
    // 10 requests; the shadow flips 2 of them across the 0.5 threshold (0.6 -> 0.4 and 0.3 -> 0.7).
    const prod = ['0.9', '0.6', '0.3', '0.1', '0.8', '0.2', '0.7', '0.4', '0.95', '0.05'];
    const shad = ['0.8', '0.4', '0.7', '0.2', '0.9', '0.1', '0.6', '0.3', '0.99', '0.01'];
    await put(`data-capture/shop/${STABLE}/${hourKey(now)}/p.jsonl`, [...prod.map((o, i) => captureLine({ output: o, eventId: `e${i}`, inferenceId: `r${i}`, time: t, input: `${i},1` })), '{"broken'].join('\n'));
    await put(`data-capture/shop/${CANDIDATE}/${hourKey(now)}/s.jsonl`, shad.map((o, i) => captureLine({ output: o, eventId: `s${i}`, inferenceId: `r${i}`, time: t, input: `${i},1` })).join('\n'));
    Object.assign(process.env, {
      [SHADOW_ENV.endpointName]: 'shop', [SHADOW_ENV.productionVariant]: STABLE, [SHADOW_ENV.shadowVariant]: CANDIDATE,
      [SHADOW_ENV.captureBucket]: bucket, [SHADOW_ENV.capturePrefix]: 'data-capture', [SHADOW_ENV.problem]: 'classification',
      [SHADOW_ENV.threshold]: '0.5', [SHADOW_ENV.windowSeconds]: '3600',
    });
    const r = await shadowAnalysis();
    expect(r.paired).toBe(10);
    expect(r.pairedBy).toEqual({ inferenceId: 10 });
    expect(r.agreementRate).toBeCloseTo(0.8, 12);
    expect(r.flips).toEqual({ 1: { 1: 4, 0: 1 }, 0: { 0: 4, 1: 1 } });
    expect(r.malformedLines).toBe(1);
    const stat = await ctx.world.aws.cloudwatch.send(new GetMetricStatisticsCommand({
      Namespace: EXPERIMENT_NAMESPACE, MetricName: 'AgreementRate', Statistics: ['Average'], Period: 60,
      StartTime: new Date(Date.now() - 3600_000), EndTime: new Date(Date.now() + 3600_000),
      Dimensions: [{ Name: 'Endpoint', Value: 'shop' }, { Name: 'ShadowVariant', Value: CANDIDATE }],
    }));
    expect(stat.Datapoints?.[0]?.Average).toBeCloseTo(0.8, 12);
  });

  test('reweights by Thompson sampling within bounds, and yields while a rollout is active', async () => {
    const { endpointName } = await ctx.world.newEndpoint();
    const t = new Date().toISOString();
    for (const [variant, wins] of [[STABLE, 50], [CANDIDATE, 150]] as const) {
      const ids = Array.from({ length: 500 }, (_, i) => `${variant}-${i}`);
      await put(`data-capture/${endpointName}/${variant}/2026/12/01/10/a.jsonl`, ids.map((id) => captureLine({ output: '1', eventId: id, inferenceId: id, time: t })).join('\n'));
      await put(`outcomes/${endpointName}/${variant}.jsonl`, ids.map((id, i) => JSON.stringify({ inferenceId: id, metric: 'click', value: i < wins ? 1 : 0 })).join('\n'));
    }
    Object.assign(process.env, {
      [AB_ENV.endpointName]: endpointName, [AB_ENV.experimentName]: `alloc-${endpointName}`,
      [AB_ENV.variants]: JSON.stringify([{ name: STABLE, weight: 1 }, { name: CANDIDATE, weight: 1 }]),
      [AB_ENV.captureBucket]: bucket, [AB_ENV.capturePrefix]: 'data-capture', [AB_ENV.outcomeBucket]: bucket,
      [AB_ENV.outcomePrefix]: `outcomes/${endpointName}/`, [AB_ENV.stateBucket]: bucket,
      [AB_ENV.metrics]: JSON.stringify([{ name: 'click', kind: 'proportion', higherIsBetter: true }]),
      [ALLOCATOR_ENV.metric]: 'click', [ALLOCATOR_ENV.minShare]: '0.1', [ALLOCATOR_ENV.maxShare]: '0.9',
      [ALLOCATOR_ENV.updateIntervalSeconds]: '3600', [ALLOCATOR_ENV.rolloutTableName]: ctx.world.tableName,
    });
    // An active rollout owns the weights: the allocator yields and changes nothing.
    await ctx.world.aws.dynamo.send(new PutCommand({ TableName: ctx.world.tableName, Item: { endpointName, state: { phase: 'BAKING' } } }));
    const held = await allocator();
    expect(held.action).toBe('yield');
    expect(await ctx.world.weights(endpointName)).toEqual({ [STABLE]: 1, [CANDIDATE]: 0 });
    // The rollout ended: 30% vs 10% success makes the candidate best with near certainty, capped at maxShare 0.9.
    await ctx.world.aws.dynamo.send(new PutCommand({ TableName: ctx.world.tableName, Item: { endpointName, state: { phase: 'PROMOTED' } } }));
    const r = await allocator();
    expect(r.action).toBe('update');
    expect(r.weights).toEqual({ [STABLE]: 0.1, [CANDIDATE]: 0.9 });
    expect(await ctx.world.weights(endpointName)).toEqual({ [STABLE]: 0.1, [CANDIDATE]: 0.9 });
    // Within the update interval: hold.
    expect((await allocator()).action).toBe('hold');
  });
});
