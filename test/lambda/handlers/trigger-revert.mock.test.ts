/**
 * Deploy trigger when CloudFormation reverts a deploy during a rollout (stack rollback, cancelled update, time limit)
 * or deletes it: the rollout is recorded ABORTED, its execution stopped, the slot that served before restored, and
 * only then are people (SNS) and machines (EventBridge) told. A notification that fails is retried, then kept in the
 * rollout record's history (NOTIFICATION_FAILED), logged and counted; it never blocks or fails the restore.
 */
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DescribeEndpointCommand, UpdateEndpointWeightsAndCapacitiesCommand, UpdateEndpointWeightsAndCapacitiesCommandInput,
} from '@aws-sdk/client-sagemaker';
import { StopExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetCommand, PutCommand, UpdateCommand, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { canary, RolloutRecord, STACK_ROLLBACK_RESTORE_WAIT_SECONDS, weightsFor } from '../../../lambda/core/rollout';
import { onEvent } from '../../../lambda/handlers/rollout-trigger';
import { isCompleteWith } from '../../../lambda/handlers/rollout-trigger/is-complete';
import { clients } from '../../../lambda/shared/clients';
import { createLogger } from '../../../lambda/shared/log';
import type { TriggerEvent } from '../../../lambda/handlers/rollout-trigger/events';
import { awsError, mockAll, record, THROTTLED } from './mock-world';
import { captureLogs, fastTiming } from './support';

describe('rollout-trigger: abort and restore notifications', () => {
  const aws = mockAll();
  const props = (green: string) => ({ EndpointName: 'ep', Variants: ['blue', 'green'], VariantModels: { blue: 'iris-v1', green },
    Plan: JSON.stringify(canary(10, 300)), SlotAlarmNames: { blue: ['blue-5xx'], green: ['green-5xx'] } });
  // The deploy put iris-v2 on green; the stack's rollback puts the old green model back while the rollout runs.
  const revert: TriggerEvent = { RequestType: 'Update', PhysicalResourceId: 'rollout:ep', ResourceProperties: props('iris-v0'),
    OldResourceProperties: props('iris-v2') };
  const remove: TriggerEvent = { RequestType: 'Delete', PhysicalResourceId: 'rollout:ep', ResourceProperties: props('iris-v2') };
  let rec: RolloutRecord;
  let weights: Record<string, number>;
  /** Every AWS call that matters, in order. */
  let calls: string[];

  beforeAll(fastTiming);
  beforeEach(() => {
    aws.reset();
    calls = [];
    weights = { blue: 90, green: 10 };
    rec = record(canary(10, 300), { phase: 'BAKING', stepIndex: 0, weights: weightsFor(10) },
      { stableVariant: 'blue', candidateVariant: 'green', candidateModel: 'iris-v2', historyTable: 'history' });
    aws.dynamo.on(GetCommand).callsFake(() => ({ Item: rec }));
    aws.dynamo.on(PutCommand).callsFake(() => { calls.push('history-row'); return {}; });
    aws.dynamo.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
      const v = input.ExpressionAttributeValues ?? {};
      if (v[':state'] !== undefined) {
        calls.push(`record:${v[':state'].phase}`);
        rec = { ...rec, state: v[':state'], history: v[':history'], version: v[':version'] };
      } else if (v[':entry'] !== undefined) {
        calls.push(`entry:${v[':entry'][0].kind}`);
        rec = { ...rec, history: [...rec.history, ...v[':entry']] };
      }
      return {};
    });
    aws.sfn.on(StopExecutionCommand).callsFake(() => { calls.push('stop'); return {}; });
    aws.sagemaker.on(DescribeEndpointCommand).callsFake(() => ({ EndpointName: 'ep', EndpointStatus: 'InService',
      ProductionVariants: Object.entries(weights).map(([VariantName, CurrentWeight]) => ({ VariantName, CurrentWeight })) }));
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).callsFake((input: UpdateEndpointWeightsAndCapacitiesCommandInput) => {
      calls.push('restore');
      for (const e of input.DesiredWeightsAndCapacities ?? []) weights[e.VariantName!] = e.DesiredWeight ?? 0;
      return {};
    });
    aws.sns.on(PublishCommand).callsFake(() => { calls.push('sns'); return {}; });
    aws.events.on(PutEventsCommand).callsFake(() => { calls.push('events'); return { FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] }; });
  });
  afterAll(() => aws.restore());

  it('stops the execution, restores (read back), then records ABORTED (history row too), and only then notifies', async () => {
    const r = await onEvent(revert);
    expect(r).toEqual({ PhysicalResourceId: 'rollout:ep', Data: { ExecutionArn: '', RolloutId: '', Action: 'RESTORE', RestoreVariant: 'blue',
      RestoreSince: expect.stringMatching(/^\d+$/) } });
    expect(calls).toEqual(['stop', 'restore', 'record:ABORTED', 'history-row', 'sns', 'events']);
    expect(weights).toEqual({ blue: 100, green: 0 });
    expect(rec.state).toMatchObject({ phase: 'ABORTED', cause: 'DEPLOY_REVERTED' });
    expect(rec.history.map((h) => h.kind)).toEqual(['DEPLOY_REVERTED']);
    const row = aws.dynamo.commandCalls(PutCommand)[0].args[0].input;
    expect(row).toMatchObject({ TableName: 'history', Item: { endpointName: 'ep', rolloutId: 'r1', outcome: 'ABORTED', cause: 'DEPLOY_REVERTED' } });
    const detail = JSON.parse(aws.events.commandCalls(PutEventsCommand)[0].args[0].input.Entries![0].Detail!);
    expect(detail).toMatchObject({ endpointName: 'ep', rolloutId: 'r1', phase: 'ABORTED', cause: 'DEPLOY_REVERTED',
      stableVariant: 'blue', candidateVariant: 'green' });
  });

  it('retries a throttled SNS publish; nothing is kept as failed when the retry works', async () => {
    aws.sns.on(PublishCommand).rejectsOnce(THROTTLED()).callsFake(() => { calls.push('sns'); return {}; });
    const logs = captureLogs();
    await onEvent(revert);
    expect(aws.sns.commandCalls(PublishCommand)).toHaveLength(2);
    expect(rec.history.map((h) => h.kind)).toEqual(['DEPLOY_REVERTED']);
    expect(logs.metric('NotificationFailed')).toHaveLength(0);
  });

  it('keeps SNS and EventBridge failures in the record\'s history, logs and counts them, and the restore stands', async () => {
    aws.sns.on(PublishCommand).rejects(awsError('AuthorizationErrorException', 'not authorized to perform SNS:Publish', 403));
    aws.events.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'AccessDeniedException', ErrorMessage: 'denied' }] });
    const logs = captureLogs();
    const r = await onEvent(revert);
    expect(r.Data).toMatchObject({ Action: 'RESTORE', RestoreVariant: 'blue' });
    expect(calls.indexOf('restore')).toBeGreaterThan(-1);
    expect(calls.slice(calls.indexOf('restore'))).toEqual(['restore', 'record:ABORTED', 'history-row', 'entry:NOTIFICATION_FAILED']);
    expect(weights).toEqual({ blue: 100, green: 0 });
    const failed = rec.history.find((h) => h.kind === 'NOTIFICATION_FAILED')!;
    expect(failed.reason).toBe('SNS: AuthorizationErrorException: not authorized to perform SNS:Publish; ' +
      'EventBridge: RejectedEntryError: PutEvents rejected the event: AccessDeniedException: denied');
    expect(logs.find('NOTIFICATION_FAILED')).toHaveLength(2);
    expect(logs.metric('NotificationFailed')).toHaveLength(2);
  });

  it('retries a throttled EventBridge entry until its budget, then keeps it as failed', async () => {
    aws.events.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }] });
    await onEvent(revert);
    expect(aws.events.commandCalls(PutEventsCommand).length).toBeGreaterThan(1);
    expect(rec.history.find((h) => h.kind === 'NOTIFICATION_FAILED')!.reason).toMatch(/^EventBridge: .*ThrottlingException: slow down$/);
  });

  it('a failed notification whose history entry cannot be written either still answers CloudFormation', async () => {
    aws.sns.on(PublishCommand).rejects(awsError('KMSDisabledException', 'key disabled'));
    aws.dynamo.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
      const v = input.ExpressionAttributeValues ?? {};
      if (v[':entry'] !== undefined) throw awsError('AccessDeniedException', 'no UpdateItem');
      rec = { ...rec, state: v[':state'], history: v[':history'], version: v[':version'] };
      return {};
    });
    const logs = captureLogs();
    await expect(onEvent(revert)).resolves.toMatchObject({ Data: { Action: 'RESTORE' } });
    expect(weights).toEqual({ blue: 100, green: 0 });
    expect(logs.find('could not add NOTIFICATION_FAILED')).toHaveLength(1);
  });

  it('Delete during a rollout: aborted, stopped, then notified; a failed channel lands in the history', async () => {
    aws.sns.on(PublishCommand).rejects(awsError('NotFoundException', 'Topic does not exist', 404));
    expect(await onEvent(remove)).toEqual({ PhysicalResourceId: 'rollout:ep' });
    expect(calls).toEqual(['record:ABORTED', 'history-row', 'stop', 'events', 'entry:NOTIFICATION_FAILED']);
    expect(rec.history.map((h) => h.kind)).toEqual(['DEPLOY_REVERTED', 'NOTIFICATION_FAILED']);
  });

  it('stable never holds during the stack rollback: isComplete waits, then reports done with ROLLBACK_FAILED raised (bounded)', async () => {
    // SageMaker refuses every order (the endpoint stays Updating): the restore cannot take.
    aws.sagemaker.on(DescribeEndpointCommand).resolves({ EndpointName: 'ep', EndpointStatus: 'Updating',
      ProductionVariants: [{ VariantName: 'blue', CurrentWeight: 10 }, { VariantName: 'green', CurrentWeight: 90 }] });
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).rejects(awsError('ValidationException', 'Cannot update in-progress endpoint'));
    const logs = captureLogs();
    const T = 1_800_000_000;
    const since = T - STACK_ROLLBACK_RESTORE_WAIT_SECONDS;
    const polled = (at: number) => isCompleteWith(clients(), { ...revert,
      Data: { ExecutionArn: '', RolloutId: '', Action: 'RESTORE', RestoreVariant: 'blue', RestoreSince: String(since) } },
    createLogger({ handler: 'rollout-trigger' }), at * 1000);
    // One second before the bound: still waiting, nothing raised.
    expect(await polled(T - 1)).toEqual({ IsComplete: false });
    expect(logs.metric('RollbackFailed')).toHaveLength(0);
    // At the bound: done (the stack rollback goes on), and the failure is loud: metric, event, record entry.
    expect(await polled(T)).toMatchObject({ IsComplete: true, Data: { Action: 'RESTORE', RestoreVariant: 'blue' } });
    expect(logs.metric('RollbackFailed')).toHaveLength(1);
    expect(rec.history.map((h) => h.kind)).toContain('ROLLBACK_FAILED');
    expect(rec.history.find((h) => h.kind === 'ROLLBACK_FAILED')!.reason).toContain(`within ${STACK_ROLLBACK_RESTORE_WAIT_SECONDS} s`);
    expect(calls).toContain('events');
  });

  it('a rollout that already ended is not notified again (the rollback told everyone)', async () => {
    rec = { ...rec, state: { ...rec.state, phase: 'ROLLED_BACK', weights: { stable: 100, candidate: 0 } } };
    weights = { blue: 100, green: 0 };
    await onEvent(revert);
    expect(aws.sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(aws.events.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});
