/**
 * The rollout executor applies a transition's effects in the one safe order, against injected AWS answers (an
 * in-memory record with its conditional writes, an endpoint that shows what it accepted): a raise is written before
 * it is ordered (a concurrent end wins the write); a lowering is ordered and read back before it is written; a raise
 * that lands after the rollout moved on is undone, and one that cannot be undone is handed over or raised, never
 * left silently. The timeline of calls is the evidence.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DescribeEndpointCommand, UpdateEndpointWeightsAndCapacitiesCommand, UpdateEndpointWeightsAndCapacitiesCommandInput,
} from '@aws-sdk/client-sagemaker';
import { GetCommand, UpdateCommand, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ALL_STABLE, canary, Effect, ROLLOUT_ENV, ROLLOUT_PHASE_CODES, RolloutRecord, RolloutState, weightsFor,
} from '../../../lambda/core/rollout';
import { clients } from '../../../lambda/shared/clients';
import { createLogger } from '../../../lambda/shared/log';
import { execute, ExecutorContext, RollbackFailedError } from '../../../lambda/shared/rollout-executor';
import { stopExecutionOf } from '../../../lambda/shared/rollout-executor/stop-execution';
import { RolloutTable } from '../../../lambda/shared/rollout-table';
import { acceptNotifications, awsError, CONFLICT, endpointView, IN_PROGRESS, mockAll, record } from '../handlers/mock-world';
import { captureLogs, fastTiming } from '../handlers/support';

const NOW = 5000;
const plan = canary(10, 300, { probe: false });
const pair = { stableVariant: 'stable', candidateVariant: 'candidate' };
const order = (percent: number): Effect => ({ kind: 'ORDER_WEIGHTS', pair, weights: weightsFor(percent) });
const verify = (percent: number): Effect => ({ kind: 'VERIFY', pair, weights: weightsFor(percent) });
const persist = (state: RolloutState): Effect => ({ kind: 'PERSIST', state, entries: [{ at: NOW, kind: 'TEST', reason: 'test' }], consumeCommand: false });

describe('rollout executor', () => {
  const aws = mockAll();
  const lambda = mockClient(LambdaClient);
  let rec: RolloutRecord;
  let weights: { stable: number; candidate: number };
  let timeline: string[];
  /** What UpdateEndpointWeightsAndCapacities does (default: accepted and live at once). */
  let onOrder: (w: { stable: number; candidate: number }) => void;

  const ctx = (extra: Partial<ExecutorContext> = {}): ExecutorContext => ({
    aws: clients(), table: new RolloutTable(clients().dynamo, 'rollouts'), log: createLogger({ handler: 'test' }),
    now: () => NOW, budgetMs: 100, stopExecution: stopExecutionOf(clients().sfn), ...extra });
  /** The accepted writes (record and endpoint), in order. */
  const writes = () => timeline.filter((t) => !t.startsWith('read') && !t.startsWith('refused'));
  /** What happened after `event` (its first occurrence). */
  const after = (event: string) => timeline.slice(timeline.indexOf(event) + 1);
  const running = () => record(plan, { phase: 'BAKING', stepIndex: 0, weights: weightsFor(10) });

  beforeAll(fastTiming);
  beforeEach(() => {
    aws.reset();
    lambda.reset();
    captureLogs();
    delete process.env[ROLLOUT_ENV.ROLLBACK_FUNCTION];
    rec = running();
    weights = { stable: 90, candidate: 10 };
    timeline = [];
    onOrder = (w) => { weights = w; };
    aws.dynamo.on(GetCommand).callsFake(() => {
      timeline.push('read record');
      return { Item: structuredClone(rec) };
    });
    aws.dynamo.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
      const v = input.ExpressionAttributeValues ?? {};
      if (v[':state'] !== undefined) {
        // Conditional on the rollout and its version, as the table writes it.
        if (v[':rolloutId'] !== rec.rolloutId || (v[':prevVersion'] !== undefined && v[':prevVersion'] !== rec.version)) throw CONFLICT();
        timeline.push(`persist ${v[':state'].phase}`);
        rec = { ...rec, state: v[':state'], history: v[':history'], version: v[':version'] };
      } else if (v[':entry'] !== undefined) {
        timeline.push(`entry ${v[':entry'][0].kind}`);
        rec = { ...rec, history: [...rec.history, ...v[':entry']] };
      }
      return {};
    });
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).callsFake((input: UpdateEndpointWeightsAndCapacitiesCommandInput) => {
      const w = Object.fromEntries((input.DesiredWeightsAndCapacities ?? []).map((d) => [d.VariantName!, d.DesiredWeight ?? 0]));
      try {
        onOrder({ stable: w.stable, candidate: w.candidate });
      } catch (e) {
        timeline.push(`refused order candidate ${w.candidate}`);
        throw e;
      }
      timeline.push(`order candidate ${w.candidate}`);
      return {};
    });
    aws.sagemaker.on(DescribeEndpointCommand).callsFake(() => {
      timeline.push(`read endpoint candidate ${weights.candidate}`);
      return endpointView('InService', weights.stable, weights.candidate);
    });
    acceptNotifications(aws);
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  });
  afterAll(() => {
    lambda.restore();
    aws.restore();
  });

  test('an unsafe order is refused before anything is written or ordered', async () => {
    const next = { ...rec.state, phase: 'SHIFTING' as const, weights: weightsFor(50) };
    await expect(execute(ctx(), 'ep', rec, [order(50), verify(50), persist(next)])).rejects.toThrow(/unsafe effect order .*a raise \(effect 0\)/);
    await expect(execute(ctx(), 'ep', rec, [persist({ ...rec.state, phase: 'ABORTED' }), order(0)])).rejects.toThrow(/a lowering \(effect 1\)/);
    expect(timeline).toEqual([]);
  });

  test('a raise: written first, then ordered, the record read again (still wanted), then read back', async () => {
    const next = { ...rec.state, phase: 'SHIFTING' as const, stepIndex: 1, weights: weightsFor(100) };
    const report = await execute(ctx(), 'ep', rec, [persist(next), order(100), verify(100)]);
    expect(writes()).toEqual(['persist SHIFTING', 'order candidate 100']);
    expect(after('order candidate 100')).toEqual(['read record', 'read endpoint candidate 100']);
    expect(report).toMatchObject({ verified: true, record: { state: { phase: 'SHIFTING' } } });
    expect(report.undone).toBeUndefined();
  });

  test('each write publishes the rollout\'s state for the dashboard: active, phase, ordered and live share, per endpoint and candidate', async () => {
    const logs = captureLogs();
    const next = { ...rec.state, phase: 'SHIFTING' as const, stepIndex: 1, weights: weightsFor(100) };
    await execute(ctx(), 'ep', rec, [persist(next), order(100), verify(100)]);
    const lines = logs.metric('RolloutActive');
    expect(lines).toHaveLength(1);
    const [line] = lines as any[];
    expect(line._aws.CloudWatchMetrics).toEqual([{ Namespace: 'CdkMlops/Rollout', Dimensions: [['EndpointName', 'CandidateVariant']],
      Metrics: [{ Name: 'RolloutActive', Unit: 'None' }, { Name: 'RolloutPhase', Unit: 'None' },
        { Name: 'CandidateShareOrdered', Unit: 'Percent' }, { Name: 'CandidateShareLive', Unit: 'Percent' }] }]);
    expect(line).toMatchObject({ EndpointName: rec.endpointName, CandidateVariant: 'candidate', RolloutActive: 1,
      RolloutPhase: ROLLOUT_PHASE_CODES.SHIFTING, CandidateShareOrdered: 100, CandidateShareLive: 100 });
    // Nothing written, nothing published: a write that lost to a concurrent end.
    const quiet = captureLogs();
    await execute(ctx(), 'ep', { ...rec, version: (rec.version ?? 0) - 1 }, [persist({ ...next, weights: weightsFor(50) })]);
    expect(quiet.metric('RolloutActive')).toEqual([]);
  });

  test('a raise whose write loses to a concurrent end is never ordered', async () => {
    const stale = { ...rec, version: (rec.version ?? 0) - 1 }; // read before another writer ended it
    rec = { ...rec, state: { ...rec.state, phase: 'ROLLED_BACK', weights: ALL_STABLE } };
    weights = { stable: 100, candidate: 0 };
    const report = await execute(ctx(), 'ep', stale, [persist({ ...stale.state, phase: 'SHIFTING', weights: weightsFor(100) }), order(100), verify(100)]);
    expect(report.stale).toBe(true);
    expect(timeline).toEqual([]);
    expect(weights).toEqual({ stable: 100, candidate: 0 });
  });

  test('only an adapter that passes startExecution can start a rollout (the deploy trigger): the others refuse the effect', async () => {
    const input = { rolloutId: 'r-1' } as never;
    await expect(execute(ctx(), 'ep', undefined, [{ kind: 'START_EXECUTION', input }]))
      .rejects.toThrow('rollout r-1: this function cannot start rollout executions (only the deploy trigger does)');
    const started: string[] = [];
    const report = await execute(ctx({ startExecution: async (e) => { started.push(e.input.rolloutId); return 'arn:exec'; } }), 'ep', undefined,
      [{ kind: 'START_EXECUTION', input: { rolloutId: 'r-2', plan: { name: 'p' } } as never }]);
    expect(started).toEqual(['r-2']);
    expect(report.executionArn).toBe('arn:exec');
    // Likewise stopping one: the drain guard passes no stopExecution (its role cannot name the state machine).
    await expect(execute(ctx({ stopExecution: undefined }), 'ep', undefined,
      [{ kind: 'STOP_EXECUTION', executionArn: 'arn:aws:states:eu-west-1:1:execution:m:r-1', error: 'E', cause: 'c' }]))
      .rejects.toThrow('rollout execution arn:aws:states:eu-west-1:1:execution:m:r-1: this function cannot stop rollout executions');
  });

  test('a lowering: ordered, read back until stable holds, and only then written', async () => {
    const ended = { ...rec.state, phase: 'ROLLED_BACK' as const, cause: 'ALARM' as const, weights: ALL_STABLE };
    const report = await execute(ctx(), 'ep', rec, [order(0), verify(0), persist(ended)]);
    expect(writes()).toEqual(['order candidate 0', 'persist ROLLED_BACK']);
    expect(after('order candidate 0')).toEqual(['read endpoint candidate 0', 'persist ROLLED_BACK']);
    expect(report).toMatchObject({ verified: true, live: ALL_STABLE, record: { state: { phase: 'ROLLED_BACK' } } });
  });

  test('a lowering SageMaker refuses: nothing written, ROLLBACK_FAILED raised (entry, event) and thrown', async () => {
    onOrder = () => { throw awsError('AccessDeniedException', 'not authorized to perform UpdateEndpointWeightsAndCapacities'); };
    const ended = { ...rec.state, phase: 'ABORTED' as const, weights: ALL_STABLE };
    await expect(execute(ctx(), 'ep', rec, [order(0), verify(0), persist(ended)])).rejects.toBeInstanceOf(RollbackFailedError);
    expect(writes()).toEqual(['entry ROLLBACK_FAILED']);
    expect(rec.state.phase).toBe('BAKING');
    expect(aws.events.commandCalls(PutEventsCommand)[0].args[0].input.Entries![0].DetailType).toBe('Rollout Rollback Failed');
  });

  test('... unless the caller polls again (CloudFormation\'s isComplete): nothing written, nothing raised yet', async () => {
    onOrder = () => { throw IN_PROGRESS(); };
    const ended = { ...rec.state, phase: 'ABORTED' as const, weights: ALL_STABLE };
    const report = await execute(ctx({ settleLater: true }), 'ep', rec, [order(0), verify(0), persist(ended)]);
    expect(report.verified).toBe(false);
    expect(writes()).toEqual([]);
    expect(timeline).toContain('refused order candidate 0');
  });

  describe('a raise that lands after the rollout moved on', () => {
    const raise = () => {
      const next = { ...rec.state, phase: 'SHIFTING' as const, stepIndex: 1, weights: weightsFor(100) };
      return [persist(next), order(100), verify(100)];
    };
    /** The raise is accepted, and meanwhile another writer (the stack's rollback) records the end. */
    const endedMeanwhile = (then: () => void = () => undefined) => {
      let first = true;
      onOrder = (w) => {
        if (!first) return then();
        first = false;
        weights = w;
        rec = { ...rec, state: { ...rec.state, phase: 'ABORTED', cause: 'DEPLOY_REVERTED', weights: ALL_STABLE }, version: (rec.version ?? 0) + 1 };
      };
    };

    test('is undone at once: stable ordered again, read back, and the undo recorded; the raise is never reported live', async () => {
      endedMeanwhile(() => { weights = { stable: 100, candidate: 0 }; });
      const report = await execute(ctx(), 'ep', rec, raise());
      expect(writes()).toEqual(['persist SHIFTING', 'order candidate 100', 'order candidate 0', 'entry STABLE_RESTORED']);
      // Undone on the re-read that found the end, before any read-back of the raise.
      expect(after('order candidate 100').slice(0, 2)).toEqual(['read record', 'read endpoint candidate 100']);
      expect(after('order candidate 0')).toEqual(['read endpoint candidate 0', 'entry STABLE_RESTORED']);
      expect(report.undone).toBe('RESTORED');
      expect(weights).toEqual({ stable: 100, candidate: 0 });
      expect(rec.history.map((h) => h.kind)).toContain('STABLE_RESTORED');
      expect(report.record?.state.phase).toBe('ABORTED');
    });

    test('refused while the endpoint is Updating and no rollback function to hand it to: ROLLBACK_FAILED raised and thrown', async () => {
      endedMeanwhile(() => { throw IN_PROGRESS(); });
      await expect(execute(ctx(), 'ep', rec, raise())).rejects.toBeInstanceOf(RollbackFailedError);
      expect(rec.history.map((h) => h.kind)).toContain('ROLLBACK_FAILED');
      expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    });

    test('refused while Updating, with the rollback function configured: handed to it (asynchronous, retried by Lambda)', async () => {
      process.env[ROLLOUT_ENV.ROLLBACK_FUNCTION] = 'rollback-fn';
      endedMeanwhile(() => { throw IN_PROGRESS(); });
      const report = await execute(ctx(), 'ep', rec, raise());
      expect(report.undone).toBe('HANDED_OFF');
      const [call] = lambda.commandCalls(InvokeCommand).map((c) => c.args[0].input);
      expect(call).toMatchObject({ FunctionName: 'rollback-fn', InvocationType: 'Event' });
      expect(JSON.parse(new TextDecoder().decode(call.Payload as Uint8Array))).toMatchObject({ action: 'restore', endpointName: 'ep', rolloutId: rec.rolloutId });
      expect(rec.history.map((h) => h.kind)).toContain('RESTORE_HANDED_OFF');
    });
  });
});
