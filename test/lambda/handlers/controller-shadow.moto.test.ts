/**
 * Shadow by replay against moto_server: Data Capture JSONL objects in S3, InvokeEndpoint (moto's canned answers)
 * with TargetVariant=candidate, a full shadow → canary → promote run, and a shadow gate failure that rolls back
 * with the candidate at weight 0 throughout.
 *
 * moto computes no percentiles (GetMetricData with p99 returns nothing), so these tests supply CloudWatch's p99 of
 * ModelLatency for the two variants; Invocations and Invocation5XXErrors are moto's own sums of what the test put.
 */
import { GetMetricDataCommand, GetMetricDataCommandOutput, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { canary, ControllerEvent, REPLAY_DEFAULTS, RolloutExecutionInput, shadowFirst } from '../../../lambda/core/rollout';
import { handler as controller } from '../../../lambda/handlers/rollout-controller';
import { shadowQueryId } from '../../../lambda/shared/shadow-metrics';
import { RolloutTable } from '../../../lambda/shared/rollout-table';
import { haveMoto } from '../../helpers/moto';
import { CANDIDATE, STABLE, useMotoWorld } from './moto-fixture';
import { captureLogs, controllableClock, commandsOf } from './support';

const maybe = haveMoto() ? describe : describe.skip;
const BUCKET = 'capture-shadow';
const PREFIX = 'datacapture';
const gates = { maxErrorRateIncrease: 0.01, maxP99LatencyRatio: 1.2, minRequests: 40 };

maybe('shadow by replay against moto', () => {
  const ctx = useMotoWorld();
  let ids = 0;

  // A loaded machine (load average 15+) can keep moto from answering within the 5 s a replayed request gets in
  // production; a time-out would count as a candidate failure and fail the gates. The tests give moto 60 s.
  const productionTimeoutMs = REPLAY_DEFAULTS.timeoutMs;
  beforeAll(async () => {
    REPLAY_DEFAULTS.timeoutMs = 60_000;
    await ctx.world.aws.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  });
  afterAll(async () => {
    REPLAY_DEFAULTS.timeoutMs = productionTimeoutMs;
    jest.restoreAllMocks();
  });

  const table = () => new RolloutTable(ctx.world.aws.dynamo, ctx.world.tableName);
  const hourFolder = (ms: number) => new Date(ms).toISOString().slice(0, 13).replace(/-/g, '/').replace('T', '/');

  /** Capture files of the stable variant, as SageMaker writes them, in this hour's and the next hour's folders. */
  async function putCaptures(endpointName: string, files: number, linesPerFile: number) {
    for (const ms of [Date.now(), Date.now() + 3600_000]) {
      for (let f = 0; f < files; f++) {
        const lines = Array.from({ length: linesPerFile }, (_, i) => JSON.stringify({
          captureData: {
            endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: `${f}.${i},3.5,1.4,0.2`, encoding: 'CSV' },
            endpointOutput: { observedContentType: 'text/csv', mode: 'OUTPUT', data: '0.02', encoding: 'CSV' },
          },
          eventMetadata: { eventId: `${f}-${i}`, inferenceTime: new Date(ms).toISOString() },
          eventVersion: '0',
        }));
        lines.splice(1, 0, '{"not": "a capture"}');
        await ctx.world.aws.s3.send(new PutObjectCommand({ Bucket: BUCKET,
          Key: `${PREFIX}/${endpointName}/${STABLE}/${hourFolder(ms)}/${String(f).padStart(2, '0')}-00-000-${f}.jsonl`,
          Body: lines.join('\n') + '\n' }));
      }
    }
  }

  /** What the endpoint published for both variants during the shadow run (the stable one answered users). */
  async function publish(endpointName: string) {
    const dims = (v: string) => [{ Name: 'EndpointName', Value: endpointName }, { Name: 'VariantName', Value: v }];
    await ctx.world.aws.cloudwatch.send(new PutMetricDataCommand({ Namespace: 'AWS/SageMaker', MetricData: [
      { MetricName: 'Invocations', Dimensions: dims(STABLE), Value: 2000, Timestamp: new Date(Date.now()) },
      { MetricName: 'Invocation5XXErrors', Dimensions: dims(STABLE), Value: 2, Timestamp: new Date(Date.now()) },
    ] }));
  }

  /** CloudWatch's p99 of ModelLatency (microseconds) per variant, on top of moto's answers. */
  function p99Latency(stableUs: number, candidateUs: number) {
    const send = ctx.world.aws.cloudwatch.send.bind(ctx.world.aws.cloudwatch);
    return jest.spyOn(ctx.world.aws.cloudwatch, 'send').mockImplementation((async (command: unknown) => {
      const out = await send(command as any) as unknown;
      if (!(command instanceof GetMetricDataCommand)) return out;
      const answer = out as GetMetricDataCommandOutput;
      const p99 = { [shadowQueryId('stable', 'lat')]: stableUs, [shadowQueryId('candidate', 'lat')]: candidateUs };
      return { ...answer, MetricDataResults: (answer.MetricDataResults ?? []).map((r) =>
        (r.Id! in p99 ? { ...r, Values: [p99[r.Id!]], Timestamps: [new Date(Date.now())] } : r)) };
    }) as any);
  }

  /** The candidate answers nobody: weight 0, the stable variant above 0 (the fixture's initial weights are 1 and 0). */
  async function expectCandidateIdle(endpointName: string) {
    const w = await ctx.world.weights(endpointName);
    expect(w[CANDIDATE]).toBe(0);
    expect(w[STABLE]).toBeGreaterThan(0);
  }

  async function begin() {
    const { endpointName, alarmName } = await ctx.world.newEndpoint();
    const rolloutId = `shadow-${++ids}`;
    const executionArn = await ctx.world.startExecution(rolloutId);
    const input: RolloutExecutionInput = {
      endpointName, stableVariant: STABLE, candidateVariant: CANDIDATE, rolloutId, alarmNames: [alarmName],
      plan: shadowFirst(60, gates, canary(10, 60, { minInvocationsPerStep: 0 })), capture: { bucket: BUCKET, prefix: PREFIX },
    };
    const step: ControllerEvent = { action: 'step', endpointName, rolloutId };
    return { endpointName, rolloutId, executionArn, input, step };
  }

  it('replays captured requests to the candidate at weight 0, passes the gates, then runs the canary to PROMOTED', async () => {
    captureLogs();
    const clock = controllableClock();
    const invokes = jest.spyOn(ctx.world.aws.runtime, 'send');
    const orders = jest.spyOn(ctx.world.aws.sagemaker, 'send');
    const latency = p99Latency(40_000, 44_000);
    try {
      const r = await begin();
      await putCaptures(r.endpointName, 4, 15);
      expect(await controller({ action: 'start', input: r.input, executionArn: r.executionArn })).toMatchObject({ kind: 'WAIT', phase: 'PENDING' });
      expect(await controller(r.step)).toMatchObject({ kind: 'WAIT', phase: 'SHADOW' });
      await expectCandidateIdle(r.endpointName);
      await publish(r.endpointName);

      const first = await controller(r.step);
      expect(first).toMatchObject({ kind: 'WAIT', phase: 'SHADOW' });
      let rec = (await table().get(r.endpointName))!;
      // At most 50 requests per step; the malformed line of each file is skipped.
      expect(rec.state.shadowReplay).toMatchObject({ sent: 50, errors: 0, objects: 4 });
      expect(rec.state.shadowReplay!.skippedLines).toBe(4);
      expect(rec.capture).toEqual({ bucket: BUCKET, prefix: PREFIX });
      const sent = commandsOf(invokes.mock.calls, InvokeEndpointCommand);
      expect(sent).toHaveLength(50);
      for (const c of sent) expect(c.input).toMatchObject({ EndpointName: r.endpointName, TargetVariant: CANDIDATE, ContentType: 'text/csv' });
      expect(new TextDecoder().decode(sent[0].input.Body as Uint8Array)).toBe('0.0,3.5,1.4,0.2');
      await expectCandidateIdle(r.endpointName);

      clock.advance(61);
      const judged = await controller(r.step);
      expect(judged).toMatchObject({ kind: 'WAIT', phase: 'SHIFTING' });
      expect(judged.reason).toContain('shadow gates passed');
      expect(await ctx.world.weights(r.endpointName)).toEqual({ [STABLE]: 90, [CANDIDATE]: 10 });
      rec = (await table().get(r.endpointName))!;
      expect(rec.state.shadowReplay!.sent).toBeGreaterThanOrEqual(gates.minRequests);

      expect(await controller(r.step)).toMatchObject({ phase: 'BAKING' });
      clock.advance(61);
      expect(await controller(r.step)).toMatchObject({ phase: 'SHIFTING' });
      expect(await controller(r.step)).toMatchObject({ phase: 'KEEP_WARM' });
      expect(await controller(r.step)).toMatchObject({ kind: 'COMPLETE', phase: 'PROMOTED' });
      rec = (await table().get(r.endpointName))!;
      expect(rec.history.map((h) => h.kind)).toEqual(['START', 'START_SHADOW', 'SHIFT', 'WAIT', 'SHIFT', 'PROMOTE', 'COMPLETE']);
      // The first weight ever ordered for the candidate is the canary's, after the shadow run.
      const shares = commandsOf(orders.mock.calls, UpdateEndpointWeightsAndCapacitiesCommand)
        .map((c) => c.input.DesiredWeightsAndCapacities!.find((v) => v.VariantName === CANDIDATE)!.DesiredWeight);
      expect(shares[0]).toBe(10);
      expect(shares.slice(1).every((w) => w === 100)).toBe(true);
    } finally {
      clock.restore();
      invokes.mockRestore();
      orders.mockRestore();
      latency.mockRestore();
    }
  });

  it('a candidate 3x slower at p99 fails the shadow gate: ROLLED_BACK, SHADOW_GATE, candidate at 0 throughout', async () => {
    captureLogs();
    const clock = controllableClock();
    const orders = jest.spyOn(ctx.world.aws.sagemaker, 'send');
    const latency = p99Latency(40_000, 120_000);
    try {
      const r = await begin();
      await putCaptures(r.endpointName, 2, 30);
      await controller({ action: 'start', input: r.input, executionArn: r.executionArn });
      expect(await controller(r.step)).toMatchObject({ phase: 'SHADOW' });
      await publish(r.endpointName);
      expect(await controller(r.step)).toMatchObject({ kind: 'WAIT', phase: 'SHADOW' });
      await expectCandidateIdle(r.endpointName);
      clock.advance(61);
      const end = await controller(r.step);
      expect(end).toMatchObject({ kind: 'ROLLED_BACK', phase: 'ROLLED_BACK' });
      expect(end.reason).toContain('shadow gates failed');
      expect(end.reason).toContain('p99 120.0 vs 40.0 ms');
      const rec = (await table().get(r.endpointName))!;
      expect(rec.state).toMatchObject({ phase: 'ROLLED_BACK', cause: 'SHADOW_GATE', weights: { stable: 100, candidate: 0 } });
      expect(await ctx.world.weights(r.endpointName)).toEqual({ [STABLE]: 100, [CANDIDATE]: 0 });
      // Every weight order of this rollout gave the candidate 0: it never answered a user.
      const shares = commandsOf(orders.mock.calls, UpdateEndpointWeightsAndCapacitiesCommand)
        .map((c) => c.input.DesiredWeightsAndCapacities!.find((v) => v.VariantName === CANDIDATE)!.DesiredWeight);
      expect(shares.every((w) => w === 0)).toBe(true);
    } finally {
      clock.restore();
      orders.mockRestore();
      latency.mockRestore();
    }
  });

  it('answers unlike production fail the agreement gate: ROLLED_BACK naming the agreement and the flips', async () => {
    const logs = captureLogs();
    const clock = controllableClock();
    const latency = p99Latency(40_000, 41_000);
    try {
      const r = await begin();
      // Production answered 0.02 to every captured request (class 0 at threshold 0.5); the candidate answers 0.97
      // (class 1) to each of the next 60 distinct requests, moto's queue (one entry per distinct InvokeEndpoint).
      const res = await fetch(`${ctx.moto.endpoint}/moto-api/static/sagemaker/endpoint-results`, { method: 'POST',
        body: JSON.stringify({ results: Array.from({ length: 60 }, () => ({ Body: '0.97', ContentType: 'text/csv', InvokedProductionVariant: CANDIDATE })) }) });
      expect(res.status).toBe(201);
      const plan = shadowFirst(60, { ...gates, minRequests: 20, minAgreement: 0.9 }, canary(10, 60, { minInvocationsPerStep: 0 }),
        { kind: 'score', threshold: 0.5 });
      await putCaptures(r.endpointName, 2, 30);
      await controller({ action: 'start', input: { ...r.input, plan }, executionArn: r.executionArn });
      expect(await controller(r.step)).toMatchObject({ phase: 'SHADOW' });
      await publish(r.endpointName);
      expect(await controller(r.step)).toMatchObject({ kind: 'WAIT', phase: 'SHADOW' });
      let rec = (await table().get(r.endpointName))!;
      // Every answer the candidate gave (requests that timed out under load are errors, not compared) flips 0 -> 1.
      const answers = rec.state.shadowReplay!.answers!;
      expect(answers.compared).toBe(rec.state.shadowReplay!.sent - rec.state.shadowReplay!.errors - rec.state.shadowReplay!.clientErrors);
      expect(answers.compared).toBeGreaterThanOrEqual(20);
      expect(answers.agreed).toBe(0);
      expect(answers.flips).toEqual({ 0: { 1: answers.compared } });
      expect(logs.metric('ShadowReplayAgreementRate').map((l) => l.ShadowReplayAgreementRate)).toEqual([0]);
      clock.advance(61);
      const end = await controller(r.step);
      expect(end).toMatchObject({ kind: 'ROLLED_BACK', phase: 'ROLLED_BACK' });
      rec = (await table().get(r.endpointName))!;
      // The judging step replayed 50 more: moto's queue gave 0.97 until it ran out, then its default body "body",
      // which reads as no score (unreadable, not a disagreement).
      const total = rec.state.shadowReplay!.answers!;
      expect(total.agreed).toBe(0);
      expect(end.reason).toContain(`shadow gates failed: agreement 0.00% below 90.00% over ${total.compared} answers (flips 0→1 ${total.compared})`);
      if (total.unreadable > 0) expect(end.reason).toContain(`${total.unreadable} unreadable`);
      expect(rec.state).toMatchObject({ phase: 'ROLLED_BACK', cause: 'SHADOW_GATE', weights: { stable: 100, candidate: 0 } });
      expect(await ctx.world.weights(r.endpointName)).toEqual({ [STABLE]: 100, [CANDIDATE]: 0 });
    } finally {
      clock.restore();
      latency.mockRestore();
    }
  });

  it('refuses to start a shadow plan without a capture location', async () => {
    captureLogs();
    const r = await begin();
    const { capture: _none, ...input } = r.input;
    const out = await controller({ action: 'start', input, executionArn: r.executionArn });
    expect(out).toMatchObject({ kind: 'FAILED', phase: 'FAILED' });
    expect(out.reason).toContain('has a shadow phase, which replays the endpoint\'s Data Capture, but the input has no capture location');
  });
});
