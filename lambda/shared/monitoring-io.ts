/**
 * I/O shared by the scheduled monitors (drift, quality, pipeline): list a prefix, read objects as streams of
 * lines (memory does not grow with file size), JSON state in S3, and CloudWatch PutMetricData in batches.
 */
import { Dimension, PutMetricDataCommand, StandardUnit, CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createInterface } from 'readline';
import { Readable } from 'stream';
import { createGunzip } from 'zlib';
import type { ListedObject } from '../core/monitor-runs/checkpoint';

/** Every object under a prefix, listed from `startAfter` on (keys sort by time for capture and ground truth). */
export async function listObjects(s3: S3Client, bucket: string, prefix: string, startAfter?: string): Promise<ListedObject[]> {
  const out: ListedObject[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({
      Bucket: bucket, Prefix: prefix, ContinuationToken: token, ...(token ? {} : startAfter ? { StartAfter: startAfter } : {}),
    }));
    for (const o of page.Contents ?? []) {
      if (!o.Key || o.Key.endsWith('/')) continue;
      out.push({ key: o.Key, lastModifiedMs: o.LastModified ? o.LastModified.getTime() : 0, size: o.Size ?? 0 });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

/** An object's body as a stream, gunzipped when the key ends in .gz; undefined when it has no body. */
async function objectStream(s3: S3Client, bucket: string, key: string): Promise<Readable | undefined> {
  const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!res.Body) return undefined;
  const stream = res.Body as Readable;
  return key.endsWith('.gz') ? stream.pipe(createGunzip()) : stream;
}

/** The lines of an object, streamed (gunzipped when the key ends in .gz). */
export async function* objectLines(s3: S3Client, bucket: string, key: string): AsyncGenerator<string> {
  const stream = await objectStream(s3, bucket, key);
  if (!stream) return;
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) yield line;
}

/** The bytes of an object as a stream of chunks (gunzipped when the key ends in .gz): memory is one chunk. */
export async function* objectChunks(s3: S3Client, bucket: string, key: string): AsyncGenerator<Buffer> {
  const stream = await objectStream(s3, bucket, key);
  if (!stream) return;
  for await (const chunk of stream) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
}

/** A JSON object of S3, or undefined when it does not exist. */
export async function getJson<T>(s3: S3Client, bucket: string, key: string): Promise<T | undefined> {
  try {
    const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = await res.Body!.transformToString('utf-8');
    return JSON.parse(text) as T;
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'NoSuchKey' || name === 'NotFound') return undefined;
    throw e;
  }
}

export async function putJson(s3: S3Client, bucket: string, key: string, value: unknown): Promise<void> {
  await s3.send(new PutObjectCommand({
    Bucket: bucket, Key: key, Body: JSON.stringify(value, null, 2), ContentType: 'application/json',
  }));
}

export interface Datapoint {
  readonly name: string;
  readonly value: number;
  readonly dimensions: Record<string, string>;
  readonly unit?: StandardUnit;
}

/** Publishes datapoints (finite values only: CloudWatch rejects NaN and infinities) in batches of 150. */
export async function putMetrics(cw: CloudWatchClient, namespace: string, datapoints: readonly Datapoint[], timestamp: Date): Promise<number> {
  const finite = datapoints.filter((d) => Number.isFinite(d.value));
  for (let i = 0; i < finite.length; i += 150) {
    await cw.send(new PutMetricDataCommand({
      Namespace: namespace,
      MetricData: finite.slice(i, i + 150).map((d) => ({
        MetricName: d.name,
        Value: d.value,
        Unit: d.unit ?? 'None',
        Timestamp: timestamp,
        Dimensions: Object.entries(d.dimensions).map(([Name, Value]): Dimension => ({ Name, Value })),
      })),
    }));
  }
  return finite.length;
}

/** `s3://bucket/key` split into its parts. */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new Error(`not an s3:// URI: ${uri}`);
  return { bucket: m[1], key: m[2] };
}
