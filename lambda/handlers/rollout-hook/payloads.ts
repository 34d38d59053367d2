/** Sample requests of the built-in hook: JSONL in the format of assets/payloads (see its README.md). */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { HookPayload } from '../../core/hooks';

/** Parses JSONL; errors name the line, so a bad upload is fixable from the hook's failure message. */
export function parsePayloads(text: string, origin: string): HookPayload[] {
  const out: HookPayload[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new Error(`${origin} line ${i + 1} is not JSON: ${(e as Error).message}`);
    }
    const p = v as Partial<HookPayload>;
    if (!p || typeof p !== 'object' || typeof p.body !== 'string') {
      throw new Error(`${origin} line ${i + 1} has no string "body"`);
    }
    out.push({ ...p, name: typeof p.name === 'string' ? p.name : `line-${i + 1}`, body: p.body });
  });
  if (out.length === 0) throw new Error(`${origin} holds no payloads`);
  return out;
}

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m) throw new Error(`HOOK_PAYLOADS_S3_URI must look like s3://bucket/key.jsonl, got ${JSON.stringify(uri)}`);
  return { bucket: m[1], key: m[2] };
}

export async function loadPayloadsFromS3(s3: S3Client, uri: string): Promise<HookPayload[]> {
  const { bucket, key } = parseS3Uri(uri);
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const text = out.Body ? await out.Body.transformToString('utf-8') : '';
  return parsePayloads(text, uri);
}
