/**
 * The executor applies a component rollout's effects (CreateInferenceComponent, DeleteInferenceComponent,
 * DescribeInferenceComponent, PutMetricData of the verdict) in the one safe order. moto has no inference component
 * API, so SageMaker and CloudWatch are aws-sdk-client-mock stubs that keep a component table as SageMaker would
 * show it; the timeline of calls is the evidence: the candidate is created after the write that records it, and
 * read back gone before an end is written (also when the rollback Lambda ends the rollout on a candidate alarm).
 */
import { PutMetricDataCommand, PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import {
  CreateInferenceComponentCommand, CreateInferenceComponentCommandInput, DeleteInferenceComponentCommand,
  DeleteInferenceComponentCommandInput, DescribeInferenceComponentCommand, DescribeInferenceComponentCommandInput,
} from '@aws-sdk/client-sagemaker';
import { GetCommand, UpdateCommand, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  canary, Effect, ROLLOUT_VERDICT_METRIC, RolloutRecord, RolloutState,
} from '../../../lambda/core/rollout';
import { clients } from '../../../lambda/shared/clients';
import { createLogger } from '../../../lambda/shared/log';
import { rollBack } from '../../../lambda/handlers/rollout-rollback/rollback';
import { execute, ExecutorContext } from '../../../lambda/shared/rollout-executor';
import { RolloutTable } from '../../../lambda/shared/rollout-table';
import { acceptNotifications, awsError, CONFLICT, mockAll, record } from '../handlers/mock-world';
import { allowComponentCalls, captureLogs, fastTiming } from '../handlers/support';

const NOW = 5000;
const CANARY = 'ranker-candidate';
const spec = { ModelName: 'ranker-v2', ComputeResourceRequirements: { MinMemoryRequiredInMb: 1024 } };
const create: Effect = { kind: 'CREATE_COMPONENT', endpointName: 'ep', variantName: 'AllTraffic', componentName: CANARY, specification: spec, copies: 1 };
const del: Effect = { kind: 'DELETE_COMPONENT', componentName: CANARY };
const gone: Effect = { kind: 'VERIFY_COMPONENT', componentName: CANARY, expect: 'GONE' };
const persist = (state: RolloutState): Effect => ({ kind: 'PERSIST', state, entries: [{ at: NOW, kind: 'TEST', reason: 'test' }], consumeCommand: false });
const notFound = (name: string) => awsError('ValidationException', `Could not find inference component "${name}".`);

describe('rollout executor: component effects', () => {
  const aws = mockAll();
  let rec: RolloutRecord;
  let timeline: string[];
  /** The components SageMaker shows: name → status; what Delete does to one (default: Deleting, then gone). */
  let components: Map<string, string>;
  let onDelete: (name: string) => void;

  const ctx = (extra: Partial<ExecutorContext> = {}): ExecutorContext => ({
    aws: clients(), table: new RolloutTable(clients().dynamo, 'rollouts'), log: createLogger({ handler: 'test' }),
    now: () => NOW, budgetMs: 50, ...extra });

  beforeAll(fastTiming);
  allowComponentCalls();
  beforeEach(() => {
    aws.reset();
    captureLogs();
    rec = record(canary(10, 300), { phase: 'SHADOW' });
    timeline = [];
    components = new Map([['ranker', 'InService']]);
    onDelete = (name) => { components.set(name, 'Deleting'); };
    aws.dynamo.on(GetCommand).callsFake(() => ({ Item: structuredClone(rec) }));
    aws.dynamo.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
      const v = input.ExpressionAttributeValues ?? {};
      if (v[':state'] !== undefined) {
        if (v[':prevVersion'] !== undefined && v[':prevVersion'] !== rec.version) throw CONFLICT();
        timeline.push(`persist ${v[':state'].phase}`);
        rec = { ...rec, state: v[':state'], history: v[':history'], version: v[':version'] };
      }
      return {};
    });
    aws.sagemaker.on(CreateInferenceComponentCommand).callsFake((input: CreateInferenceComponentCommandInput) => {
      if (components.has(input.InferenceComponentName!)) throw awsError('ValidationException', `Inference component ${input.InferenceComponentName} already exists.`);
      timeline.push(`create ${input.InferenceComponentName} copies ${input.RuntimeConfig?.CopyCount} model ${input.Specification?.ModelName}`);
      components.set(input.InferenceComponentName!, 'Creating');
      return { InferenceComponentArn: `arn:aws:sagemaker:us-east-1:123456789012:inference-component/${input.InferenceComponentName}` };
    });
    aws.sagemaker.on(DeleteInferenceComponentCommand).callsFake((input: DeleteInferenceComponentCommandInput) => {
      const name = input.InferenceComponentName!;
      if (!components.has(name)) throw notFound(name);
      timeline.push(`delete ${name}`);
      onDelete(name);
      return {};
    });
    aws.sagemaker.on(DescribeInferenceComponentCommand).callsFake((input: DescribeInferenceComponentCommandInput) => {
      const name = input.InferenceComponentName!;
      const status = components.get(name);
      timeline.push(`read ${name} ${status ?? 'not found'}`);
      if (!status) throw notFound(name);
      return { InferenceComponentName: name, InferenceComponentStatus: status, Specification: { ModelName: 'ranker-v1' },
        RuntimeConfig: { DesiredCopyCount: 1, CurrentCopyCount: 1 } };
    });
    acceptNotifications(aws);
  });
  afterAll(() => aws.restore());

  test('a temporary candidate is created only after the write that records it; one created before it is refused', async () => {
    await expect(execute(ctx(), 'ep/ranker', rec, [create, persist(rec.state)])).rejects.toThrow(/temporary component \(effect 0\) is created without a persist/);
    expect(timeline).toEqual([]);
    await execute(ctx(), 'ep/ranker', rec, [persist({ ...rec.state, phase: 'SHADOW' }), create]);
    expect(timeline).toEqual(['persist SHADOW', `create ${CANARY} copies 1 model ranker-v2`]);
  });

  test('a function a ComponentRollout did not configure (no ROLLOUT_COMPONENT_CALLS) makes no component call: its role allows none', async () => {
    delete process.env.ROLLOUT_COMPONENT_CALLS;
    try {
      await expect(execute(ctx(), 'ep/ranker', rec, [persist({ ...rec.state, phase: 'SHADOW' }), create]))
        .rejects.toThrow(/CreateInferenceComponent .*: this function makes no inference component calls \(ROLLOUT_COMPONENT_CALLS is not set/);
      expect(timeline).toEqual(['persist SHADOW']);
    } finally {
      process.env.ROLLOUT_COMPONENT_CALLS = '1';
    }
  });

  test('a retried create of a candidate that already exists is what was asked', async () => {
    components.set(CANARY, 'InService');
    const report = await execute(ctx(), 'ep/ranker', rec, [persist(rec.state), create]);
    expect(report.verified).toBe(true);
    expect(timeline).toEqual(['persist SHADOW']);
  });

  test('an end: the candidate deleted and read back gone (Deleting answers nobody), then written', async () => {
    components.set(CANARY, 'InService');
    const ended = { ...rec.state, phase: 'ROLLED_BACK' as const };
    await execute(ctx(), 'ep/ranker', rec, [del, gone, persist(ended), { kind: 'HISTORY_ROW' }]);
    expect(timeline).toEqual([`delete ${CANARY}`, `read ${CANARY} Deleting`, 'persist ROLLED_BACK']);
  });

  test('a candidate already gone (a retried end): the delete is a no-op and the end is written', async () => {
    await execute(ctx(), 'ep/ranker', rec, [del, gone, persist({ ...rec.state, phase: 'ABORTED' })]);
    expect(timeline).toEqual([`read ${CANARY} not found`, 'persist ABORTED']);
  });

  test('a candidate that keeps serving after its delete: nothing is written (the next check deletes it again)', async () => {
    components.set(CANARY, 'InService');
    onDelete = () => undefined; // accepted, but the component stays InService
    await expect(execute(ctx(), 'ep/ranker', rec, [del, gone, persist({ ...rec.state, phase: 'ROLLED_BACK' })]))
      .rejects.toThrow(/read-back did not hold: ranker-candidate is InService/);
    expect(timeline.filter((t) => t.startsWith('persist'))).toEqual([]);
    // With settleLater (CloudFormation's isComplete polls again), the run stops there without throwing.
    timeline = [];
    const report = await execute(ctx({ settleLater: true }), 'ep/ranker', rec, [del, gone, persist({ ...rec.state, phase: 'ROLLED_BACK' })]);
    expect(report.verified).toBe(false);
    expect(timeline.filter((t) => t.startsWith('persist'))).toEqual([]);
  });

  test('SERVES: the end after a stopped rolling update is written only when the component serves the stable model', async () => {
    const serves: Effect = { kind: 'VERIFY_COMPONENT', componentName: 'ranker', expect: 'SERVES', model: 'ranker-v1' };
    await execute(ctx(), 'ep/ranker', rec, [serves, persist({ ...rec.state, phase: 'ROLLED_BACK' })]);
    expect(timeline).toEqual(['read ranker InService', 'persist ROLLED_BACK']);
    const wrong: Effect = { kind: 'VERIFY_COMPONENT', componentName: 'ranker', expect: 'SERVES', model: 'ranker-v0' };
    await expect(execute(ctx(), 'ep/ranker', rec, [wrong, persist({ ...rec.state, phase: 'ROLLED_BACK' })]))
      .rejects.toThrow(/model ranker-v1 \(wanted ranker-v0\)/);
  });

  test('the verdict: one high-resolution datapoint per check on the component, 1 to stop, 0 to go on', async () => {
    const sent: PutMetricDataCommandInput[] = [];
    aws.cloudwatch.on(PutMetricDataCommand).callsFake((input: PutMetricDataCommandInput) => { sent.push(input); return {}; });
    await execute(ctx(), 'ep/ranker', rec, [{ kind: 'PUBLISH_VERDICT', componentName: 'ranker', stop: true }]);
    await execute(ctx(), 'ep/ranker', rec, [{ kind: 'PUBLISH_VERDICT', componentName: 'ranker', stop: false }]);
    expect(sent.map((s) => s.Namespace)).toEqual(['CdkMlops/Rollouts', 'CdkMlops/Rollouts']);
    expect(sent.map((s) => s.MetricData![0])).toEqual([1, 0].map((Value) => ({
      MetricName: 'RolloutVerdict', Dimensions: [{ Name: 'InferenceComponentName', Value: 'ranker' }], Value, Unit: 'None',
      StorageResolution: 1, Timestamp: new Date(NOW * 1000) })));
    expect(ROLLOUT_VERDICT_METRIC.periodSeconds).toBe(10);
  });

  test('a stop verdict that cannot be published fails the run; a "go on" that cannot is left for the next check', async () => {
    aws.cloudwatch.on(PutMetricDataCommand).rejects(awsError('AccessDenied', 'not authorized to perform: cloudwatch:PutMetricData', 403));
    await expect(execute(ctx(), 'ep/ranker', rec, [{ kind: 'PUBLISH_VERDICT', componentName: 'ranker', stop: true }])).rejects.toThrow(/PutMetricData/);
    await expect(execute(ctx(), 'ep/ranker', rec, [{ kind: 'PUBLISH_VERDICT', componentName: 'ranker', stop: false }])).resolves.toMatchObject({ verified: true });
  });
});

describe('rollback Lambda: a candidate alarm on a component rollout', () => {
  const aws = mockAll();
  beforeAll(fastTiming);
  allowComponentCalls();
  afterAll(() => aws.restore());

  test('during the copy canary: the temporary candidate is deleted and read back gone, then ROLLED_BACK is written', async () => {
    aws.reset();
    captureLogs();
    acceptNotifications(aws);
    const timeline: string[] = [];
    const component = { endpointName: 'ep', variantName: 'AllTraffic', componentName: 'ranker', stableModel: 'v1', candidateModel: 'v2',
      baselineSeconds: 0, canary: { componentName: CANARY, copies: 1, specification: spec } };
    let rec = record(canary(10, 300), { phase: 'SHADOW', component: { canaryOrderedAt: 1 } }, { endpointName: 'ep/ranker', component });
    let status: string | undefined = 'InService';
    aws.dynamo.on(GetCommand).callsFake(() => ({ Item: structuredClone(rec) }));
    aws.dynamo.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
      const v = input.ExpressionAttributeValues ?? {};
      if (v[':state'] !== undefined) { timeline.push(`persist ${v[':state'].phase}`); rec = { ...rec, state: v[':state'], version: v[':version'] }; }
      return {};
    });
    aws.sagemaker.on(DeleteInferenceComponentCommand).callsFake(() => { timeline.push('delete'); status = 'Deleting'; return {}; });
    aws.sagemaker.on(DescribeInferenceComponentCommand).callsFake(() => { timeline.push(`read ${status}`); return { InferenceComponentStatus: status }; });
    const table = new RolloutTable(clients().dynamo, 'rollouts');
    const outcome = await rollBack(clients(), table, rec, { alarmName: 'ranker-candidate-5xx' }, createLogger({ handler: 'test' }), () => NOW, 50);
    expect(outcome).toBe('ROLLED_BACK');
    expect(timeline).toEqual(['delete', 'read Deleting', 'persist ROLLED_BACK']);
  });
});
