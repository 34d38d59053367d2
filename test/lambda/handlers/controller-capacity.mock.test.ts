/**
 * Capacity before traffic in the controller (aws-sdk-client-mock): the candidate's instances are ordered alone, the
 * rollout waits for them InService, and only then are the weights ordered; a capacity that never comes fails the
 * rollout back to stable and says why. The record and the endpoint are small stateful fakes.
 */
import { DescribeAlarmsCommand, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DescribeEndpointCommand, UpdateEndpointWeightsAndCapacitiesCommand, UpdateEndpointWeightsAndCapacitiesCommandInput,
} from '@aws-sdk/client-sagemaker';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetCommand, PutCommand, UpdateCommand, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { allAtOnce, canary, CAPACITY_WAIT_SECONDS, RolloutPlan, RolloutRecord, weightsFor } from '../../../lambda/core/rollout';
import { handler as controller } from '../../../lambda/handlers/rollout-controller';
import { awsError, IN_PROGRESS, mockAll, record } from './mock-world';
import { captureLogs, controllableClock, fastTiming } from './support';

interface Variant { weight: number; instances?: number; maxConcurrency?: number }

describe('rollout-controller: capacity before traffic', () => {
  const aws = mockAll();
  const step = { action: 'step' as const, endpointName: 'ep', rolloutId: 'r1' };
  let rec: RolloutRecord;
  let endpoint: { status: string; stable: Variant; candidate: Variant; failureReason?: string };
  /** What happens to a capacity order: applied after `describesUntilDone` reads, never, or refused. */
  let scaling: { mode: 'applies' | 'stuck' | 'silently-rolled-back' | 'refused'; describesUntilDone: number; target?: number };
  let orders: UpdateEndpointWeightsAndCapacitiesCommandInput[];
  let clock: ReturnType<typeof controllableClock>;
  const now = () => Math.floor(Date.now() / 1000);

  const bakedAt10 = (plan: RolloutPlan): RolloutRecord => record(plan, { phase: 'BAKING', stepIndex: 0, weights: weightsFor(10),
    startedAt: now() - 400, phaseStartedAt: now() - 400 }, { historyTable: 'history' });

  beforeAll(fastTiming);
  beforeEach(() => {
    aws.reset();
    captureLogs();
    clock = controllableClock();
    orders = [];
    scaling = { mode: 'applies', describesUntilDone: 2 };
    endpoint = { status: 'InService', stable: { weight: 90, instances: 4 }, candidate: { weight: 10, instances: 1 } };
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'cand-5xx', StateValue: 'OK' }] });
    aws.cloudwatch.on(GetMetricStatisticsCommand).resolves({ Datapoints: [] });
    aws.events.on(PutEventsCommand).resolves({ FailedEntryCount: 0 });
    aws.sns.on(PublishCommand).resolves({});
    aws.dynamo.on(GetCommand).callsFake(() => ({ Item: rec }));
    aws.dynamo.on(PutCommand).resolves({});
    aws.dynamo.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
      const v = input.ExpressionAttributeValues ?? {};
      if (v[':state'] !== undefined) rec = { ...rec, state: v[':state'], history: v[':history'], version: v[':version'] };
      else if (v[':entry'] !== undefined) rec = { ...rec, history: [...rec.history, ...v[':entry']] };
      return {};
    });
    aws.sagemaker.on(DescribeEndpointCommand).callsFake(() => {
      if (endpoint.status === 'Updating' && scaling.mode !== 'stuck' && --scaling.describesUntilDone <= 0) {
        endpoint.status = 'InService';
        if (scaling.mode === 'applies') endpoint.candidate.instances = scaling.target;
      }
      const variant = (name: string, v: Variant) => ({ VariantName: name, CurrentWeight: v.weight, CurrentInstanceCount: v.instances,
        ...(v.maxConcurrency ? { CurrentServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: v.maxConcurrency } } : {}) });
      return { EndpointName: 'ep', EndpointStatus: endpoint.status, FailureReason: endpoint.failureReason,
        ProductionVariants: [variant('stable', endpoint.stable), variant('candidate', endpoint.candidate)] };
    });
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).callsFake((input: UpdateEndpointWeightsAndCapacitiesCommandInput) => {
      orders.push(input);
      if (endpoint.status !== 'InService') throw IN_PROGRESS();
      const entries = input.DesiredWeightsAndCapacities ?? [];
      const count = entries.find((e) => e.DesiredInstanceCount !== undefined);
      if (count) {
        if (scaling.mode === 'refused') {
          throw awsError('ResourceLimitExceeded', 'The account-level service limit \'ml.m5.xlarge for endpoint usage\' is 4 Instances');
        }
        endpoint.status = 'Updating';
        scaling.target = count.DesiredInstanceCount;
        return {};
      }
      for (const e of entries) endpoint[e.VariantName as 'stable' | 'candidate'].weight = e.DesiredWeight ?? 0;
      return {};
    });
  });
  afterEach(() => clock.restore());
  afterAll(() => aws.restore());

  const capacityOrders = () => orders.filter((o) => o.DesiredWeightsAndCapacities!.some((e) => e.DesiredInstanceCount !== undefined));
  const weightOrders = () => orders.filter((o) => o.DesiredWeightsAndCapacities!.every((e) => e.DesiredInstanceCount === undefined));
  const historyKinds = () => rec.history.map((h) => h.kind);

  it('orders the stable count for the candidate alone, waits while Updating, then orders the canary', async () => {
    endpoint = { status: 'InService', stable: { weight: 100, instances: 4 }, candidate: { weight: 0, instances: 1 } };
    rec = record(canary(10, 60, { minInvocationsPerStep: 0 }), { startedAt: now(), phaseStartedAt: now() }, { historyTable: 'history' });
    const first = await controller(step);
    expect(first).toMatchObject({ kind: 'WAIT', phase: 'PENDING', waitSeconds: 10 });
    expect(first.reason).toBe('candidate has 1 instance(s), stable 4: scaling the candidate to 4 before it takes traffic ' +
      '(ordered; weights follow once InService)');
    // One variant, its capacity only: no weight in the order, so the split stays as it is.
    expect(capacityOrders().map((o) => o.DesiredWeightsAndCapacities)).toEqual([[{ VariantName: 'candidate', DesiredInstanceCount: 4 }]]);
    expect(weightOrders()).toHaveLength(0);
    expect(rec.state).toMatchObject({ phase: 'PENDING', capacity: { instanceCount: 4, previousInstanceCount: 1 } });
    expect(historyKinds()).toEqual(['CAPACITY']);

    clock.advance(10);
    const second = await controller(step);
    expect(second).toMatchObject({ kind: 'WAIT', phase: 'PENDING' });
    expect(second.reason).toMatch(/^waiting for capacity before traffic: candidate has 1 of 4 instance\(s\) ordered, endpoint Updating/);
    expect(weightOrders()).toHaveLength(0);

    clock.advance(10);
    const third = await controller(step);
    expect(third).toMatchObject({ kind: 'WAIT', phase: 'SHIFTING' });
    expect(endpoint).toMatchObject({ status: 'InService', candidate: { weight: 10, instances: 4 }, stable: { weight: 90, instances: 4 } });
    expect(weightOrders().map((o) => o.DesiredWeightsAndCapacities)).toEqual([[
      { VariantName: 'stable', DesiredWeight: 90 }, { VariantName: 'candidate', DesiredWeight: 10 }]]);
    expect(rec.state.capacity).toMatchObject({ instanceCount: 4 });
    // The clock moved 20 s between the order and this step (plus the test's own running time).
    expect(rec.state.capacity!.readyAt! - rec.state.capacity!.decidedAt).toBeGreaterThanOrEqual(20);
    expect(historyKinds()).toEqual(['CAPACITY', 'SHIFT', 'CAPACITY']);
    expect(rec.history[2].reason).toMatch(/^candidate has 4 instance\(s\) InService, 2\d s after the order; ordering the weights$/);
    // The history row (written on the phase change) carries the capacity action.
    const rows = aws.dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item!);
    expect(rows[rows.length - 1]).toMatchObject({ outcome: 'SHIFTING' });
    expect(rows[rows.length - 1].capacity).toMatch(/^candidate 1 -> 4 instance\(s\) before traffic, InService 2\d s after the order$/);
  });

  it('orders the capacity as the pre-traffic hook starts, so the hook overlaps the scaling', async () => {
    endpoint = { status: 'InService', stable: { weight: 100, instances: 2 }, candidate: { weight: 0, instances: 1 } };
    const plan = { ...canary(10, 60, { minInvocationsPerStep: 0 }), hooks: { preTraffic: true, postTraffic: false, timeoutSeconds: 600 } };
    rec = record(plan, { startedAt: now(), phaseStartedAt: now() });
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'RUN_PRE_TRAFFIC_HOOK', phase: 'PRE_TRAFFIC_HOOK' });
    expect(capacityOrders().map((o) => o.DesiredWeightsAndCapacities)).toEqual([[{ VariantName: 'candidate', DesiredInstanceCount: 2 }]]);
    expect(rec.state).toMatchObject({ phase: 'PRE_TRAFFIC_HOOK', capacity: { instanceCount: 2, previousInstanceCount: 1 } });
    expect(historyKinds()).toEqual(['RUN_PRE_TRAFFIC_HOOK', 'CAPACITY']);
  });

  it('a record from before capacity was ordered at the start (baking at 10%): ordered before the next step, then 100%', async () => {
    rec = bakedAt10(canary(10, 60, { minInvocationsPerStep: 0 }));
    expect(await controller(step)).toMatchObject({ kind: 'WAIT', phase: 'BAKING' });
    expect(capacityOrders()).toHaveLength(1);
    clock.advance(10);
    await controller(step);
    clock.advance(10);
    expect(await controller(step)).toMatchObject({ kind: 'WAIT', phase: 'SHIFTING' });
    expect(endpoint).toMatchObject({ candidate: { weight: 100, instances: 4 }, stable: { weight: 0, instances: 4 } });
  });

  it('orders the capacity before the only step of an all-at-once plan', async () => {
    endpoint = { status: 'InService', stable: { weight: 100, instances: 3 }, candidate: { weight: 0, instances: 1 } };
    rec = record(allAtOnce(), { startedAt: now(), phaseStartedAt: now() });
    expect(await controller(step)).toMatchObject({ kind: 'WAIT', phase: 'PENDING' });
    expect(capacityOrders().map((o) => o.DesiredWeightsAndCapacities)).toEqual([[{ VariantName: 'candidate', DesiredInstanceCount: 3 }]]);
    clock.advance(10);
    await controller(step);
    clock.advance(10);
    expect(await controller(step)).toMatchObject({ phase: 'SHIFTING' });
    expect(endpoint.candidate).toEqual({ weight: 100, instances: 3 });
  });

  it('fails back to stable when the scale never reaches InService within the capacity wait, and says why', async () => {
    scaling.mode = 'stuck';
    rec = bakedAt10(canary(10, 60, { minInvocationsPerStep: 0 }));
    await controller(step);
    clock.advance(CAPACITY_WAIT_SECONDS - 10);
    expect(await controller(step)).toMatchObject({ kind: 'WAIT', phase: 'BAKING' });
    // Past the wait the candidate would be restored to 0, but SageMaker refuses every order while Updating: the
    // rollback is raised loudly and nothing is recorded as ended (the task's retry decides again).
    clock.advance(10);
    const logs = captureLogs();
    await expect(controller(step)).rejects.toThrow(/could not be restored: .*capacity before traffic: candidate has 1 of 4 instance\(s\) ordered \(endpoint Updating\) 600 s after the order/);
    expect(rec.state.phase).toBe('BAKING');
    expect(logs.metric('RollbackFailed')).toHaveLength(1);
    // SageMaker ends the scaling without the instances (InService on the old count): the retried step restores stable.
    endpoint.status = 'InService';
    clock.advance(30);
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'FAILED', phase: 'FAILED' });
    expect(r.reason).toMatch(/^failing rollout, traffic back to stable: capacity before traffic: candidate has 1 of 4 instance\(s\) ordered \(endpoint InService\) \d+ s after the order, limit 600 s$/);
    expect(rec.state).toMatchObject({ phase: 'FAILED', cause: 'CAPACITY_NOT_READY', weights: { stable: 100, candidate: 0 } });
    expect(endpoint).toMatchObject({ stable: { weight: 100 }, candidate: { weight: 0, instances: 1 } });
    expect(weightOrders().every((o) => o.DesiredWeightsAndCapacities!.find((e) => e.VariantName === 'candidate')!.DesiredWeight === 0)).toBe(true);
    // Two notifications: the rollback that could not take, then the failed rollout.
    expect(aws.sns.commandCalls(PublishCommand)).toHaveLength(2);
  });

  it('fails back to stable when SageMaker rolls the scaling back silently (InService on the old count past the grace)', async () => {
    scaling.mode = 'silently-rolled-back';
    rec = bakedAt10(canary(10, 60, { minInvocationsPerStep: 0 }));
    await controller(step);
    clock.advance(30);
    // Right after the order a read may still show the old count: not judged yet.
    expect(await controller(step)).toMatchObject({ kind: 'WAIT', phase: 'BAKING' });
    clock.advance(40);
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'FAILED' });
    expect(r.reason).toContain('SageMaker did not apply it (check the account\'s instance quota and the endpoint\'s events)');
    expect(endpoint.candidate.weight).toBe(0);
    expect(historyKinds()).toEqual(['CAPACITY', 'FAIL', 'CAPACITY']);
    expect(rec.history[2].reason).toMatch(/^candidate keeps the 4 instance\(s\) ordered before traffic \(it had 1\) at weight 0/);
  });

  it('fails back to stable at once when SageMaker refuses the capacity order (instance quota)', async () => {
    scaling.mode = 'refused';
    rec = bakedAt10(canary(10, 60, { minInvocationsPerStep: 0 }));
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'FAILED', phase: 'FAILED' });
    expect(r.reason).toContain('could not order 4 instance(s) for candidate: ResourceLimitExceeded: The account-level service limit');
    expect(rec.state.cause).toBe('CAPACITY_NOT_READY');
    expect(endpoint).toMatchObject({ status: 'InService', stable: { weight: 100 }, candidate: { weight: 0 } });
  });

  it('an alarm after the capacity came still rolls back, and the ordered instances are kept (not scaled back)', async () => {
    rec = bakedAt10(canary(10, 60, { minInvocationsPerStep: 0 }));
    await controller(step);
    await controller(step);
    await controller(step); // capacity ready, 100% ordered
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'cand-5xx', StateValue: 'ALARM' }] });
    clock.advance(10);
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'ROLLED_BACK' });
    expect(endpoint).toMatchObject({ stable: { weight: 100 }, candidate: { weight: 0, instances: 4 } });
    expect(capacityOrders()).toHaveLength(1);
    expect(historyKinds().slice(-2)).toEqual(['ROLLBACK', 'CAPACITY']);
  });

  it('serverless slots: nothing ordered, the weights go ahead, a lower MaxConcurrency is recorded as a warning', async () => {
    endpoint = { status: 'InService', stable: { weight: 90, maxConcurrency: 20 }, candidate: { weight: 10, maxConcurrency: 5 } };
    rec = bakedAt10(canary(10, 60, { minInvocationsPerStep: 0 }));
    expect(await controller(step)).toMatchObject({ kind: 'WAIT', phase: 'SHIFTING' });
    expect(capacityOrders()).toHaveLength(0);
    expect(endpoint.candidate.weight).toBe(100);
    expect(rec.history.find((h) => h.kind === 'CAPACITY')!.reason).toBe('serverless: WARNING candidate MaxConcurrency 5 < stable 20; ' +
      'not changed by the rollout (raise the candidate variant\'s ServerlessConfig.MaxConcurrency in its endpoint config)');
  });
});
