/** S3 helpers of the register handler: read every object under a prefix, write a JSON report. */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { clients } from '../../shared/clients';

export function splitS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new Error(`'${uri}' is not an s3:// URI`);
  return { bucket: m[1], key: m[2] };
}

/** Text of every object under the prefix, in key order. */
export async function readPrefix(uri: string): Promise<Array<{ key: string; text: string }>> {
  const { bucket, key: prefix } = splitS3Uri(uri);
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const r = await clients().s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of r.Contents ?? []) if (o.Key && !o.Key.endsWith('/')) keys.push(o.Key);
    token = r.NextContinuationToken;
  } while (token);
  keys.sort();
  const out: Array<{ key: string; text: string }> = [];
  for (const key of keys) {
    const r = await clients().s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    out.push({ key, text: await r.Body!.transformToString() });
  }
  return out;
}

export async function writeJson(uri: string, value: unknown): Promise<void> {
  const { bucket, key } = splitS3Uri(uri);
  await clients().s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(value, null, 2), ContentType: 'application/json' }));
}
