/**
 * The rollout's probes and replays carry a synthetic InferenceId (contracts/rollout-probe.ts): the drift reader
 * (string and byte paths), the shadow answer reader and the A/B capture index leave them out, so monitors and
 * experiments see user traffic only. A user record is read as before.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'stream';
import type { FeatureSchema } from '../../../../contracts/model-monitor';
import { parseAnswerFile } from '../../../../lambda/core/experiments';
import {
  CaptureByteIngester, CaptureStreamIngester, computeBaseline, layoutOf, WindowAccumulator,
} from '../../../../lambda/core/monitoring';
import { syntheticInferenceId } from '../../../../lambda/core/rollout';
import { indexCaptures } from '../../../../lambda/shared/experiment-io';

const schema: FeatureSchema = { features: [{ name: 'x1', kind: 'numeric' }, { name: 'score', kind: 'numeric', source: 'output' }] };
const line = (x: number, inferenceId?: string) => JSON.stringify({
  captureData: {
    endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: `${x}`, encoding: 'CSV' },
    endpointOutput: { observedContentType: 'text/csv', mode: 'OUTPUT', data: '0.5', encoding: 'CSV' },
  },
  eventMetadata: { eventId: `e-${x}`, inferenceTime: '2026-12-02T01:00:00Z', ...(inferenceId ? { inferenceId } : {}) },
  eventVersion: '0',
});
const probe = (n: number) => syntheticInferenceId('probe', 'rollout-1', n);
// Three user records (one with its own InferenceId) and two probes.
const lines = [line(1), line(2, 'user-7'), line(99, probe(0)), line(3), line(98, syntheticInferenceId('replay', 'rollout-1', 1))];
const text = lines.join('\n') + '\n';

function accumulator() {
  return new WindowAccumulator(computeBaseline(schema, { x1: [1, 2, 3, 4], score: [0.1, 0.5, 0.9, 0.4] }));
}

describe('synthetic traffic is not user traffic', () => {
  it('the drift reader counts user records only, as text and as bytes (also when chunks split a probe line)', () => {
    const asText = accumulator();
    const t = new CaptureStreamIngester(asText, layoutOf(schema.features));
    t.write(text);
    t.end();
    expect({ records: asText.records, malformed: asText.malformed }).toEqual({ records: 3, malformed: 0 });
    for (const size of [7, 64, text.length]) {
      const asBytes = accumulator();
      const b = new CaptureByteIngester(asBytes, layoutOf(schema.features));
      const buf = Buffer.from(text);
      for (let i = 0; i < buf.length; i += size) b.write(buf.subarray(i, i + size));
      b.end();
      expect({ size, records: asBytes.records, malformed: asBytes.malformed }).toEqual({ size, records: 3, malformed: 0 });
    }
  });

  it('the shadow answer reader leaves probe answers out, without calling them malformed', () => {
    const parsed = parseAnswerFile(text);
    expect(parsed.answers.map((a) => a.input)).toEqual(['1', '2', '3']);
    expect(parsed.skipped).toBe(0);
  });

  it('the A/B capture index does not count probes as units of the candidate', async () => {
    const s3 = mockClient(S3Client);
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'k.jsonl', LastModified: new Date(), Size: text.length }] });
    s3.on(GetObjectCommand).callsFake(() => ({ Body: Object.assign(Readable.from([Buffer.from(text)]),
      { transformToString: async () => text }) }));
    try {
      const index = await indexCaptures(new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }), {
        endpointName: 'ep', captureBucket: 'b', capturePrefix: 'dc', variants: [{ name: 'candidate' }],
      } as never);
      // Only 'user-7' has an InferenceId of a user; records without one cannot join outcomes (counted malformed).
      expect(index.units).toEqual([1]);
      expect([...index.variantOf.keys()]).toEqual(['user-7']);
      expect(index.malformed).toBe(2);
    } finally {
      s3.restore();
    }
  });
});
