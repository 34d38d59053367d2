import {
  captureStartKey, parseCaptureFile, parseCaptureLine, variantCapturePrefix,
} from '../../../../lambda/core/capture';
import {
  addReplay, emptyReplay, judgeShadow, MAX_LATENCY_SAMPLES, p99, shadowComparison,
} from '../../../../lambda/core/rollout';

const line = (input: Record<string, unknown>, meta: Record<string, unknown> = { eventId: 'e1', inferenceTime: '2026-11-22T07:15:30Z' }) =>
  JSON.stringify({
    captureData: { endpointInput: { mode: 'INPUT', ...input }, endpointOutput: { observedContentType: 'text/csv', mode: 'OUTPUT', data: '0.9', encoding: 'CSV' } },
    eventMetadata: meta, eventVersion: '0',
  });
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('Data Capture parsing', () => {
  it('decodes CSV, JSON and BASE64 inputs with their content type and metadata', () => {
    const csv = parseCaptureLine(line({ observedContentType: 'text/csv', data: '5.1,3.5,1.4,0.2', encoding: 'CSV' }))!;
    expect(text(csv.body)).toBe('5.1,3.5,1.4,0.2');
    expect(csv).toMatchObject({ contentType: 'text/csv', eventId: 'e1', inferenceTimeMs: Date.parse('2026-11-22T07:15:30Z') });

    const json = parseCaptureLine(line({ observedContentType: 'application/json', data: '{"instances":[[1,2]]}', encoding: 'JSON' }))!;
    expect(JSON.parse(text(json.body))).toEqual({ instances: [[1, 2]] });
    expect(json.contentType).toBe('application/json');

    const bytes = Uint8Array.from([0, 1, 2, 250, 255]);
    const b64 = parseCaptureLine(line({ observedContentType: 'application/x-npy', data: Buffer.from(bytes).toString('base64'), encoding: 'BASE64' }))!;
    expect(Array.from(b64.body)).toEqual([0, 1, 2, 250, 255]);
    expect(b64.contentType).toBe('application/x-npy');
  });

  it('falls back to the encoding\'s content type and tolerates missing metadata', () => {
    const r = parseCaptureLine(JSON.stringify({ captureData: { endpointInput: { data: '1,2', encoding: 'csv' } } }))!;
    expect(r.contentType).toBe('text/csv');
    expect(r.eventId).toBeUndefined();
    expect(r.inferenceTimeMs).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"captureData": '],
    ['an array', '[1,2]'],
    ['no captureData', JSON.stringify({ eventMetadata: {} })],
    ['output only', JSON.stringify({ captureData: { endpointOutput: { data: '0.1', encoding: 'CSV' } } })],
    ['data not a string', line({ data: 5, encoding: 'CSV' })],
    ['unknown encoding', line({ data: 'x', encoding: 'GZIP' })],
    ['bad base64', line({ data: 'not base64!', encoding: 'BASE64' })],
    ['an OUTPUT record as input', line({ mode: 'OUTPUT', data: '1', encoding: 'CSV' })],
  ])('skips %s', (_name, l) => {
    expect(parseCaptureLine(l)).toBeUndefined();
  });

  it('parses a file: blank lines ignored, malformed lines skipped and counted, bounded by maxRequests', () => {
    const file = [
      line({ data: '1,1', encoding: 'CSV' }), '', 'garbage', line({ data: '2,2', encoding: 'CSV' }),
      line({ data: '{}', encoding: 'JSON' }), '   ',
    ].join('\n');
    const all = parseCaptureFile(file);
    expect(all.requests.map((r) => text(r.body))).toEqual(['1,1', '2,2', '{}']);
    expect(all.skipped).toBe(1);
    const two = parseCaptureFile(file, 2);
    expect(two.requests).toHaveLength(2);
  });

  it('builds the variant prefix and the listing start key of an hour (UTC)', () => {
    expect(variantCapturePrefix('datacapture', 'iris', 'blue')).toBe('datacapture/iris/blue/');
    expect(variantCapturePrefix('/a/b/', 'iris', 'blue')).toBe('a/b/iris/blue/');
    const start = captureStartKey('datacapture/iris/blue/', Date.parse('2026-01-05T03:59:59Z') / 1000);
    expect(start).toBe('datacapture/iris/blue/2026/01/05/03');
    // Keys of that hour sort after it, those of the hour before sort before it.
    expect('datacapture/iris/blue/2026/01/05/03/00-01-123-x.jsonl' > start).toBe(true);
    expect('datacapture/iris/blue/2026/01/05/02/59-59-999-x.jsonl' > start).toBe(false);
  });
});

describe('shadow replay counters and comparison', () => {
  const batch = { marker: 'k2', objects: 2, sent: 10, errors: 1, timeouts: 1, clientErrors: 2, skippedLines: 1, latenciesMs: [10, 20] };

  it('adds batches, moves the marker and caps the latency samples', () => {
    const r = addReplay(addReplay(emptyReplay('k0'), batch), { ...batch, marker: 'k3', latenciesMs: new Array(MAX_LATENCY_SAMPLES).fill(5), lastError: 'boom' });
    expect(r).toMatchObject({ marker: 'k3', objects: 4, sent: 20, errors: 2, timeouts: 2, clientErrors: 4, skippedLines: 2, lastError: 'boom' });
    expect(r.latenciesMs).toHaveLength(MAX_LATENCY_SAMPLES);
    expect(p99([1, 2, 3, 100])).toBe(100);
    expect(p99([])).toBe(0);
  });

  it('compares the replayed candidate with the stable variant; client errors are not the candidate\'s', () => {
    const replay = addReplay(emptyReplay('k0'), { ...batch, sent: 102, errors: 1, clientErrors: 2 });
    const c = shadowComparison(replay, { requests: 5000, errorRate: 0.001, p99Ms: 40 }, { p99Ms: 44 })!;
    expect(c).toEqual({ stableRequests: 5000, shadowRequests: 100, stableErrorRate: 0.001, shadowErrorRate: 0.01,
      stableP99Ms: 40, shadowP99Ms: 44 });
    const gates = { maxErrorRateIncrease: 0.01, maxP99LatencyRatio: 1.2, minRequests: 100 };
    expect(judgeShadow(c, gates).result).toBe('PASS');
    // No candidate latency published yet: not yet, never a pass.
    expect(judgeShadow(shadowComparison(replay, { requests: 5000, errorRate: 0, p99Ms: 40 }, {}), gates).result).toBe('INSUFFICIENT');
    expect(shadowComparison(undefined, {}, {})).toBeUndefined();
  });
});
