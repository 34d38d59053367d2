/**
 * The component guard's handlers with mocked clients (moto has no inference component API): onEvent starts a
 * component rollout when the model changes (the execution input names the component and its temporary candidate);
 * isComplete holds the deploy during the copy canary and fails it, before the live component changes, when the
 * rollout ended without passing.
 */
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeEndpointCommand, DescribeInferenceComponentCommand } from '@aws-sdk/client-sagemaker';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { canary, componentPlan, ComponentGuardProperties, RolloutExecutionInput } from '../../../lambda/core/rollout';
import { clients } from '../../../lambda/shared/clients';
import { createLogger } from '../../../lambda/shared/log';
import { componentGuardIsComplete, componentGuardOnEvent } from '../../../lambda/handlers/rollout-trigger/component-guard';
import { awsError, mockAll, record } from './mock-world';
import { allowComponentCalls, captureLogs, fastTiming } from './support';

const { plan } = componentPlan(canary(25, 300, { probe: false }), { copies: 4, copyCanary: true, rollingUpdateSeconds: 1200 });
const old: ComponentGuardProperties = { EndpointName: 'ep', VariantName: 'AllTraffic', ComponentName: 'ranker', Model: 'ranker-v1',
  Plan: JSON.stringify(plan), CaptureBucket: 'cap', CapturePrefix: 'capture', AlarmNames: ['ranker-candidate-5xx'],
  Canary: JSON.stringify({ componentName: 'ranker-candidate', copies: 1, specification: { ComputeResourceRequirements: { MinMemoryRequiredInMb: 2048 } } }) };
const event = (Model: string) => ({ RequestType: 'Update' as const, ResourceProperties: { ...old, Model }, OldResourceProperties: old,
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/app/1', PhysicalResourceId: 'component-rollout:ep/ranker' });
const NOW_MS = 1_800_000_000_000;

describe('component guard', () => {
  const aws = mockAll();
  const log = createLogger({ handler: 'test' });
  beforeAll(fastTiming);
  allowComponentCalls();
  beforeEach(() => {
    aws.reset();
    captureLogs();
    aws.cloudformation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'app', StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date(0) }] });
    aws.sagemaker.on(DescribeEndpointCommand).resolves({ EndpointName: 'ep', EndpointStatus: 'InService', ProductionVariants: [{ VariantName: 'AllTraffic' }] });
    aws.sagemaker.on(DescribeInferenceComponentCommand, { InferenceComponentName: 'ranker' })
      .resolves({ InferenceComponentStatus: 'InService', Specification: { ModelName: 'ranker-v1' }, RuntimeConfig: { DesiredCopyCount: 4, CurrentCopyCount: 4 } })
      .on(DescribeInferenceComponentCommand, { InferenceComponentName: 'ranker-candidate' })
      .rejects(awsError('ValidationException', 'Could not find inference component "ranker-candidate".'));
    aws.sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:rollout:x' });
  });
  afterAll(() => aws.restore());

  test('a new model: the component rollout starts, keyed endpoint/component, with the candidate given the new model', async () => {
    aws.dynamo.on(GetCommand).resolves({});
    const out = await componentGuardOnEvent(clients(), event('ranker-v2'), log, NOW_MS);
    expect(out.Data).toMatchObject({ Action: 'START', ExecutionArn: 'arn:aws:states:us-east-1:123456789012:execution:rollout:x' });
    const input: RolloutExecutionInput = JSON.parse(aws.sfn.commandCalls(StartExecutionCommand)[0].args[0].input.input!);
    expect(input).toMatchObject({ endpointName: 'ep/ranker', stableVariant: 'ranker', candidateVariant: 'ranker-candidate', alarmNames: ['ranker-candidate-5xx'],
      capture: { bucket: 'cap', prefix: 'capture' }, component: { stableModel: 'ranker-v1', candidateModel: 'ranker-v2',
        canary: { componentName: 'ranker-candidate', copies: 1, specification: { ModelName: 'ranker-v2' } } } });
  });

  test('the same model starts nothing', async () => {
    aws.dynamo.on(GetCommand).resolves({});
    const out = await componentGuardOnEvent(clients(), event('ranker-v1'), log, NOW_MS);
    expect(out.Data.Action).toBe('NOTHING');
    expect(aws.sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  test('isComplete: waits during the canary; fails the deploy (live component untouched) when the rollout ended; passes once past it', async () => {
    const data = { Action: 'START' as const, RolloutId: 'r1', ExecutionArn: 'x' };
    const rec = (state: object) => record(plan, state, { endpointName: 'ep/ranker', rolloutId: 'r1', component: {
      endpointName: 'ep', variantName: 'AllTraffic', componentName: 'ranker', stableModel: 'ranker-v1', candidateModel: 'ranker-v2', baselineSeconds: 0,
      canary: { componentName: 'ranker-candidate', copies: 1, specification: { ModelName: 'ranker-v2', ComputeResourceRequirements: { MinMemoryRequiredInMb: 2048 } } } } });
    aws.dynamo.on(GetCommand).resolves({ Item: rec({ phase: 'SHADOW' }) });
    await expect(componentGuardIsComplete(clients(), { ...event('ranker-v2'), Data: data }, log)).resolves.toEqual({ IsComplete: false });
    aws.dynamo.on(GetCommand).resolves({ Item: rec({ phase: 'SHIFTING' }) });
    await expect(componentGuardIsComplete(clients(), { ...event('ranker-v2'), Data: data }, log)).resolves.toEqual({ IsComplete: true });
    aws.dynamo.on(GetCommand).resolves({ Item: rec({ phase: 'ROLLED_BACK', reason: 'shadow gates failed: error rate +0.19' }) });
    await expect(componentGuardIsComplete(clients(), { ...event('ranker-v2'), Data: data }, log))
      .rejects.toThrow(/ranker on ep: rollout r1 ended ROLLED_BACK: shadow gates failed.*live component was not changed/);
  });
});
