/**
 * The controller's step for a component rollout, with mocked clients (moto has no inference component API): it reads
 * the endpoint and both components (DescribeInferenceComponent), and applies the transition's component effects
 * through the executor: the temporary candidate created after the record's write, the verdict published during the
 * rolling update.
 */
import { DescribeAlarmsCommand, GetMetricDataCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateInferenceComponentCommand, DescribeEndpointCommand, DescribeInferenceComponentCommand, DescribeInferenceComponentCommandInput,
} from '@aws-sdk/client-sagemaker';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ALL_CANDIDATE, canary, componentPlan, ComponentRolloutTarget, RolloutState } from '../../../lambda/core/rollout';
import { handler as controller } from '../../../lambda/handlers/rollout-controller';
import { acceptNotifications, awsError, mockAll, record } from './mock-world';
import { allowComponentCalls, captureLogs, fastTiming } from './support';

const { plan } = componentPlan(canary(10, 300, { probe: false }), { copies: 4, copyCanary: true, rollingUpdateSeconds: 1200 });
const target: ComponentRolloutTarget = { endpointName: 'ep', variantName: 'AllTraffic', componentName: 'ranker', stableModel: 'ranker-v1',
  candidateModel: 'ranker-v2', baselineSeconds: 3600,
  canary: { componentName: 'ranker-candidate', copies: 1, specification: { ModelName: 'ranker-v2', ComputeResourceRequirements: { MinMemoryRequiredInMb: 512 } } } };

describe('controller: a component rollout', () => {
  const aws = mockAll();
  const step = { action: 'step' as const, endpointName: 'ep/ranker', rolloutId: 'r1' };
  let timeline: string[];
  const rec = (state: Partial<RolloutState>) => record(plan, state, { endpointName: 'ep/ranker', stableVariant: 'ranker',
    candidateVariant: 'ranker-candidate', component: target, alarmNames: ['ranker-candidate-5xx'], capture: { bucket: 'cap', prefix: 'dc' } });

  /** The controller's clock (nowSeconds reads Date.now), fixed: no test reads the wall clock. */
  const NOW = 1_800_000_000;
  beforeAll(fastTiming);
  allowComponentCalls();
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW * 1000);
    aws.reset();
    captureLogs();
    acceptNotifications(aws);
    timeline = [];
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'ranker-candidate-5xx', StateValue: 'OK' }] });
    aws.cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    aws.cloudwatch.on(PutMetricDataCommand).callsFake((i) => { timeline.push(`verdict ${i.MetricData[0].Value}`); return {}; });
    aws.dynamo.on(UpdateCommand).callsFake((i) => { if (i.ExpressionAttributeValues?.[':state']) timeline.push(`persist ${i.ExpressionAttributeValues[':state'].phase}`); return {}; });
    aws.sagemaker.on(DescribeEndpointCommand).resolves({ EndpointName: 'ep', EndpointStatus: 'InService',
      ProductionVariants: [{ VariantName: 'AllTraffic', CurrentWeight: 1, CurrentInstanceCount: 2 }] });
    aws.sagemaker.on(CreateInferenceComponentCommand).callsFake((i) => { timeline.push(`create ${i.InferenceComponentName} ${i.RuntimeConfig.CopyCount}`); return {}; });
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => aws.restore());

  const components = (models: Record<string, { status: string; model: string }>) =>
    aws.sagemaker.on(DescribeInferenceComponentCommand).callsFake((i: DescribeInferenceComponentCommandInput) => {
      const c = models[i.InferenceComponentName!];
      if (!c) throw awsError('ValidationException', `Could not find inference component "${i.InferenceComponentName}".`);
      return { InferenceComponentName: i.InferenceComponentName, InferenceComponentStatus: c.status, Specification: { ModelName: c.model },
        RuntimeConfig: { DesiredCopyCount: 4, CurrentCopyCount: 4 } };
    });

  test('PENDING: the copy canary recorded, then the temporary candidate created with its copies', async () => {
    aws.dynamo.on(GetCommand).resolves({ Item: rec({}) });
    components({ ranker: { status: 'InService', model: 'ranker-v1' } });
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'WAIT', phase: 'SHADOW' });
    expect(timeline).toEqual(['persist SHADOW', 'create ranker-candidate 1']);
  });

  test('the statistical gate during the rolling update reads the component\'s own minutes before it and stops a worse one', async () => {
    const gated = { ...plan, statisticalGate: { alpha: 0.05, max5xxIncrease: 0.01, minRequests: 1000 } };
    const seen = NOW - 6 * 60 - 90;
    aws.dynamo.on(GetCommand).resolves({ Item: { ...rec({ phase: 'SHIFTING', stepIndex: 0, weights: ALL_CANDIDATE, phaseStartedAt: seen,
      component: { canaryOrderedAt: 1, canaryDeletedAt: 2, updateSeenAt: seen } }), plan: gated } });
    components({ ranker: { status: 'Updating', model: 'ranker-v1' } });
    const minuteOf = (m: number) => Math.floor(seen / 60) * 60 + m * 60;
    // An hour before at 1,000 requests and 1 error a minute; since the update 60 errors a minute.
    const span = Array.from({ length: 66 }, (_, i) => i - 60);
    aws.cloudwatch.on(GetMetricDataCommand).callsFake((input) => ({ MetricDataResults: input.MetricDataQueries.map((q: any) => ({
      Id: q.Id, StatusCode: 'Complete', Timestamps: span.map((m) => new Date(minuteOf(m) * 1000)),
      Values: span.map((m) => (q.Id.endsWith('_err') ? (m < 0 ? 1 : 60) : 1000)) })) }));
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'WAIT', phase: 'SHIFTING' });
    expect(timeline).toEqual(['verdict 1', 'persist SHIFTING']);
    const gate = aws.cloudwatch.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input)
      .find((i) => i.MetricDataQueries!.some((q) => q.Id === 'gate_s_err'))!;
    expect(gate.MetricDataQueries!.map((q) => q.MetricStat!.Metric!.Dimensions)).toEqual(gate.MetricDataQueries!.map(() => [{ Name: 'InferenceComponentName', Value: 'ranker' }]));
    expect(gate.StartTime).toEqual(new Date(Math.floor((seen - 3600) / 60) * 60 * 1000));
  });

  test('during the rolling update: the component read (Updating) and verdict 0 published at the check', async () => {
    aws.dynamo.on(GetCommand).resolves({ Item: rec({ phase: 'SHIFTING', stepIndex: 0, weights: ALL_CANDIDATE, phaseStartedAt: NOW - 30,
      component: { canaryOrderedAt: 1, canaryDeletedAt: 2 } }) });
    components({ ranker: { status: 'Updating', model: 'ranker-v1' } });
    const r = await controller(step);
    expect(r).toMatchObject({ kind: 'WAIT', phase: 'SHIFTING' });
    expect(timeline).toEqual(['persist SHIFTING', 'verdict 0']);
    const names = aws.sagemaker.commandCalls(DescribeInferenceComponentCommand).map((c) => c.args[0].input.InferenceComponentName);
    expect(new Set(names)).toEqual(new Set(['ranker', 'ranker-candidate']));
  });
});
