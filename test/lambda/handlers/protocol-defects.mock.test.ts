/**
 * Defects of issue 18 fixed through the one protocol (transition + executor), each against the real handlers with
 * injected AWS answers: a late raise after the rollout ended (1), a redelivered deploy event (2), a stack rollback
 * whose rollout was never recorded (3), a rollback carrying a plan that new code refuses (4), and the restore after a
 * promotion (5).
 */
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DescribeEndpointCommand, UpdateEndpointWeightsAndCapacitiesCommand, UpdateEndpointWeightsAndCapacitiesCommandInput,
} from '@aws-sdk/client-sagemaker';
import { StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetCommand, PutCommand, UpdateCommand, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { canary, ROLLOUT_ENV, RolloutRecord, weightsFor } from '../../../lambda/core/rollout';
import { handler as controller } from '../../../lambda/handlers/rollout-controller';
import { onEvent } from '../../../lambda/handlers/rollout-trigger';
import type { TriggerEvent } from '../../../lambda/handlers/rollout-trigger/events';
import { acceptNotifications, IN_PROGRESS, mockAll, record } from './mock-world';
import { captureLogs, fastTiming } from './support';

describe('issue 18 defects, through the protocol', () => {
  const aws = mockAll();
  const lambda = mockClient(LambdaClient);
  const plan = canary(10, 300);
  const props = (green: string, p = JSON.stringify(plan)) => ({ EndpointName: 'ep', Variants: ['blue', 'green'],
    VariantModels: { blue: 'm1', green }, Plan: p, SlotAlarmNames: { blue: ['blue-5xx'], green: ['green-5xx'] } });
  const STACK = 'arn:aws:cloudformation:us-east-1:123456789012:stack/s/1';
  let rec: RolloutRecord | undefined;
  let weights: Record<string, number>;

  beforeAll(fastTiming);
  beforeEach(() => {
    aws.reset();
    lambda.reset();
    captureLogs();
    weights = { blue: 100, green: 0 };
    aws.dynamo.on(GetCommand).callsFake(() => ({ Item: rec && structuredClone(rec) }));
    aws.dynamo.on(PutCommand).resolves({});
    aws.dynamo.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
      const v = input.ExpressionAttributeValues ?? {};
      if (v[':state'] !== undefined) rec = { ...rec!, state: v[':state'], history: v[':history'], version: v[':version'] };
      else if (v[':entry'] !== undefined) rec = { ...rec!, history: [...rec!.history, ...v[':entry']] };
      return {};
    });
    aws.sagemaker.on(DescribeEndpointCommand).callsFake(() => ({ EndpointName: 'ep', EndpointStatus: 'InService',
      ProductionVariants: Object.entries(weights).map(([VariantName, CurrentWeight]) => ({ VariantName, CurrentWeight })) }));
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).callsFake((input: UpdateEndpointWeightsAndCapacitiesCommandInput) => {
      for (const e of input.DesiredWeightsAndCapacities ?? []) weights[e.VariantName!] = e.DesiredWeight ?? 0;
      return {};
    });
    aws.sfn.on(StartExecutionCommand).callsFake((i) => ({ executionArn: `arn:aws:states:us-east-1:123456789012:execution:rollout:${i.name}` }));
    aws.sfn.on(StopExecutionCommand).resolves({});
    acceptNotifications(aws);
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  });
  afterAll(() => {
    lambda.restore();
    aws.restore();
  });

  const stackIs = (status: string) => aws.cloudformation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 's', StackStatus: status as never, CreationTime: new Date(0) }] });

  test('2: an identical Update delivered again while its rollout runs starts nothing and waits for that rollout', async () => {
    stackIs('UPDATE_IN_PROGRESS');
    rec = record(plan, { phase: 'BAKING', stepIndex: 0, weights: weightsFor(10) },
      { stableVariant: 'blue', candidateVariant: 'green', candidateModel: 'm2', rolloutId: 'm2-abc' });
    const event: TriggerEvent = { RequestType: 'Update', StackId: STACK, PhysicalResourceId: 'rollout:ep',
      ResourceProperties: props('m2'), OldResourceProperties: props('m0') };
    const r = await onEvent(event);
    expect(r.Data).toMatchObject({ Action: 'START', RolloutId: 'm2-abc', ExecutionArn: rec.executionArn, CandidateVariant: 'green' });
    expect(aws.sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  test('3: a stack rollback whose rollout was never recorded restores the slot that served before; it never starts one', async () => {
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS');
    rec = undefined; // StartExecution failed in the forward deploy: no record was ever written
    weights = { blue: 100, green: 0 };
    const event: TriggerEvent = { RequestType: 'Update', StackId: STACK, PhysicalResourceId: 'rollout:ep',
      ResourceProperties: props('m0'), OldResourceProperties: props('m2') };
    const r = await onEvent(event);
    expect(aws.sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
    expect(r.Data).toMatchObject({ Action: 'RESTORE', RestoreVariant: 'blue' });
    expect(weights).toEqual({ blue: 100, green: 0 });
  });

  test('4: a stack rollback carrying a plan the new code refuses is not refused', async () => {
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS');
    rec = record(plan, { phase: 'ROLLED_BACK', weights: weightsFor(0) },
      { stableVariant: 'blue', candidateVariant: 'green', candidateModel: 'm2' });
    const old = JSON.stringify({ ...plan, steps: [{ candidatePercent: 250, bakeSeconds: 1 }] });
    const event: TriggerEvent = { RequestType: 'Update', StackId: STACK, PhysicalResourceId: 'rollout:ep',
      ResourceProperties: props('m0', old), OldResourceProperties: props('m2') };
    await expect(onEvent(event)).resolves.toMatchObject({ Data: { Action: 'RESTORE', RestoreVariant: 'blue' } });
    // The same plan in a forward deploy is refused.
    stackIs('UPDATE_IN_PROGRESS');
    await expect(onEvent({ ...event, ResourceProperties: props('m3', old), OldResourceProperties: props('m0') })).rejects.toThrow();
  });

  test('5: the restore after a promotion is recorded: ABORTED in the record, a history row, an event and a notification', async () => {
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS');
    rec = record(plan, { phase: 'PROMOTED', weights: weightsFor(100) },
      { stableVariant: 'blue', candidateVariant: 'green', candidateModel: 'm2', historyTable: 'history' });
    weights = { blue: 0, green: 100 };
    const event: TriggerEvent = { RequestType: 'Update', StackId: STACK, PhysicalResourceId: 'rollout:ep',
      ResourceProperties: props('m0'), OldResourceProperties: props('m2') };
    await onEvent(event);
    expect(weights).toEqual({ blue: 100, green: 0 });
    expect(rec!.state).toMatchObject({ phase: 'ABORTED', cause: 'DEPLOY_REVERTED', weights: { stable: 100, candidate: 0 } });
    expect(rec!.history.map((h) => h.kind)).toEqual(['RESTORED_AFTER_PROMOTION']);
    expect(aws.dynamo.commandCalls(PutCommand).map((c) => c.args[0].input)).toEqual([expect.objectContaining({
      TableName: 'history', Item: expect.objectContaining({ outcome: 'ABORTED', cause: 'DEPLOY_REVERTED' }) })]);
    expect(aws.sns.commandCalls(PublishCommand)).toHaveLength(1);
    const detail = JSON.parse(aws.events.commandCalls(PutEventsCommand)[0].args[0].input.Entries![0].Detail!);
    expect(detail).toMatchObject({ phase: 'ABORTED', cause: 'DEPLOY_REVERTED', stableVariant: 'blue', candidateVariant: 'green' });
  });

  test('1: a raise that lands after the rollout was aborted is undone; refused while Updating, it is handed to the rollback Lambda', async () => {
    process.env[ROLLOUT_ENV.ROLLBACK_FUNCTION] = 'rollback-fn';
    rec = record(canary(10, 1, { minInvocationsPerStep: 0 }), { phase: 'BAKING', stepIndex: 0, weights: weightsFor(10), phaseStartedAt: 0 },
      { stableVariant: 'blue', candidateVariant: 'green', alarmNames: [] });
    weights = { blue: 90, green: 10 };
    aws.cloudwatch.onAnyCommand().resolves({ MetricAlarms: [], MetricDataResults: [], Datapoints: [] });
    // The raise is accepted; meanwhile the stack's rollback records ABORTED, and the endpoint's revert keeps it Updating.
    let raised = false;
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).callsFake((input: UpdateEndpointWeightsAndCapacitiesCommandInput) => {
      if (raised) throw IN_PROGRESS();
      raised = true;
      for (const e of input.DesiredWeightsAndCapacities ?? []) weights[e.VariantName!] = e.DesiredWeight ?? 0;
      rec = { ...rec!, state: { ...rec!.state, phase: 'ABORTED', cause: 'DEPLOY_REVERTED', weights: weightsFor(0) }, version: 99 };
      return {};
    });
    const r = await controller({ action: 'step', endpointName: 'ep', rolloutId: 'r1' });
    expect(r).toMatchObject({ phase: 'ABORTED' });
    const handed = lambda.commandCalls(InvokeCommand).map((c) => c.args[0].input);
    expect(handed).toHaveLength(1);
    expect(handed[0]).toMatchObject({ FunctionName: 'rollback-fn', InvocationType: 'Event' });
    expect(JSON.parse(new TextDecoder().decode(handed[0].Payload as Uint8Array))).toMatchObject({ action: 'restore', endpointName: 'ep', rolloutId: 'r1' });
    expect(rec!.history.map((h) => h.kind)).toContain('RESTORE_HANDED_OFF');
    delete process.env[ROLLOUT_ENV.ROLLBACK_FUNCTION];
  });
});
