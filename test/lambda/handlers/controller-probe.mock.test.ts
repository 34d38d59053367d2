/**
 * The controller's bake probe with mocked clients: while a step bakes it sends the plan's budget of captured requests
 * to the candidate (TargetVariant, synthetic InferenceId), keeps the counters in the record, and rolls back at the
 * same check when the SPRT says the candidate fails too often — before any alarm or datapoint says so. A good
 * candidate keeps baking; captures of earlier probes are never replayed; no capture location means no probe.
 */
import { DescribeAlarmsCommand, GetMetricDataCommand, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DescribeEndpointCommand, UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { canary, isSyntheticInferenceId, RolloutState, startProbe } from '../../../lambda/core/rollout';
import { handler as controller } from '../../../lambda/handlers/rollout-controller';
import { awsError, endpointView, mockAll, record } from './mock-world';
import { captureLogs, fastTiming } from './support';

const captureLine = (data: string, inferenceId?: string) => JSON.stringify({
  captureData: { endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data, encoding: 'CSV' } },
  eventMetadata: { eventId: data, inferenceTime: '2026-11-22T07:00:00Z', ...(inferenceId ? { inferenceId } : {}) },
});
const body = (lines: string[]) => ({ Body: { transformToString: async () => lines.join('\n') + '\n' } as any });
const now = () => Math.floor(Date.now() / 1000);
const plan = canary(10, 300);

describe('controller bake probe', () => {
  const aws = mockAll();
  beforeAll(fastTiming);
  beforeEach(() => {
    aws.reset();
    captureLogs();
    aws.dynamo.on(UpdateCommand).resolves({});
    // The endpoint applies what is ordered (the rollback reads the live split back).
    let live = endpointView('InService', 90, 10);
    aws.sagemaker.on(DescribeEndpointCommand).callsFake(() => live);
    aws.sagemaker.on(UpdateEndpointWeightsAndCapacitiesCommand).callsFake((input) => {
      const w = (v: string) => input.DesiredWeightsAndCapacities.find((d: { VariantName: string }) => d.VariantName === v).DesiredWeight;
      live = endpointView('InService', w('stable'), w('candidate'));
      return {};
    });
    // No alarm has data yet and nothing is published: only the probe can see the candidate's errors.
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'cand-5xx', StateValue: 'INSUFFICIENT_DATA' }] });
    aws.cloudwatch.on(GetMetricStatisticsCommand).resolves({ Datapoints: [] });
    aws.cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    aws.events.on(PutEventsCommand).resolves({});
    aws.sns.on(PublishCommand).resolves({});
    aws.s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'dc/ep/stable/2026/11/22/07/a.jsonl' }] });
    // An earlier rollout's probes, captured while this stable variant was the candidate, come first: never resent.
    aws.s3.on(GetObjectCommand).callsFake(() => body([
      captureLine('9,9', 'cdk-mlops-synthetic:probe:old:1'),
      ...Array.from({ length: 30 }, (_, i) => captureLine(`${i},0`)),
    ]));
  });
  afterAll(() => aws.restore());

  const baking = (probe?: RolloutState['probe']): Partial<RolloutState> => ({ phase: 'BAKING', stepIndex: 0,
    phaseStartedAt: now() - 20, weights: { stable: 90, candidate: 10 }, ...(probe ? { probe } : {}) });
  const savedState = () => aws.dynamo.commandCalls(UpdateCommand)[0].args[0].input.ExpressionAttributeValues![':state'] as RolloutState;

  it('sends requestsPerCheck captured requests to the candidate, marked synthetic, and keeps baking a good one', async () => {
    aws.dynamo.on(GetCommand).resolves({ Item: record(plan, baking(), { capture: { bucket: 'cap', prefix: 'dc' } }) });
    aws.runtime.on(InvokeEndpointCommand).resolves({ Body: new TextEncoder().encode('0.5') as any });
    const r = await controller({ action: 'step', endpointName: 'ep', rolloutId: 'r1' });
    expect(r).toMatchObject({ kind: 'WAIT', phase: 'BAKING' });
    const calls = aws.runtime.commandCalls(InvokeEndpointCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(10);
    for (const c of calls) {
      expect(c).toMatchObject({ EndpointName: 'ep', TargetVariant: 'candidate', ContentType: 'text/csv' });
      expect(isSyntheticInferenceId(c.InferenceId)).toBe(true);
      expect(c.InferenceId!.length).toBeLessThanOrEqual(64);
    }
    // The earlier probe's capture ('9,9') was skipped.
    expect(calls.map((c) => new TextDecoder().decode(c.Body as Uint8Array))).not.toContain('9,9');
    expect(savedState().probe).toMatchObject({ sent: 10, errors: 0, bakeStep: 0, bakeSent: 10, marker: 'dc/ep/stable/2026/11/22/07/a.jsonl' });
    expect(aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);
  });

  it('rolls back at the same check when the candidate fails its probes (cause PROBE, stable weights ordered)', async () => {
    aws.dynamo.on(GetCommand).resolves({ Item: record(plan, baking(), { capture: { bucket: 'cap', prefix: 'dc' } }) });
    // Every probe fails with a 5XX: 10 of 10 → log likelihood ratio 16.1 >= ln(100).
    aws.runtime.on(InvokeEndpointCommand).rejects(awsError('InternalFailure', 'model crashed', 500));
    const r = await controller({ action: 'step', endpointName: 'ep', rolloutId: 'r1' });
    expect(r.kind).toBe('ROLLED_BACK');
    const order = aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)[0].args[0].input;
    expect(order.DesiredWeightsAndCapacities).toEqual(expect.arrayContaining([
      { VariantName: 'stable', DesiredWeight: 100 }, { VariantName: 'candidate', DesiredWeight: 0 }]));
    const saved = savedState();
    expect(saved).toMatchObject({ phase: 'ROLLED_BACK', cause: 'PROBE' });
    expect(saved.reason).toMatch(/10 of 10 probe requests failed/);
  });

  it('stops probing once the bake used maxRequestsPerBake', async () => {
    const spent = { ...startProbe('dc/ep/stable/2026/11/21/07', 0), sent: 100, bakeSent: 100 };
    aws.dynamo.on(GetCommand).resolves({ Item: record(plan, baking(spent), { capture: { bucket: 'cap', prefix: 'dc' } }) });
    await controller({ action: 'step', endpointName: 'ep', rolloutId: 'r1' });
    expect(aws.runtime.commandCalls(InvokeEndpointCommand)).toHaveLength(0);
  });

  it('does not probe without a capture location, nor with the probe turned off', async () => {
    aws.dynamo.on(GetCommand).resolves({ Item: record(plan, baking()) });
    await controller({ action: 'step', endpointName: 'ep', rolloutId: 'r1' });
    aws.dynamo.on(GetCommand).resolves({ Item: record(canary(10, 300, { probe: false }), baking(), { capture: { bucket: 'cap', prefix: 'dc' } }) });
    await controller({ action: 'step', endpointName: 'ep', rolloutId: 'r1' });
    expect(aws.runtime.commandCalls(InvokeEndpointCommand)).toHaveLength(0);
    expect(aws.s3.commandCalls(ListObjectsV2Command)).toHaveLength(0);
  });
});
