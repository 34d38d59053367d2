/** Built-in hook: payload parsing, the embedded default payloads, invocation failures (mocked). Output checks: core/hooks. */
import * as fs from 'fs';
import * as path from 'path';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { ROLLOUT_ENV } from '../../../lambda/core/rollout';
import { handler as hook } from '../../../lambda/handlers/rollout-hook';
import { DEFAULT_PAYLOADS } from '../../../lambda/handlers/rollout-hook/default-payloads';
import { parsePayloads, parseS3Uri } from '../../../lambda/handlers/rollout-hook/payloads';
import { awsError, mockAll } from './mock-world';
import { captureLogs } from './support';

describe('hook payloads', () => {
  it('parses JSONL and names the bad line', () => {
    expect(parsePayloads('{"body":"1"}\n\n{"name":"b","body":"2"}\n', 'x')).toEqual([
      { name: 'line-1', body: '1' }, { name: 'b', body: '2' },
    ]);
    expect(() => parsePayloads('{"body":"1"}\nnot json', 's3://b/k')).toThrow(/s3:\/\/b\/k line 2 is not JSON/);
    expect(() => parsePayloads('{"name":"x"}', 'f')).toThrow('f line 1 has no string "body"');
    expect(() => parsePayloads('\n', 'f')).toThrow('f holds no payloads');
    expect(parseS3Uri('s3://bucket/a/b.jsonl')).toEqual({ bucket: 'bucket', key: 'a/b.jsonl' });
    expect(() => parseS3Uri('https://x')).toThrow(/s3:\/\/bucket\/key/);
  });

  it('embeds exactly assets/payloads/iris-samples.jsonl', () => {
    const file = fs.readFileSync(path.join(__dirname, '../../../assets/payloads/iris-samples.jsonl'), 'utf8');
    expect(DEFAULT_PAYLOADS).toEqual(parsePayloads(file, 'iris-samples.jsonl'));
  });
});

describe('hook handler (mocked runtime)', () => {
  const aws = mockAll();
  const event = { endpointName: 'ep', candidateVariant: 'candidate', stableVariant: 'stable', hook: 'preTraffic' as const, rolloutId: 'r1' };
  const reference = new Map(DEFAULT_PAYLOADS.map((p) => [p.body, String(p.expected!.probability)]));
  beforeEach(() => {
    aws.reset();
    captureLogs();
    delete process.env[ROLLOUT_ENV.HOOK_PAYLOADS_S3_URI];
    delete process.env[ROLLOUT_ENV.HOOK_MAX_LATENCY_MS];
  });
  afterAll(() => aws.restore());

  it('passes the default payloads against the reference outputs, targeting the candidate variant only', async () => {
    aws.runtime.on(InvokeEndpointCommand).callsFake((input: { Body: Uint8Array }) => ({
      Body: new TextEncoder().encode(reference.get(new TextDecoder().decode(input.Body))!), $metadata: { httpStatusCode: 200 },
    }));
    const r = await hook(event);
    expect(r).toMatchObject({ passed: true });
    const calls = aws.runtime.commandCalls(InvokeEndpointCommand);
    expect(calls).toHaveLength(DEFAULT_PAYLOADS.length);
    for (const c of calls) expect(c.args[0].input).toMatchObject({ EndpointName: 'ep', TargetVariant: 'candidate', ContentType: 'text/csv' });
  });

  it('fails with the model error of the candidate', async () => {
    aws.runtime.on(InvokeEndpointCommand).rejects(awsError('ModelError', 'Received server error (500) from primary', 424));
    const r = await hook(event);
    expect(r.passed).toBe(false);
    expect(r.details).toContain('0/5 payloads passed');
    expect(r.details).toContain('setosa-typical: invocation failed: ModelError: Received server error (500) from primary');
  });

  it('fails when it is misconfigured instead of passing silently', async () => {
    process.env[ROLLOUT_ENV.HOOK_MAX_LATENCY_MS] = 'fast';
    expect(await hook(event)).toMatchObject({ passed: false, details: expect.stringContaining('HOOK_MAX_LATENCY_MS') });
    expect(aws.runtime.commandCalls(InvokeEndpointCommand)).toHaveLength(0);
  });
});

describe('request hook configured per rollout (environment from RequestHook)', () => {
  const aws = mockAll();
  const event = { endpointName: 'ep', candidateVariant: 'candidate', stableVariant: 'stable', hook: 'preTraffic' as const, rolloutId: 'r1' };
  const keys = [ROLLOUT_ENV.HOOK_PAYLOADS, ROLLOUT_ENV.HOOK_CONTENT_TYPE, ROLLOUT_ENV.HOOK_EXPECTED_OUTPUT];
  beforeEach(() => {
    aws.reset();
    captureLogs();
    delete process.env[ROLLOUT_ENV.HOOK_MAX_LATENCY_MS];
    process.env[ROLLOUT_ENV.HOOK_PAYLOADS] = JSON.stringify([{ body: '{"amount":12}' }, { name: 'big', body: '{"amount":9000}' }]);
    process.env[ROLLOUT_ENV.HOOK_CONTENT_TYPE] = 'application/json';
    process.env[ROLLOUT_ENV.HOOK_EXPECTED_OUTPUT] = JSON.stringify({ kind: 'jsonPath', path: '$.score', check: { kind: 'between', min: 0, max: 1 } });
  });
  afterAll(() => {
    for (const k of keys) delete process.env[k];
    aws.restore();
  });
  const answer = (body: string) => ({ Body: new TextEncoder().encode(body), $metadata: { httpStatusCode: 200 } });

  it('sends the rollout\'s own payloads with its content type and passes answers of the expected shape', async () => {
    aws.runtime.on(InvokeEndpointCommand).resolves(answer('{"score":0.12}') as never);
    const r = await hook(event);
    expect(r).toMatchObject({ passed: true, details: expect.stringContaining('2/2 payloads passed') });
    const sent = aws.runtime.commandCalls(InvokeEndpointCommand).map((c) => c.args[0].input);
    expect(sent.map((i) => [i.ContentType, i.TargetVariant, new TextDecoder().decode(i.Body as Uint8Array)]))
      .toEqual([['application/json', 'candidate', '{"amount":12}'], ['application/json', 'candidate', '{"amount":9000}']]);
  });

  it('fails naming the payload and the value when an answer has another shape', async () => {
    aws.runtime.on(InvokeEndpointCommand).resolvesOnce(answer('{"score":0.3}') as never).resolves(answer('{"score":7}') as never);
    const r = await hook(event);
    expect(r.passed).toBe(false);
    expect(r.details).toContain('big: $.score is 7, outside [0, 1]');
  });
});
