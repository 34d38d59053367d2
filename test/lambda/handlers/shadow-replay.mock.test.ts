/** Shadow by replay with mocked clients: captures read after the marker, bounded, replayed with TargetVariant; errors counted. */
import { DescribeAlarmsCommand, GetMetricDataCommand, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DescribeEndpointCommand, UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CapturedRequest } from '../../../lambda/core/capture';
import { canary, emptyReplay, RolloutState, shadowFirst } from '../../../lambda/core/rollout';
import { handler as controller } from '../../../lambda/handlers/rollout-controller';
import { readCaptures, replayToVariant } from '../../../lambda/shared/capture-replay';
import { clients } from '../../../lambda/shared/clients';
import { awsError, endpointView, mockAll, record } from './mock-world';
import { captureLogs, fastTiming } from './support';

const captureLine = (data: string) => JSON.stringify({
  captureData: { endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data, encoding: 'CSV' } },
  eventMetadata: { eventId: data, inferenceTime: '2026-11-22T07:00:00Z' },
});
/** The part of a GetObject stream the reader uses. */
const body = (lines: string[]) => ({ Body: { transformToString: async () => lines.join('\n') + '\n' } as any });
const req = (i: number): CapturedRequest => ({ body: new TextEncoder().encode(`${i},1`), contentType: 'text/csv' });

describe('shadow replay I/O', () => {
  const aws = mockAll();
  beforeAll(fastTiming);
  beforeEach(() => {
    aws.reset();
    captureLogs();
  });
  afterAll(() => aws.restore());

  it('reads objects after the marker, in order, at most maxRequests requests, and moves the marker', async () => {
    aws.s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'dc/ep/stable/2026/11/22/07/a.jsonl' },
      { Key: 'dc/ep/stable/2026/11/22/07/b.jsonl' }, { Key: 'dc/ep/stable/2026/11/22/07/c.jsonl' }] });
    aws.s3.on(GetObjectCommand, { Key: 'dc/ep/stable/2026/11/22/07/a.jsonl' }).callsFake(() => body([captureLine('1,1'), 'junk', captureLine('2,2')]))
      .on(GetObjectCommand, { Key: 'dc/ep/stable/2026/11/22/07/b.jsonl' }).callsFake(() => body([captureLine('3,3'), captureLine('4,4')]));
    const read = await readCaptures(clients().s3, { bucket: 'cap', prefix: 'dc' }, 'dc/ep/stable/', 'dc/ep/stable/2026/11/22/07',
      { maxObjects: 10, maxRequests: 3 });
    expect(read.requests.map((r) => new TextDecoder().decode(r.body))).toEqual(['1,1', '2,2', '3,3']);
    expect(read).toMatchObject({ marker: 'dc/ep/stable/2026/11/22/07/b.jsonl', objects: 2, skippedLines: 1 });
    expect(aws.s3.commandCalls(ListObjectsV2Command)[0].args[0].input).toEqual({ Bucket: 'cap', Prefix: 'dc/ep/stable/',
      StartAfter: 'dc/ep/stable/2026/11/22/07', MaxKeys: 10 });
    // c.jsonl was not read: the budget was spent.
    expect(aws.s3.commandCalls(GetObjectCommand)).toHaveLength(2);
  });

  it('replays to the target variant with bounded concurrency and counts errors and timeouts without throwing', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    aws.runtime.on(InvokeEndpointCommand).callsFake(async (input) => {
      const n = Number(new TextDecoder().decode(input.Body as Uint8Array).split(',')[0]);
      // The slow one is abandoned at the timeout (a mocked send does not see the abort signal): not counted.
      const counted = n !== 3;
      if (counted) inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await new Promise((r) => setTimeout(r, n === 3 ? 300 : 5));
        if (n === 1) throw awsError('ModelError', 'model container returned 500', 424);
        if (n === 2) throw awsError('ValidationError', 'payload too large', 400);
        if (n === 4) throw awsError('InternalFailure', 'boom', 500);
        return { Body: new TextEncoder().encode('0.9') as any, InvokedProductionVariant: 'candidate' };
      } finally {
        if (counted) inFlight--;
      }
    });
    const requests = Array.from({ length: 12 }, (_, i) => req(i));
    const out = await replayToVariant(clients().runtime, 'ep', 'candidate', requests, { concurrency: 3, timeoutMs: 100 });
    expect(out).toMatchObject({ sent: 12, errors: 3, timeouts: 1, clientErrors: 1 });
    expect(out.latenciesMs).toHaveLength(8);
    expect(maxInFlight).toBeLessThanOrEqual(3);
    const calls = aws.runtime.commandCalls(InvokeEndpointCommand);
    expect(calls).toHaveLength(12);
    for (const c of calls) expect(c.args[0].input).toMatchObject({ EndpointName: 'ep', TargetVariant: 'candidate', ContentType: 'text/csv' });
  });

  it('to an inference component: InferenceComponentName instead of TargetVariant (a component rollout\'s candidate)', async () => {
    aws.runtime.on(InvokeEndpointCommand).resolves({ Body: new TextEncoder().encode('0.5') as any });
    const out = await replayToVariant(clients().runtime, 'ep', 'ranker-candidate', [req(1), req(2)],
      { concurrency: 1, timeoutMs: 100, inferenceComponentName: 'ranker-candidate' });
    expect(out).toMatchObject({ sent: 2, errors: 0 });
    for (const c of aws.runtime.commandCalls(InvokeEndpointCommand)) {
      expect(c.args[0].input).toMatchObject({ EndpointName: 'ep', InferenceComponentName: 'ranker-candidate' });
      expect(c.args[0].input.TargetVariant).toBeUndefined();
    }
  });

  it('a controller step in SHADOW replays one bounded batch, keeps the counters in the record and the candidate at 0', async () => {
    const plan = shadowFirst(300, { maxErrorRateIncrease: 0.01, maxP99LatencyRatio: 1.2, minRequests: 100 }, canary(10, 60));
    const state: Partial<RolloutState> = { phase: 'SHADOW', phaseStartedAt: Math.floor(Date.now() / 1000) - 30,
      shadowReplay: emptyReplay('dc/ep/stable/2026/11/22/06') };
    aws.dynamo.on(GetCommand).resolves({ Item: record(plan, state, { capture: { bucket: 'cap', prefix: 'dc' } }) });
    aws.dynamo.on(UpdateCommand).resolves({});
    aws.sagemaker.on(DescribeEndpointCommand).resolves(endpointView('InService', 1, 0));
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    aws.cloudwatch.on(GetMetricStatisticsCommand).resolves({ Datapoints: [] });
    aws.cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    aws.events.on(PutEventsCommand).resolves({});
    aws.sns.on(PublishCommand).resolves({});
    const keys = Array.from({ length: 10 }, (_, i) => `dc/ep/stable/2026/11/22/07/${String(i).padStart(2, '0')}.jsonl`);
    aws.s3.on(ListObjectsV2Command).resolves({ Contents: keys.map((Key) => ({ Key })) });
    aws.s3.on(GetObjectCommand).callsFake(() => body(Array.from({ length: 20 }, (_, i) => captureLine(`${i},0`))));
    aws.runtime.on(InvokeEndpointCommand).resolves({ Body: new TextEncoder().encode('0.5') as any });

    const r = await controller({ action: 'step', endpointName: 'ep', rolloutId: 'r1' });
    expect(r).toMatchObject({ kind: 'WAIT', phase: 'SHADOW' });
    // 50 requests per step: the first three objects (20 + 20 + 10).
    expect(aws.runtime.commandCalls(InvokeEndpointCommand)).toHaveLength(50);
    expect(aws.s3.commandCalls(GetObjectCommand)).toHaveLength(3);
    const saved = aws.dynamo.commandCalls(UpdateCommand)[0].args[0].input.ExpressionAttributeValues![':state'] as RolloutState;
    expect(saved.shadowReplay).toMatchObject({ marker: keys[2], objects: 3, sent: 50, errors: 0 });
    expect(aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);
  });

  it('a step whose capture read fails replays nothing, keeps the marker and does not throw', async () => {
    const plan = shadowFirst(300, { maxErrorRateIncrease: 0.01, maxP99LatencyRatio: 1.2, minRequests: 100 }, canary(10, 60));
    aws.dynamo.on(GetCommand).resolves({ Item: record(plan, { phase: 'SHADOW', phaseStartedAt: Math.floor(Date.now() / 1000) - 30,
      shadowReplay: emptyReplay('m0') }, { capture: { bucket: 'cap', prefix: 'dc' } }) });
    aws.dynamo.on(UpdateCommand).resolves({});
    aws.sagemaker.on(DescribeEndpointCommand).resolves(endpointView('InService', 1, 0));
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    aws.cloudwatch.on(GetMetricDataCommand).rejects(awsError('AccessDenied', 'no', 403));
    aws.s3.on(ListObjectsV2Command).rejects(awsError('AccessDenied', 'Access Denied', 403));
    const r = await controller({ action: 'step', endpointName: 'ep', rolloutId: 'r1' });
    expect(r).toMatchObject({ kind: 'WAIT', phase: 'SHADOW' });
    const saved = aws.dynamo.commandCalls(UpdateCommand)[0].args[0].input.ExpressionAttributeValues![':state'] as RolloutState;
    expect(saved.shadowReplay).toMatchObject({ marker: 'm0', sent: 0 });
    expect(saved.shadowReplay!.lastError).toContain('AccessDenied');
    expect(aws.runtime.commandCalls(InvokeEndpointCommand)).toHaveLength(0);
  });

  // ---- The replayed answers against production's captured answers (issue 10 item 1) ----

  /** A capture line with the production answer (`output`), optionally none, optionally a synthetic InferenceId. */
  const answeredLine = (data: string, output: string | undefined, inferenceId?: string) => JSON.stringify({
    captureData: {
      endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data, encoding: 'CSV' },
      ...(output !== undefined ? { endpointOutput: { observedContentType: 'text/csv', mode: 'OUTPUT', data: output, encoding: 'CSV' } } : {}),
    },
    eventMetadata: { eventId: data, inferenceTime: '2026-11-22T07:00:00Z', ...(inferenceId ? { inferenceId } : {}) },
  });

  it('reads each request with the answer production gave it, aligned by position; synthetic records are left out', async () => {
    aws.s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'dc/ep/stable/2026/11/22/07/a.jsonl' }] });
    aws.s3.on(GetObjectCommand).callsFake(() => body([answeredLine('1,1', '0.9'), answeredLine('2,2', undefined),
      answeredLine('3,3', '0.1', 'cdk-mlops-synthetic:replay:r0:4'), 'junk', answeredLine('4,4', '0.4')]));
    const read = await readCaptures(clients().s3, { bucket: 'cap', prefix: 'dc' }, 'dc/ep/stable/', 'm', { maxObjects: 10, maxRequests: 10 });
    expect(read.requests.map((r) => new TextDecoder().decode(r.body))).toEqual(['1,1', '2,2', '4,4']);
    expect(read.outputs).toEqual(['0.9', undefined, '0.4']);
    expect(read.skippedLines).toBe(1);
  });

  it('keeps the candidate\'s answer of each request by position, none for a failed one', async () => {
    aws.runtime.on(InvokeEndpointCommand).callsFake(async (input) => {
      const n = Number(new TextDecoder().decode(input.Body as Uint8Array).split(',')[0]);
      if (n === 1) throw awsError('ModelError', 'boom', 424);
      return { Body: new TextEncoder().encode(`0.${n}`) as any };
    });
    const out = await replayToVariant(clients().runtime, 'ep', 'candidate', [req(0), req(1), req(2)], { concurrency: 2, timeoutMs: 1000 });
    expect(out.candidateAnswers).toEqual(['0.0', undefined, '0.2']);
    expect(out).toMatchObject({ sent: 3, errors: 1 });
  });

  /** A shadow-phase world: captures answered '0' by production, the candidate answering per request. */
  function shadowWorld(state: Partial<RolloutState>, plan = shadowFirst(300, { maxErrorRateIncrease: 0.01, maxP99LatencyRatio: 1.2,
    minRequests: 40, minAgreement: 0.95 }, canary(10, 60))) {
    aws.dynamo.on(GetCommand).resolves({ Item: record(plan, { phase: 'SHADOW', ...state }, { capture: { bucket: 'cap', prefix: 'dc' } }) });
    aws.dynamo.on(UpdateCommand).resolves({});
    aws.sagemaker.on(DescribeEndpointCommand).resolves(endpointView('InService', 1, 0));
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).resolves({});
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    aws.cloudwatch.on(GetMetricStatisticsCommand).resolves({ Datapoints: [] });
    // Stable: 1000 requests, 1 error, p99 40 ms; candidate p99 42 ms (microseconds in CloudWatch).
    const v = (id: string, x: number) => ({ Id: id, Values: [x], Timestamps: [new Date()] });
    aws.cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [v('shadow_s_inv', 1000), v('shadow_s_err', 1),
      v('shadow_s_lat', 40_000), v('shadow_c_lat', 42_000)] });
    aws.events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: '1' }] });
    aws.sns.on(PublishCommand).resolves({});
    aws.s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'dc/ep/stable/2026/11/22/07/a.jsonl' }] });
    // 50 production requests "i,0", each answered 0 (class 0).
    aws.s3.on(GetObjectCommand).callsFake(() => body(Array.from({ length: 50 }, (_, i) => answeredLine(`${i},0`, '0'))));
  }
  /** The candidate answers class 1 to requests whose first field is below `flips`, else 0. */
  const candidateAnswers = (flips: number) => aws.runtime.on(InvokeEndpointCommand).callsFake(async (input) => {
    const n = Number(new TextDecoder().decode(input.Body as Uint8Array).split(',')[0]);
    return { Body: new TextEncoder().encode(n < flips ? '1' : '0') as any };
  });

  it('a shadow step compares the answers, keeps the counts in the record and publishes them per endpoint', async () => {
    const logs = captureLogs();
    shadowWorld({ phaseStartedAt: Math.floor(Date.now() / 1000) - 30, shadowReplay: emptyReplay('m0') });
    candidateAnswers(4);
    const r = await controller({ action: 'step', endpointName: 'ep', rolloutId: 'r1' });
    expect(r).toMatchObject({ kind: 'WAIT', phase: 'SHADOW' });
    const saved = aws.dynamo.commandCalls(UpdateCommand)[0].args[0].input.ExpressionAttributeValues![':state'] as RolloutState;
    // 50 replayed: requests 0..3 flip 0 -> 1, 46 agree.
    expect(saved.shadowReplay!.answers).toEqual({ compared: 50, unreadable: 0, noProductionAnswer: 0, agreed: 46,
      flips: { 0: { 0: 46, 1: 4 } }, numeric: 0, absoluteDifferenceSum: 0, relativeDifferenceSum: 0 });
    const metric = (name: string) => logs.metric(name).map((l) => l[name]);
    expect(metric('ShadowReplayAgreementRate')).toEqual([0.92]);
    expect(metric('ShadowReplayAnswersCompared')).toEqual([50]);
    expect(metric('ShadowReplayAnswersUnreadable')).toEqual([0]);
    // Replay 0 failures of 50 vs stable 1/1000; p99 42 - 40 ms.
    expect(metric('ShadowReplayErrorRateDifference')[0]).toBeCloseTo(-0.001, 12);
    expect(metric('ShadowReplayP99LatencyDifferenceMs')).toEqual([2]);
    expect(logs.metric('ShadowReplayAgreementRate')[0].EndpointName).toBe('ep');
  });

  it('past the shadow duration, 92% agreement under a 95% minimum rolls back with the figures in the reason', async () => {
    captureLogs();
    shadowWorld({ phaseStartedAt: Math.floor(Date.now() / 1000) - 301, shadowReplay: emptyReplay('m0') });
    candidateAnswers(4);
    const r = await controller({ action: 'step', endpointName: 'ep', rolloutId: 'r1' });
    expect(r).toMatchObject({ kind: 'ROLLED_BACK', phase: 'ROLLED_BACK' });
    expect(r.reason).toContain('shadow gates failed: agreement 92.00% below 95.00% over 50 answers (flips 0→1 4)');
    const saved = aws.dynamo.commandCalls(UpdateCommand).map((c) => c.args[0].input.ExpressionAttributeValues![':state'] as RolloutState)
      .find((s) => s.phase === 'ROLLED_BACK')!;
    expect(saved).toMatchObject({ cause: 'SHADOW_GATE' });
    expect(saved.shadowReplay!.answers!.agreed).toBe(46);
    // The candidate never took traffic: no weight order gave it any.
    for (const c of aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)) {
      expect(c.args[0].input.DesiredWeightsAndCapacities!.find((w) => w.VariantName === 'candidate')?.DesiredWeight ?? 0).toBe(0);
    }
  });

  it('with all answers agreeing the same step passes the gates and shifts to the canary', async () => {
    captureLogs();
    shadowWorld({ phaseStartedAt: Math.floor(Date.now() / 1000) - 301, shadowReplay: emptyReplay('m0') });
    candidateAnswers(0);
    const r = await controller({ action: 'step', endpointName: 'ep', rolloutId: 'r1' });
    expect(r.reason).toContain('shadow gates passed');
    expect(r.reason).toContain('agreement 100.00% (min 95.00%)');
  });
});
